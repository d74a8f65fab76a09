//! Collecting field errors so that one 422 response lists them all.

use crm_types::{FieldError, FieldErrorCode};

use crate::error::ApiError;

/// Collects field errors so that one response lists them all.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    /// Records an error on `field`.
    pub fn add(&mut self, field: &str, code: FieldErrorCode, message: &str) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// Records a domain rule violation.
    pub fn domain(&mut self, error: crm_domain::DomainError) {
        self.add(error.field, error.code, &error.message);
    }

    /// A required text: trimmed, not empty, at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(field, FieldErrorCode::Required, "must not be empty");
        } else {
            self.check_text(field, value, max);
        }
        trimmed.to_owned()
    }

    /// An optional text: trimmed, `None` when blank, at most `max` characters.
    pub fn optional(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let value = value?;
        self.check_text(field, value, max);
        Some(value.trim()).filter(|v| !v.is_empty()).map(str::to_owned)
    }

    /// At most `max` characters, and no control characters but tabs and line breaks (a NUL or an
    /// escape pasted from elsewhere would be stored, searched and exported as garbage, and PostgreSQL
    /// refuses NUL in text).
    fn check_text(&mut self, field: &str, value: &str, max: usize) {
        if value.chars().count() > max {
            self.add(field, FieldErrorCode::TooLong, &format!("must be at most {max} characters"));
        }
        if value.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
            self.add(field, FieldErrorCode::InvalidCharacter, "must not contain control characters");
        }
    }

    /// 422 with every recorded error, or Ok.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.0)) }
    }
}

/// 400 naming the first query parameter longer than its documented maximum.
pub fn check_lengths(parameters: &[(&str, Option<&str>, usize)]) -> Result<(), ApiError> {
    for (name, value, max) in parameters {
        if value.is_some_and(|v| v.chars().count() > *max) {
            return Err(ApiError::BadRequest(format!("{name} is at most {max} characters.")));
        }
    }
    Ok(())
}

/// A list's page size: `default` when absent, 400 outside 1..=`max`.
pub fn page_limit(limit: Option<u32>, default: u32, max: u32) -> Result<u64, ApiError> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::BadRequest(format!("limit must be between 1 and {max}.")));
    }
    Ok(u64::from(limit))
}

/// Cuts a page fetched with `limit + 1` rows down to `limit`, and gives the cursor of its last row when
/// there is more to read.
pub fn next_cursor<T>(rows: &mut Vec<T>, limit: u64, cursor: impl Fn(&T) -> String) -> Option<String> {
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    if more { rows.last().map(cursor) } else { None }
}
