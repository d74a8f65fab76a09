//! Full-text search terms: which index can answer a search, and the short terms indexed for the
//! searches trigrams answer badly.
//!
//! A customer's search text (name, code, phones, USCC, contacts) is indexed twice: by trigrams, which
//! answer any fragment of three characters or more, and by [`grams`], which answer the two searches
//! trigrams cannot or answer slowly — a two-character Chinese fragment (华为, 美的: trigrams need three
//! characters) and a phone number or a long run of its digits (every three digits occur in tens of
//! thousands of numbers, so a trigram search for 1381234 intersects long lists).

/// Digits in a row that make a phone term.
pub const PHONE_DIGITS: usize = 7;

/// What answers a search for a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// This term of the gram index: every text containing the fragment has it (see [`grams`]).
    Gram(String),
    /// The trigram index (three characters or more).
    Trigrams,
    /// No index: the text is compared row by row (one character, or two that are not indexed).
    Scan,
}

impl Lookup {
    /// The index for `fragment` (already trimmed).
    pub fn of(fragment: &str) -> Self {
        let chars: Vec<char> = fragment.chars().collect();
        match chars.as_slice() {
            [first, second] if is_indexed_pair(*first, *second) => Self::Gram(gram_key(fragment)),
            digits if digits.len() >= PHONE_DIGITS && digits.iter().all(char::is_ascii_digit) => {
                Self::Gram(digits[..PHONE_DIGITS].iter().collect())
            }
            longer if longer.len() >= 3 => Self::Trigrams,
            _ => Self::Scan,
        }
    }
}

/// A pair is indexed when both are letters or digits and at least one is not ASCII.
fn is_indexed_pair(first: char, second: char) -> bool {
    first.is_alphanumeric() && second.is_alphanumeric() && !(first.is_ascii() && second.is_ascii())
}

/// The gram terms of `text`, each once, in order of first appearance, separated by spaces:
///
/// - every pair of adjacent characters of which at least one is not ASCII (Chinese words), lower
///   case: `华为技术` → `华为 为技 技术`. Pairs of two ASCII characters come from numbers, codes and
///   USCCs, where every pair is everywhere and a two-character search means nothing;
/// - every [`PHONE_DIGITS`] consecutive digits of a run of digits: `13812345678` → `1381234 3812345 …`.
///
/// A term never spans a space or punctuation.
pub fn grams(text: &str) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |term: String| {
        if !terms.contains(&term) {
            terms.push(term);
        }
    };
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    for pair in chars.windows(2) {
        if is_indexed_pair(pair[0], pair[1]) {
            add(pair.iter().collect());
        }
    }
    for run in chars.split(|c| !c.is_ascii_digit()) {
        for window in run.windows(PHONE_DIGITS) {
            add(window.iter().collect());
        }
    }
    terms.join(" ")
}

/// A fragment as a term of the gram index: lower case, as [`grams`] writes it.
fn gram_key(fragment: &str) -> String {
    fragment.chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn gram(text: &str) -> Lookup {
        Lookup::Gram(text.to_owned())
    }

    #[test]
    fn fragments_go_to_the_index_that_can_answer_them() {
        assert_eq!(Lookup::of("华为"), gram("华为"));
        assert_eq!(Lookup::of("A股"), gram("a股"));
        assert_eq!(Lookup::of("1381234"), gram("1381234"));
        assert_eq!(Lookup::of("13812345678"), gram("1381234"));
        assert_eq!(Lookup::of("华为技"), Lookup::Trigrams);
        assert_eq!(Lookup::of("138123"), Lookup::Trigrams);
        assert_eq!(Lookup::of("138-1234"), Lookup::Trigrams);
        assert_eq!(Lookup::of("13"), Lookup::Scan);
        assert_eq!(Lookup::of("ab"), Lookup::Scan);
        assert_eq!(Lookup::of("司("), Lookup::Scan);
        assert_eq!(Lookup::of("华"), Lookup::Scan);
        assert_eq!(Lookup::of(""), Lookup::Scan);
    }

    #[test]
    fn pairs_of_chinese_text_and_runs_of_digits_are_indexed_once_each() {
        assert_eq!(grams("华为技术有限公司"), "华为 为技 技术 术有 有限 限公 公司");
        assert_eq!(
            grams("CUS202405001 杭州华为有限公司 13812345678 王伟"),
            "杭州 州华 华为 为有 有限 限公 公司 王伟 2024050 0240500 2405001 1381234 3812345 8123456 1234567 2345678"
        );
        assert_eq!(grams("有限公司 有限公司"), "有限 限公 公司");
        assert_eq!(grams("Ａ公司 IT部"), "ａ公 公司 t部");
    }

    #[test]
    fn terms_do_not_span_spaces_or_punctuation() {
        assert_eq!(grams("华为（上海）"), "华为 上海");
        assert_eq!(grams("张 伟"), "");
        assert_eq!(grams("0571-8888666 ABC-12"), "8888666");
        assert_eq!(grams("138123 4567890"), "4567890");
    }

    proptest! {
        /// Every fragment the gram index answers leads to a term of every text that contains it, so
        /// looking the term up finds every such text.
        #[test]
        fn every_text_containing_a_fragment_has_its_term(
            text in "[华为技术有限公司王伟 A-Za-z0-9（）-]{0,40}",
            start in 0_usize..40,
            len in 2_usize..12,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = start.min(chars.len());
            let fragment: String = chars[start..(start + len).min(chars.len())].iter().collect();
            if let Lookup::Gram(term) = Lookup::of(&fragment) {
                let terms = grams(&text);
                prop_assert!(terms.split(' ').any(|t| t == term), "{term} of {fragment} not in {terms}");
            }
            for term in grams(&text).split(' ').filter(|t| !t.is_empty()) {
                prop_assert!(text.to_lowercase().contains(term), "{term} not in {text}");
            }
        }
    }
}
