//! Custom fields (自定义字段): what an administrator may define and which values a customer's custom
//! field accepts. Keys are `^[a-z][a-z0-9_]{0,39}$`; text holds at most 200 characters, long text
//! 2000; numbers are `i64`; decimals are strings with at most 4 decimal places (`"12.50"`); dates are
//! ISO 8601 days (`2024-05-01`); select fields take the codes of their options.
//!
//! Errors name the field `custom_fields`; the server adds the key (`custom_fields.budget_year`).

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::DomainError;
use crate::error::FieldErrorCode;

/// What an error names before the server adds the key.
const FIELD: &str = "custom_fields";
/// The longest text value.
pub const TEXT_MAX: usize = 200;
/// The longest long-text value.
pub const LONG_TEXT_MAX: usize = 2000;
/// The longest key.
pub const KEY_MAX: usize = 40;
/// The most decimal places of a decimal value.
pub const DECIMAL_SCALE_MAX: u32 = 4;

/// The kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// A paragraph.
    LongText,
    /// A whole number.
    Number,
    /// A decimal number, as a string.
    Decimal,
    /// A calendar day.
    Date,
    /// One option.
    SingleSelect,
    /// Any number of options.
    MultiSelect,
    /// Yes or no.
    Boolean,
}

impl FieldType {
    /// Every type.
    pub const ALL: [Self; 8] = [
        Self::Text,
        Self::LongText,
        Self::Number,
        Self::Decimal,
        Self::Date,
        Self::SingleSelect,
        Self::MultiSelect,
        Self::Boolean,
    ];

    /// The snake_case name, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::LongText => "long_text",
            Self::Number => "number",
            Self::Decimal => "decimal",
            Self::Date => "date",
            Self::SingleSelect => "single_select",
            Self::MultiSelect => "multi_select",
            Self::Boolean => "boolean",
        }
    }

    /// The type named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// Whether values are chosen among options.
    pub fn has_options(self) -> bool {
        matches!(self, Self::SingleSelect | Self::MultiSelect)
    }
}

/// A custom field's value, in the shapes JSON gives: booleans, integers, strings and lists of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A boolean field's value.
    Bool(bool),
    /// A number field's value.
    Integer(i64),
    /// A text, long text, decimal, date or single-select field's value.
    Text(String),
    /// A multi-select field's option codes.
    List(Vec<String>),
}

/// What the rules need to know of a field's definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// The key.
    pub key: String,
    /// The type.
    pub field_type: FieldType,
    /// Whether a customer must have a value.
    pub required: bool,
    /// The option codes of a select field.
    pub options: Vec<String>,
    /// A disabled field keeps its stored values but takes no new ones.
    pub is_active: bool,
}

/// A field key: a lowercase letter, then up to 39 lowercase letters, digits and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey(String);

impl FieldKey {
    /// Parses `raw` exactly as given (no trimming).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let mut chars = raw.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && raw.len() <= KEY_MAX;
        if valid {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::new(
                "key",
                FieldErrorCode::InvalidFormat,
                "must be a lowercase letter followed by at most 39 lowercase letters, digits and '_'",
            ))
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn error(code: FieldErrorCode, message: impl Into<String>) -> DomainError {
    DomainError::new(FIELD, code, message)
}

fn wrong_type(expected: &str) -> DomainError {
    error(FieldErrorCode::WrongType, format!("must be {expected}"))
}

fn text(raw: &str, max: usize) -> Result<Option<Value>, DomainError> {
    if raw.chars().count() > max {
        return Err(error(FieldErrorCode::TooLong, format!("must be at most {max} characters")));
    }
    let trimmed = raw.trim();
    Ok((!trimmed.is_empty()).then(|| Value::Text(trimmed.to_owned())))
}

fn decimal(raw: &str) -> Result<Option<Value>, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let unsigned = trimmed.strip_prefix('-').unwrap_or(trimmed);
    let (digits, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let plain = !digits.is_empty()
        && digits.len() <= 24
        && digits.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(trimmed.contains('.') && fraction.is_empty());
    if !plain {
        return Err(error(FieldErrorCode::InvalidFormat, "must be a decimal number such as 12.50"));
    }
    if fraction.len() > DECIMAL_SCALE_MAX as usize {
        return Err(error(FieldErrorCode::TooPrecise, format!("must have at most {DECIMAL_SCALE_MAX} decimal places")));
    }
    Decimal::from_str(trimmed)
        .map_err(|_| error(FieldErrorCode::InvalidFormat, "must be a decimal number such as 12.50"))?;
    Ok(Some(Value::Text(trimmed.to_owned())))
}

fn date(raw: &str) -> Result<Option<Value>, DomainError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let valid = trimmed.len() == 10
        && NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").is_ok_and(|d| d.format("%Y-%m-%d").to_string() == trimmed);
    if valid {
        Ok(Some(Value::Text(trimmed.to_owned())))
    } else {
        Err(error(FieldErrorCode::InvalidDate, "must be a date such as 2024-05-01"))
    }
}

