//! API keys: `crm_` followed by 40 random characters; only the SHA-256 is stored.

use chrono::{Duration, Utc};
use rand::Rng;
use rand::distr::Alphanumeric;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use crate::auth::sessions::digest;
use crate::entities::api_keys;
use crate::error::ApiError;

/// Every key starts with this, so that it is told apart from a JWT.
pub const PREFIX: &str = "crm_";

/// A new random key.
pub fn generate() -> String {
    let body: String = rand::rng().sample_iter(Alphanumeric).take(40).map(char::from).collect();
    format!("{PREFIX}{body}")
}

/// The stored key for `token`, if it exists, is not revoked and has not expired. Its last use is
/// recorded (at most once a minute).
pub async fn authenticate(db: &DatabaseConnection, token: &str) -> Result<api_keys::Model, ApiError> {
    let key = api_keys::Entity::find().filter(api_keys::Column::KeyHash.eq(digest(token))).one(db).await?;
    let now = Utc::now();
    let Some(key) = key.filter(|k| k.revoked_at.is_none() && k.expires_at > now) else {
        return Err(ApiError::Unauthorized("The API key is unknown, revoked or expired."));
    };
    if key.last_used_at.is_none_or(|last| now - last >= Duration::minutes(1)) {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::LastUsedAt, Expr::value(now))
            .filter(api_keys::Column::Id.eq(key.id))
            .exec(db)
            .await?;
    }
    Ok(key)
}
