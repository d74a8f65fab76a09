//! Dictionary values in imported cells: which value of a dictionary (grade, industry, source…) a text
//! means, so the mapping screen can propose "source text → dictionary value" for every distinct text of a
//! column, and the import can apply the choices.
//!
//! A text matches, in this order, the first way that gives exactly one value:
//! 1. a code as written (`A`, `I65`);
//! 2. a label as written (`A 重点客户`, `软件和信息技术服务业`), zh-CN or English;
//! 3. a code or label once both are [normalised](key): width, case, spaces and punctuation ignored
//!    (`a`, `50-200人` for `50–200 人`);
//! 4. a common variant: a label's description after its code (`重点客户` in `A 重点客户`), and either side
//!    without `级`, `类`, `型`, `客户` after it or `已` before it (`A级`, `A类客户`, `重点`, `已成交`, `流失`),
//!    or one segment of a path (`制造业-IT设备` → `制造业`), the most specific segment first.
//!
//! Entries with the same label (a section and its only division, `房地产业`) count as one: the first in
//! the given order wins. Otherwise several values matching at one step is `ambiguous_value`, and no match
//! is `no_match`; both come with [suggestions] ranked by similarity (the Dice coefficient of character
//! bigrams).

use super::error::{CellError, ErrorCode};
use super::text;

/// The most suggestions offered.
const SUGGESTIONS: usize = 5;
/// The least similarity worth suggesting.
const MIN_SCORE: f64 = 0.3;
/// Endings that variants of a value drop: `A级`, `A类客户`, `重点客户`.
const SUFFIXES: [&str; 6] = ["级客户", "类客户", "客户", "级", "类", "型"];

/// One active value of a dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The stable code.
    pub code: &'a str,
    /// The zh-CN label.
    pub label: &'a str,
    /// The English label (may be empty).
    pub label_en: &'a str,
}

/// How a text matched its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The text is the code.
    Code,
    /// The text is a label.
    Label,
    /// The text is the code or a label once both are normalised.
    Normalised,
    /// The text is a common variant of the code or a label.
    Variant,
}

/// The value a text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matched<'a> {
    /// The value's code.
    pub code: &'a str,
    /// How the text matched: a variant is worth confirming.
    pub kind: MatchKind,
}

/// A value the text may mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suggestion<'a> {
    /// The value's code.
    pub code: &'a str,
    /// Its zh-CN label.
    pub label: &'a str,
    /// How similar the text is, from 0 to 1.
    pub score: f64,
}

/// No single value matches: why, and the values the text may mean, best first.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{error}")]
pub struct NoMatch<'a> {
    /// `empty`, `no_match` or `ambiguous_value`, with a message naming the text.
    pub error: CellError,
    /// The candidates, best first: for an ambiguous text, the values it matches.
    pub suggestions: Vec<Suggestion<'a>>,
}

impl From<NoMatch<'_>> for CellError {
    fn from(no_match: NoMatch<'_>) -> Self {
        no_match.error
    }
}

/// `text` as compared: [`text::normalise`]d, lower case, without whitespace and punctuation.
pub fn key(text: &str) -> String {
    text::normalise(text)
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !c.is_ascii_punctuation() && !"、，。：；！？“”‘’（）【】《》·…～—".contains(*c)
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether an entry passes one step of the lookup.
type Test<'t, 'a> = &'t dyn Fn(&Entry<'a>) -> bool;