fn option(definition: &Definition, code: &str) -> Result<(), DomainError> {
    if definition.options.iter().any(|o| o == code) {
        Ok(())
    } else {
        Err(error(FieldErrorCode::UnknownOption, format!("{code} is not an option of {}", definition.key)))
    }
}

/// Checks `value` against `definition` and returns it normalised (text trimmed, duplicate options
/// dropped), or `None` when it is empty (blank text, no options chosen), which counts as no value.
pub fn check(definition: &Definition, value: &Value) -> Result<Option<Value>, DomainError> {
    match (definition.field_type, value) {
        (FieldType::Text, Value::Text(raw)) => text(raw, TEXT_MAX),
        (FieldType::LongText, Value::Text(raw)) => text(raw, LONG_TEXT_MAX),
        (FieldType::Number, Value::Integer(n)) => Ok(Some(Value::Integer(*n))),
        (FieldType::Decimal, Value::Text(raw)) => decimal(raw),
        (FieldType::Date, Value::Text(raw)) => date(raw),
        (FieldType::Boolean, Value::Bool(b)) => Ok(Some(Value::Bool(*b))),
        (FieldType::SingleSelect, Value::Text(raw)) => {
            let code = raw.trim();
            if code.is_empty() {
                return Ok(None);
            }
            option(definition, code)?;
            Ok(Some(Value::Text(code.to_owned())))
        }
        (FieldType::MultiSelect, Value::List(codes)) => {
            let mut seen = BTreeSet::new();
            let mut chosen = Vec::new();
            for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
                option(definition, code)?;
                if seen.insert(code) {
                    chosen.push(code.to_owned());
                }
            }
            Ok((!chosen.is_empty()).then_some(Value::List(chosen)))
        }
        (FieldType::Text | FieldType::LongText, _) => Err(wrong_type("a string")),
        (FieldType::Number, _) => Err(wrong_type("an integer")),
        (FieldType::Decimal, _) => Err(wrong_type("a decimal number as a string, such as \"12.50\"")),
        (FieldType::Date, _) => Err(wrong_type("a date string such as \"2024-05-01\"")),
        (FieldType::SingleSelect, _) => Err(wrong_type("an option code")),
        (FieldType::MultiSelect, _) => Err(wrong_type("a list of option codes")),
        (FieldType::Boolean, _) => Err(wrong_type("true or false")),
    }
}

