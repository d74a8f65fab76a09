//! Cleaning a cell before anything reads it. Spreadsheets carry invisible characters (a BOM left at the
//! start of a CSV, zero-width spaces pasted from web pages, non-breaking and ideographic spaces),
//! full-width letters and digits typed with a Chinese input method, Excel's `="0571…"` text trick, and
//! placeholders such as `-`, `无` or `N/A` where a value is missing.
//!
//! Two forms come out of a cell:
//! - [`clean`] text for people to read: trimmed, invisible characters dropped, runs of whitespace made one
//!   space, full-width letters and digits made ASCII. Chinese punctuation (`，` `（）`) is kept: it is
//!   correct in Chinese text and in registered company names.
//! - [`normalise`]d text for parsers (dates, amounts, phones, codes): every full-width form folded to
//!   ASCII, dashes made `-`, and the apostrophe Excel uses to mark text dropped.

use std::borrow::Cow;

use crate::dedupe::half_width;

use super::error::{CellError, ErrorCode};

/// Values that stand for "nothing here", compared after [`normalise`] and lower-casing. `#n/a` is what a
/// failed Excel lookup leaves.
const PLACEHOLDERS: [&str; 19] = [
    "-",
    "--",
    "---",
    "/",
    "\\",
    "无",
    "暂无",
    "空",
    "n/a",
    "na",
    "null",
    "none",
    "nil",
    "#n/a",
    "不详",
    "未知",
    "未填",
    "未填写",
    "(空白)",
];

/// Excel's error values (lower case): a formula that failed, not data.
const EXCEL_ERRORS: [&str; 9] =
    ["#ref!", "#value!", "#div/0!", "#name?", "#num!", "#null!", "#spill!", "#calc!", "#getting_data"];

/// Characters with no width that only get in the way: zero-width spaces and joiners, the word joiner,
/// a byte-order mark left inside the text, the soft hyphen and direction marks.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    ) || (c.is_control() && !c.is_whitespace())
}

/// Full-width digits and Latin letters to ASCII; everything else unchanged.
fn fold_alphanumeric(c: char) -> char {
    match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => half_width(c),
        other => other,
    }
}

/// Ideographs, CJK punctuation and full-width forms: characters Chinese text runs together without spaces.
fn is_wide(c: char) -> bool {
    matches!(
        c,
        '\u{3000}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FF01}'..='\u{FF60}'
            | '\u{20000}'..='\u{2FFFF}'
    )
}

/// The inside of `="…"`, the form CSV exporters use to make Excel keep `0571…` as text.
fn excel_text_formula(cell: &str) -> Option<String> {
    let inner = cell.strip_prefix("=\"")?.strip_suffix('"')?;
    Some(inner.replace("\"\"", "\""))
}

/// Whether [`clean`] would leave `cell` unchanged.
fn is_clean(cell: &str) -> bool {
    let mut previous_space = true;
    for c in cell.chars() {
        let space = c == ' ';
        if (space && previous_space) || is_invisible(c) || (c.is_whitespace() && !space) || fold_alphanumeric(c) != c {
            return false;
        }
        previous_space = space;
    }
    !previous_space || cell.is_empty()
}

/// The text of `cell` for people to read: trimmed (including ideographic and non-breaking spaces), with
/// invisible characters dropped, every run of whitespace (line breaks included) made one space,
/// full-width letters and digits made ASCII, and `="…"` unwrapped. Chinese punctuation is kept.
pub fn clean(cell: &str) -> Cow<'_, str> {
    let cleaned = if is_clean(cell) { Cow::Borrowed(cell) } else { Cow::Owned(clean_characters(cell)) };
    match excel_text_formula(&cleaned) {
        Some(inner) => Cow::Owned(clean(&inner).into_owned()),
        None => cleaned,
    }
}

fn clean_characters(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut pending_space = false;
    for c in cell.chars() {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(fold_alphanumeric(c));
    }
    out
}

/// A name (of a company or a person) as [`clean`] gives it, without the spaces typed between Chinese
/// characters (`华为 技术`, `张　三` aligned with an ideographic space). Spaces between Latin words stay.
pub fn clean_name(cell: &str) -> String {
    let cleaned = clean(cell);
    let chars: Vec<char> = cleaned.chars().collect();
    let mut out = String::with_capacity(cleaned.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_wide = c == ' '
            && i > 0
            && chars.get(i - 1).is_some_and(|&p| is_wide(p))
            && chars.get(i + 1).is_some_and(|&n| is_wide(n));
        if !between_wide {
            out.push(c);
        }
    }
    out
}