/// The value of `entries` that `text` means.
pub fn lookup<'a>(entries: &[Entry<'a>], text: &str) -> Result<Matched<'a>, NoMatch<'a>> {
    if text::is_empty(text) {
        return Err(NoMatch { error: CellError::empty(), suggestions: Vec::new() });
    }
    let cleaned = text::clean(text);
    let text_key = key(&cleaned);
    let steps: [(MatchKind, Test<'_, 'a>); 3] = [
        (MatchKind::Code, &|e| e.code == cleaned),
        (MatchKind::Label, &|e| e.label == cleaned || (!e.label_en.is_empty() && e.label_en == cleaned)),
        (MatchKind::Normalised, &|e| !text_key.is_empty() && names(e).iter().any(|name| key(name) == text_key)),
    ];
    for (kind, matches) in steps {
        if let Some(result) = resolve(entries.iter().filter(|e| matches(e)).collect(), kind, &cleaned) {
            return result;
        }
    }
    // The whole text, then each segment of a path, the most specific first.
    let segments: Vec<&str> = cleaned.split(['-', '/', '>', '›', '»', '—']).filter(|s| !s.trim().is_empty()).collect();
    let candidates =
        std::iter::once(cleaned.as_ref()).chain(segments.iter().rev().copied().filter(|_| segments.len() > 1));
    for candidate in candidates {
        let found = entries.iter().filter(|e| variants_match(candidate, e)).collect();
        if let Some(result) = resolve(found, MatchKind::Variant, &cleaned) {
            return result;
        }
    }
    let suggestions = suggestions(entries, &cleaned);
    let closest = if suggestions.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = suggestions.iter().map(|s| format!("{} ({})", s.label, s.code)).collect();
        format!("; closest: {}", names.join(", "))
    };
    Err(NoMatch {
        error: CellError::new(ErrorCode::NoMatch, format!("{cleaned} is not a value of this list{closest}")),
        suggestions,
    })
}

/// The values `text` may mean, best first: at most five, each at least 0.3 similar.
pub fn suggestions<'a>(entries: &[Entry<'a>], text: &str) -> Vec<Suggestion<'a>> {
    let text_key = key(text);
    let mut ranked: Vec<Suggestion<'a>> = entries
        .iter()
        .map(|e| {
            let score =
                names_and_descriptions(e).iter().map(|name| similarity(&text_key, &key(name))).fold(0.0, f64::max);
            Suggestion { code: e.code, label: e.label, score }
        })
        .filter(|s| s.score >= MIN_SCORE)
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked.truncate(SUGGESTIONS);
    ranked
}

/// How alike two [key]s are, from 0 to 1: the Dice coefficient of their character bigrams (of their
/// characters when either has only one), raised to at least 0.5 and up to 1 when one contains the other.
pub fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let (a_chars, b_chars): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let grams =
        |chars: &[char], size: usize| -> Vec<String> { chars.windows(size).map(|w| w.iter().collect()).collect() };
    let size = if a_chars.len() < 2 || b_chars.len() < 2 { 1 } else { 2 };
    let (a_grams, mut b_grams) = (grams(&a_chars, size), grams(&b_chars, size));
    let total = a_grams.len() + b_grams.len();
    let mut shared = 0_usize;
    for gram in &a_grams {
        if let Some(i) = b_grams.iter().position(|g| g == gram) {
            b_grams.swap_remove(i);
            shared += 1;
        }
    }
    let dice = if total == 0 { 0.0 } else { ratio(2 * shared, total) };
    let (short, long) = if a_chars.len() <= b_chars.len() { (a, b) } else { (b, a) };
    if long.contains(short) { dice.max(0.5 + 0.5 * ratio(short.chars().count(), long.chars().count())) } else { dice }
}

fn ratio(part: usize, whole: usize) -> f64 {
    let as_f64 = |n: usize| u32::try_from(n).map(f64::from).unwrap_or(f64::MAX);
    if whole == 0 { 0.0 } else { as_f64(part) / as_f64(whole) }
}

/// The code and labels of an entry.
fn names<'a>(entry: &Entry<'a>) -> Vec<&'a str> {
    let mut names = vec![entry.code, entry.label];
    if !entry.label_en.is_empty() {
        names.push(entry.label_en);
    }
    names
}

/// The [names] of an entry and each label's description after its code (`重点客户` in `A 重点客户`).
fn names_and_descriptions<'a>(entry: &Entry<'a>) -> Vec<&'a str> {
    let mut names = names(entry);
    for label in [entry.label, entry.label_en] {
        if let Some(description) = label.strip_prefix(entry.code).and_then(|rest| rest.strip_prefix(' ')) {
            names.push(description.trim());
        }
    }
    names
}

/// A key and the same without a common ending or the leading `已`.
fn variants(key: &str) -> Vec<String> {
    let mut out = vec![key.to_owned()];
    let unprefixed = key.strip_prefix('已').filter(|rest| !rest.is_empty());
    for base in [Some(key), unprefixed].into_iter().flatten() {
        out.push(base.to_owned());
        if let Some(stripped) = SUFFIXES.iter().find_map(|suffix| base.strip_suffix(suffix)).filter(|s| !s.is_empty()) {
            out.push(stripped.to_owned());
        }
    }
    out
}

