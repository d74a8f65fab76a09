//! Field errors of the forms (customers, follow-ups, demands, tasks, the calendar): one message per
//! field, from the same rules as the server (`crm_domain`) before sending, and from the server's 422
//! after.

use std::collections::BTreeMap;

use crate::api::ApiError;
use crate::i18n::{Locale, td_string};

/// Field name (as on the wire, `contacts[1].mobile`) → message.
pub type FieldErrors = BTreeMap<String, String>;

/// The message for a rule code.
pub fn for_code(locale: Locale, code: &str) -> &'static str {
    match code {
        "required" => td_string!(locale, field_errors.required),
        "too_long" => td_string!(locale, field_errors.too_long),
        "invalid_check" => td_string!(locale, field_errors.invalid_check),
        "invalid_birth_date" => td_string!(locale, field_errors.invalid_birth_date),
        "invalid_length" | "invalid_character" | "invalid_format" => td_string!(locale, field_errors.invalid_format),
        "unknown_code" | "disabled_code" | "unknown" => td_string!(locale, field_errors.unknown_code),
        "negative" => td_string!(locale, field_errors.negative),
        "too_precise" => td_string!(locale, field_errors.too_precise),
        "too_large" => td_string!(locale, field_errors.too_large),
        "before_first" => td_string!(locale, field_errors.before_first),
        "not_applicable" => td_string!(locale, field_errors.not_applicable),
        "several_primary" => td_string!(locale, field_errors.several_primary),
        "duplicate" => td_string!(locale, field_errors.duplicate),
        "in_future" => td_string!(locale, field_errors.in_future),
        "not_in_future" => td_string!(locale, field_errors.not_in_future),
        "in_past" => td_string!(locale, field_errors.in_past),
        "unchanged" => td_string!(locale, field_errors.unchanged),
        "too_early" => td_string!(locale, field_errors.too_early),
        "too_far" => td_string!(locale, field_errors.too_far),
        "make_up_not_weekend" => td_string!(locale, field_errors.make_up_not_weekend),
        "holiday_on_weekend" => td_string!(locale, field_errors.holiday_on_weekend),
        "confirmation_required" => td_string!(locale, field_errors.confirmation_required),
        "not_allowed" => td_string!(locale, field_errors.not_allowed),
        _ => td_string!(locale, field_errors.invalid),
    }
}

/// The field errors of a 422 (or 409 duplicate) answer.
pub fn from_problem(locale: Locale, error: &ApiError) -> FieldErrors {
    match error {
        ApiError::Problem(problem) => {
            problem.errors.iter().map(|e| (e.field.clone(), for_code(locale, &e.code).to_owned())).collect()
        }
        ApiError::Network => FieldErrors::new(),
    }
}