/// Checks a customer's custom field values against the definitions and returns them normalised, or
/// every problem by key.
///
/// `before` holds the stored values of an existing customer (`None` for a new one). A value unchanged
/// from `before` is kept as it is, even for a disabled field; a new or changed value needs a known,
/// active field and must fit it. An active required field must have a value, except that an existing
/// customer that never had one may stay without it.
pub fn check_values(
    definitions: &[Definition],
    before: Option<&BTreeMap<String, Value>>,
    values: &BTreeMap<String, Value>,
) -> Result<BTreeMap<String, Value>, Vec<(String, DomainError)>> {
    let mut problems = Vec::new();
    let mut checked = BTreeMap::new();
    for (key, value) in values {
        if before.and_then(|b| b.get(key)) == Some(value) {
            checked.insert(key.clone(), value.clone());
            continue;
        }
        let Some(definition) = definitions.iter().find(|d| &d.key == key) else {
            problems
                .push((key.clone(), error(FieldErrorCode::UnknownField, format!("there is no custom field {key}"))));
            continue;
        };
        if !definition.is_active {
            problems.push((
                key.clone(),
                error(FieldErrorCode::DisabledField, format!("the custom field {key} is disabled")),
            ));
            continue;
        }
        match check(definition, value) {
            Ok(Some(value)) => {
                checked.insert(key.clone(), value);
            }
            Ok(None) => {}
            Err(e) => problems.push((key.clone(), e)),
        }
    }
    for definition in definitions.iter().filter(|d| d.required && d.is_active) {
        let had = before.is_none_or(|b| b.contains_key(&definition.key));
        if had && !checked.contains_key(&definition.key) && !problems.iter().any(|(k, _)| k == &definition.key) {
            problems.push((definition.key.clone(), error(FieldErrorCode::Required, "must have a value")));
        }
    }
    if problems.is_empty() { Ok(checked) } else { Err(problems) }
}

