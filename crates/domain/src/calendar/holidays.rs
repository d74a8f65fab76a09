//! Mainland China's public holidays and make-up working days as data, from the State Council's yearly
//! notices (国务院办公厅关于部分节假日安排的通知). The server seeds them into the holiday table, which
//! administrators then edit and extend each November, when the next year's notice is published.

use Festival::{DragonBoat, LabourDay, MidAutumn, NationalDay, NewYear, Qingming, SpringFestival};
use chrono::NaiveDate;

/// Whether a dated entry gives a day off or makes a weekend day a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// 放假: a public holiday, off even if it falls on Monday to Friday.
    DayOff,
    /// 调休上班: a Saturday or Sunday that is a working day.
    MakeUpWorkday,
}

/// The festival a day off or make-up working day belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Festival {
    /// 元旦, New Year's Day.
    NewYear,
    /// 春节, the Spring Festival.
    SpringFestival,
    /// 清明节, Qingming.
    Qingming,
    /// 劳动节, Labour Day.
    LabourDay,
    /// 端午节, the Dragon Boat Festival.
    DragonBoat,
    /// 中秋节, the Mid-Autumn Festival.
    MidAutumn,
    /// 国庆节, National Day.
    NationalDay,
}

impl Festival {
    /// Every festival, in the order of the year.
    pub const ALL: [Self; 7] = [
        Self::NewYear,
        Self::SpringFestival,
        Self::Qingming,
        Self::LabourDay,
        Self::DragonBoat,
        Self::MidAutumn,
        Self::NationalDay,
    ];

    /// The festival's Chinese name, as the notices write it: 元旦, 春节, 清明节…
    pub fn chinese_name(self) -> &'static str {
        match self {
            Self::NewYear => "元旦",
            Self::SpringFestival => "春节",
            Self::Qingming => "清明节",
            Self::LabourDay => "劳动节",
            Self::DragonBoat => "端午节",
            Self::MidAutumn => "中秋节",
            Self::NationalDay => "国庆节",
        }
    }
}

/// One dated line of a holiday schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HolidayEntry {
    /// The date.
    pub date: NaiveDate,
    /// A day off or a make-up working day.
    pub kind: DayKind,
    /// The festival it belongs to.
    pub festival: Festival,
}

/// The years [`mainland_china`] has a schedule for.
pub const MAINLAND_CHINA_YEARS: [i32; 2] = [2025, 2026];

/// The State Council's schedule for `year`, sorted by date, or `None` for a year not recorded here.
///
/// Days off are listed as the whole range each notice announces (春节 2026: 15–23 February, 9 days),
/// Saturdays and Sundays included, so the table reads like the notice. When National Day and the
/// Mid-Autumn Festival share one break (2025), the day of the Mid-Autumn Festival itself (6 October
/// 2025) is labelled 中秋节 and the rest of the break, with its make-up days, 国庆节.
pub fn mainland_china(year: i32) -> Option<&'static [HolidayEntry]> {
    match year {
        2025 => Some(&CHINA_2025),
        2026 => Some(&CHINA_2026),
        _ => None,
    }
}

const fn entry(year: i32, month: u32, day: u32, kind: DayKind, festival: Festival) -> HolidayEntry {
    let date = match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("holiday data holds an impossible date"),
    };
    HolidayEntry { date, kind, festival }
}

const fn off(year: i32, month: u32, day: u32, festival: Festival) -> HolidayEntry {
    entry(year, month, day, DayKind::DayOff, festival)
}

const fn work(year: i32, month: u32, day: u32, festival: Festival) -> HolidayEntry {
    entry(year, month, day, DayKind::MakeUpWorkday, festival)
}

