//! Dates in imported cells. Accepted, each with an optional time of day (`14:30`, `14:30:05`, `2:30 PM`,
//! `下午2:30`, `14时30分`):
//! - year first: `2024-05-01`, `2024/5/1`, `2024.5.1`, `20240501`, `2024年5月1日` (`号` for `日` too),
//!   ISO `2024-05-01T14:30:00`;
//! - year last, `01/05/2024` or `05-01-2024`: read day first or month first as the import chooses. With
//!   [`DateOrder::Auto`] only a reading that cannot be the other one is accepted (`25/12/2024`, or the
//!   same day and month); `03/04/2024` is refused as ambiguous;
//! - Excel serial numbers (`45413` = 2024-05-01, with a fraction for the time of day) in the 1900 date
//!   system, for days from 1920 to 2099: a bare number outside that range is more likely a mistake (a year
//!   typed alone, an amount in the wrong column) than a date.
//!
//! Two-digit years, time zones and month names are refused rather than guessed. A day that does not
//! exist (`2024-02-30`) is refused.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::error::{CellError, ErrorCode};
use super::text;

/// How to read a date written with the year last, `03/04/2024`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateOrder {
    /// Accept only readings that cannot be the other way round.
    #[default]
    Auto,
    /// Day, month, year: `03/04/2024` is 3 April.
    DayFirst,
    /// Month, day, year: `03/04/2024` is 4 March.
    MonthFirst,
}

/// The largest Excel serial number: 9999-12-31.
const SERIAL_MAX: i64 = 2_958_465;

/// The days an Excel serial number is accepted for in a cell: 1920-01-01 to 2099-12-31.
fn plausible(date: NaiveDate) -> bool {
    (1920..=2099).contains(&chrono::Datelike::year(&date))
}

fn error(code: ErrorCode, message: impl Into<String>) -> CellError {
    CellError::new(code, message)
}

fn unreadable(value: &str) -> CellError {
    error(
        ErrorCode::InvalidFormat,
        format!("{value} is not a date: write it as 2024-05-01, 2024/5/1, 2024年5月1日 or 01/05/2024"),
    )
}

/// The day in `cell`; a time of day, if present, must be valid and is dropped.
pub fn parse_date(cell: &str, order: DateOrder) -> Result<NaiveDate, CellError> {
    parse_datetime(cell, order).map(|at| at.date())
}

/// The day and time in `cell`; midnight when it gives no time.
pub fn parse_datetime(cell: &str, order: DateOrder) -> Result<NaiveDateTime, CellError> {
    let value = text::value(cell)?;
    if let Some(result) = number(&value) {
        return result;
    }
    let (day, time) = split_time(&value);
    let date = if day.contains('年') { chinese(&day, &value)? } else { separated(&day, &value, order)? };
    let time = match time {
        Some(time) => parse_time(&time).ok_or_else(|| {
            error(ErrorCode::InvalidFormat, format!("{value}: the time of day must be written as 14:30 or 14:30:05"))
        })?,
        None => NaiveTime::MIN,
    };
    Ok(date.and_time(time))
}

/// The day and time of an Excel serial number in the 1900 date system (1 = 1900-01-01; the fraction is
/// the time of day), over Excel's whole range. Serial 60 is 1900-02-29, a day Excel counts that never
/// was: it is refused, and the serials after it are shifted back by a day.
pub fn from_excel_serial(serial: Decimal) -> Result<NaiveDateTime, CellError> {
    let out_of_range =
        || error(ErrorCode::OutOfRange, format!("{serial} is not an Excel date serial number (1 to {SERIAL_MAX})"));
    let days = serial.trunc().to_i64().filter(|days| (1..=SERIAL_MAX).contains(days)).ok_or_else(out_of_range)?;
    if days == 60 {
        return Err(error(ErrorCode::InvalidDate, "serial number 60 is 1900-02-29, a day Excel counts that never was"));
    }
    let epoch = if days < 60 { NaiveDate::from_ymd_opt(1899, 12, 31) } else { NaiveDate::from_ymd_opt(1899, 12, 30) };
    let seconds = (serial.fract() * Decimal::from(86_400)).round().to_i64().ok_or_else(out_of_range)?;
    epoch
        .map(|epoch| epoch.and_time(NaiveTime::MIN))
        .and_then(|midnight| midnight.checked_add_signed(Duration::days(days) + Duration::seconds(seconds)))
        .ok_or_else(out_of_range)
}

