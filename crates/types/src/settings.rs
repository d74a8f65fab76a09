//! System settings an administrator can change.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the duplicate check does when a new or edited customer looks like an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateMode {
    /// Save, and list the look-alikes in the response.
    Warn,
    /// Refuse with 409, listing the look-alikes.
    Block,
}

/// Customer settings (`GET`/`PUT /api/v1/admin/settings/customers`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerSettings {
    /// The code format: literal text with `{yyyy}`, `{yy}`, `{MM}`, `{dd}` (or `{yyyyMM}`,
    /// `{yyyyMMdd}`) and `{seq:N}` (`CUS{yyyyMM}{seq:3}`).
    #[schema(min_length = 1, max_length = 60, example = "CUS{yyyyMM}{seq:3}")]
    pub code_format: String,
    /// What the duplicate check does.
    pub duplicate_mode: DuplicateMode,
}

/// Reminder settings (`GET`/`PUT /api/v1/admin/settings/reminders`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReminderSettings {
    /// Days without a follow-up after which the owner is reminded, by grade code (`S`, `A`, `B`,
    /// `C`); a grade left out is not watched.
    pub idle_days: std::collections::BTreeMap<String, u32>,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self { idle_days: [("S", 7), ("A", 14), ("B", 30), ("C", 60)].map(|(g, d)| (g.to_owned(), d)).into() }
    }
}
