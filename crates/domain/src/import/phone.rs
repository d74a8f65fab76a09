//! Phone cells, with what Excel and people do to them, read with the rules of [`crate::phone`]:
//! - a number Excel stored as a number: `13800138000.0` is read as `13800138000`; `1.38001E+10` has lost
//!   its last digits and is refused as `precision_lost` (format the column as text and export again),
//!   while `1.3800138000E+10`, with every digit, is read; a landline whose leading `0` Excel dropped
//!   (`57188886666`) gets it back, with a warning;
//! - `="0571-88886666"` and `'13800138000` (text markers), full-width digits, `+86`, spaces and dashes,
//!   labels such as `手机：` or `Tel:`, notes in brackets such as `（微信同号）`;
//! - several numbers in one cell (`13800138000, 13900139000`, `13800138000 / 0571-88886666`, or two
//!   numbers separated only by a space): the first one the column accepts is kept and the others are
//!   reported as dropped, so the row still imports and the report says what was left out. A mobile column
//!   keeps the first mobile, a phone column the first mobile or landline.
//!
//! Landlines keep their extension (`0571-88886666 转 8001` → `0571-88886666-8001`).

use crate::DomainError;
use crate::phone::{Mobile, Phone};

use super::error::{CellError, CellWarning, ErrorCode, WarningCode};
use super::text;

/// A phone cell read: the number kept and what else the cell held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneCell<T> {
    /// The number imported.
    pub number: T,
    /// The other numbers (or unreadable parts) of the cell, as written, not imported.
    pub dropped: Vec<String>,
    /// Whether the number is a landline whose leading `0` was put back.
    pub restored_zero: bool,
}

impl<T> PhoneCell<T> {
    /// What the row report should say about the cell: nothing when it was read as it stood.
    pub fn warnings(&self) -> Vec<CellWarning> {
        let mut warnings = Vec::new();
        if self.restored_zero {
            warnings.push(CellWarning {
                code: WarningCode::LeadingZeroRestored,
                message: "Excel had stored the landline as a number and dropped its leading 0; it was put back"
                    .to_owned(),
            });
        }
        if !self.dropped.is_empty() {
            warnings.push(CellWarning {
                code: WarningCode::ValuesDropped,
                message: format!("the cell held more than one number; not imported: {}", self.dropped.join(", ")),
            });
        }
        warnings
    }
}

/// A mobile column: the first mainland mobile number in `cell`.
pub fn parse_mobile(cell: &str) -> Result<PhoneCell<Mobile>, CellError> {
    read(cell, |number| Mobile::parse(number).map(|mobile| (mobile, false)).map_err(|e| rejected(number, &e)))
}

/// A phone column: the first mobile or landline in `cell`.
pub fn parse_phone(cell: &str) -> Result<PhoneCell<Phone>, CellError> {
    read(cell, |number| match Phone::parse(number) {
        Ok(phone) => Ok((phone, false)),
        Err(error) => lost_zero(number).map(|phone| (phone, true)).ok_or_else(|| rejected(number, &error)),
    })
}

fn rejected(number: &str, error: &DomainError) -> CellError {
    CellError::new(ErrorCode::InvalidFormat, format!("{number}: {}", error.message))
}

/// A landline Excel stored as a number, its leading `0` lost: 10 or 11 digits starting as an area code
/// without its `0` does (`10` for Beijing, `2` to `9` elsewhere).
fn lost_zero(number: &str) -> Option<Phone> {
    let plain = (10..=11).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
        && (number.starts_with("10") || number.starts_with(['2', '3', '4', '5', '6', '7', '8', '9']));
    if !plain {
        return None;
    }
    match Phone::parse(&format!("0{number}")) {
        Ok(phone @ Phone::Landline(_)) => Some(phone),
        _ => None,
    }
}

/// A number read from a cell (with whether a zero was restored), or why not, and its text.
type Found<T> = (Result<(T, bool), CellError>, String);

