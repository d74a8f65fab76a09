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

use chrono::{Offset, TimeZone};

use crate::api::ApiError;
use crate::i18n::{Locale, td_string};
use crm_types::ErrorCode;

/// The message to show for a failed call.
pub fn error_message(locale: Locale, error: &ApiError) -> &'static str {
    match error.code() {
        None => td_string!(locale, errors.network),
        Some(ErrorCode::Unauthorized) => td_string!(locale, errors.unauthorized),
        Some(ErrorCode::InvalidCredentials) => td_string!(locale, login.invalid),
        Some(ErrorCode::Forbidden | ErrorCode::PasswordChangeRequired) => td_string!(locale, errors.forbidden),
        Some(ErrorCode::NotFound) => td_string!(locale, errors.not_found),
        Some(ErrorCode::ValidationFailed | ErrorCode::BadRequest | ErrorCode::MalformedJson) => {
            td_string!(locale, errors.validation)
        }
        Some(ErrorCode::Conflict) => td_string!(locale, errors.conflict),
        Some(ErrorCode::PreconditionFailed) => td_string!(locale, errors.stale),
        Some(ErrorCode::TooManyRequests) => td_string!(locale, errors.too_many),
        Some(ErrorCode::PayloadTooLarge) => td_string!(locale, errors.too_large),
        Some(ErrorCode::UnsupportedMediaType) => td_string!(locale, errors.unsupported_type),
        Some(_) => td_string!(locale, errors.server),
    }
}

/// China Standard Time (UTC+8, no daylight saving), the product's default zone.
fn shanghai() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap_or(chrono::Utc.fix())
}

/// A UTC time shown in China Standard Time (UTC+8), the product's default zone.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&shanghai()).format("%Y-%m-%d %H:%M").to_string()
}

/// A UTC time as the value of a `datetime-local` input, in China Standard Time whatever the
/// browser's own zone.
pub fn input_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.with_timezone(&shanghai()).format("%Y-%m-%dT%H:%M").to_string()
}

/// The value of a `datetime-local` input, read as China Standard Time.
pub fn parse_input_time(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").ok()?;
    shanghai().from_local_datetime(&naive).single().map(|at| at.with_timezone(&chrono::Utc))
}

/// Today in China Standard Time.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&shanghai()).date_naive()
}
