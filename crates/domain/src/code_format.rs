//! Record codes such as 客户编号: a format like `CUS{yyyyMM}{seq:3}` (CUS202405001), `CRM{yyyy}{seq:3}`,
//! `CUST{yyyyMMdd}{seq:4}` or `DE{yyyy}{seq:4}`. The sequence restarts each period (the date part of the
//! format) and widens past its width instead of failing: CUS202405999 is followed by CUS2024051000.

use chrono::NaiveDate;

use crate::DomainError;
use crate::error::FieldErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatePart {
    Year,
    YearMonth,
    YearMonthDay,
}

impl DatePart {
    fn pattern(self) -> &'static str {
        match self {
            Self::Year => "%Y",
            Self::YearMonth => "%Y%m",
            Self::YearMonthDay => "%Y%m%d",
        }
    }

    fn width(self) -> usize {
        match self {
            Self::Year => 4,
            Self::YearMonth => 6,
            Self::YearMonthDay => 8,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Date(DatePart),
    Sequence(usize),
}

/// A parsed code format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeFormat {
    source: String,
    parts: Vec<Part>,
}

impl CodeFormat {
    /// Parses a format: literal letters, digits, `-` and `_`; at most one date placeholder (`{yyyy}`,
    /// `{yyyyMM}`, `{yyyyMMdd}`); exactly one `{seq:N}` with N from 1 to 10, placed last.
    pub fn parse(format: &str) -> Result<Self, DomainError> {
        let err = |message: &str| DomainError::new("code_format", FieldErrorCode::InvalidFormat, message);
        let mut parts = Vec::new();
        let mut rest = format.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after.find('}').ok_or_else(|| err("a placeholder is not closed with }"))?;
                let placeholder = &after[..end];
                parts.push(match placeholder {
                    "yyyy" => Part::Date(DatePart::Year),
                    "yyyyMM" => Part::Date(DatePart::YearMonth),
                    "yyyyMMdd" => Part::Date(DatePart::YearMonthDay),
                    other => {
                        let width = other
                            .strip_prefix("seq:")
                            .and_then(|w| w.parse::<usize>().ok())
                            .filter(|w| (1..=10).contains(w))
                            .ok_or_else(|| {
                                err("placeholders are {yyyy}, {yyyyMM}, {yyyyMMdd} and {seq:N} with N from 1 to 10")
                            })?;
                        Part::Sequence(width)
                    }
                });
                rest = &after[end + 1..];
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let literal = &rest[..end];
                if !literal.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    return Err(err("literal text may contain only letters, digits, - and _"));
                }
                parts.push(Part::Literal(literal.to_owned()));
                rest = &rest[end..];
            }
        }
        let dates = parts.iter().filter(|p| matches!(p, Part::Date(_))).count();
        let sequences = parts.iter().filter(|p| matches!(p, Part::Sequence(_))).count();
        if dates > 1 {
            return Err(err("use at most one date placeholder"));
        }
        if sequences != 1 || !matches!(parts.last(), Some(Part::Sequence(_))) {
            return Err(err("end the format with exactly one {seq:N}"));
        }
        Ok(Self { source: format.trim().to_owned(), parts })
    }

    /// The format as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The period a code made on `date` belongs to: the rendered date part, or `""` when the format
    /// has none (the sequence then never restarts).
    pub fn period(&self, date: NaiveDate) -> String {
        self.parts
            .iter()
            .find_map(|p| match p {
                Part::Date(d) => Some(date.format(d.pattern()).to_string()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The code for sequence number `sequence` (from 1) on `date`.
    pub fn render(&self, date: NaiveDate, sequence: u64) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.clone(),
                Part::Date(d) => date.format(d.pattern()).to_string(),
                Part::Sequence(width) => format!("{sequence:0width$}"),
            })
            .collect()
    }

    /// Reads a code made with this format back into its period and sequence number.
    pub fn read(&self, code: &str) -> Option<(String, u64)> {
        let mut rest = code;
        let mut period = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => rest = rest.strip_prefix(text.as_str())?,
                Part::Date(d) => {
                    let digits = rest.get(..d.width())?;
                    if !digits.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    period = digits.to_owned();
                    rest = &rest[d.width()..];
                }
                Part::Sequence(width) => {
                    if rest.len() < *width || !rest.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    return rest.parse().ok().map(|sequence| (period, sequence));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_seeds_formats_render_as_in_the_documents() {
        let cus = CodeFormat::parse("CUS{yyyyMM}{seq:3}").unwrap();
        assert_eq!(cus.render(day(2024, 5, 20), 1), "CUS202405001");
        assert_eq!(CodeFormat::parse("CRM{yyyy}{seq:3}").unwrap().render(day(2024, 1, 2), 15), "CRM2024015");
        assert_eq!(CodeFormat::parse("CUST{yyyyMMdd}{seq:4}").unwrap().render(day(2024, 3, 8), 7), "CUST202403080007");
        assert_eq!(CodeFormat::parse("DE{yyyy}{seq:4}").unwrap().render(day(2024, 9, 1), 5), "DE20240005");
    }

    #[test]
    fn the_sequence_widens_instead_of_failing() {
        let cus = CodeFormat::parse("CUS{yyyyMM}{seq:3}").unwrap();
        assert_eq!(cus.render(day(2024, 5, 20), 999), "CUS202405999");
        assert_eq!(cus.render(day(2024, 5, 20), 1000), "CUS2024051000");
        assert_eq!(cus.read("CUS2024051000"), Some(("202405".into(), 1000)));
    }

    #[test]
    fn the_period_follows_the_date_part() {
        let date = day(2024, 5, 20);
        assert_eq!(CodeFormat::parse("CUS{yyyyMM}{seq:3}").unwrap().period(date), "202405");
        assert_eq!(CodeFormat::parse("C{yyyy}{seq:3}").unwrap().period(date), "2024");
        assert_eq!(CodeFormat::parse("C{seq:6}").unwrap().period(date), "");
    }

    #[test]
    fn bad_formats_are_refused() {
        for format in [
            "CUS{yyyyMM}",
            "CUS{seq:3}{yyyy}",
            "CUS{yyyy}{yyyy}{seq:3}",
            "CUS{seq:0}",
            "CUS{seq:3",
            "客户{seq:3}",
            "C{dd}{seq:2}",
        ] {
            assert!(CodeFormat::parse(format).is_err(), "{format} was accepted");
        }
    }

    proptest! {
        #[test]
        fn rendering_and_reading_round_trip(
            prefix in "[A-Z]{1,5}", date_part in 0usize..4, width in 1usize..8, days in 0i64..20_000, sequence in 1u64..10_000_000
        ) {
            let date_placeholder = ["", "{yyyy}", "{yyyyMM}", "{yyyyMMdd}"][date_part];
            let format = CodeFormat::parse(&format!("{prefix}{date_placeholder}{{seq:{width}}}")).unwrap();
            let date = day(2000, 1, 1) + chrono::Duration::days(days);
            let code = format.render(date, sequence);
            prop_assert_eq!(format.read(&code), Some((format.period(date), sequence)));
        }
    }
}
