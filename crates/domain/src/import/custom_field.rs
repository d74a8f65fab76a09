//! Custom fields as import targets: one cell read by the field's type with the import's transforms,
//! into the value [`crate::custom_field::check_values`] then checks exactly as for a customer typed
//! into the form.
//!
//! Text and long text are cleaned; numbers and decimals are read as amounts (thousands separators,
//! `万`, the unit in the header) and a number must be whole; dates take every form [`super::date`]
//! accepts, Excel serials included; booleans are `是`/`否`, `yes`/`no`, `true`/`false`, `1`/`0`, `√`/`×`;
//! select options are looked up by the caller (usually [`super::dictionary::lookup`] over the options,
//! after the import's own table of texts), a multi-select cell split on `、` `,` `，` `;` `；` `/` and
//! each part looked up.

use rust_decimal::Decimal;

use super::dictionary;
use super::{CellError, ErrorCode, amount, date, text};
use crate::custom_field::{FieldType, Value};

/// Texts that mean yes, compared by [`dictionary::key`].
const YES: [&str; 10] = ["是", "yes", "y", "true", "1", "√", "✓", "✔", "对", "有"];
/// Texts that mean no.
const NO: [&str; 10] = ["否", "no", "n", "false", "0", "×", "✗", "✘", "x", "无"];

/// A boolean cell.
pub fn boolean(cell: &str) -> Result<bool, CellError> {
    let cleaned = text::clean(cell);
    let key = dictionary::key(&cleaned);
    let key = if key.is_empty() { cleaned.trim().to_owned() } else { key };
    if YES.contains(&key.as_str()) {
        Ok(true)
    } else if NO.contains(&key.as_str()) {
        Ok(false)
    } else {
        Err(CellError::new(ErrorCode::InvalidFormat, format!("{cleaned} is not yes or no: write 是 or 否")))
    }
}

/// A number cell: whole, within `i64`.
fn number(cell: &str, header: &str) -> Result<i64, CellError> {
    let value = decimal(cell, header)?;
    if !value.fract().is_zero() {
        return Err(CellError::new(ErrorCode::InvalidFormat, format!("{value} is not a whole number")));
    }
    i64::try_from(value.trunc())
        .map_err(|_| CellError::new(ErrorCode::TooLarge, format!("{value} is too large for a number field")))
}

fn decimal(cell: &str, header: &str) -> Result<Decimal, CellError> {
    let rules = amount::Rules { unit: amount::Unit::from_header(header)?, allow_negative: true };
    amount::parse(cell, rules).map(|d| d.normalize())
}

/// A multi-select cell's parts: [`text::split_list`], then `/`.
fn parts(cell: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for part in text::split_list(cell).iter().flat_map(|p| p.split(['/', '／'])) {
        let part = text::clean(part);
        if !part.is_empty() && !parts.iter().any(|p| *p == part) {
            parts.push(part.into_owned());
        }
    }
    parts
}

