//! API keys for integrations: created by a user with a role and an expiry (the secret shown once, its
//! hash kept), revoked. How a key signs in is `auth::api_keys`.

use chrono::{DateTime, Duration, Utc};
use crm_types::admin::{CreatedApiKey, NewApiKey};
use crm_types::{ApiKeyId, FieldErrorCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::admin::queries::api_keys::to_dto;
use crate::audit::{self, Change};
use crate::auth::sessions::digest;
use crate::auth::{Caller, api_keys as keys};
use crate::entities::{api_keys, roles};
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, ApiKeys};
use crate::validation::Problems;

/// Creates a key acting with the rights of `role_id` until `expires_at` (at most two years ahead).
/// API keys do not create API keys (403).
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<ApiKeys>,
    body: &NewApiKey,
    now: DateTime<Utc>,
) -> ApiResult<CreatedApiKey> {
    let Some(creator) = caller.user().map(|u| u.id) else {
        return Err(ApiError::UsersOnly("API keys cannot create API keys.".into()));
    };
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    if body.expires_at <= now {
        problems.add("expires_at", FieldErrorCode::NotInFuture, "must be in the future");
    } else if body.expires_at > now + Duration::days(731) {
        problems.add("expires_at", FieldErrorCode::TooFar, "must be at most two years ahead");
    }
    if roles::Entity::find_by_id(body.role_id.0).one(txn).await?.is_none() {
        problems.add("role_id", FieldErrorCode::NotFound, "no such role");
    }
    problems.finish()?;
    let secret = keys::generate();
    let row = api_keys::ActiveModel {
        name: Set(name),
        prefix: Set(secret.chars().take(12).collect()),
        key_hash: Set(digest(&secret)),
        role_id: Set(body.role_id.0),
        created_by: Set(creator),
        expires_at: Set(body.expires_at),
        revoked_at: Set(None),
        last_used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let dto = to_dto(&row);
    let after = audit::snapshot(&dto)?;
    audit::record(txn, &caller.actor(), Change::new("api_key.create", "api_key", row.id).created(after)).await?;
    Ok(CreatedApiKey { key: secret, api_key: dto })
}

/// Revokes key `id` (404 for none); revoking a revoked key changes nothing.
pub async fn revoke(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<ApiKeys>,
    id: ApiKeyId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let id = id.0;
    let Some(key) = api_keys::Entity::find_by_id(id).one(txn).await? else {
        return Err(ApiError::NotFound(format!("There is no API key {id}.")));
    };
    if key.revoked_at.is_none() {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::RevokedAt, Expr::value(now))
            .filter(api_keys::Column::Id.eq(id))
            .exec(txn)
            .await?;
        audit::record(txn, &caller.actor(), Change::new("api_key.revoke", "api_key", id)).await?;
    }
    Ok(())
}
