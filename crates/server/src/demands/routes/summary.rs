//! The demand board's column totals: how many demands the caller sees in each status.

use actix_web::{get, web};
use crm_types::demand::{DemandSummary, DemandSummaryQuery};

use crate::auth::Caller;
use crate::demands::queries;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, NotFound};
use crate::policy::demands::DemandScope;
use crate::state::AppState;

/// Count demands per status.
///
/// The totals of the demand board's columns: every status in workflow order (0 when empty), those
/// past their deadline without a response, and all of them — within the caller's demand scope and the
/// same filters as the list (customer, owner, priority, `overdue=true`).
#[utoipa::path(
    operation_id = crm_types::api::GetDemandSummary::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(DemandSummaryQuery),
    responses((status = 200, description = "The totals.", body = DemandSummary), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("/summary")]
pub async fn summary(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DemandSummaryQuery>,
) -> ApiResult<web::Json<DemandSummary>> {
    let scope = DemandScope::of(&state.db, &caller).await?;
    Ok(web::Json(queries::summary(&state.db, &scope, query.into_inner(), state.clock.now()).await?))
}
