//! What the user reads when a call fails: one translated message per code of the server's two tables
//! (`crm_types::problem`), matched exhaustively so that a new code cannot ship without its words —
//! the message of a failed request, and one message per field of a form, from the same rules as the
//! server (`crm_domain`) before sending and from the server's 422 after.

use std::collections::BTreeMap;

use crm_types::problem::KnownRule;
use crm_types::{ErrorCode, FieldErrorCode};

use crate::api::ApiError;
use crate::i18n::{Locale, td_string};

/// Field name (as on the wire, `contacts[1].mobile`) → message.
pub type FieldErrors = BTreeMap<String, String>;

/// The message to show for a failed call.
pub fn error_message(locale: Locale, error: &ApiError) -> &'static str {
    match error.code() {
        None => td_string!(locale, errors.network),
        Some(ErrorCode::BadRequest) => td_string!(locale, errors.bad_request),
        Some(ErrorCode::MalformedJson) => td_string!(locale, errors.malformed_json),
        Some(ErrorCode::Unauthorized) => td_string!(locale, errors.unauthorized),
        Some(ErrorCode::InvalidCredentials) => td_string!(locale, errors.invalid_credentials),
        Some(ErrorCode::Forbidden) => td_string!(locale, errors.forbidden),
        Some(ErrorCode::PermissionRequired) => td_string!(locale, errors.permission_required),
        Some(ErrorCode::ViewOnly) => td_string!(locale, errors.view_only),
        Some(ErrorCode::FieldReadOnly) => td_string!(locale, errors.field_read_only),
        Some(ErrorCode::UsersOnly) => td_string!(locale, errors.users_only),
        Some(ErrorCode::PasswordChangeRequired) => td_string!(locale, errors.password_change_required),
        Some(ErrorCode::NotFound) => td_string!(locale, errors.not_found),
        Some(ErrorCode::MethodNotAllowed) => td_string!(locale, errors.method_not_allowed),
        Some(ErrorCode::Conflict) => td_string!(locale, errors.conflict),
        Some(ErrorCode::AlreadyExists) => td_string!(locale, errors.already_exists),
        Some(ErrorCode::Duplicate) => td_string!(locale, errors.duplicate),
        Some(ErrorCode::Referenced) => td_string!(locale, errors.referenced),
        Some(ErrorCode::InUse) => td_string!(locale, errors.in_use),
        Some(ErrorCode::Closed) => td_string!(locale, errors.closed),
        Some(ErrorCode::WrongState) => td_string!(locale, errors.wrong_state),
        Some(ErrorCode::EditConflict) => td_string!(locale, errors.edit_conflict),
        Some(ErrorCode::PreconditionFailed) => td_string!(locale, errors.precondition_failed),
        Some(ErrorCode::PayloadTooLarge) => td_string!(locale, errors.payload_too_large),
        Some(ErrorCode::UnsupportedMediaType) => td_string!(locale, errors.unsupported_media_type),
        Some(ErrorCode::ValidationFailed) => td_string!(locale, errors.validation_failed),
        Some(ErrorCode::PreconditionRequired) => td_string!(locale, errors.precondition_required),
        Some(ErrorCode::TooManyRequests) => td_string!(locale, errors.too_many_requests),
        Some(ErrorCode::Internal) => td_string!(locale, errors.internal),
        Some(ErrorCode::ServiceUnavailable) => td_string!(locale, errors.service_unavailable),
    }
}

