//! Mainland China phone numbers. Mobile numbers are `1[3-9]` and 9 more digits, accepted with
//! `+86`/`0086`, spaces and dashes, and stored as the 11 bare digits. Landlines are an area code (`010`,
//! `02X`, or `0` and three digits) and a 7- or 8-digit subscriber number, with an optional extension
//! (`-123`, `转123`, `ext 123`, `#123`), stored as `0571-88886666` or `0571-88886666-123`.

use crate::DomainError;
use crate::error::FieldErrorCode;

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
            Err(DomainError::new(
                field,
                FieldErrorCode::InvalidFormat,
                "must be a mainland mobile number such as 13800138000",
            ))
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

/// A contact phone: a mobile or a landline, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Phone {
    /// A mobile number.
    Mobile(Mobile),
    /// A landline, `0571-88886666` or `0571-88886666-123`.
    Landline(String),
}

impl Phone {
    /// Parses `raw` for the field named `field` as a mobile or a landline.
    pub fn parse_for(field: &'static str, raw: &str) -> Result<Self, DomainError> {
        if let Ok(mobile) = Mobile::parse_for(field, raw) {
            return Ok(Self::Mobile(mobile));
        }
        landline(raw).map(Self::Landline).ok_or_else(|| {
            DomainError::new(
                field,
                FieldErrorCode::InvalidFormat,
                "must be a mobile number such as 13800138000 or a landline with area code such as 0571-88886666",
            )
        })
    }

    /// Parses `raw` for the field `phone`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        Self::parse_for("phone", raw)
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Mobile(mobile) => mobile.as_str(),
            Self::Landline(number) => number,
        }
    }
}

fn landline(raw: &str) -> Option<String> {
    let lowered = raw.trim().to_lowercase();
    let (main, extension) = match ["转", "ext.", "ext", "#", "x"].iter().find_map(|sep| lowered.split_once(sep)) {
        Some((main, extension)) => (main.to_owned(), Some(extension.trim().trim_start_matches(['-', ' ']).to_owned())),
        None => (lowered.clone(), None),
    };
    let groups: Vec<&str> = main.split(['-', ' ', '(', ')']).filter(|g| !g.is_empty()).collect();
    if let Some(extension) = extension {
        return number(&groups.concat(), Some(&extension));
    }
    // Without a marker, a trailing group is an extension only if the rest is a whole number on its own:
    // "0571-88886666-123".
    number(&groups.concat(), None).or_else(|| match groups.split_last() {
        Some((last, rest)) if rest.len() >= 2 => number(&rest.concat(), Some(last)),
        _ => None,
    })
}

fn number(digits: &str, extension: Option<&str>) -> Option<String> {
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !all_digits(digits) || !digits.starts_with('0') {
        return None;
    }
    let area_len = if digits.starts_with("010") || digits.starts_with("02") { 3 } else { 4 };
    let (area, subscriber) = digits.split_at(area_len.min(digits.len()));
    if !(7..=8).contains(&subscriber.len()) || subscriber.starts_with(['0', '1']) {
        return None;
    }
    match extension {
        Some(ext) if all_digits(ext) && ext.len() <= 6 => Some(format!("{area}-{subscriber}-{ext}")),
        Some(_) => None,
        None => Some(format!("{area}-{subscriber}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn landlines_with_area_codes_and_extensions_normalise() {
        for (raw, normal) in [
            ("010-88886666", "010-88886666"),
            ("(021) 6888 8888", "021-68888888"),
            ("0571-8888666", "0571-8888666"),
            ("0571-88886666-123", "0571-88886666-123"),
            ("0571 88886666 转 8001", "0571-88886666-8001"),
            ("075588886666 ext 12", "0755-88886666-12"),
        ] {
            assert_eq!(Phone::parse(raw).map(|p| p.as_str().to_owned()).ok().as_deref(), Some(normal), "{raw}");
        }
        assert_eq!(Phone::parse("+86 138 0013 8000").unwrap(), Phone::Mobile(Mobile::parse("13800138000").unwrap()));
    }

    #[test]
    fn other_phones_are_rejected() {
        for raw in ["88886666", "010-888", "0571-088886666", "0571-88886666-1234567", "abc", "12345678901"] {
            assert!(Phone::parse(raw).is_err(), "{raw} was accepted");
        }
    }

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