/// Text that may span lines (remarks, needs): each line [`clean`]ed, blank lines at either end dropped and
/// runs of blank lines made one; `\r\n`, `\r` and Unicode line separators become `\n`.
pub fn clean_multiline(cell: &str) -> String {
    let unified = cell.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}', '\u{0085}'], "\n");
    let mut lines: Vec<String> = Vec::new();
    for line in unified.split('\n') {
        let line = clean(line);
        if !(line.is_empty() && lines.last().is_none_or(String::is_empty)) {
            lines.push(line.into_owned());
        }
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// `c` folded for parsers: full-width forms to ASCII, the full-width yen sign to `¥`, dashes and the
/// minus sign to `-`.
fn fold_for_parsing(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        '\u{FFE5}' => '¥',
        other => half_width(other),
    }
}

/// The form parsers read: [`clean`] text with every full-width form made ASCII (`（` → `(`, `，` → `,`),
/// dashes and minus signs made `-`, `￥` made `¥`, and a leading `'` (Excel's mark for text) dropped.
pub fn normalise(cell: &str) -> String {
    let folded: String = clean(cell).chars().map(fold_for_parsing).collect();
    match folded.strip_prefix('\'') {
        Some(rest) => normalise(rest),
        None => folded,
    }
}

/// Whether `cell` holds nothing: blank once cleaned, or a placeholder for a missing value (`-`, `--`,
/// `/`, `无`, `暂无`, `空`, `N/A`, `null`, `none`, `不详`, `未知`, `未填`, `#N/A`…).
pub fn is_empty(cell: &str) -> bool {
    let value = normalise(cell).to_lowercase();
    value.is_empty() || PLACEHOLDERS.contains(&value.as_str())
}

/// `None` for an [empty](is_empty) cell, else what `parse` makes of it: how an optional column is read.
pub fn optional<T>(cell: &str, parse: impl FnOnce(&str) -> Result<T, CellError>) -> Result<Option<T>, CellError> {
    if is_empty(cell) { Ok(None) } else { parse(cell).map(Some) }
}

/// The cell to read, `None` when it is [empty](is_empty); `excel_error` when it holds an Excel error
/// value (`#REF!`: a failed formula, in any column). The start of reading a cell of any type.
pub fn filled(cell: &str) -> Result<Option<&str>, CellError> {
    if is_empty(cell) {
        return Ok(None);
    }
    value(cell)?;
    Ok(Some(cell))
}

/// The [`normalise`]d cell for a parser: `empty` when the cell is [empty](is_empty), `excel_error` when
/// it holds an Excel error value.
pub fn value(cell: &str) -> Result<String, CellError> {
    if is_empty(cell) {
        return Err(CellError::empty());
    }
    let value = normalise(cell);
    if EXCEL_ERRORS.contains(&value.to_lowercase().as_str()) {
        return Err(CellError::new(
            ErrorCode::ExcelError,
            format!("{value} is an Excel error, not a value: fix the formula or paste the values"),
        ));
    }
    Ok(value)
}

