//! A one-time password-reset token; only its SHA-256 is stored.

use sea_orm::entity::prelude::*;

/// A row of `password_resets`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "password_resets")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The account.
    pub user_id: i64,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Refused after this.
    pub expires_at: DateTimeUtc,
    /// Set when used; a token works once.
    pub used_at: Option<DateTimeUtc>,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
}

/// Relations of `password_resets`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
