//! The error body of every failed request: RFC 9457 `application/problem+json`, and the two tables of
//! codes clients match on — [`ErrorCode`] (what went wrong with the request, with its HTTP status) and
//! [`FieldErrorCode`] (which rule a field broke, in a 422's `errors`).
//!
//! Each table is one list, a line per code: the code, its wire name, (for problems) its HTTP status and
//! title, and what it means. The server answers with these, the OpenAPI document lists them, and the
//! SPA translates them; nothing else names a code.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of [`Problem`] bodies.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

macro_rules! error_codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $code:literal, $status:literal, $title:literal;)+) => {
        /// What went wrong, as a stable machine-readable code. Clients match on this, never on `title`
        /// or `detail`. The `type` of the problem is `urn:crm:problem:{code}`.
        // `rename_all`, not a `rename` per variant: utoipa reads no attribute value made by a macro.
        // The tests check that every variant's snake_case name is its code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl ErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The snake_case name, as on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            /// The HTTP status of problems with this code.
            pub fn status(self) -> u16 {
                match self { $(Self::$variant => $status,)+ }
            }

            /// The problem's `title`: a short summary of the kind of problem.
            pub fn title(self) -> &'static str {
                match self { $(Self::$variant => $title,)+ }
            }

            /// What the code means, for the API's documentation.
            pub fn meaning(self) -> &'static str {
                match self { $(Self::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }
        }
    };
}

error_codes! {
    /// The request could not be understood (a bad query string or path parameter…).
    BadRequest = "bad_request", 400, "Bad request";
    /// The body is not well-formed JSON or does not have the expected shape.
    MalformedJson = "malformed_json", 400, "Malformed JSON body";
    /// No credentials, or credentials that are invalid or expired.
    Unauthorized = "unauthorized", 401, "Authentication required";
    /// Wrong username or password.
    InvalidCredentials = "invalid_credentials", 401, "Invalid username or password";
    /// The caller may not do this.
    Forbidden = "forbidden", 403, "Forbidden";
    /// The caller's role lacks the permission this needs (`detail` names it).
    PermissionRequired = "permission_required", 403, "Permission required";
    /// The caller sees the record but may not change it (a view collaborator, someone else's record).
    ViewOnly = "view_only", 403, "View only";
    /// The caller's role may not change one of the fields sent (`detail` names it).
    FieldReadOnly = "field_read_only", 403, "Field is read-only";
    /// Only a signed-in user does this, not an API key.
    UsersOnly = "users_only", 403, "Users only";
    /// The caller must change the password before doing anything else.
    PasswordChangeRequired = "password_change_required", 403, "Password change required";
    /// No such resource, or it lies outside the caller's data scope, or its module is switched off.
    NotFound = "not_found", 404, "Not found";
    /// The resource exists but does not accept this HTTP method.
    MethodNotAllowed = "method_not_allowed", 405, "Method not allowed";
    /// The request conflicts with the current state.
    Conflict = "conflict", 409, "Conflict";
    /// A record with the same unique value (code, name, username…) already exists.
    AlreadyExists = "already_exists", 409, "Already exists";
    /// The record looks like existing ones and the duplicate check blocks; `errors` lists them.
    Duplicate = "duplicate", 409, "Duplicate";
    /// The record refers to, or is referred to by, another record.
    Referenced = "referenced", 409, "Referenced by another record";
    /// The value is still in use (a role held by users, an option chosen on records…).
    InUse = "in_use", 409, "In use";
    /// The record is closed to this change (an approved follow-up, a finished demand, a seeded role…).
    Closed = "closed", 409, "Closed";
    /// The record is not in a state that allows this yet (an import before its dry run, an export not ready…).
    WrongState = "wrong_state", 409, "Wrong state";
    /// Someone changed the record while this request was being handled; read it again and retry.
    EditConflict = "edit_conflict", 409, "Changed meanwhile";
    /// The `If-Match` version is stale: someone else changed the record first.
    PreconditionFailed = "precondition_failed", 412, "Precondition failed";
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge = "payload_too_large", 413, "Payload too large";
    /// The body's `Content-Type`, or an uploaded file's content, is not one the endpoint accepts.
    UnsupportedMediaType = "unsupported_media_type", 415, "Unsupported media type";
    /// One or more fields broke a rule; see `errors`.
    ValidationFailed = "validation_failed", 422, "Validation failed";
    /// The update needs an `If-Match` header with the version read.
    PreconditionRequired = "precondition_required", 428, "Precondition required";
    /// Too many requests; retry after the `Retry-After` header's delay.
    TooManyRequests = "too_many_requests", 429, "Too many requests";
    /// An unexpected failure on the server; the log has the details.
    Internal = "internal", 500, "Internal server error";
    /// A dependency such as the database is not available or too busy; retry in a moment.
    ServiceUnavailable = "service_unavailable", 503, "Service unavailable";
}