/// The values of a list cell (tags, roles): split at `,` `，` `;` `；` `、` `|` and line breaks, each
/// [`clean`]ed; empty parts and repeats are dropped, the order is kept.
pub fn split_list(cell: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in cell.split([',', '，', ';', '；', '、', '|', '｜', '\n', '\r']) {
        let part = clean(part);
        if !part.is_empty() && !parts.iter().any(|p| *p == part) {
            parts.push(part.into_owned());
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn invisible_characters_and_odd_spaces_are_trimmed() {
        assert_eq!(clean("\u{FEFF}华为技术有限公司\u{200B}"), "华为技术有限公司");
        assert_eq!(clean("\u{3000}张三\u{00A0}"), "张三");
        assert_eq!(clean("  Acme \t  Trading\n Co. "), "Acme Trading Co.");
        assert_eq!(clean("a\u{2060}b\u{00AD}c\u{200E}"), "abc");
    }

    #[test]
    fn full_width_letters_and_digits_become_ascii_but_chinese_punctuation_stays() {
        assert_eq!(clean("ＡＢＣ科技（深圳）有限公司１号"), "ABC科技（深圳）有限公司1号");
        assert_eq!(normalise("（０５７１）８８８８－６６６６"), "(0571)8888-6666");
        assert_eq!(normalise("￥１，２３４"), "¥1,234");
        assert_eq!(normalise("2024—05—01"), "2024-05-01");
    }

    #[test]
    fn clean_text_is_borrowed_unchanged() {
        assert!(matches!(clean("华为技术有限公司"), Cow::Borrowed(_)));
        assert!(matches!(clean("Acme Trading"), Cow::Borrowed(_)));
        assert!(matches!(clean(" Acme"), Cow::Owned(_)));
    }

    #[test]
    fn excel_text_tricks_are_undone() {
        assert_eq!(clean("=\"0571-88886666\""), "0571-88886666");
        assert_eq!(clean("=\"say \"\"hi\"\"\""), "say \"hi\"");
        assert_eq!(normalise("'13800138000"), "13800138000");
        assert_eq!(clean("'quoted'"), "'quoted'");
    }

    #[test]
    fn names_lose_the_spaces_between_chinese_characters_only() {
        assert_eq!(clean_name("张　三"), "张三");
        assert_eq!(clean_name(" 华为 技术 有限公司 "), "华为技术有限公司");
        assert_eq!(clean_name("Acme 中国 Trading"), "Acme 中国 Trading");
        assert_eq!(clean_name("华为 （深圳） 有限公司"), "华为（深圳）有限公司");
    }

    #[test]
    fn multiline_text_keeps_its_lines() {
        assert_eq!(clean_multiline("\r\n 第一行 \r\n\r\n\r\n第二行\u{3000}\n\n"), "第一行\n\n第二行");
        assert_eq!(clean_multiline("一\r二"), "一\n二");
        assert_eq!(clean_multiline(" \n "), "");
    }

    #[test]
    fn blanks_and_placeholders_are_empty() {
        for cell in ["", "  ", "\u{3000}", "\u{FEFF}", "-", "——", "/", "无", "暂无", "N/A", "NULL", "#N/A", "不详"]
        {
            assert!(is_empty(cell), "{cell:?} is not empty");
        }
        for cell in ["0", "A", "无锡", "-1", "#REF!"] {
            assert!(!is_empty(cell), "{cell:?} is empty");
        }
    }

    #[test]
    fn an_optional_cell_is_none_when_empty_and_parsed_otherwise() {
        let parse = |cell: &str| cell.parse::<i32>().map_err(|_| CellError::new(ErrorCode::InvalidFormat, "no"));
        assert_eq!(optional(" - ", parse), Ok(None));
        assert_eq!(optional("12", parse), Ok(Some(12)));
        assert_eq!(optional("x", parse).unwrap_err().code, ErrorCode::InvalidFormat);
    }

    #[test]
    fn excel_error_values_are_not_values() {
        assert_eq!(value("#REF!").unwrap_err().code, ErrorCode::ExcelError);
        assert_eq!(value("#DIV/0!").unwrap_err().code, ErrorCode::ExcelError);
        assert_eq!(value("无").unwrap_err().code, ErrorCode::Empty);
        assert_eq!(value(" ＡＢ "), Ok("AB".to_owned()));
    }

    #[test]
    fn list_cells_split_at_chinese_and_ascii_separators() {
        assert_eq!(
            split_list("高潜力客户，价格敏感、 决策周期长;价格敏感\n"),
            ["高潜力客户", "价格敏感", "决策周期长"]
        );
        assert!(split_list(" , ;").is_empty());
    }

    proptest! {
        #[test]
        fn cleaning_never_panics_and_is_idempotent(cell in any::<String>()) {
            let once = clean(&cell).into_owned();
            prop_assert_eq!(clean(&once).into_owned(), once.clone());
            prop_assert_eq!(once.trim(), once.as_str());
            prop_assert!(!once.contains("  "));
            let name = clean_name(&cell);
            prop_assert_eq!(clean_name(&name), name);
            let _ = clean_multiline(&cell);
            let _ = normalise(&cell);
            let _ = is_empty(&cell);
            let _ = split_list(&cell);
            let _ = value(&cell);
        }
    }
}
