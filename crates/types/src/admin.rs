//! Administration: users, departments, roles, modules and API keys.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::access::{DataScope, FieldAccess, ModuleKey, Permission, Resource};
use crate::ids::{ApiKeyId, DepartmentId, RoleId, UserId};

/// A department (部门), a node of the organisation tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Department {
    /// The id.
    pub id: DepartmentId,
    /// The name, unique among its siblings (华东区销售部).
    pub name: String,
    /// The parent department; `null` for a top-level one.
    pub parent_id: Option<DepartmentId>,
    /// Position among siblings.
    pub sort_order: i32,
    /// A disabled department takes no new users.
    pub is_active: bool,
}

/// Body of `POST /api/v1/admin/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDepartment {
    /// The name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// The parent; omit for a top-level department.
    #[serde(default)]
    pub parent_id: Option<DepartmentId>,
    /// Position among siblings (default 0).
    #[serde(default)]
    pub sort_order: i32,
}

/// Body of `PATCH /api/v1/admin/departments/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentPatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 100)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A new parent (moves the department with its subtree); `null` makes it top-level.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DepartmentId>)]
    pub parent_id: Option<Option<DepartmentId>>,
    /// A new position among siblings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_order: Option<i32>,
    /// Enable or disable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// A role: a named set of permissions with data scopes and field rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Role {
    /// The id.
    pub id: RoleId,
    /// A stable code (`sales_rep`, `admin`…).
    pub code: String,
    /// The name shown to people (销售代表).
    pub name: String,
    /// What the role is for.
    pub description: String,
    /// Seeded roles can be edited but not deleted.
    pub is_system: bool,
    /// What the role allows.
    pub permissions: Vec<Permission>,
    /// Which records of each resource the role sees; a resource not listed is not visible at all.
    pub data_scopes: BTreeMap<Resource, DataScope>,
    /// Fields the role may not read or write, per resource.
    pub field_rules: BTreeMap<Resource, BTreeMap<String, FieldAccess>>,
}

/// Body of `POST /api/v1/admin/roles` and `PUT /api/v1/admin/roles/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    /// A stable code: lower-case letters, digits and `_`.
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z][a-z0-9_]*$")]
    pub code: String,
    /// The name shown to people.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// What the role is for.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub description: String,
    /// What the role allows.
    #[serde(default)]
    pub permissions: Vec<Permission>,
    /// Data scope per resource.
    #[serde(default)]
    pub data_scopes: BTreeMap<Resource, DataScope>,
    /// Field rules per resource.
    #[serde(default)]
    pub field_rules: BTreeMap<Resource, BTreeMap<String, FieldAccess>>,
}

/// A user account as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct User {
    /// The id.
    pub id: UserId,
    /// The login name.
    pub username: String,
    /// The name shown in the UI.
    pub display_name: String,
    /// The e-mail address (for sign-in and password reset).
    pub email: Option<String>,
    /// The bound mobile number (for password reset).
    pub mobile: Option<String>,
    /// The user's department.
    pub department_id: Option<DepartmentId>,
    /// The user's role.
    pub role_id: RoleId,
    /// A disabled user cannot sign in.
    pub is_active: bool,
    /// True until an initial or reset password is changed.
    pub must_change_password: bool,
    /// The last successful sign-in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// The login name: letters, digits, `.`, `_` and `-`.
    #[schema(min_length = 2, max_length = 64, pattern = "^[A-Za-z0-9._-]+$")]
    pub username: String,
    /// The name shown in the UI.
    #[schema(min_length = 1, max_length = 100)]
    pub display_name: String,
    /// The e-mail address.
    #[serde(default)]
    #[schema(max_length = 254)]
    pub email: Option<String>,
    /// The mobile number.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub mobile: Option<String>,
    /// The department.
    #[serde(default)]
    pub department_id: Option<DepartmentId>,
    /// The role.
    pub role_id: RoleId,
    /// The initial password, which the user must change at first sign-in.
    #[schema(min_length = 8, max_length = 128)]
    pub initial_password: String,
}

/// Body of `PATCH /api/v1/admin/users/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// A new display name.
    #[schema(min_length = 1, max_length = 100)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// A new e-mail address; `null` removes it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 254)]
    pub email: Option<Option<String>>,
    /// A new mobile number; `null` removes it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, max_length = 20)]
    pub mobile: Option<Option<String>>,
    /// A new department; `null` removes it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<DepartmentId>)]
    pub department_id: Option<Option<DepartmentId>>,
    /// A new role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_id: Option<RoleId>,
    /// Enable or disable the account (disabling ends its sessions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
}

/// Body of `POST /api/v1/admin/users/{id}/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// The new initial password; the user must change it at the next sign-in.
    #[schema(min_length = 8, max_length = 128)]
    pub new_password: String,
}

/// A module and whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModuleState {
    /// The module.
    pub key: ModuleKey,
    /// Whether its API and pages are available.
    pub enabled: bool,
}

/// Body of `PUT /api/v1/admin/modules/{key}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModuleSwitch {
    /// Switch on (`true`) or off.
    pub enabled: bool,
}

/// An API key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiKey {
    /// The id.
    pub id: ApiKeyId,
    /// What the key is for (ERP 同步).
    pub name: String,
    /// The first characters of the key, to recognise it.
    pub prefix: String,
    /// The role whose rights the key has.
    pub role_id: RoleId,
    /// After this the key is refused.
    pub expires_at: DateTime<Utc>,
    /// When the key was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The last time the key was used.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key was created.
    pub created_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/admin/api-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    /// What the key is for.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// The role whose rights the key has.
    pub role_id: RoleId,
    /// When the key expires (at most 2 years ahead).
    pub expires_at: DateTime<Utc>,
}

/// A newly created API key: the secret is shown this once and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CreatedApiKey {
    /// The secret, to send as `Authorization: Bearer crm_…`.
    pub key: String,
    /// The stored key.
    pub api_key: ApiKey,
}

/// A colleague, as any signed-in user may see them: for choosing an owner, a collaborator, a handover
/// target or a task's assignee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Colleague {
    /// The user's id.
    pub id: UserId,
    /// The name shown in the UI.
    pub display_name: String,
    /// The user's department.
    pub department_id: Option<DepartmentId>,
    /// Whether the user's role may own customers (it grants `customer.create`): the choices for an
    /// owner or a handover target.
    pub holds_customers: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_user_change_sends_only_that_field() {
        let role = UserPatch { role_id: Some(RoleId(3)), ..Default::default() };
        assert_eq!(serde_json::to_string(&role).unwrap(), r#"{"role_id":3}"#);
        let disable = UserPatch { is_active: Some(false), ..Default::default() };
        assert_eq!(serde_json::to_string(&disable).unwrap(), r#"{"is_active":false}"#);
        let leave = UserPatch { department_id: Some(None), ..Default::default() };
        assert_eq!(serde_json::to_string(&leave).unwrap(), r#"{"department_id":null}"#);
        assert_eq!(serde_json::to_string(&DepartmentPatch::default()).unwrap(), "{}");
    }
}
