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
    /// The unique e-mail address, if any.
    pub email: Option<String>,
    /// The name shown in the UI.
    pub display_name: String,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// True until an initial or reset password is changed.
    pub must_change_password: bool,
    /// A disabled account can't sign in.
    pub is_active: bool,
    /// When the account was created (UTC).
    pub created_at: DateTimeUtc,
    /// When the account last changed (UTC).
    pub updated_at: DateTimeUtc,
}

/// Relations of `users`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
