//! Sign-in, token refresh and the signed-in user.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{DataScope, FieldAccess, ModuleKey, Permission, Resource};
use crate::{DepartmentId, RoleId, UserId};
use std::collections::BTreeMap;

/// Credentials for `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The username or the e-mail address of the account.
    #[schema(example = "admin", min_length = 1, max_length = 254)]
    pub username: String,
    /// The account's password.
    #[schema(min_length = 1, max_length = 1024)]
    pub password: String,
}

/// A refresh token to exchange in `POST /api/v1/auth/refresh` or revoke in `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh.
    #[schema(min_length = 1, max_length = 512)]
    pub refresh_token: String,
}

/// A new session: a short-lived access token and a single-use refresh token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TokenResponse {
    /// A JWT to send as `Authorization: Bearer …`.
    pub access_token: String,
    /// An opaque token, valid once, that yields the next token pair.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// When true, every endpoint but password change answers 403 until the password is changed.
    pub must_change_password: bool,
}

/// The signed-in user, from `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Me {
    /// The user's id.
    pub id: UserId,
    /// The login name.
    pub username: String,
    /// The name shown in the UI.
    pub display_name: String,
    /// The e-mail address, if any.
    pub email: Option<String>,
    /// True until an initial or reset password has been changed.
    pub must_change_password: bool,
    /// The user's department.
    pub department_id: Option<DepartmentId>,
    /// The user's role.
    pub role: RoleSummary,
    /// What the user may do.
    pub permissions: Vec<Permission>,
    /// Which records of each resource the user sees.
    pub data_scopes: BTreeMap<Resource, DataScope>,
    /// Fields the user may not read or write.
    pub field_rules: BTreeMap<Resource, BTreeMap<String, FieldAccess>>,
    /// The modules that are switched on.
    pub modules: Vec<ModuleKey>,
}

/// A role's identity, without its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoleSummary {
    /// The id.
    pub id: RoleId,
    /// The stable code.
    pub code: String,
    /// The name.
    pub name: String,
}

/// Body of `POST /api/v1/auth/password-reset/request`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The account's e-mail address.
    #[schema(min_length = 3, max_length = 254)]
    pub email: String,
    /// The mobile number bound to the account.
    #[schema(min_length = 1, max_length = 20)]
    pub mobile: String,
}

/// Body of `POST /api/v1/auth/password-reset/confirm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    /// The token from the e-mail.
    #[schema(min_length = 1, max_length = 512)]
    pub token: String,
    /// The new password.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// Body of `POST /api/v1/auth/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The password in use now.
    #[schema(min_length = 1, max_length = 1024)]
    pub current_password: String,
    /// The new password: at least 8 characters with letters, digits and a special character.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}
