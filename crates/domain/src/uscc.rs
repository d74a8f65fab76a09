//! 统一社会信用代码 (Unified Social Credit Code, GB 32100-2015): 18 characters from a 31-character
//! alphabet without I, O, S, V and Z; characters 3–8 are the administrative division code; the last
//! character is a check character over the first 17 (weights 3^i mod 31).

use crate::DomainError;
use crate::error::FieldErrorCode;

/// The code's alphabet; a character's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A valid unified social credit code, upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Uscc(String);

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).and_then(|i| u32::try_from(i).ok())
}

/// The check character of the first 17 characters, if they are all in the alphabet.
pub fn check_character(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.get(check as usize).map(|&b| char::from(b))
}

impl Uscc {
    /// Parses `raw` (spaces ignored, letters upper-cased).
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let bytes = code.as_bytes();
        let err = |code: FieldErrorCode, message: &str| Err(DomainError::new("uscc", code, message));
        if bytes.len() != 18 || !code.is_ascii() {
            return err(FieldErrorCode::InvalidLength, "must be 18 characters");
        }
        if bytes.iter().any(|&b| value(b).is_none()) {
            return err(
                FieldErrorCode::InvalidCharacter,
                "may contain only digits and the letters A–Y without I, O, S, V",
            );
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return err(FieldErrorCode::InvalidFormat, "characters 3 to 8 must be the administrative division code");
        }
        if check_character(&bytes[..17]) != Some(char::from(bytes[17])) {
            return err(FieldErrorCode::InvalidCheck, "the check character does not match; the code has a typo");
        }
        Ok(Self(code))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn real_codes_are_accepted() {
        // Published codes of well-known companies.
        for code in ["91350100M000100Y43", "914403001922038216", "91110000100010433L", "91310000607216596U"] {
            assert!(Uscc::parse(code).is_ok(), "{code}");
        }
        assert_eq!(Uscc::parse(" 91350100m000100y43 ").unwrap().as_str(), "91350100M000100Y43");
    }

    #[test]
    fn typos_and_malformed_codes_are_rejected_with_the_reason() {
        let code = |raw: &str| Uscc::parse(raw).unwrap_err().code.as_str();
        assert_eq!(code("91350100M000100Y44"), "invalid_check");
        assert_eq!(code("91350100M000100Y4"), "invalid_length");
        assert_eq!(code("91350100M000100I43"), "invalid_character");
        assert_eq!(code("913A0100M000100Y43"), "invalid_format");
    }

    proptest! {
        #[test]
        fn a_code_with_its_computed_check_character_is_valid_and_any_other_is_not(
            prefix in "[159Y][0-9]", division in "[0-9]{6}", body in "[0-9A-HJ-NPQRTUWXY]{9}", wrong in 1u8..31
        ) {
            let first17 = format!("{prefix}{division}{body}");
            let check = check_character(first17.as_bytes()).unwrap();
            let valid = format!("{first17}{check}");
            prop_assert!(Uscc::parse(&valid).is_ok());
            let index = ALPHABET.iter().position(|&b| char::from(b) == check).unwrap();
            let other = char::from(ALPHABET[(index + usize::from(wrong)) % 31]);
            let typo = format!("{first17}{other}");
            prop_assert!(Uscc::parse(&typo).is_err());
        }
    }
}
