//! An API key for an integration; only its SHA-256 is stored.

use sea_orm::entity::prelude::*;

/// A row of `api_keys`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    /// The id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What the key is for.
    pub name: String,
    /// The first characters of the key.
    pub prefix: String,
    /// SHA-256 of the key, hex.
    pub key_hash: String,
    /// The role whose rights the key has.
    pub role_id: i64,
    /// The administrator who created it.
    pub created_by: i64,
    /// Refused after this.
    pub expires_at: DateTimeUtc,
    /// Refused after this.
    pub revoked_at: Option<DateTimeUtc>,
    /// Last use.
    pub last_used_at: Option<DateTimeUtc>,
    /// Created at (UTC).
    pub created_at: DateTimeUtc,
}

/// Relations of `api_keys`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
