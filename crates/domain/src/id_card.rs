//! 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence and an
//! ISO 7064 MOD 11-2 check character (0–9 or X).

use chrono::NaiveDate;

use crate::DomainError;
use crate::error::FieldErrorCode;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A valid 18-digit resident identity card number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdCardNo(String);

/// The check character of the first 17 digits.
pub fn check_character(first17: &str) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECKS.get((sum % 11) as usize).copied()
}

impl IdCardNo {
    /// Parses `raw` (spaces ignored, `x` upper-cased); the birth date must be a real date between
    /// 1900-01-01 and `today`.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, DomainError> {
        let number: String = raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let err = |code: FieldErrorCode, message: &str| Err(DomainError::new("id_card_no", code, message));
        let digits_ok = number.len() == 18
            && number.chars().take(17).all(|c| c.is_ascii_digit())
            && number.chars().last().is_some_and(|c| c.is_ascii_digit() || c == 'X');
        if !digits_ok {
            return err(FieldErrorCode::InvalidFormat, "must be 17 digits followed by a digit or X");
        }
        let birth = NaiveDate::parse_from_str(&number[6..14], "%Y%m%d").ok();
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1);
        if birth.is_none_or(|b| Some(b) < earliest || b > today) {
            return err(FieldErrorCode::InvalidBirthDate, "the birth date in the number is not a real past date");
        }
        if check_character(&number[..17]) != number.chars().last() {
            return err(FieldErrorCode::InvalidCheck, "the check character does not match; the number has a typo");
        }
        Ok(Self(number))
    }

    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date the number encodes.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(self.0.get(6..14)?, "%Y%m%d").ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn the_standards_examples_are_accepted() {
        // GB 11643-1999's own example, and a number ending in X.
        let id = IdCardNo::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert!(IdCardNo::parse("440524188001010014", today()).is_err(), "born before 1900");
        assert!(IdCardNo::parse("11010519491231002x", today()).is_ok());
    }

    #[test]
    fn malformed_numbers_are_rejected_with_the_reason() {
        let code = |raw: &str| IdCardNo::parse(raw, today()).unwrap_err().code.as_str();
        assert_eq!(code("110105194912310021"), "invalid_check");
        assert_eq!(code("11010519491331002X"), "invalid_birth_date");
        assert_eq!(code("110105203012310028"), "invalid_birth_date");
        assert_eq!(code("1101051949123100"), "invalid_format");
        assert_eq!(code("11010519491231002Y"), "invalid_format");
    }

    proptest! {
        #[test]
        fn any_real_birth_date_with_its_check_character_is_valid(
            area in "[1-6][0-9]{5}", days in 0i64..40_000, sequence in "[0-9]{3}"
        ) {
            let birth = NaiveDate::from_ymd_opt(1910, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assume!(birth <= today());
            let first17 = format!("{area}{}{sequence}", birth.format("%Y%m%d"));
            let number = format!("{first17}{}", check_character(&first17).unwrap());
            prop_assert_eq!(IdCardNo::parse(&number, today()).unwrap().birth_date(), Some(birth));
        }
    }
}