/// The message for a field that broke rule `code`.
pub fn for_code(locale: Locale, code: FieldErrorCode) -> &'static str {
    match code {
        FieldErrorCode::Required => td_string!(locale, field_errors.required),
        FieldErrorCode::TooLong => td_string!(locale, field_errors.too_long),
        FieldErrorCode::TooShort => td_string!(locale, field_errors.too_short),
        FieldErrorCode::InvalidCharacter => td_string!(locale, field_errors.invalid_character),
        FieldErrorCode::InvalidFormat => td_string!(locale, field_errors.invalid_format),
        FieldErrorCode::InvalidLength => td_string!(locale, field_errors.invalid_length),
        FieldErrorCode::InvalidCheck => td_string!(locale, field_errors.invalid_check),
        FieldErrorCode::InvalidBirthDate => td_string!(locale, field_errors.invalid_birth_date),
        FieldErrorCode::MissingLetter => td_string!(locale, field_errors.missing_letter),
        FieldErrorCode::MissingDigit => td_string!(locale, field_errors.missing_digit),
        FieldErrorCode::MissingSpecial => td_string!(locale, field_errors.missing_special),
        FieldErrorCode::Invalid => td_string!(locale, field_errors.invalid),
        FieldErrorCode::InvalidValue => td_string!(locale, field_errors.invalid_value),
        FieldErrorCode::InvalidType => td_string!(locale, field_errors.invalid_type),
        FieldErrorCode::Malformed => td_string!(locale, field_errors.malformed),
        FieldErrorCode::Unreadable => td_string!(locale, field_errors.unreadable),
        FieldErrorCode::Unknown => td_string!(locale, field_errors.unknown),
        FieldErrorCode::UnknownCode => td_string!(locale, field_errors.unknown_code),
        FieldErrorCode::DisabledCode => td_string!(locale, field_errors.disabled_code),
        FieldErrorCode::UnknownField => td_string!(locale, field_errors.unknown_field),
        FieldErrorCode::DisabledField => td_string!(locale, field_errors.disabled_field),
        FieldErrorCode::WrongType => td_string!(locale, field_errors.wrong_type),
        FieldErrorCode::UnknownOption => td_string!(locale, field_errors.unknown_option),
        FieldErrorCode::UnknownGrade => td_string!(locale, field_errors.unknown_grade),
        FieldErrorCode::NotFound => td_string!(locale, field_errors.not_found),
        FieldErrorCode::Inactive => td_string!(locale, field_errors.inactive),
        FieldErrorCode::Negative => td_string!(locale, field_errors.negative),
        FieldErrorCode::TooPrecise => td_string!(locale, field_errors.too_precise),
        FieldErrorCode::TooLarge => td_string!(locale, field_errors.too_large),
        FieldErrorCode::OutOfRange => td_string!(locale, field_errors.out_of_range),
        FieldErrorCode::TooMany => td_string!(locale, field_errors.too_many),
        FieldErrorCode::Count => td_string!(locale, field_errors.count),
        FieldErrorCode::Duplicate => td_string!(locale, field_errors.duplicate),
        FieldErrorCode::Repeated => td_string!(locale, field_errors.repeated),
        FieldErrorCode::NotApplicable => td_string!(locale, field_errors.not_applicable),
        FieldErrorCode::NotAllowed => td_string!(locale, field_errors.not_allowed),
        FieldErrorCode::ReadOnly => td_string!(locale, field_errors.read_only),
        FieldErrorCode::Blocked => td_string!(locale, field_errors.blocked),
        FieldErrorCode::InFuture => td_string!(locale, field_errors.in_future),
        FieldErrorCode::NotInFuture => td_string!(locale, field_errors.not_in_future),
        FieldErrorCode::InPast => td_string!(locale, field_errors.in_past),
        FieldErrorCode::TooEarly => td_string!(locale, field_errors.too_early),
        FieldErrorCode::TooFar => td_string!(locale, field_errors.too_far),
        FieldErrorCode::BeforeFirst => td_string!(locale, field_errors.before_first),
        FieldErrorCode::Unchanged => td_string!(locale, field_errors.unchanged),
        FieldErrorCode::NothingToChange => td_string!(locale, field_errors.nothing_to_change),
        FieldErrorCode::Immutable => td_string!(locale, field_errors.immutable),
        FieldErrorCode::Fixed => td_string!(locale, field_errors.fixed),
        FieldErrorCode::OwnAccount => td_string!(locale, field_errors.own_account),
        FieldErrorCode::Cycle => td_string!(locale, field_errors.cycle),
        FieldErrorCode::AdminKeepsAll => td_string!(locale, field_errors.admin_keeps_all),
        FieldErrorCode::SeveralPrimary => td_string!(locale, field_errors.several_primary),
        FieldErrorCode::NeedsPrimary => td_string!(locale, field_errors.needs_primary),
        FieldErrorCode::LeftContact => td_string!(locale, field_errors.left_contact),
        FieldErrorCode::NoDepartment => td_string!(locale, field_errors.no_department),
        FieldErrorCode::NoEmail => td_string!(locale, field_errors.no_email),
        FieldErrorCode::NoMobile => td_string!(locale, field_errors.no_mobile),
        FieldErrorCode::MakeUpNotWeekend => td_string!(locale, field_errors.make_up_not_weekend),
        FieldErrorCode::HolidayOnWeekend => td_string!(locale, field_errors.holiday_on_weekend),
        FieldErrorCode::ConflictingDay => td_string!(locale, field_errors.conflicting_day),
        FieldErrorCode::ConfirmationRequired => td_string!(locale, field_errors.confirmation_required),
        FieldErrorCode::Incorrect => td_string!(locale, field_errors.incorrect),
        FieldErrorCode::Empty => td_string!(locale, field_errors.empty),
        FieldErrorCode::Owner => td_string!(locale, field_errors.owner),
        FieldErrorCode::ExcelError => td_string!(locale, field_errors.excel_error),
        FieldErrorCode::InvalidDate => td_string!(locale, field_errors.invalid_date),
        FieldErrorCode::AmbiguousDate => td_string!(locale, field_errors.ambiguous_date),
        FieldErrorCode::NotExact => td_string!(locale, field_errors.not_exact),
        FieldErrorCode::ForeignCurrency => td_string!(locale, field_errors.foreign_currency),
        FieldErrorCode::PrecisionLost => td_string!(locale, field_errors.precision_lost),
        FieldErrorCode::NoMatch => td_string!(locale, field_errors.no_match),
        FieldErrorCode::AmbiguousValue => td_string!(locale, field_errors.ambiguous_value),
    }
}

/// The message for `field` (as on the wire, `contacts[1].mobile`) that broke rule `code`: the rule
/// itself where the field has a well-known shape ("手机号应为 11 位数字"), else the code's message.
pub fn for_field(locale: Locale, field: &str, code: FieldErrorCode) -> &'static str {
    match KnownRule::of(field, code) {
        Some(KnownRule::MobileFormat) => td_string!(locale, field_rules_text.mobile),
        Some(KnownRule::PhoneFormat) => td_string!(locale, field_rules_text.phone),
        Some(KnownRule::EmailFormat) => td_string!(locale, field_rules_text.email),
        Some(KnownRule::PasswordLength) => td_string!(locale, field_rules_text.password_length),
        None => for_code(locale, code),
    }
}

/// The field errors of a 422 (or 409 duplicate) answer.
pub fn from_problem(locale: Locale, error: &ApiError) -> FieldErrors {
    match error {
        ApiError::Problem(problem) => {
            problem.errors.iter().map(|e| (e.field.clone(), for_field(locale, &e.field, e.code).to_owned())).collect()
        }
        ApiError::Network => FieldErrors::new(),
    }
}
