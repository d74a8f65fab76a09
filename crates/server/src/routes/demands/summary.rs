//! The demand board's column totals: how many demands the caller sees in each status.

use actix_web::{get, web};
use chrono::Utc;
use crm_types::demand::{DemandStatus, DemandStatusCount, DemandSummary, DemandSummaryQuery};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QuerySelect};

use super::record::Filters;
use crate::auth::Caller;
use crate::demands::scope::DemandScope;
use crate::entities::demands;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, NotFound};
use crate::state::AppState;

/// Count demands per status.
///
/// The totals of the demand board's columns: every status in workflow order (0 when empty), those
/// past their deadline without a response, and all of them — within the caller's demand scope and the
/// same filters as the list (customer, owner, priority, `overdue=true`).
#[utoipa::path(
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
    let now = Utc::now();
    let query = query.into_inner();
    let filters = Filters {
        customer_id: query.customer_id,
        owner_id: query.owner_id,
        priority: query.priority,
        overdue: query.overdue,
    };
    use demands::Column as D;
    let counted: Vec<(String, i64)> = filters
        .apply(scope.demands(), now)
        .select_only()
        .column(D::Status)
        .column_as(Expr::col((demands::Entity, D::Id)).count(), "count")
        .group_by(D::Status)
        .into_tuple()
        .all(&state.db)
        .await?;
    let count_of = |status: DemandStatus| {
        counted.iter().filter(|(s, _)| s == status.as_str()).map(|(_, n)| u64::try_from(*n).unwrap_or(0)).sum()
    };
    let by_status: Vec<DemandStatusCount> =
        DemandStatus::ALL.iter().map(|&status| DemandStatusCount { status, count: count_of(status) }).collect();
    let overdue = filters
        .apply(scope.demands(), now)
        .filter(D::RespondedAt.is_null())
        .filter(D::DueAt.lte(now))
        .count(&state.db)
        .await?;
    Ok(web::Json(DemandSummary { total: by_status.iter().map(|c| c.count).sum(), by_status, overdue }))
}
