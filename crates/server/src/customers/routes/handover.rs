//! Handovers (客户交接): customers moved to a new owner together with the previous owners' open demands
//! and unfinished tasks on them, with the reason, recorded once as a handover and on each customer's
//! timeline; both sides are notified.

use actix_web::{HttpResponse, post, web};
use crm_types::customer::{Handover, HandoverRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::service::handover;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, JsonBodyErrors};
use crate::policy;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(hand_over);
}

/// Hand customers over.
///
/// Moves customers in the caller's scope to a new owner (and the new owner's department), with a
/// reason (离职交接, 区域调整…). Needs `customer.handover`. All or nothing: if any customer is not
/// found in the caller's scope, none moves.
#[utoipa::path(
    operation_id = crm_types::api::HandOverCustomers::ID,
    tag = "customers",
    security(("bearer" = [])),
    request_body = HandoverRequest,
    responses((status = 201, description = "Handed over.", body = Handover), AuthErrors, JsonBodyErrors)
)]
#[post("/customers/handover")]
pub async fn hand_over(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<HandoverRequest>,
) -> ApiResult<HttpResponse> {
    policy::customers::may_hand_over(&caller)?;
    let request = handover::check(&state.db, &body).await?;
    let txn = db::begin_write(&state.db).await?;
    let customers = policy::customers::handover(&txn, &caller, &request.customers).await?;
    let dto = handover::hand_over(&txn, &caller, customers, request, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}