/// A field whose broken rule is worth saying in its own words ("手机号应为 11 位数字"), rather than by
/// the code's general message; the server and the web app both word errors through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownRule {
    /// A mobile number of the wrong shape.
    MobileFormat,
    /// A phone number of the wrong shape.
    PhoneFormat,
    /// An e-mail address of the wrong shape.
    EmailFormat,
    /// A password that is too short.
    PasswordLength,
}

impl KnownRule {
    /// The rule `field` (as on the wire, `contacts[1].mobile`) broke with `code`, when it has words of
    /// its own.
    pub fn of(field: &str, code: FieldErrorCode) -> Option<Self> {
        let name = field.rsplit('.').next().unwrap_or(field);
        match (name, code) {
            ("mobile", FieldErrorCode::InvalidFormat) => Some(Self::MobileFormat),
            ("phone", FieldErrorCode::InvalidFormat) => Some(Self::PhoneFormat),
            ("email", FieldErrorCode::InvalidFormat) => Some(Self::EmailFormat),
            (_, FieldErrorCode::TooShort) if name.ends_with("password") => Some(Self::PasswordLength),
            _ => None,
        }
    }
}

impl ErrorCode {
    /// The `type` URI of problems with this code.
    pub fn type_uri(self) -> String {
        format!("urn:crm:problem:{}", self.as_str())
    }
}

macro_rules! field_error_codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $code:literal;)+) => {
        /// Which rule a field broke, in a 422's `errors`. Clients translate by this code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum FieldErrorCode {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl FieldErrorCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The snake_case name, as on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            /// What the code means, for the API's documentation.
            pub fn meaning(self) -> &'static str {
                match self { $(Self::$variant => concat!($($doc),+).trim_ascii(),)+ }
            }
        }
    };
}

field_error_codes! {
    /// A value is required and missing or blank.
    Required = "required";
    /// Longer than the field allows.
    TooLong = "too_long";
    /// Shorter than the field needs (a password).
    TooShort = "too_short";
    /// Contains control characters other than tabs and line breaks.
    InvalidCharacter = "invalid_character";
    /// Not in the field's format (a mobile number, an e-mail address, a code…).
    InvalidFormat = "invalid_format";
    /// The wrong number of characters (an 18-character code…).
    InvalidLength = "invalid_length";
    /// The check character or digit does not match (USCC, resident ID number).
    InvalidCheck = "invalid_check";
    /// The birth date inside a resident ID number is not a real date.
    InvalidBirthDate = "invalid_birth_date";
    /// A password without a letter.
    MissingLetter = "missing_letter";
    /// A password without a digit.
    MissingDigit = "missing_digit";
    /// A password without a special character.
    MissingSpecial = "missing_special";
    /// Not a valid value here (a cursor, a token, a filter…).
    Invalid = "invalid";
    /// A value of the wrong kind for the field (a custom field's type).
    InvalidValue = "invalid_value";
    /// A JSON value of the wrong type (a string where a number belongs, an array for an object…).
    InvalidType = "invalid_type";
    /// A value that cannot be read at all (a broken cursor or filter string).
    Malformed = "malformed";
    /// A value that cannot be read from the file.
    Unreadable = "unreadable";
    /// Names nothing known (a user, a dictionary value, a custom field…).
    Unknown = "unknown";
    /// A dictionary code that does not exist.
    UnknownCode = "unknown_code";
    /// A dictionary code that an administrator disabled.
    DisabledCode = "disabled_code";
    /// A field name that does not exist.
    UnknownField = "unknown_field";
    /// A custom field that an administrator disabled.
    DisabledField = "disabled_field";
    /// A value of the wrong type for the field (text for a number…).
    WrongType = "wrong_type";
    /// An option code the select field does not have.
    UnknownOption = "unknown_option";
    /// A grade that does not exist.
    UnknownGrade = "unknown_grade";
    /// The record named does not exist, or lies outside the caller's scope.
    NotFound = "not_found";
    /// The record named is disabled.
    Inactive = "inactive";
    /// Below zero.
    Negative = "negative";
    /// More decimal places than the field keeps.
    TooPrecise = "too_precise";
    /// Larger than the field allows.
    TooLarge = "too_large";
    /// Outside the allowed range.
    OutOfRange = "out_of_range";
    /// More items than allowed, or fewer.
    TooMany = "too_many";
    /// The number of items is outside what is allowed.
    Count = "count";
    /// The same value twice where each must be unique.
    Duplicate = "duplicate";
    /// Repeated in one request.
    Repeated = "repeated";
    /// Does not apply to this kind of record or field.
    NotApplicable = "not_applicable";
    /// Not allowed here.
    NotAllowed = "not_allowed";
    /// The caller's role may not change this field (its field rule is read-only).
    ReadOnly = "read_only";
    /// Blocked by an administrator's setting.
    Blocked = "blocked";
    /// A time that must not be in the future is.
    InFuture = "in_future";
    /// A time that must be in the future is not.
    NotInFuture = "not_in_future";
    /// A date that must be today or later is in the past.
    InPast = "in_past";
    /// Too early to be plausible.
    TooEarly = "too_early";
    /// Too far ahead.
    TooFar = "too_far";
    /// Before the first allowed value (a sales stage before the first).
    BeforeFirst = "before_first";
    /// The same as now: nothing would change.
    Unchanged = "unchanged";
    /// The request changes nothing.
    NothingToChange = "nothing_to_change";
    /// Cannot change once set.
    Immutable = "immutable";
    /// A fixed part that cannot be changed.
    Fixed = "fixed";
    /// Cannot be done to one's own account.
    OwnAccount = "own_account";
    /// A department cannot move under itself or its descendants.
    Cycle = "cycle";
    /// The administrator role keeps every permission.
    AdminKeepsAll = "admin_keeps_all";
    /// More than one primary contact.
    SeveralPrimary = "several_primary";
    /// A customer needs one active primary contact.
    NeedsPrimary = "needs_primary";
    /// A contact who left cannot be primary.
    LeftContact = "left_contact";
    /// The user has no department.
    NoDepartment = "no_department";
    /// The user has no e-mail address for this channel.
    NoEmail = "no_email";
    /// The user has no mobile number for this channel.
    NoMobile = "no_mobile";
    /// Only a Saturday or Sunday can be a make-up working day.
    MakeUpNotWeekend = "make_up_not_weekend";
    /// A Saturday or Sunday is a day off already.
    HolidayOnWeekend = "holiday_on_weekend";
    /// The same day is listed twice in a calendar.
    ConflictingDay = "conflicting_day";
    /// A demand closes only with the customer's confirmation attached.
    ConfirmationRequired = "confirmation_required";
    /// The current password is wrong.
    Incorrect = "incorrect";
    /// The value is empty where something is needed (an empty file, an empty list).
    Empty = "empty";
    /// The owner cannot be set here.
    Owner = "owner";
    /// A spreadsheet cell holds an Excel error value (`#REF!`…), not data.
    ExcelError = "excel_error";
    /// A date written correctly that is not a day of the calendar (`2024-02-30`).
    InvalidDate = "invalid_date";
    /// A date that can be read two ways (`03/04/2024`): the day order must be chosen.
    AmbiguousDate = "ambiguous_date";
    /// An estimate or a range (`约10万`, `面议`) rather than an amount.
    NotExact = "not_exact";
    /// An amount in another currency than CNY.
    ForeignCurrency = "foreign_currency";
    /// Excel turned a long number into scientific notation and dropped its last digits.
    PrecisionLost = "precision_lost";
    /// No value of the list matches the text.
    NoMatch = "no_match";
    /// Several values of the list match the text equally well.
    AmbiguousValue = "ambiguous_value";
}