/// A cell made only of digits: `20240501`, or an Excel serial number. `None` for any other text.
fn number(value: &str) -> Option<Result<NaiveDateTime, CellError>> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    if whole.len() == 8 && fraction.bytes().all(|b| b == b'0') {
        let (year, rest) = whole.split_at(4);
        let (month, day) = rest.split_at(2);
        return Some(calendar_day(year, month, day, value).map(|date| date.and_time(NaiveTime::MIN)));
    }
    if whole.len() > 5 {
        return Some(Err(unreadable(value)));
    }
    let serial: Decimal = value.parse().ok()?;
    let year_like = fraction.is_empty() && (1900..=2100).contains(&serial.to_i64().unwrap_or(0));
    Some(from_excel_serial(serial).and_then(|at| {
        if plausible(at.date()) {
            Ok(at)
        } else if year_like {
            Err(error(ErrorCode::OutOfRange, format!("{value} looks like a year, not a date: write {value}-01-01")))
        } else {
            Err(error(
                ErrorCode::OutOfRange,
                format!("{value} as an Excel serial number is {}, outside 1920–2099: write the date itself", at.date()),
            ))
        }
    }))
}

/// The date text and the time text, if any: split after `日`/`号`, at the first space, or at ISO's `T`.
fn split_time(value: &str) -> (String, Option<String>) {
    let (day, time) = if value.contains('年') {
        match value.char_indices().find(|&(_, c)| c == '日' || c == '号') {
            Some((end, mark)) => {
                let (day, rest) = value.split_at(end + mark.len_utf8());
                (day.to_owned(), rest.trim())
            }
            None => match value.split_once(' ') {
                Some((day, time)) => (day.to_owned(), time.trim()),
                None => (value.to_owned(), ""),
            },
        }
    } else {
        let iso_t = value
            .char_indices()
            .find(|&(i, c)| (c == 'T' || c == 't') && value[..i].ends_with(|p: char| p.is_ascii_digit()));
        match (value.split_once(' '), iso_t) {
            (Some((day, time)), _) => (day.to_owned(), time.trim()),
            (None, Some((i, _))) => (value[..i].to_owned(), value[i + 1..].trim()),
            (None, None) => (value.to_owned(), ""),
        }
    };
    let day: String = day.chars().filter(|c| !c.is_whitespace()).collect();
    (day, (!time.is_empty()).then(|| time.to_owned()))
}

/// `2024年5月1日`.
fn chinese(day: &str, value: &str) -> Result<NaiveDate, CellError> {
    let (year, rest) = day.split_once('年').ok_or_else(|| unreadable(value))?;
    let (month, rest) = rest.split_once('月').ok_or_else(|| unreadable(value))?;
    let day = rest.strip_suffix(['日', '号']).unwrap_or(rest);
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return Err(unreadable(value));
    }
    calendar_day(year, month, day, value)
}

