//! Mainland China mobile numbers: `1[3-9]` and 9 more digits, accepted with `+86`/`0086`, spaces and
//! dashes, and stored as the 11 bare digits.

use crate::DomainError;

/// A mainland mobile number, normalised to 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Parses `raw` for the field named `field`.
    pub fn parse_for(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| (digits.len() == 13).then(|| digits.strip_prefix("86")).flatten())
            .unwrap_or(&digits);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1])
            && bytes.iter().all(u8::is_ascii_digit);
        if valid {
            Ok(Self(digits.to_owned()))
        } else {
            Err(DomainError::new(field, "invalid_format", "must be a mainland mobile number such as 13800138000"))
        }
    }

    /// Parses `raw` for the field `mobile`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        Self::parse_for("mobile", raw)
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn common_spellings_normalise_to_eleven_digits() {
        for raw in [
            "13800138000",
            "+86 138 0013 8000",
            "+86-138-0013-8000",
            "0086 13800138000",
            "8613800138000",
            " 138-0013-8000 ",
        ] {
            assert_eq!(Mobile::parse(raw).unwrap().as_str(), "13800138000", "{raw}");
        }
    }

    #[test]
    fn other_numbers_are_rejected() {
        for raw in ["", "12800138000", "1380013800", "138001380001", "010-12345678", "1380013800a", "+1 13800138000"] {
            assert!(Mobile::parse(raw).is_err(), "{raw} was accepted");
        }
    }

    proptest! {
        #[test]
        fn every_valid_number_round_trips(second in 3u8..=9, rest in "[0-9]{9}") {
            let raw = format!("1{second}{rest}");
            let parsed = Mobile::parse(&format!("+86 {raw}")).unwrap();
            prop_assert_eq!(parsed.as_str(), raw.as_str());
        }
    }
}