/// Reads `cell` with `accept` (which gives the number and whether a zero was restored), keeping the first
/// number it accepts.
fn read<T>(cell: &str, accept: impl Fn(&str) -> Result<(T, bool), CellError>) -> Result<PhoneCell<T>, CellError> {
    let value = text::value(cell)?;
    let mut found: Vec<Found<T>> = Vec::new();
    for part in value.split([',', ';', '、', '|', '/', '\n']).map(str::trim).filter(|part| !part.is_empty()) {
        let number = match prepare(part) {
            Ok(number) => number,
            Err(error) => {
                found.push((Err(error), part.to_owned()));
                continue;
            }
        };
        let whole = accept(&number);
        // Failing as a whole, a part may be several numbers separated by spaces.
        let tokens: Vec<&str> = number.split_whitespace().collect();
        if whole.is_err() && tokens.len() > 1 {
            let each: Vec<_> = tokens.iter().map(|token| prepare(token).and_then(|t| accept(&t))).collect();
            if each.iter().all(Result::is_ok) {
                found.extend(each.into_iter().zip(tokens.iter().map(|t| (*t).to_owned())));
                continue;
            }
        }
        found.push((whole, number));
    }
    let mut kept = None;
    let mut dropped = Vec::new();
    let mut first_error = None;
    for (result, text) in found {
        match result {
            Ok(number) if kept.is_none() => kept = Some(number),
            Ok(_) => dropped.push(text),
            Err(error) => {
                first_error.get_or_insert(error);
                dropped.push(text);
            }
        }
    }
    match (kept, first_error) {
        (Some((number, restored_zero)), _) => Ok(PhoneCell { number, dropped, restored_zero }),
        (None, Some(error)) => Err(error),
        (None, None) => Err(CellError::new(ErrorCode::InvalidFormat, format!("{value} is not a phone number"))),
    }
}