/// 国办发明电〔2024〕12号, 12 November 2024: the first year of the revised holiday rules (除夕 and
/// 2 May became statutory days off).
static CHINA_2025: [HolidayEntry; 33] = [
    off(2025, 1, 1, NewYear),
    work(2025, 1, 26, SpringFestival),
    off(2025, 1, 28, SpringFestival),
    off(2025, 1, 29, SpringFestival),
    off(2025, 1, 30, SpringFestival),
    off(2025, 1, 31, SpringFestival),
    off(2025, 2, 1, SpringFestival),
    off(2025, 2, 2, SpringFestival),
    off(2025, 2, 3, SpringFestival),
    off(2025, 2, 4, SpringFestival),
    work(2025, 2, 8, SpringFestival),
    off(2025, 4, 4, Qingming),
    off(2025, 4, 5, Qingming),
    off(2025, 4, 6, Qingming),
    work(2025, 4, 27, LabourDay),
    off(2025, 5, 1, LabourDay),
    off(2025, 5, 2, LabourDay),
    off(2025, 5, 3, LabourDay),
    off(2025, 5, 4, LabourDay),
    off(2025, 5, 5, LabourDay),
    off(2025, 5, 31, DragonBoat),
    off(2025, 6, 1, DragonBoat),
    off(2025, 6, 2, DragonBoat),
    work(2025, 9, 28, NationalDay),
    off(2025, 10, 1, NationalDay),
    off(2025, 10, 2, NationalDay),
    off(2025, 10, 3, NationalDay),
    off(2025, 10, 4, NationalDay),
    off(2025, 10, 5, NationalDay),
    off(2025, 10, 6, MidAutumn),
    off(2025, 10, 7, NationalDay),
    off(2025, 10, 8, NationalDay),
    work(2025, 10, 11, NationalDay),
];

