//! Reading and verifying the audit log.

use actix_web::{get, web};
use crm_types::audit::{AuditEntry, AuditQuery, AuditVerification};
use crm_types::page::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::audit_log;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters};
use crate::policy::admin::{self, Audit};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search).service(verify);
}

/// Search the audit log.
///
/// Entries newest first, filtered by actor, record, action and time range, 50 a page by default.
#[utoipa::path(
    operation_id = crm_types::api::SearchAuditLog::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(AuditQuery),
    responses((status = 200, description = "A page of entries.", body = Page<AuditEntry>), AuthErrors, BadParameters)
)]
#[get("/audit-log")]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEntry>>> {
    let right = admin::grant::<Audit>(&caller)?;
    Ok(web::Json(audit_log::search(&state.db, &right, &query).await?))
}

/// Verify the audit log.
///
/// Recomputes the hash chain from the first entry and reports the first entry that was altered,
/// removed or inserted out of order.
#[utoipa::path(
    operation_id = crm_types::api::VerifyAuditLog::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The result of the check.", body = AuditVerification), AuthErrors)
)]
#[get("/audit-log/verify")]
pub async fn verify(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<AuditVerification>> {
    let right = admin::grant::<Audit>(&caller)?;
    Ok(web::Json(audit_log::verify(&state.db, &right).await?))
}
