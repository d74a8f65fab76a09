//! What can be wrong with one cell of an imported file, and what the import may point out about a cell it
//! accepted. Codes are stable snake_case strings the row report and the SPA match on; messages are
//! English and say what to change in the file.

use crate::DomainError;
use crate::error::FieldErrorCode;

/// Why a cell could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The cell is blank, or a placeholder such as `-` or `无`.
    Empty,
    /// The cell holds an Excel error value (`#REF!`, `#VALUE!`…), not data.
    ExcelError,
    /// The text is not in any accepted form.
    InvalidFormat,
    /// The date is written correctly but is not a day of the calendar (`2024-02-30`).
    InvalidDate,
    /// `03/04/2024` can be 3 April or 4 March: the day order must be chosen.
    AmbiguousDate,
    /// A date or serial number outside the accepted years.
    OutOfRange,
    /// A negative amount where amounts cannot be negative.
    Negative,
    /// An estimate or a range (`约10万`, `10-20万`, `100万以上`, `面议`) rather than an amount.
    NotExact,
    /// An amount in another currency than CNY.
    ForeignCurrency,
    /// A number too large (or too finely divided) to be held exactly.
    TooLarge,
    /// Excel turned a long number into scientific notation and dropped its last digits (`1.38001E+10`).
    PrecisionLost,
    /// No dictionary value matches.
    NoMatch,
    /// Several dictionary values match equally well.
    AmbiguousValue,
}

impl ErrorCode {
    /// The same rule in the table of field error codes.
    pub fn field_code(self) -> FieldErrorCode {
        match self {
            Self::Empty => FieldErrorCode::Empty,
            Self::ExcelError => FieldErrorCode::ExcelError,
            Self::InvalidFormat => FieldErrorCode::InvalidFormat,
            Self::InvalidDate => FieldErrorCode::InvalidDate,
            Self::AmbiguousDate => FieldErrorCode::AmbiguousDate,
            Self::OutOfRange => FieldErrorCode::OutOfRange,
            Self::Negative => FieldErrorCode::Negative,
            Self::NotExact => FieldErrorCode::NotExact,
            Self::ForeignCurrency => FieldErrorCode::ForeignCurrency,
            Self::TooLarge => FieldErrorCode::TooLarge,
            Self::PrecisionLost => FieldErrorCode::PrecisionLost,
            Self::NoMatch => FieldErrorCode::NoMatch,
            Self::AmbiguousValue => FieldErrorCode::AmbiguousValue,
        }
    }

    /// The snake_case code, as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::ExcelError => "excel_error",
            Self::InvalidFormat => "invalid_format",
            Self::InvalidDate => "invalid_date",
            Self::AmbiguousDate => "ambiguous_date",
            Self::OutOfRange => "out_of_range",
            Self::Negative => "negative",
            Self::NotExact => "not_exact",
            Self::ForeignCurrency => "foreign_currency",
            Self::TooLarge => "too_large",
            Self::PrecisionLost => "precision_lost",
            Self::NoMatch => "no_match",
            Self::AmbiguousValue => "ambiguous_value",
        }
    }
}

/// A cell that could not be read: a stable code and a message saying what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CellError {
    /// What kind of problem.
    pub code: ErrorCode,
    /// An English explanation naming the offending text; clients translate by `code`.
    pub message: String,
}

impl CellError {
    /// A problem of kind `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The error for a blank cell.
    pub fn empty() -> Self {
        Self::new(ErrorCode::Empty, "the cell is empty")
    }

    /// The same problem as a [`DomainError`] on the target field `field` (`contact.mobile`…).
    pub fn into_domain(self, field: &'static str) -> DomainError {
        DomainError::new(field, self.code.field_code(), self.message)
    }
}

/// Something the import changed or left out in a cell it accepted, for the row report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// The cell held several values and only one was kept.
    ValuesDropped,
    /// Excel had stored a landline as a number and lost its leading `0`; it was put back.
    LeadingZeroRestored,
}

impl WarningCode {
    /// The snake_case code, as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValuesDropped => "values_dropped",
            Self::LeadingZeroRestored => "leading_zero_restored",
        }
    }
}

/// A change the import made to an accepted cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellWarning {
    /// What kind of change.
    pub code: WarningCode,
    /// An English explanation naming the values involved.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_error_becomes_a_domain_error_on_the_target_field() {
        let error = CellError::new(ErrorCode::AmbiguousDate, "03/04/2024 is ambiguous").into_domain("first_coop_date");
        assert_eq!(error.field, "first_coop_date");
        assert_eq!(error.code.as_str(), "ambiguous_date");
        assert_eq!(error.message, "03/04/2024 is ambiguous");
    }
}
