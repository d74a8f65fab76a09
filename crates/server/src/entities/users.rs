//! A user account.

use sea_orm::entity::prelude::*;

/// A row of `users`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The unique login name.
    pub username: String,
    /// The unique e-mail address, if any (stored in lower case).
    pub email: Option<String>,
    /// The bound mobile number, normalised.
    pub mobile: Option<String>,
    /// The name shown in the UI.
    pub display_name: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// The user's department.
    pub department_id: Option<i64>,
    /// The user's role.
    pub role_id: i64,
    /// True until an initial or reset password is changed.
    pub must_change_password: bool,
    /// A disabled account can't sign in.
    pub is_active: bool,
    /// Consecutive failed sign-ins since the last success.
    pub failed_logins: i32,
    /// Sign-in is refused until then.
    pub locked_until: Option<DateTimeUtc>,
    /// The last successful sign-in.
    pub last_login_at: Option<DateTimeUtc>,
    /// When the account was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the account last changed (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `users`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
