//! API keys for integrations: created with a role and an expiry, shown once, revocable.

use actix_web::{HttpResponse, delete, get, post, web};
use crm_types::ApiKeyId;
use crm_types::admin::{ApiKey, CreatedApiKey, NewApiKey};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::api_keys as queries;
use crate::admin::service::api_keys;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, ApiKeys};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(revoke);
}

/// List API keys.
///
/// Every key, without its secret, newest first.
#[utoipa::path(
    operation_id = crm_types::api::ListApiKeys::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The keys.", body = Vec<ApiKey>), AuthErrors)
)]
#[get("/api-keys")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ApiKey>>> {
    let right = admin::grant::<ApiKeys>(&caller)?;
    Ok(web::Json(queries::list(&state.db, &right).await?))
}

/// Create an API key.
///
/// The key acts with the rights of `role_id` until `expires_at` (at most two years ahead). The secret
/// is in this response only; the server keeps just its hash.
#[utoipa::path(
    operation_id = crm_types::api::CreateApiKey::ID,
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewApiKey,
    responses((status = 201, description = "Created.", body = CreatedApiKey), AuthErrors, JsonBodyErrors)
)]
#[post("/api-keys")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewApiKey>) -> ApiResult<HttpResponse> {
    let right = admin::grant::<ApiKeys>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let created = api_keys::create(&txn, &caller, &right, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revoke an API key.
///
/// The key stops working at once. Revoking a revoked key changes nothing.
#[utoipa::path(
    operation_id = crm_types::api::RevokeApiKey::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The key's id.")),
    responses((status = 204, description = "Revoked."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/api-keys/{id}")]
pub async fn revoke(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let right = admin::grant::<ApiKeys>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    api_keys::revoke(&txn, &caller, &right, ApiKeyId(id.into_inner()), state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
