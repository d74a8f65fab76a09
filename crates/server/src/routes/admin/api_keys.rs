//! API keys for integrations: created with a role and an expiry, shown once, revocable.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{Duration, Utc};
use crm_types::access::Permission;
use crm_types::admin::{ApiKey, CreatedApiKey, NewApiKey};
use crm_types::{ApiKeyId, RoleId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::sessions::digest;
use crate::auth::{Caller, api_keys as keys};
use crate::db;
use crate::entities::{api_keys, roles};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(revoke);
}

fn to_dto(row: &api_keys::Model) -> ApiKey {
    ApiKey {
        id: ApiKeyId(row.id),
        name: row.name.clone(),
        prefix: row.prefix.clone(),
        role_id: RoleId(row.role_id),
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
        created_at: row.created_at,
    }
}

/// List API keys.
///
/// Every key, without its secret, newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The keys.", body = Vec<ApiKey>), AuthErrors)
)]
#[get("/api-keys")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ApiKey>>> {
    caller.require(Permission::AdminApiKeys)?;
    let rows = api_keys::Entity::find().order_by_desc(api_keys::Column::Id).all(&state.db).await?;
    Ok(web::Json(rows.iter().map(to_dto).collect()))
}

/// Create an API key.
///
/// The key acts with the rights of `role_id` until `expires_at` (at most two years ahead). The secret
/// is in this response only; the server keeps just its hash.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses((status = 201, description = "Created.", body = CreatedApiKey), AuthErrors, JsonBodyErrors)
)]
#[post("/api-keys")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewApiKey>) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminApiKeys)?;
    let Some(creator) = caller.user().map(|u| u.id) else {
        return Err(ApiError::Forbidden("API keys cannot create API keys.".into()));
    };
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    let now = Utc::now();
    if body.expires_at <= now {
        problems.add("expires_at", "in_the_past", "must be in the future");
    } else if body.expires_at > now + Duration::days(731) {
        problems.add("expires_at", "too_far", "must be at most two years ahead");
    }
    if roles::Entity::find_by_id(body.role_id.0).one(&state.db).await?.is_none() {
        problems.add("role_id", "not_found", "no such role");
    }
    problems.finish()?;
    let secret = keys::generate();
    let txn = db::begin_write(&state.db).await?;
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
    .insert(&txn)
    .await?;
    let dto = to_dto(&row);
    let after = audit::snapshot(&dto)?;
    audit::record(&txn, &caller.actor(), Change::new("api_key.create", "api_key", row.id).created(after)).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(CreatedApiKey { key: secret, api_key: dto }))
}

/// Revoke an API key.
///
/// The key stops working at once. Revoking a revoked key changes nothing.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The key's id.")),
    responses((status = 204, description = "Revoked."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/api-keys/{id}")]
pub async fn revoke(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminApiKeys)?;
    let id = id.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let Some(key) = api_keys::Entity::find_by_id(id).one(&txn).await? else {
        return Err(ApiError::NotFound(format!("There is no API key {id}.")));
    };
    if key.revoked_at.is_none() {
        api_keys::Entity::update_many()
            .col_expr(api_keys::Column::RevokedAt, Expr::value(Utc::now()))
            .filter(api_keys::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        audit::record(&txn, &caller.actor(), Change::new("api_key.revoke", "api_key", id)).await?;
    }
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