/// A field that broke a rule, in a 422 response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field, as named in the request body (`password`, `contacts[1].mobile`…).
    pub field: String,
    /// The rule broken.
    pub code: FieldErrorCode,
    /// An English explanation; clients translate by `code`.
    pub message: String,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, code: FieldErrorCode, message: impl Into<String>) -> Self {
        Self { field: field.into(), code, message: message.into() }
    }
}

/// An RFC 9457 problem details body, with the CRM's `code` extension member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI identifying the kind of problem: `urn:crm:problem:{code}`.
    #[serde(rename = "type")]
    pub type_: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for a person to read.
    pub detail: String,
    /// The machine-readable kind of problem.
    pub code: ErrorCode,
    /// For `validation_failed` and `duplicate`: each field that broke a rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of kind `code`, with its status and title from the table.
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self {
            type_: code.type_uri(),
            title: code.title().to_owned(),
            status: code.status(),
            detail: detail.into(),
            code,
            errors: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_code_is_unique_snake_case_and_round_trips() {
        let names: BTreeSet<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), ErrorCode::ALL.len());
        for code in ErrorCode::ALL {
            assert!(code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{code:?}");
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, code.as_str());
            assert_eq!(serde_json::from_value::<ErrorCode>(wire).unwrap(), *code);
            assert!((400..600).contains(&code.status()));
            assert!(!code.meaning().is_empty() && !code.title().is_empty());
        }
        let fields: BTreeSet<&str> = FieldErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(fields.len(), FieldErrorCode::ALL.len());
        for code in FieldErrorCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert!(!code.meaning().is_empty());
        }
    }

    #[test]
    fn a_problem_takes_its_status_title_and_type_from_the_table() {
        let problem = Problem::new(ErrorCode::ViewOnly, "You may view this customer but not change it.");
        assert_eq!((problem.status, problem.title.as_str()), (403, "View only"));
        assert_eq!(problem.type_, "urn:crm:problem:view_only");
    }
}
