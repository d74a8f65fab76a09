//! The record of handovers: who moved which customers to whom, when and why. A user sees the handovers
//! they made, received or gave customers away in; a manager also those to users of their department
//! subtree; a caller who sees every customer sees every handover.

use actix_web::{get, web};
use crm_types::HandoverId;
use crm_types::customer::{Handover, HandoverDetail, HandoverQuery};
use crm_types::page::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::queries::handovers;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, NotFound};
use crate::policy;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_handovers).service(get_handover);
}

/// List handovers.
///
/// The handovers the caller may read, newest first, a page at a time.
#[utoipa::path(
    operation_id = crm_types::api::ListHandovers::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(HandoverQuery),
    responses((status = 200, description = "A page of handovers.", body = Page<Handover>), AuthErrors, BadParameters, InvalidQuery)
)]
#[get("/customers/handovers")]
pub async fn list_handovers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<HandoverQuery>,
) -> ApiResult<web::Json<Page<Handover>>> {
    let readable = policy::customers::handovers(&caller)?;
    Ok(web::Json(handovers::list(&state.db, readable, &query).await?))
}

/// Get a handover.
///
/// A handover the caller may read, with the customers it moved and their previous owners.
#[utoipa::path(
    operation_id = crm_types::api::GetHandover::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The handover's id.")),
    responses((status = 200, description = "The handover.", body = HandoverDetail), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/handovers/{id}")]
pub async fn get_handover(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<HandoverDetail>> {
    let readable = policy::customers::handovers(&caller)?;
    Ok(web::Json(handovers::get(&state.db, readable, HandoverId(id.into_inner())).await?))
}
