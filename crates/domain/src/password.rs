//! The password policy: at least 8 characters, with letters, digits and a special character.

use crate::DomainError;
use crate::error::FieldErrorCode;

/// The shortest password the policy accepts.
pub const MIN_LENGTH: usize = 8;
/// The longest password accepted, so that hashing cost stays bounded.
pub const MAX_LENGTH: usize = 128;

/// A password that satisfies the policy. The plain text never leaves this type except to be hashed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    /// Checks `raw` against the policy.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let err = |code, message: &str| Err(DomainError::new("password", code, message));
        let length = raw.chars().count();
        if length < MIN_LENGTH {
            return err(FieldErrorCode::TooShort, "must be at least 8 characters long");
        }
        if length > MAX_LENGTH {
            return err(FieldErrorCode::TooLong, "must be at most 128 characters long");
        }
        if raw.chars().any(char::is_control) {
            return err(FieldErrorCode::InvalidCharacter, "must not contain control characters");
        }
        if !raw.chars().any(char::is_alphabetic) {
            return err(FieldErrorCode::MissingLetter, "must contain a letter");
        }
        if !raw.chars().any(|c| c.is_ascii_digit()) {
            return err(FieldErrorCode::MissingDigit, "must contain a digit");
        }
        if !raw.chars().any(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
            return err(FieldErrorCode::MissingSpecial, "must contain a special character such as ! @ # $ %");
        }
        Ok(Self(raw.to_owned()))
    }

    /// The plain text, to be hashed.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(raw: &str) -> &'static str {
        Password::parse(raw).err().map_or("ok", |e| e.code.as_str())
    }

    #[test]
    fn a_password_with_letters_digits_and_a_symbol_is_accepted() {
        assert_eq!(code("Sales@2024"), "ok");
        assert_eq!(code("销售部门a1!x"), "ok");
    }

    #[test]
    fn each_missing_ingredient_is_named() {
        assert_eq!(code("Ab1!"), "too_short");
        assert_eq!(code("abcdefgh1"), "missing_special");
        assert_eq!(code("abcdefgh!"), "missing_digit");
        assert_eq!(code("12345678!"), "missing_letter");
        assert_eq!(code("abc\u{7}defg1!"), "invalid_character");
        assert_eq!(code(&format!("a1!{}", "x".repeat(200))), "too_long");
    }

    #[test]
    fn debug_output_hides_the_plain_text() {
        let password = Password::parse("Sales@2024").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }

    proptest! {
        #[test]
        fn anything_shorter_than_eight_characters_is_rejected(raw in "\\PC{0,7}") {
            prop_assert!(Password::parse(&raw).is_err());
        }

        #[test]
        fn letters_digits_and_a_symbol_of_any_length_from_eight_pass(
            letters in "[a-zA-Z]{3,40}", digits in "[0-9]{3,40}", symbol in "[!@#$%^&*]{2,40}"
        ) {
            let raw = format!("{letters}{digits}{symbol}");
            prop_assume!(raw.chars().count() <= MAX_LENGTH);
            prop_assert!(Password::parse(&raw).is_ok());
        }
    }
}
