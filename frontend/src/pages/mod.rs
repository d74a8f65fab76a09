//! One module per page.

pub mod admin;
pub mod attachments;
mod change_password;
pub mod customers;
pub mod demands;
pub mod followups;
mod forgot_password;
pub mod imports;
mod login;
mod module;
pub mod my_day;
mod not_found;
pub mod notifications;

pub use change_password::ChangePassword;
pub use forgot_password::{ForgotPassword, ResetPassword};
pub use login::Login;
pub use module::ModulePage;
pub use not_found::NotFound;

use crm_domain::china_time;

pub use crate::messages::error_message;

/// A UTC time shown in China Standard Time (UTC+8), the product's default zone — the server's
/// days and deadlines are counted in the same zone (`crm_domain::china_time`).
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    china_time::local(at).format("%Y-%m-%d %H:%M").to_string()
}

/// A UTC time as the value of a `datetime-local` input, in China Standard Time whatever the
/// browser's own zone.
pub fn input_time(at: chrono::DateTime<chrono::Utc>) -> String {
    china_time::local(at).format("%Y-%m-%dT%H:%M").to_string()
}

/// The value of a `datetime-local` input, read as China Standard Time.
pub fn parse_input_time(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    Some(china_time::utc(naive))
}

/// Today in China Standard Time.
pub fn today() -> chrono::NaiveDate {
    china_time::day_of(chrono::Utc::now())
}
