//! Full-text search terms: which index can answer a search, and the character pairs indexed for
//! two-character searches.
//!
//! A customer's search text (name, code, phones, USCC, contacts) is indexed twice: by trigrams, which
//! answer any fragment of three characters or more, and by the pairs of adjacent characters that
//! Chinese words are made of (华为, 美的), which answer two-character fragments. Pairs of two ASCII
//! characters are left out: they come from phone numbers, codes and USCCs, where every pair of digits
//! is everywhere and a two-character search means nothing.

/// What answers a search for a fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// The trigram index (three characters or more).
    Trigrams,
    /// The index of character pairs (two characters, see [`bigrams`]).
    Bigrams,
    /// No index: the text is compared row by row (one character, or two that are not indexed).
    Scan,
}

impl Lookup {
    /// The index for `fragment` (already trimmed).
    pub fn of(fragment: &str) -> Self {
        let mut chars = fragment.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some(_), Some(_), Some(_)) => Self::Trigrams,
            (Some(first), Some(second), None) if is_indexed_pair(first, second) => Self::Bigrams,
            _ => Self::Scan,
        }
    }
}

/// A pair is indexed when both are letters or digits and at least one is not ASCII.
fn is_indexed_pair(first: char, second: char) -> bool {
    first.is_alphanumeric() && second.is_alphanumeric() && !(first.is_ascii() && second.is_ascii())
}

/// The indexed pairs of `text`, lower case, each once, in order of first appearance, separated by
/// spaces: `"华为技术 王伟"` → `"华为 为技 技术 王伟"`. A pair never spans a space or punctuation.
pub fn bigrams(text: &str) -> String {
    let mut seen: Vec<[char; 2]> = Vec::new();
    let mut previous: Option<char> = None;
    for c in text.chars().flat_map(char::to_lowercase) {
        if let Some(p) = previous
            && is_indexed_pair(p, c)
            && !seen.contains(&[p, c])
        {
            seen.push([p, c]);
        }
        previous = c.is_alphanumeric().then_some(c);
    }
    let mut out = String::with_capacity(seen.len() * 7);
    for [a, b] in seen {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(a);
        out.push(b);
    }
    out
}

/// The fragment as a key of the pair index: lower case, as [`bigrams`] writes it.
pub fn bigram_key(fragment: &str) -> String {
    fragment.chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn fragments_go_to_the_index_that_can_answer_them() {
        assert_eq!(Lookup::of("华为技"), Lookup::Trigrams);
        assert_eq!(Lookup::of("138"), Lookup::Trigrams);
        assert_eq!(Lookup::of("华为"), Lookup::Bigrams);
        assert_eq!(Lookup::of("A股"), Lookup::Bigrams);
        assert_eq!(Lookup::of("13"), Lookup::Scan);
        assert_eq!(Lookup::of("ab"), Lookup::Scan);
        assert_eq!(Lookup::of("司("), Lookup::Scan);
        assert_eq!(Lookup::of("华"), Lookup::Scan);
        assert_eq!(Lookup::of(""), Lookup::Scan);
    }

    #[test]
    fn pairs_of_chinese_text_are_indexed_once_each() {
        assert_eq!(bigrams("华为技术有限公司"), "华为 为技 技术 术有 有限 限公 公司");
        assert_eq!(
            bigrams("CUS202405001 杭州华为有限公司 13812345678 王伟"),
            "杭州 州华 华为 为有 有限 限公 公司 王伟"
        );
        assert_eq!(bigrams("有限公司 有限公司"), "有限 限公 公司");
        assert_eq!(bigrams("Ａ公司 IT部"), "ａ公 公司 t部");
    }

    #[test]
    fn pairs_do_not_span_spaces_or_punctuation() {
        assert_eq!(bigrams("华为（上海）"), "华为 上海");
        assert_eq!(bigrams("张 伟"), "");
        assert_eq!(bigrams("13800138000 ABC-12"), "");
    }

    proptest! {
        /// Every indexed two-character fragment of a text is one of its pairs, so the pair index
        /// finds exactly what a substring search finds.
        #[test]
        fn every_indexed_fragment_of_a_text_is_among_its_pairs(text in "[华为技术有限公司王伟 A-Za-z0-9（）-]{0,40}") {
            let pairs: Vec<String> = bigrams(&text).split(' ').map(str::to_owned).collect();
            let chars: Vec<char> = text.chars().collect();
            for window in chars.windows(2) {
                let fragment: String = window.iter().collect();
                if Lookup::of(&fragment) == Lookup::Bigrams {
                    prop_assert!(pairs.contains(&bigram_key(&fragment)), "{fragment} of {text}");
                }
            }
            for pair in pairs.iter().filter(|p| !p.is_empty()) {
                prop_assert!(text.to_lowercase().contains(pair.as_str()), "{pair} not in {text}");
            }
        }
    }
}