/// Whether a variant of `text` is a variant of one of the entry's names.
fn variants_match(text: &str, entry: &Entry<'_>) -> bool {
    let text_variants = variants(&key(text));
    names_and_descriptions(entry)
        .iter()
        .flat_map(|name| variants(&key(name)))
        .any(|v| !v.is_empty() && text_variants.contains(&v))
}

/// The outcome of a step that found `found`: `None` when it found nothing, the value when all it found
/// share one label, `ambiguous_value` otherwise.
fn resolve<'a>(found: Vec<&Entry<'a>>, kind: MatchKind, text: &str) -> Option<Result<Matched<'a>, NoMatch<'a>>> {
    let first = found.first()?;
    if found.iter().all(|e| key(e.label) == key(first.label)) {
        return Some(Ok(Matched { code: first.code, kind }));
    }
    Some(Err(NoMatch {
        error: CellError::new(ErrorCode::AmbiguousValue, format!("{text} matches several values: {}", listing(&found))),
        suggestions: found.iter().map(|e| Suggestion { code: e.code, label: e.label, score: 1.0 }).collect(),
    }))
}

fn listing(entries: &[&Entry<'_>]) -> String {
    entries.iter().map(|e| format!("{} ({})", e.label, e.code)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const fn entry(code: &'static str, label: &'static str, label_en: &'static str) -> Entry<'static> {
        Entry { code, label, label_en }
    }

    const GRADES: [Entry<'static>; 4] = [
        entry("S", "S 战略客户", "S Strategic"),
        entry("A", "A 重点客户", "A Key"),
        entry("B", "B 潜力客户", "B Promising"),
        entry("C", "C 普通客户", "C Regular"),
    ];

    const TYPES: [Entry<'static>; 3] = [
        entry("potential", "潜在客户", "Potential"),
        entry("won", "成交客户", "Won"),
        entry("lost", "流失客户", "Lost"),
    ];

    const SIZES: [Entry<'static>; 4] = [
        entry("lt_50", "50 人以下", "Under 50"),
        entry("50_200", "50–200 人", "50–200"),
        entry("200_500", "200–500 人", "200–500"),
        entry("gt_500", "500 人以上", "Over 500"),
    ];

    const INDUSTRIES: [Entry<'static>; 6] = [
        entry("C", "制造业", "Manufacturing"),
        entry("I", "信息传输、软件和信息技术服务业", "Information transmission, software and IT services"),
        entry("K", "房地产业", "Real estate"),
        entry("C39", "计算机、通信和其他电子设备制造业", "Computers, communication and other electronic equipment"),
        entry("I65", "软件和信息技术服务业", "Software and information technology services"),
        entry("K70", "房地产业", "Real estate"),
    ];

    fn code<'a>(entries: &[Entry<'a>], text: &str) -> Option<(&'a str, MatchKind)> {
        lookup(entries, text).ok().map(|m| (m.code, m.kind))
    }

    #[test]
    fn codes_and_labels_match_as_written() {
        assert_eq!(code(&GRADES, "A"), Some(("A", MatchKind::Code)));
        assert_eq!(code(&GRADES, "A 重点客户"), Some(("A", MatchKind::Label)));
        assert_eq!(code(&GRADES, "S Strategic"), Some(("S", MatchKind::Label)));
        assert_eq!(code(&INDUSTRIES, " 软件和信息技术服务业 "), Some(("I65", MatchKind::Label)));
    }

    #[test]
    fn width_case_spaces_and_dashes_do_not_matter() {
        assert_eq!(code(&GRADES, "ａ"), Some(("A", MatchKind::Normalised)));
        assert_eq!(code(&GRADES, "a重点客户"), Some(("A", MatchKind::Normalised)));
        assert_eq!(code(&SIZES, "50-200人"), Some(("50_200", MatchKind::Normalised)));
        assert_eq!(code(&SIZES, "50人以下"), Some(("lt_50", MatchKind::Normalised)));
        assert_eq!(code(&TYPES, "WON"), Some(("won", MatchKind::Normalised)));
    }

    #[test]
    fn common_variants_of_grades_and_types_match() {
        for (text, grade) in
            [("A级", "A"), ("a类客户", "A"), ("重点客户", "A"), ("重点", "A"), ("S级客户", "S"), ("战略", "S")]
        {
            assert_eq!(code(&GRADES, text), Some((grade, MatchKind::Variant)), "{text}");
        }
        for (text, kind) in
            [("已成交", "won"), ("成交", "won"), ("流失", "lost"), ("已流失", "lost"), ("潜在", "potential")]
        {
            assert_eq!(code(&TYPES, text), Some((kind, MatchKind::Variant)), "{text}");
        }
    }

    #[test]
    fn a_path_matches_its_most_specific_known_segment() {
        assert_eq!(code(&INDUSTRIES, "制造业-IT设备"), Some(("C", MatchKind::Variant)));
        assert_eq!(code(&INDUSTRIES, "制造业/软件和信息技术服务业"), Some(("I65", MatchKind::Variant)));
    }

    #[test]
    fn entries_sharing_a_label_resolve_to_the_first() {
        assert_eq!(code(&INDUSTRIES, "房地产业"), Some(("K", MatchKind::Label)));
    }

    #[test]
    fn a_text_matching_several_values_is_ambiguous() {
        let entries = [entry("A", "A级", ""), entry("a_plus", "A类", "")];
        let no_match = lookup(&entries, "A级客户").unwrap_err();
        assert_eq!(no_match.error.code, ErrorCode::AmbiguousValue);
        let codes: Vec<&str> = no_match.suggestions.iter().map(|s| s.code).collect();
        assert_eq!(codes, ["A", "a_plus"]);
    }

    #[test]
    fn an_unknown_text_comes_with_ranked_suggestions() {
        let no_match = lookup(&INDUSTRIES, "软件信息服务").unwrap_err();
        assert_eq!(no_match.error.code, ErrorCode::NoMatch);
        assert_eq!(no_match.suggestions.first().map(|s| s.code), Some("I65"));
        assert!(no_match.error.message.contains("软件和信息技术服务业 (I65)"), "{}", no_match.error.message);
        let scores: Vec<f64> = no_match.suggestions.iter().map(|s| s.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");

        let nothing = lookup(&GRADES, "甲等").unwrap_err();
        assert_eq!(nothing.error.code, ErrorCode::NoMatch);
        assert!(nothing.suggestions.is_empty());
        assert_eq!(lookup(&GRADES, " - ").unwrap_err().error.code, ErrorCode::Empty);
        assert_eq!(CellError::from(lookup(&GRADES, "甲等").unwrap_err()).code, ErrorCode::NoMatch);
    }

    #[test]
    fn similarity_is_the_dice_coefficient_of_bigrams() {
        assert!((similarity("night", "nacht") - 0.25).abs() < 1e-9);
        assert!((similarity("软件", "软件和信息技术服务业") - 0.6).abs() < 1e-9);
        assert_eq!(similarity("a", "a"), 1.0);
        assert_eq!(similarity("", "a"), 0.0);
        assert_eq!(similarity("甲", "乙"), 0.0);
    }

    proptest! {
        #[test]
        fn any_text_gives_a_value_or_suggestions(text in any::<String>()) {
            let _ = lookup(&GRADES, &text);
            let _ = lookup(&INDUSTRIES, &text);
            let _ = lookup(&[], &text);
        }

        #[test]
        fn similarity_stays_between_zero_and_one_and_is_symmetric(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let (ab, ba) = (similarity(&a, &b), similarity(&b, &a));
            prop_assert!((0.0..=1.0).contains(&ab));
            prop_assert!((ab - ba).abs() < 1e-9);
        }

        #[test]
        fn every_code_and_label_finds_its_own_value(index in 0_usize..4) {
            let grade = GRADES[index];
            prop_assert_eq!(code(&GRADES, grade.code).map(|m| m.0), Some(grade.code));
            prop_assert_eq!(code(&GRADES, grade.label).map(|m| m.0), Some(grade.code));
            prop_assert_eq!(code(&GRADES, grade.label_en).map(|m| m.0), Some(grade.code));
        }
    }
}