/// One number's text without a label (`手机：`, `Tel:`), words around it (`张总`), notes in brackets
/// without digits (`（微信同号）`), and Excel's number forms undone (`13800138000.0`, `1.3800138000E+10`).
fn prepare(part: &str) -> Result<String, CellError> {
    let unlabelled = match part.split_once(':') {
        Some((label, rest)) if !label.contains(|c: char| c.is_ascii_digit()) => rest,
        _ => part,
    };
    let mut text = String::with_capacity(unlabelled.len());
    let mut rest = unlabelled;
    while let Some(open) = rest.find('(') {
        let (before, group) = rest.split_at(open);
        text.push_str(before);
        match group.find(')') {
            Some(close) => {
                let (note, after) = group.split_at(close + 1);
                if note.contains(|c: char| c.is_ascii_digit()) {
                    text.push_str(note);
                }
                rest = after;
            }
            None => {
                text.push_str(group);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    // A name or word around the number: `张总 13800138000`, `13800138000 王经理`.
    let text = text
        .trim_start_matches(|c: char| !(c.is_ascii_digit() || c == '+' || c == '('))
        .trim_end_matches(|c: char| c.is_alphabetic() || c.is_whitespace());
    if let Some(whole) = text.split_once('.').and_then(|(whole, zeros)| {
        let numeric = !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit());
        (numeric && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0')).then_some(whole)
    }) {
        return Ok(whole.to_owned());
    }
    scientific(text).unwrap_or_else(|| Ok(text.to_owned()))
}

/// `1.3800138000E+10` as its digits; `precision_lost` when the mantissa has fewer digits than the number
/// (`1.38001E+10`). `None` when the text is not in scientific notation.
fn scientific(text: &str) -> Option<Result<String, CellError>> {
    let (mantissa, exponent) = text.split_once(['e', 'E'])?;
    let exponent: usize = exponent.strip_prefix('+').unwrap_or(exponent).parse().ok().filter(|e| *e <= 30)?;
    let (lead, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if lead.len() != 1 || !(fraction.is_empty() || digits(fraction)) || !digits(lead) {
        return None;
    }
    let written = format!("{lead}{fraction}");
    if written.len() < exponent + 1 {
        return Some(Err(CellError::new(
            ErrorCode::PrecisionLost,
            format!(
                "{text} is a number Excel shortened to scientific notation, losing its last digits: format the \
                 column as text in Excel and export again"
            ),
        )));
    }
    let (integer, decimals) = written.split_at(exponent + 1);
    Some(if decimals.bytes().all(|b| b == b'0') { Ok(integer.to_owned()) } else { Ok(text.to_owned()) })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn mobile(cell: &str) -> Result<String, ErrorCode> {
        parse_mobile(cell).map(|read| read.number.as_str().to_owned()).map_err(|e| e.code)
    }

    fn phone(cell: &str) -> Result<String, ErrorCode> {
        parse_phone(cell).map(|read| read.number.as_str().to_owned()).map_err(|e| e.code)
    }

    #[test]
    fn typed_mobiles_normalise() {
        for cell in [
            "13800138000",
            "+86 138-0013-8000",
            "+86 138 0013 8000",
            "0086-13800138000",
            "１３８００１３８０００",
            "=\"13800138000\"",
            "'13800138000",
            "手机：13800138000",
            "Mobile: 138 0013 8000",
            "13800138000（微信同号）",
            "张总 13800138000",
            "13800138000 王经理",
        ] {
            assert_eq!(mobile(cell), Ok("13800138000".to_owned()), "{cell}");
        }
    }

    #[test]
    fn numbers_excel_stored_as_numbers_are_read_when_no_digit_was_lost() {
        assert_eq!(mobile("13800138000.0"), Ok("13800138000".to_owned()));
        assert_eq!(mobile("1.3800138000E+10"), Ok("13800138000".to_owned()));
        assert_eq!(mobile("1.38001380E+10"), Err(ErrorCode::PrecisionLost));
        let lost = parse_mobile("1.38001E+10").unwrap_err();
        assert_eq!(lost.code, ErrorCode::PrecisionLost);
        assert!(lost.message.contains("format the column as text"), "{}", lost.message);
        assert_eq!(phone("1.38001E+10"), Err(ErrorCode::PrecisionLost));
    }

    #[test]
    fn a_landline_that_lost_its_leading_zero_gets_it_back_with_a_warning() {
        let read = parse_phone("57188886666").unwrap();
        assert_eq!(read.number.as_str(), "0571-88886666");
        assert!(read.restored_zero);
        assert_eq!(read.warnings()[0].code, WarningCode::LeadingZeroRestored);
        assert_eq!(phone("1088886666"), Ok("010-88886666".to_owned()));
        assert_eq!(phone("2168888888.0"), Ok("021-68888888".to_owned()));
        assert_eq!(mobile("57188886666"), Err(ErrorCode::InvalidFormat));
        assert_eq!(phone("12345678901"), Err(ErrorCode::InvalidFormat));
    }

    #[test]
    fn landlines_keep_their_extension() {
        assert_eq!(phone("0571-88886666 转 8001"), Ok("0571-88886666-8001".to_owned()));
        assert_eq!(phone("（0571）8888 6666"), Ok("0571-88886666".to_owned()));
        assert_eq!(phone("Tel: 010-88886666 ext 12"), Ok("010-88886666-12".to_owned()));
        assert!(parse_phone("0571-88886666").unwrap().warnings().is_empty());
    }

    #[test]
    fn several_numbers_keep_the_first_and_report_the_rest() {
        let read = parse_mobile("13800138000, 13900139000；13700137000").unwrap();
        assert_eq!(read.number.as_str(), "13800138000");
        assert_eq!(read.dropped, ["13900139000", "13700137000"]);
        let warnings = read.warnings();
        assert_eq!(warnings[0].code, WarningCode::ValuesDropped);
        assert!(warnings[0].message.contains("13900139000"), "{}", warnings[0].message);

        let spaced = parse_mobile("13800138000 13900139000").unwrap();
        assert_eq!(
            (spaced.number.as_str(), spaced.dropped.as_slice()),
            ("13800138000", &["13900139000".to_owned()][..])
        );

        let mixed = parse_phone("0571-88886666 / 13800138000").unwrap();
        assert_eq!(mixed.number.as_str(), "0571-88886666");
        assert_eq!(mixed.dropped, ["13800138000"]);
    }

    #[test]
    fn a_mobile_column_keeps_the_first_mobile() {
        let read = parse_mobile("0571-88886666、13800138000").unwrap();
        assert_eq!(read.number.as_str(), "13800138000");
        assert_eq!(read.dropped, ["0571-88886666"]);
    }

    #[test]
    fn cells_without_a_usable_number_are_refused() {
        assert_eq!(mobile(""), Err(ErrorCode::Empty));
        assert_eq!(mobile("无"), Err(ErrorCode::Empty));
        assert_eq!(mobile("#N/A"), Err(ErrorCode::Empty));
        assert_eq!(mobile("#REF!"), Err(ErrorCode::ExcelError));
        assert_eq!(mobile("1380013800"), Err(ErrorCode::InvalidFormat));
        assert_eq!(mobile("abc, def"), Err(ErrorCode::InvalidFormat));
        assert_eq!(phone("88886666"), Err(ErrorCode::InvalidFormat));
        let refused = parse_mobile("0571-88886666").unwrap_err();
        assert!(refused.message.starts_with("0571-88886666: "), "{}", refused.message);
    }

    proptest! {
        #[test]
        fn any_text_gives_a_number_or_an_error(cell in any::<String>()) {
            let _ = parse_mobile(&cell);
            let _ = parse_phone(&cell);
        }

        #[test]
        fn phone_like_text_gives_a_number_or_an_error(cell in "[0-9+()eE., /;:转-]{0,30}") {
            let _ = parse_mobile(&cell);
            let _ = parse_phone(&cell);
        }

        #[test]
        fn every_mobile_survives_excel_and_separators(second in 3u8..=9, rest in "[0-9]{9}") {
            let number = format!("1{second}{rest}");
            for cell in [format!("{number}.0"), format!("+86 {number}"), format!("{number}, 13800138000")] {
                prop_assert_eq!(mobile(&cell), Ok(number.clone()));
            }
        }
    }
}