/// `2024-05-01`, `2024/5/1`, `2024.5.1`, or the year last as `order` says.
fn separated(day: &str, value: &str, order: DateOrder) -> Result<NaiveDate, CellError> {
    let separator = day.chars().find(|c| !c.is_ascii_digit()).ok_or_else(|| unreadable(value))?;
    if !matches!(separator, '-' | '/' | '.') {
        return Err(unreadable(value));
    }
    let parts: Vec<&str> = day.split(separator).collect();
    let [first, second, third] = parts[..] else { return Err(unreadable(value)) };
    let short = |s: &str| (1..=2).contains(&s.len());
    if first.len() == 4 && short(second) && short(third) {
        return calendar_day(first, second, third, value);
    }
    if !(short(first) && short(second) && third.len() == 4) {
        return Err(error(
            ErrorCode::InvalidFormat,
            format!("{value} is not a date: the year must have four digits, e.g. 2024-05-01"),
        ));
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (a, b) = (number(first), number(second));
    let day_first = match order {
        DateOrder::DayFirst => true,
        DateOrder::MonthFirst => false,
        DateOrder::Auto if a == b || (a > 12 && b <= 12) => true,
        DateOrder::Auto if b > 12 && a <= 12 => false,
        DateOrder::Auto if a > 12 && b > 12 => {
            return Err(error(ErrorCode::InvalidDate, format!("{value} is not a day of the calendar")));
        }
        DateOrder::Auto => {
            return Err(error(
                ErrorCode::AmbiguousDate,
                format!("{value} can be read day first or month first: choose the date order of the file"),
            ));
        }
    };
    let (day, month) = if day_first { (first, second) } else { (second, first) };
    calendar_day(third, month, day, value).map_err(|mut e| {
        let order = if day_first { "day first" } else { "month first" };
        e.message = format!("{} (read {order})", e.message);
        e
    })
}

/// The day `year`-`month`-`day` (digit strings), or why not.
fn calendar_day(year: &str, month: &str, day: &str, value: &str) -> Result<NaiveDate, CellError> {
    let parse = |s: &str| if s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u32>().ok() } else { None };
    let (Some(y), Some(m), Some(d)) = (parse(year), parse(month), parse(day)) else { return Err(unreadable(value)) };
    if y < 1000 {
        return Err(error(ErrorCode::OutOfRange, format!("{value}: the year {year} is not a plausible year")));
    }
    let year = i32::try_from(y).map_err(|_| unreadable(value))?;
    NaiveDate::from_ymd_opt(year, m, d)
        .ok_or_else(|| error(ErrorCode::InvalidDate, format!("{value} is not a day of the calendar")))
}

