//! The one error type of the domain: a rule that a value broke.

pub use crm_types::FieldErrorCode;

/// A broken business rule, with a stable machine-readable `code` and a human message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct DomainError {
    /// The field the rule is about (`password`, `phone`…), as named on the wire.
    pub field: &'static str,
    /// The rule, from the one table of field error codes.
    pub code: FieldErrorCode,
    /// An English explanation; clients translate by `code`.
    pub message: String,
}

impl DomainError {
    /// A rule violation on `field`.
    pub fn new(field: &'static str, code: FieldErrorCode, message: impl Into<String>) -> Self {
        Self { field, code, message: message.into() }
    }
}