/// Reads one cell of a column mapped to a custom field of type `field_type` under `header`; `option`
/// gives the option code a text of a select field means. `Ok(None)` for an empty cell.
pub fn read(
    field_type: FieldType,
    option: &mut dyn FnMut(&str) -> Result<String, CellError>,
    header: &str,
    cell: &str,
    order: date::DateOrder,
) -> Result<Option<Value>, CellError> {
    let Some(cell) = text::filled(cell)? else { return Ok(None) };
    let value = match field_type {
        FieldType::Text => Value::Text(text::clean(cell).into_owned()),
        FieldType::LongText => Value::Text(text::clean_multiline(cell)),
        FieldType::Number => Value::Integer(number(cell, header)?),
        FieldType::Decimal => Value::Text(decimal(cell, header)?.to_string()),
        FieldType::Date => Value::Text(date::parse_date(cell, order)?.format("%Y-%m-%d").to_string()),
        FieldType::Boolean => Value::Bool(boolean(cell)?),
        FieldType::SingleSelect => Value::Text(option(cell)?),
        FieldType::MultiSelect => {
            let mut codes: Vec<String> = Vec::new();
            for part in parts(cell) {
                let code = option(&part)?;
                // Two texts may stand for one option.
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            Value::List(codes)
        }
    };
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::import::dictionary::Entry;

    const OPTIONS: [Entry<'static>; 3] = [
        Entry { code: "east", label: "华东", label_en: "East" },
        Entry { code: "south", label: "华南", label_en: "South" },
        Entry { code: "north", label: "华北", label_en: "North" },
    ];

    fn read_as(field_type: FieldType, cell: &str) -> Result<Option<Value>, CellError> {
        let mut option =
            |part: &str| dictionary::lookup(&OPTIONS, part).map(|m| m.code.to_owned()).map_err(CellError::from);
        read(field_type, &mut option, "列", cell, date::DateOrder::Auto)
    }

    fn text(value: &str) -> Result<Option<Value>, CellError> {
        Ok(Some(Value::Text(value.to_owned())))
    }

    #[test]
    fn booleans_are_read_in_chinese_and_english() {
        for yes in ["是", "Yes", "TRUE", "1", "√", " ｙｅｓ "] {
            assert_eq!(boolean(yes), Ok(true), "{yes}");
        }
        for no in ["否", "no", "False", "0", "×"] {
            assert_eq!(boolean(no), Ok(false), "{no}");
        }
        assert_eq!(boolean("也许").map_err(|e| e.code), Err(ErrorCode::InvalidFormat));
    }

    #[test]
    fn dates_take_every_accepted_form() {
        assert_eq!(read_as(FieldType::Date, "2024/5/1"), text("2024-05-01"));
        assert_eq!(read_as(FieldType::Date, "2024年5月1日"), text("2024-05-01"));
        assert_eq!(read_as(FieldType::Date, "45413"), text("2024-05-01"));
        assert_eq!(read_as(FieldType::Date, "2024-02-30").map_err(|e| e.code), Err(ErrorCode::InvalidDate));
    }

    #[test]
    fn numbers_and_decimals_are_read_as_amounts() {
        assert_eq!(read_as(FieldType::Number, "1,200"), Ok(Some(Value::Integer(1200))));
        assert_eq!(read_as(FieldType::Number, "3万"), Ok(Some(Value::Integer(30_000))));
        assert_eq!(read_as(FieldType::Number, "1.5").map_err(|e| e.code), Err(ErrorCode::InvalidFormat));
        assert_eq!(read_as(FieldType::Decimal, "1,234.50"), text("1234.5"));
        assert_eq!(read_as(FieldType::Decimal, "-2.25"), text("-2.25"));
        let mut no_options = |_: &str| Err(CellError::new(ErrorCode::NoMatch, "no options"));
        assert_eq!(
            read(FieldType::Decimal, &mut no_options, "预算(万元)", "1.5", date::DateOrder::Auto),
            text("15000")
        );
    }

    #[test]
    fn options_match_by_code_or_label() {
        assert_eq!(read_as(FieldType::SingleSelect, "华南"), text("south"));
        assert_eq!(read_as(FieldType::SingleSelect, "east"), text("east"));
        assert_eq!(read_as(FieldType::SingleSelect, "North"), text("north"));
        assert_eq!(read_as(FieldType::SingleSelect, "西北").map_err(|e| e.code), Err(ErrorCode::NoMatch));
        assert_eq!(
            read_as(FieldType::MultiSelect, "华东、华南/north，华东、East"),
            Ok(Some(Value::List(vec!["east".into(), "south".into(), "north".into()])))
        );
    }

    #[test]
    fn text_is_cleaned_and_empty_cells_are_no_value() {
        assert_eq!(read_as(FieldType::Text, " 　重点\u{200b}项目 "), text("重点项目"));
        assert_eq!(read_as(FieldType::Boolean, "  "), Ok(None));
        assert_eq!(read_as(FieldType::Text, "#REF!").map_err(|e| e.code), Err(ErrorCode::ExcelError));
    }

    proptest! {
        #[test]
        fn any_cell_reads_or_says_why(cell in any::<String>(), index in 0_usize..8) {
            let _ = read_as(FieldType::ALL[index], &cell);
        }
    }
}