/// `14:30`, `14:30:05`, `14:30:05.123`, `2:30 PM`, `下午2:30`, `14时30分`, `14点30分5秒`.
fn parse_time(time: &str) -> Option<NaiveTime> {
    let lowered: String = time.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let (afternoon, rest) = if let Some(rest) = lowered.strip_suffix("pm").or_else(|| lowered.strip_prefix("下午")) {
        (Some(true), rest.to_owned())
    } else if let Some(rest) = lowered.strip_suffix("am").or_else(|| lowered.strip_prefix("上午")) {
        (Some(false), rest.to_owned())
    } else {
        (None, lowered)
    };
    let clock = rest.replace(['时', '点', '分'], ":").replace('秒', "");
    let mut fields = clock.trim_end_matches(':').split(':');
    let hour: u32 = whole(fields.next()?)?;
    let minute: u32 = whole(fields.next()?)?;
    let (second, nanos) = match fields.next() {
        None => (0, 0),
        Some(second) => {
            let (second, fraction) = second.split_once('.').unwrap_or((second, ""));
            let nanos = if fraction.is_empty() {
                0
            } else if fraction.len() <= 9 && fraction.bytes().all(|b| b.is_ascii_digit()) {
                fraction.parse::<u32>().ok()? * 10_u32.pow(9 - u32::try_from(fraction.len()).ok()?)
            } else {
                return None;
            };
            (whole(second)?, nanos)
        }
    };
    if fields.next().is_some() {
        return None;
    }
    let hour = match afternoon {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(true) => hour % 12 + 12,
        Some(false) => hour % 12,
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// One or two digits.
fn whole(text: &str) -> Option<u32> {
    ((1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn code(cell: &str, order: DateOrder) -> ErrorCode {
        parse_date(cell, order).unwrap_err().code
    }

    #[test]
    fn year_first_dates_read_in_every_common_spelling() {
        for cell in [
            "2024-05-01",
            "2024-5-1",
            "2024/5/1",
            "2024/05/01",
            "2024.5.1",
            "20240501",
            "2024年5月1日",
            "2024年05月01号",
            " 2024 年 5 月 1 日 ",
            "２０２４－０５－０１",
            "'2024-05-01",
            "2024-05-01 00:00:00",
            "2024/5/1 14:30",
            "2024-05-01T14:30:00",
            "2024年5月1日 14:30",
            "2024年5月1日14时30分",
        ] {
            assert_eq!(parse_date(cell, DateOrder::Auto), Ok(day(2024, 5, 1)), "{cell}");
        }
    }

    #[test]
    fn times_of_day_are_kept_by_parse_datetime() {
        let at = |h, m, s| day(2024, 5, 1).and_hms_opt(h, m, s).unwrap();
        assert_eq!(parse_datetime("2024-05-01 14:30:05", DateOrder::Auto), Ok(at(14, 30, 5)));
        assert_eq!(parse_datetime("2024/5/1 2:30 PM", DateOrder::Auto), Ok(at(14, 30, 0)));
        assert_eq!(parse_datetime("2024/5/1 12:10 am", DateOrder::Auto), Ok(at(0, 10, 0)));
        assert_eq!(parse_datetime("2024/5/1 下午2:30", DateOrder::Auto), Ok(at(14, 30, 0)));
        assert_eq!(parse_datetime("2024年5月1日 14点30分5秒", DateOrder::Auto), Ok(at(14, 30, 5)));
        assert_eq!(parse_datetime("2024-05-01", DateOrder::Auto), Ok(at(0, 0, 0)));
        assert_eq!(
            parse_datetime("2024-05-01 14:30:05.250", DateOrder::Auto).map(|t| t.and_utc().timestamp_subsec_millis()),
            Ok(250)
        );
    }

    #[test]
    fn a_broken_time_of_day_is_refused_even_for_a_date() {
        for cell in ["2024-05-01 25:00", "2024-05-01 14:30+08:00", "2024-05-01T14:30:00Z", "2024-05-01 13:00 PM"] {
            assert_eq!(code(cell, DateOrder::Auto), ErrorCode::InvalidFormat, "{cell}");
        }
    }

    #[test]
    fn year_last_dates_follow_the_chosen_order() {
        assert_eq!(parse_date("03/04/2024", DateOrder::DayFirst), Ok(day(2024, 4, 3)));
        assert_eq!(parse_date("03/04/2024", DateOrder::MonthFirst), Ok(day(2024, 3, 4)));
        assert_eq!(parse_date("3-4-2024 9:05", DateOrder::DayFirst), Ok(day(2024, 4, 3)));
        assert_eq!(code("12/25/2024", DateOrder::DayFirst), ErrorCode::InvalidDate);
    }

    #[test]
    fn auto_accepts_only_year_last_dates_that_read_one_way() {
        assert_eq!(parse_date("25/12/2024", DateOrder::Auto), Ok(day(2024, 12, 25)));
        assert_eq!(parse_date("12/25/2024", DateOrder::Auto), Ok(day(2024, 12, 25)));
        assert_eq!(parse_date("05/05/2024", DateOrder::Auto), Ok(day(2024, 5, 5)));
        let ambiguous = parse_date("03/04/2024", DateOrder::Auto).unwrap_err();
        assert_eq!(ambiguous.code, ErrorCode::AmbiguousDate);
        assert!(ambiguous.message.contains("03/04/2024"), "{}", ambiguous.message);
        assert_eq!(code("25/13/2024", DateOrder::Auto), ErrorCode::InvalidDate);
    }

    #[test]
    fn days_that_do_not_exist_are_refused() {
        for cell in ["2024-02-30", "2023-02-29", "2024年13月1日", "20240431", "31/04/2024", "2024-00-10"] {
            assert_eq!(code(cell, DateOrder::DayFirst), ErrorCode::InvalidDate, "{cell}");
        }
        assert_eq!(parse_date("2024-02-29", DateOrder::Auto), Ok(day(2024, 2, 29)));
    }

    #[test]
    fn other_texts_are_not_dates() {
        for cell in
            ["24/5/1", "1/5/24", "2024-05", "2024/05-01", "May 1, 2024", "昨天", "2024年5月", "2024-05-01-02", "123456"]
        {
            assert_eq!(code(cell, DateOrder::Auto), ErrorCode::InvalidFormat, "{cell}");
        }
        assert_eq!(code("", DateOrder::Auto), ErrorCode::Empty);
        assert_eq!(code("#VALUE!", DateOrder::Auto), ErrorCode::ExcelError);
        assert_eq!(code("0024-05-01", DateOrder::Auto), ErrorCode::OutOfRange);
    }

    #[test]
    fn excel_serial_numbers_are_days_since_1900() {
        assert_eq!(parse_date("45413", DateOrder::Auto), Ok(day(2024, 5, 1)));
        assert_eq!(parse_date("45413.0", DateOrder::Auto), Ok(day(2024, 5, 1)));
        assert_eq!(parse_datetime("45413.75", DateOrder::Auto), Ok(day(2024, 5, 1).and_hms_opt(18, 0, 0).unwrap()));
        assert_eq!(parse_date("7306", DateOrder::Auto), Ok(day(1920, 1, 1)));
        assert_eq!(parse_date("73050", DateOrder::Auto), Ok(day(2099, 12, 31)));
    }

    #[test]
    fn excel_counts_a_29_february_1900_that_never_was() {
        let serial = |n: i64| from_excel_serial(Decimal::from(n)).map(|at| at.date());
        assert_eq!(serial(1), Ok(day(1900, 1, 1)));
        assert_eq!(serial(59), Ok(day(1900, 2, 28)));
        assert_eq!(serial(60).unwrap_err().code, ErrorCode::InvalidDate);
        assert_eq!(serial(61), Ok(day(1900, 3, 1)));
        assert_eq!(serial(2_958_465), Ok(day(9999, 12, 31)));
        assert_eq!(serial(0).unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(serial(2_958_466).unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(from_excel_serial(Decimal::new(-5, 0)).unwrap_err().code, ErrorCode::OutOfRange);
    }

    #[test]
    fn implausible_serial_numbers_are_refused() {
        let year = parse_date("2024", DateOrder::Auto).unwrap_err();
        assert_eq!(year.code, ErrorCode::OutOfRange);
        assert!(year.message.contains("looks like a year"), "{}", year.message);
        assert_eq!(code("12", DateOrder::Auto), ErrorCode::OutOfRange);
        assert_eq!(code("80000", DateOrder::Auto), ErrorCode::OutOfRange);
    }

    proptest! {
        #[test]
        fn any_text_gives_a_date_or_an_error(cell in any::<String>()) {
            for order in [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst] {
                let _ = parse_datetime(&cell, order);
            }
        }

        #[test]
        fn date_like_text_gives_a_date_or_an_error(cell in "[0-9年月日号/.: T-]{0,24}") {
            for order in [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst] {
                let _ = parse_datetime(&cell, order);
            }
        }

        #[test]
        fn every_day_round_trips_through_its_spellings(days in 0_i64..200_000) {
            let date = day(1900, 1, 1) + Duration::days(days);
            for cell in [date.format("%Y-%m-%d").to_string(), date.format("%Y/%-m/%-d").to_string(),
                         date.format("%Y年%-m月%-d日").to_string(), date.format("%Y%m%d").to_string()] {
                prop_assert_eq!(parse_date(&cell, DateOrder::Auto), Ok(date));
            }
            prop_assert_eq!(parse_date(&date.format("%d/%m/%Y").to_string(), DateOrder::DayFirst), Ok(date));
            prop_assert_eq!(parse_date(&date.format("%m/%d/%Y").to_string(), DateOrder::MonthFirst), Ok(date));
        }

        #[test]
        fn serial_numbers_and_dates_agree(days in 61_i64..=SERIAL_MAX) {
            let at = from_excel_serial(Decimal::from(days)).unwrap();
            prop_assert_eq!(at.date(), day(1899, 12, 30) + Duration::days(days));
        }
    }
}
