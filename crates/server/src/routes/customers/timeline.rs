//! A customer's timeline: its history, newest first.

use actix_web::{get, web};
use crm_types::UserId;
use crm_types::customer::{TimelineEntry, TimelinePage, TimelineQuery};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::entities::customer_events;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, NotFound};
use crate::state::AppState;
use crate::validation::next_cursor;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(timeline);
}

/// A customer's timeline.
///
/// Creation, changes (stage, type and status with their reasons), handovers, contacts and
/// collaborators, newest first, a page at a time.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id."), TimelineQuery),
    responses((status = 200, description = "A page of the timeline.", body = TimelinePage), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/{id}/timeline")]
pub async fn timeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<TimelineQuery>,
) -> ApiResult<web::Json<TimelinePage>> {
    let scope = CustomerScope::of(&caller)?;
    let customer = scope.find(&state.db, id.into_inner()).await?;
    crate::validation::check_lengths(&[("cursor", query.cursor.as_deref(), 100)])?;
    let limit = u64::from(query.limit.unwrap_or(50));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 200.".into()));
    }
    let mut select = customer_events::Entity::find().filter(customer_events::Column::CustomerId.eq(customer.id));
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let before: i64 =
            cursor.parse().map_err(|_| ApiError::BadRequest("The cursor is not one this list gave out.".into()))?;
        select = select.filter(customer_events::Column::Id.lt(before));
    }
    let mut rows = select.order_by_desc(customer_events::Column::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    let names = crate::customers::record::user_names(&state.db, rows.iter().filter_map(|r| r.actor_id)).await?;
    let items = rows
        .into_iter()
        .map(|row| TimelineEntry {
            id: row.id,
            kind: row.kind,
            at: row.created_at,
            actor_id: row.actor_id.map(UserId),
            actor_name: row.actor_id.and_then(|id| names.get(&id).cloned()),
            field: row.field,
            from: row.from_value,
            to: row.to_value,
            reason: row.reason,
            detail: row.detail,
        })
        .collect();
    Ok(web::Json(TimelinePage { items, next_cursor }))
}
