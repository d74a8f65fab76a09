//! The working-day calendar that response deadlines are counted over: public holidays and make-up
//! working days (调休), edited by administrators.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalendarDayKind {
    /// A day off that would otherwise be a working day (法定节假日).
    Holiday,
    /// A weekend day that is a working day (调休上班).
    Workday,
}

impl CalendarDayKind {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holiday => "holiday",
            Self::Workday => "workday",
        }
    }
}

/// A day of the calendar that differs from the plain week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CalendarDay {
    /// The day.
    pub day: NaiveDate,
    /// Holiday or make-up working day.
    pub kind: CalendarDayKind,
    /// The festival or reason (春节, 国庆节, 公司年会…).
    pub name: String,
}

/// Body of `PUT /api/v1/admin/calendar/{day}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayInput {
    /// Holiday or make-up working day.
    pub kind: CalendarDayKind,
    /// The festival or reason.
    #[schema(min_length = 1, max_length = 40)]
    pub name: String,
}

/// Query of `GET /api/v1/admin/calendar`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// The year (default: this year).
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
}
