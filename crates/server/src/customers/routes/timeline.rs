//! A customer's timeline: its history, newest first.

use actix_web::{get, web};
use crm_types::CustomerId;
use crm_types::customer::{TimelineEntry, TimelineQuery};
use crm_types::page::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::queries::timeline;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, NotFound};
use crate::policy;
use crate::policy::fields::CustomerFields;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(customer_timeline);
}

/// A customer's timeline.
///
/// Creation, changes (stage, type and status with their reasons), handovers, contacts and
/// collaborators, newest first, a page at a time.
#[utoipa::path(
    operation_id = crm_types::api::GetCustomerTimeline::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id."), TimelineQuery),
    responses((status = 200, description = "A page of the timeline.", body = Page<TimelineEntry>), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/{id}/timeline")]
pub async fn customer_timeline(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<TimelineQuery>,
) -> ApiResult<web::Json<Page<TimelineEntry>>> {
    let customer = policy::customers::visible(&state.db, &caller, CustomerId(id.into_inner())).await?;
    let page = timeline::page(&state.db, &customer, &query).await?;
    let fields = CustomerFields::of(&caller);
    Ok(web::Json(Page { items: page.items.into_iter().map(|entry| fields.timeline(entry)).collect(), ..page }))
}
