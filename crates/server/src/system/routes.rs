//! Liveness, readiness and version.

use actix_web::{get, web};
use crm_types::system::{HealthStatus, VersionInfo};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiResult;
use crate::openapi::Unavailable;
use crate::state::AppState;
use crate::system::queries;

/// Registers the probes at the root.
pub fn probes(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(version);
}

/// Liveness probe.
///
/// Answers 200 as long as the process serves HTTP; it does not touch the database.
#[utoipa::path(
    operation_id = crm_types::api::GetHealth::ID,tag = "system", responses((status = 200, description = "The process is alive.", body = HealthStatus)))]
#[get("/healthz")]
pub async fn healthz() -> web::Json<HealthStatus> {
    web::Json(HealthStatus { status: "ok".into() })
}

/// Readiness probe.
///
/// Answers 200 when the database responds, 503 otherwise, so a load balancer stops sending traffic to
/// an instance that cannot serve it.
#[utoipa::path(
    operation_id = crm_types::api::GetReadiness::ID,
    tag = "system",
    responses((status = 200, description = "Ready to serve.", body = HealthStatus), Unavailable)
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> ApiResult<web::Json<HealthStatus>> {
    Ok(web::Json(queries::readiness(&state.db).await?))
}

/// Server version.
///
/// The product name, the server version and the database engine. Needs no sign-in, so that the
/// sign-in page can show it.
#[utoipa::path(
    operation_id = crm_types::api::GetVersion::ID,tag = "system", responses((status = 200, description = "The server's version.", body = VersionInfo)))]
#[get("/version")]
pub async fn version(state: web::Data<AppState>) -> web::Json<VersionInfo> {
    web::Json(queries::version(&state.db))
}
