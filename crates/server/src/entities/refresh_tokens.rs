//! A refresh token: single use, rotated on every refresh, grouped in a family per sign-in.

use sea_orm::entity::prelude::*;

/// A row of `refresh_tokens`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refresh_tokens")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The user the session belongs to.
    pub user_id: i64,
    /// All tokens issued from one sign-in share a family; reuse of a used token revokes the family.
    pub family_id: String,
    /// SHA-256 of the token, hex; the token itself is never stored.
    pub token_hash: String,
    /// After this the token is refused.
    pub expires_at: DateTimeUtc,
    /// When the token was exchanged for the next one.
    pub used_at: Option<DateTimeUtc>,
    /// When the token's family was revoked (logout, reuse, password change).
    pub revoked_at: Option<DateTimeUtc>,
    /// When the token was issued.
    pub created_at: DateTimeUtc,
}

/// Relations of `refresh_tokens`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
