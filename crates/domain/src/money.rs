//! Money: amounts in CNY as exact decimals on the wire, whole fen (分, 0.01 yuan) in storage. Never a
//! float anywhere.

use rust_decimal::Decimal;

use crate::DomainError;
use crate::error::FieldErrorCode;

/// The largest amount accepted: one trillion yuan less a fen, which fits any report's sum in an i64.
const MAX_FEN: i64 = 99_999_999_999_999;

/// An amount in yuan as whole fen: not negative, at most two decimal places.
pub fn to_fen(field: &'static str, amount: Decimal) -> Result<i64, DomainError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(DomainError::new(field, FieldErrorCode::Negative, "must not be negative"));
    }
    let fen = amount * Decimal::ONE_HUNDRED;
    if !fen.fract().is_zero() {
        return Err(DomainError::new(field, FieldErrorCode::TooPrecise, "must have at most two decimal places"));
    }
    i64::try_from(fen.trunc())
        .ok()
        .filter(|fen| *fen <= MAX_FEN)
        .ok_or_else(|| DomainError::new(field, FieldErrorCode::TooLarge, "must be less than 1,000,000,000,000"))
}

/// Whole fen as a yuan amount with two decimal places (`500000.00`).
pub fn from_fen(fen: i64) -> Decimal {
    Decimal::new(fen, 2)
}

/// An amount as people read it: `¥4,521,631.00` — the yuan sign, thousands separated by commas, two
/// decimal places (rounded half away from zero beyond that).
pub fn display(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "-" } else { "" };
    format!("{sign}¥{grouped}.{cents}")
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    fn yuan(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn amounts_become_fen_exactly() {
        assert_eq!(to_fen("amount", yuan("500000.00")), Ok(50_000_000));
        assert_eq!(to_fen("amount", yuan("0.1")), Ok(10));
        assert_eq!(to_fen("amount", yuan("0")), Ok(0));
        assert_eq!(to_fen("amount", yuan("-0.00")), Ok(0));
        assert_eq!(from_fen(50_000_000).to_string(), "500000.00");
        assert_eq!(from_fen(7).to_string(), "0.07");
    }

    #[test]
    fn amounts_are_shown_with_thousands_separators_and_two_decimals() {
        assert_eq!(display(yuan("4521631")), "¥4,521,631.00");
        assert_eq!(display(yuan("999.5")), "¥999.50");
        assert_eq!(display(yuan("1000")), "¥1,000.00");
        assert_eq!(display(yuan("0")), "¥0.00");
        assert_eq!(display(yuan("0.005")), "¥0.01");
        assert_eq!(display(yuan("-1234567.891")), "-¥1,234,567.89");
        assert_eq!(display(yuan("999999999999.99")), "¥999,999,999,999.99");
    }

    #[test]
    fn negative_over_precise_and_huge_amounts_are_refused() {
        assert_eq!(to_fen("amount", yuan("-1")).unwrap_err().code.as_str(), "negative");
        assert_eq!(to_fen("amount", yuan("1.005")).unwrap_err().code.as_str(), "too_precise");
        assert_eq!(to_fen("amount", yuan("1000000000000")).unwrap_err().code.as_str(), "too_large");
        assert!(to_fen("amount", yuan("999999999999.99")).is_ok());
    }

    proptest! {
        #[test]
        fn fen_round_trip(fen in 0_i64..=MAX_FEN) {
            prop_assert_eq!(to_fen("amount", from_fen(fen)), Ok(fen));
        }
    }
}