/// Checks the option codes of a select field's definition: letters, digits and `_`, at most 40
/// characters, no duplicates; a non-select field has none, a select field at least one.
pub fn check_options(field_type: FieldType, codes: &[&str]) -> Result<(), DomainError> {
    let field = "options";
    if !field_type.has_options() {
        return if codes.is_empty() {
            Ok(())
        } else {
            Err(DomainError::new(field, FieldErrorCode::NotApplicable, "only select fields have options"))
        };
    }
    if codes.is_empty() {
        return Err(DomainError::new(field, FieldErrorCode::Required, "a select field needs at least one option"));
    }
    let mut seen = BTreeSet::new();
    for code in codes {
        if code.is_empty() || code.len() > 40 || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(DomainError::new(
                field,
                FieldErrorCode::InvalidFormat,
                "option codes are 1 to 40 letters, digits and '_'",
            ));
        }
        if !seen.insert(*code) {
            return Err(DomainError::new(field, FieldErrorCode::Duplicate, format!("the option {code} appears twice")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn field(field_type: FieldType) -> Definition {
        Definition {
            key: "f".into(),
            field_type,
            required: false,
            options: vec!["a".into(), "b".into(), "c".into()],
            is_active: true,
        }
    }

    fn text_value(text: &str) -> Value {
        Value::Text(text.into())
    }

    fn code(result: Result<Option<Value>, DomainError>) -> &'static str {
        result.unwrap_err().code.as_str()
    }

    #[test]
    fn types_round_trip_through_their_names() {
        for field_type in FieldType::ALL {
            assert_eq!(FieldType::parse(field_type.as_str()), Some(field_type));
        }
        assert_eq!(FieldType::parse("float"), None);
        assert!(FieldType::MultiSelect.has_options() && !FieldType::Text.has_options());
    }

    #[test]
    fn keys_are_lowercase_identifiers_of_at_most_40_characters() {
        for good in ["a", "budget_year", "vip2", &format!("k{}", "x".repeat(39))] {
            assert_eq!(FieldKey::parse(good).map(|k| k.as_str().to_owned()), Ok(good.to_owned()));
        }
        for bad in ["", "1a", "_a", "Budget", "a-b", " a", "a ", "预算", &format!("k{}", "x".repeat(40))] {
            assert_eq!(FieldKey::parse(bad).unwrap_err().code.as_str(), "invalid_format", "{bad}");
        }
    }

    #[test]
    fn text_is_trimmed_and_limited_to_200_characters_counted_before_trimming() {
        let text = field(FieldType::Text);
        assert_eq!(check(&text, &text_value("  华东 ")), Ok(Some(text_value("华东"))));
        assert_eq!(check(&text, &text_value("   ")), Ok(None));
        assert!(check(&text, &text_value(&"字".repeat(200))).is_ok());
        assert_eq!(code(check(&text, &text_value(&"字".repeat(201)))), "too_long");
        assert_eq!(code(check(&text, &text_value(&format!("{} ", "a".repeat(200))))), "too_long");
        assert_eq!(code(check(&text, &Value::Integer(1))), "wrong_type");
    }

    #[test]
    fn long_text_takes_2000_characters() {
        let long = field(FieldType::LongText);
        assert!(check(&long, &text_value(&"a".repeat(2000))).is_ok());
        assert_eq!(code(check(&long, &text_value(&"a".repeat(2001)))), "too_long");
        assert_eq!(code(check(&long, &Value::List(vec![]))), "wrong_type");
    }

    #[test]
    fn numbers_are_integers_only() {
        let number = field(FieldType::Number);
        assert_eq!(check(&number, &Value::Integer(i64::MIN)), Ok(Some(Value::Integer(i64::MIN))));
        assert_eq!(code(check(&number, &text_value("12"))), "wrong_type");
        assert_eq!(code(check(&number, &Value::Bool(true))), "wrong_type");
    }

    #[test]
    fn decimals_are_plain_strings_with_at_most_four_places() {
        let decimal = field(FieldType::Decimal);
        for good in ["12.50", "0", "-3.1416", "123456789012345678901234", " 7.5 "] {
            assert_eq!(check(&decimal, &text_value(good)), Ok(Some(text_value(good.trim()))), "{good}");
        }
        assert_eq!(check(&decimal, &text_value("")), Ok(None));
        assert_eq!(code(check(&decimal, &text_value("1.23456"))), "too_precise");
        for bad in ["abc", "1e5", "1.", ".5", "--1", "1,000", "+1", "NaN", "1.2.3", "1234567890123456789012345"] {
            assert_eq!(code(check(&decimal, &text_value(bad))), "invalid_format", "{bad}");
        }
        assert_eq!(code(check(&decimal, &Value::Integer(12))), "wrong_type");
    }

    #[test]
    fn dates_are_real_iso_days() {
        let date = field(FieldType::Date);
        assert_eq!(check(&date, &text_value("2024-05-01")), Ok(Some(text_value("2024-05-01"))));
        assert!(check(&date, &text_value("2024-02-29")).is_ok());
        for bad in ["2023-02-29", "2024-5-1", "2024/05/01", "20240501", "2024-05-01T00:00:00Z", "+2024-05-01"] {
            assert_eq!(code(check(&date, &text_value(bad))), "invalid_date", "{bad}");
        }
        assert_eq!(code(check(&date, &Value::Integer(20_240_501))), "wrong_type");
    }

    #[test]
    fn booleans_are_booleans() {
        let boolean = field(FieldType::Boolean);
        assert_eq!(check(&boolean, &Value::Bool(false)), Ok(Some(Value::Bool(false))));
        assert_eq!(code(check(&boolean, &text_value("true"))), "wrong_type");
        assert_eq!(code(check(&boolean, &Value::Integer(1))), "wrong_type");
    }

    #[test]
    fn select_fields_take_only_their_option_codes() {
        let single = field(FieldType::SingleSelect);
        assert_eq!(check(&single, &text_value("b")), Ok(Some(text_value("b"))));
        assert_eq!(code(check(&single, &text_value("z"))), "unknown_option");
        assert_eq!(code(check(&single, &Value::List(vec!["a".into()]))), "wrong_type");
        let multi = field(FieldType::MultiSelect);
        let chosen = Value::List(vec!["c".into(), "a".into(), "c".into(), " ".into()]);
        assert_eq!(check(&multi, &chosen), Ok(Some(Value::List(vec!["c".into(), "a".into()]))));
        assert_eq!(check(&multi, &Value::List(vec![])), Ok(None));
        assert_eq!(code(check(&multi, &Value::List(vec!["a".into(), "z".into()]))), "unknown_option");
        assert_eq!(code(check(&multi, &text_value("a"))), "wrong_type");
    }

    fn definitions() -> Vec<Definition> {
        vec![
            Definition { key: "region".into(), required: true, ..field(FieldType::Text) },
            Definition { key: "vip".into(), ..field(FieldType::Boolean) },
            Definition { key: "old".into(), is_active: false, ..field(FieldType::Number) },
            Definition { key: "retired".into(), required: true, is_active: false, ..field(FieldType::Text) },
        ]
    }

    fn values(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    fn codes_of(problems: Vec<(String, DomainError)>) -> Vec<(String, &'static str)> {
        problems.into_iter().map(|(key, e)| (key, e.code.as_str())).collect()
    }

    #[test]
    fn a_new_customer_needs_known_active_fields_and_its_required_ones() {
        let defs = definitions();
        let ok = values(&[("region", text_value(" 华东 ")), ("vip", Value::Bool(true))]);
        assert_eq!(
            check_values(&defs, None, &ok),
            Ok(values(&[("region", text_value("华东")), ("vip", Value::Bool(true))]))
        );
        let bad = values(&[("nope", Value::Bool(true)), ("old", Value::Integer(1)), ("vip", text_value("yes"))]);
        assert_eq!(
            codes_of(check_values(&defs, None, &bad).unwrap_err()),
            [
                ("nope".to_owned(), "unknown_field"),
                ("old".to_owned(), "disabled_field"),
                ("vip".to_owned(), "wrong_type"),
                ("region".to_owned(), "required"),
            ]
        );
        let blank = values(&[("region", text_value("  "))]);
        assert_eq!(codes_of(check_values(&defs, None, &blank).unwrap_err()), [("region".to_owned(), "required")]);
    }

    #[test]
    fn an_existing_customer_keeps_unchanged_values_and_cannot_clear_required_ones() {
        let defs = definitions();
        let before =
            values(&[("region", text_value("华东")), ("old", Value::Integer(3)), ("legacy", Value::Bool(true))]);
        assert_eq!(check_values(&defs, Some(&before), &before), Ok(before.clone()));
        let changed = values(&[("region", text_value("华东")), ("old", Value::Integer(4))]);
        assert_eq!(
            codes_of(check_values(&defs, Some(&before), &changed).unwrap_err()),
            [("old".to_owned(), "disabled_field")]
        );
        let cleared = values(&[("old", Value::Integer(3))]);
        assert_eq!(
            codes_of(check_values(&defs, Some(&before), &cleared).unwrap_err()),
            [("region".to_owned(), "required")]
        );
        let never_had = BTreeMap::new();
        assert_eq!(check_values(&defs, Some(&never_had), &never_had), Ok(BTreeMap::new()));
    }

    #[test]
    fn option_lists_fit_their_field_type() {
        assert_eq!(check_options(FieldType::SingleSelect, &["a", "B_2"]), Ok(()));
        assert_eq!(check_options(FieldType::Text, &[]), Ok(()));
        assert_eq!(check_options(FieldType::Text, &["a"]).unwrap_err().code.as_str(), "not_applicable");
        assert_eq!(check_options(FieldType::MultiSelect, &[]).unwrap_err().code.as_str(), "required");
        assert_eq!(check_options(FieldType::MultiSelect, &["a", "a"]).unwrap_err().code.as_str(), "duplicate");
        assert_eq!(check_options(FieldType::MultiSelect, &["a b"]).unwrap_err().code.as_str(), "invalid_format");
        assert_eq!(check_options(FieldType::MultiSelect, &[""]).unwrap_err().code.as_str(), "invalid_format");
    }

    proptest! {
        #[test]
        fn every_valid_date_is_accepted(days in 0_i64..3_000_000) {
            let day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap() + chrono::Duration::days(days);
            let text = day.format("%Y-%m-%d").to_string();
            prop_assume!(text.len() == 10);
            prop_assert_eq!(check(&field(FieldType::Date), &Value::Text(text.clone())), Ok(Some(Value::Text(text))));
        }

        #[test]
        fn every_key_matching_the_pattern_parses(key in "[a-z][a-z0-9_]{0,39}") {
            prop_assert!(FieldKey::parse(&key).is_ok());
        }

        #[test]
        fn text_within_the_limit_never_fails(text in "\\PC{0,200}") {
            prop_assert!(check(&field(FieldType::Text), &Value::Text(text)).is_ok());
        }

        #[test]
        fn decimals_with_up_to_four_places_are_accepted(whole in any::<i64>(), places in 0_u32..=4) {
            let value = Decimal::new(whole, places).to_string();
            prop_assert!(check(&field(FieldType::Decimal), &Value::Text(value)).is_ok());
        }
    }
}
