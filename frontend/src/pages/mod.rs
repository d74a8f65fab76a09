//! One module per page.

pub mod admin;
mod change_password;
pub mod customers;
mod forgot_password;
mod login;
mod module;
mod not_found;

pub use change_password::ChangePassword;
pub use forgot_password::{ForgotPassword, ResetPassword};
pub use login::Login;
pub use module::ModulePage;
pub use not_found::NotFound;

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
        Some(_) => td_string!(locale, errors.server),
    }
}

/// A UTC time shown in China Standard Time (UTC+8), the product's default zone.
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> String {
    let shanghai = chrono::FixedOffset::east_opt(8 * 3600);
    let local = match shanghai {
        Some(zone) => at.with_timezone(&zone).naive_local(),
        None => at.naive_utc(),
    };
    local.format("%Y-%m-%d %H:%M").to_string()
}