/// The notice of 4 November 2025.
static CHINA_2026: [HolidayEntry; 39] = [
    off(2026, 1, 1, NewYear),
    off(2026, 1, 2, NewYear),
    off(2026, 1, 3, NewYear),
    work(2026, 1, 4, NewYear),
    work(2026, 2, 14, SpringFestival),
    off(2026, 2, 15, SpringFestival),
    off(2026, 2, 16, SpringFestival),
    off(2026, 2, 17, SpringFestival),
    off(2026, 2, 18, SpringFestival),
    off(2026, 2, 19, SpringFestival),
    off(2026, 2, 20, SpringFestival),
    off(2026, 2, 21, SpringFestival),
    off(2026, 2, 22, SpringFestival),
    off(2026, 2, 23, SpringFestival),
    work(2026, 2, 28, SpringFestival),
    off(2026, 4, 4, Qingming),
    off(2026, 4, 5, Qingming),
    off(2026, 4, 6, Qingming),
    off(2026, 5, 1, LabourDay),
    off(2026, 5, 2, LabourDay),
    off(2026, 5, 3, LabourDay),
    off(2026, 5, 4, LabourDay),
    off(2026, 5, 5, LabourDay),
    work(2026, 5, 9, LabourDay),
    off(2026, 6, 19, DragonBoat),
    off(2026, 6, 20, DragonBoat),
    off(2026, 6, 21, DragonBoat),
    work(2026, 9, 20, NationalDay),
    off(2026, 9, 25, MidAutumn),
    off(2026, 9, 26, MidAutumn),
    off(2026, 9, 27, MidAutumn),
    off(2026, 10, 1, NationalDay),
    off(2026, 10, 2, NationalDay),
    off(2026, 10, 3, NationalDay),
    off(2026, 10, 4, NationalDay),
    off(2026, 10, 5, NationalDay),
    off(2026, 10, 6, NationalDay),
    off(2026, 10, 7, NationalDay),
    work(2026, 10, 10, NationalDay),
];

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;
    use crate::calendar::WorkCalendar;
    use crate::calendar::test_support::day;

    /// One paragraph of a notice: its festival, first and last day off with their weekdays as the
    /// notice prints them, and the "共N天" total.
    type Paragraph = (Festival, (NaiveDate, Weekday), (NaiveDate, Weekday), usize);

    fn notice_2025() -> Vec<Paragraph> {
        use Weekday::*;
        vec![
            (NewYear, (day(2025, 1, 1), Wed), (day(2025, 1, 1), Wed), 1),
            (SpringFestival, (day(2025, 1, 28), Tue), (day(2025, 2, 4), Tue), 8),
            (Qingming, (day(2025, 4, 4), Fri), (day(2025, 4, 6), Sun), 3),
            (LabourDay, (day(2025, 5, 1), Thu), (day(2025, 5, 5), Mon), 5),
            (DragonBoat, (day(2025, 5, 31), Sat), (day(2025, 6, 2), Mon), 3),
            (NationalDay, (day(2025, 10, 1), Wed), (day(2025, 10, 8), Wed), 8),
        ]
    }

    fn notice_2026() -> Vec<Paragraph> {
        use Weekday::*;
        vec![
            (NewYear, (day(2026, 1, 1), Thu), (day(2026, 1, 3), Sat), 3),
            (SpringFestival, (day(2026, 2, 15), Sun), (day(2026, 2, 23), Mon), 9),
            (Qingming, (day(2026, 4, 4), Sat), (day(2026, 4, 6), Mon), 3),
            (LabourDay, (day(2026, 5, 1), Fri), (day(2026, 5, 5), Tue), 5),
            (DragonBoat, (day(2026, 6, 19), Fri), (day(2026, 6, 21), Sun), 3),
            (MidAutumn, (day(2026, 9, 25), Fri), (day(2026, 9, 27), Sun), 3),
            (NationalDay, (day(2026, 10, 1), Thu), (day(2026, 10, 7), Wed), 7),
        ]
    }

    fn make_up_days_2025() -> Vec<(NaiveDate, Weekday, Festival)> {
        use Weekday::*;
        vec![
            (day(2025, 1, 26), Sun, SpringFestival),
            (day(2025, 2, 8), Sat, SpringFestival),
            (day(2025, 4, 27), Sun, LabourDay),
            (day(2025, 9, 28), Sun, NationalDay),
            (day(2025, 10, 11), Sat, NationalDay),
        ]
    }

    fn make_up_days_2026() -> Vec<(NaiveDate, Weekday, Festival)> {
        use Weekday::*;
        vec![
            (day(2026, 1, 4), Sun, NewYear),
            (day(2026, 2, 14), Sat, SpringFestival),
            (day(2026, 2, 28), Sat, SpringFestival),
            (day(2026, 5, 9), Sat, LabourDay),
            (day(2026, 9, 20), Sun, NationalDay),
            (day(2026, 10, 10), Sat, NationalDay),
        ]
    }

    fn check_against_notice(year: i32, notice: &[Paragraph], make_ups: &[(NaiveDate, Weekday, Festival)]) {
        let entries = mainland_china(year).unwrap();
        let days_off: Vec<&HolidayEntry> = entries.iter().filter(|e| e.kind == DayKind::DayOff).collect();
        let mut expected_off = Vec::new();
        for (festival, (first, first_weekday), (last, last_weekday), total) in notice {
            assert_eq!(first.weekday(), *first_weekday, "{year} {festival:?} starts on the printed weekday");
            assert_eq!(last.weekday(), *last_weekday, "{year} {festival:?} ends on the printed weekday");
            let range: Vec<NaiveDate> = first.iter_days().take_while(|d| d <= last).collect();
            assert_eq!(range.len(), *total, "{year} {festival:?} lasts 共{total}天");
            expected_off.extend(range);
        }
        assert_eq!(days_off.iter().map(|e| e.date).collect::<Vec<_>>(), expected_off);
        let listed: Vec<(NaiveDate, Weekday, Festival)> = entries
            .iter()
            .filter(|e| e.kind == DayKind::MakeUpWorkday)
            .map(|e| (e.date, e.date.weekday(), e.festival))
            .collect();
        assert_eq!(listed, make_ups);
    }

    #[test]
    fn the_2025_schedule_matches_the_notice_of_november_2024() {
        check_against_notice(2025, &notice_2025(), &make_up_days_2025());
    }

    #[test]
    fn the_2026_schedule_matches_the_notice_of_november_2025() {
        check_against_notice(2026, &notice_2026(), &make_up_days_2026());
    }

    #[test]
    fn days_off_carry_their_festival() {
        for (year, notice) in [(2025, notice_2025()), (2026, notice_2026())] {
            for (festival, (first, _), (last, _), _) in notice {
                for entry in mainland_china(year).unwrap().iter().filter(|e| e.date >= first && e.date <= last) {
                    let shared_break = year == 2025 && entry.date == day(2025, 10, 6);
                    let expected = if shared_break { MidAutumn } else { festival };
                    assert_eq!(entry.festival, expected, "{}", entry.date);
                }
            }
        }
    }

    #[test]
    fn every_schedule_is_sorted_within_its_year_and_makes_a_valid_calendar() {
        for year in MAINLAND_CHINA_YEARS {
            let entries = mainland_china(year).unwrap();
            assert!(entries.windows(2).all(|pair| pair[0].date < pair[1].date), "{year} is sorted, no duplicates");
            assert!(entries.iter().all(|e| e.date.year() == year));
            assert!(WorkCalendar::from_entries(entries).is_ok());
        }
        assert_eq!(mainland_china(2024), None);
        assert_eq!(mainland_china(2027), None);
    }

    #[test]
    fn festivals_have_the_names_of_the_notices() {
        let names: Vec<&str> = Festival::ALL.iter().map(|f| f.chinese_name()).collect();
        assert_eq!(names, ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]);
    }
}
