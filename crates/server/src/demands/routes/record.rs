//! A demand: raise, list, read, and change its status, priority, owner and description.

use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::DemandId;
use crm_types::access::Permission;
use crm_types::demand::{Demand, DemandPatch, DemandQuery, NewDemand};
use crm_types::page::Page;

use crate::auth::Caller;
use crate::db;
use crate::demands::{queries, service};
use crate::error::{ApiError, ApiResult};
use crate::http::versions::{self, IfMatch};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::policy;
use crate::policy::demands::DemandScope;
use crate::state::AppState;

/// The signed-in user: demands are raised and handled by users, not API keys.
pub(super) fn user_of(caller: &Caller) -> ApiResult<i64> {
    caller.user().map(|u| u.id).ok_or_else(|| ApiError::UsersOnly("Demands are raised and handled by users.".into()))
}

/// One demand with its version as ETag.
pub(super) fn respond(response: actix_web::HttpResponseBuilder, demand: Demand) -> HttpResponse {
    versions::respond(response, demand.version, &demand)
}

/// List demands.
///
/// Newest first, within the caller's demand scope; by customer, owner, status, priority, or only
/// those past their response deadline (`overdue=true`).
#[utoipa::path(
    operation_id = crm_types::api::ListDemands::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(DemandQuery),
    responses((status = 200, description = "A page of demands.", body = Page<Demand>), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DemandQuery>,
) -> ApiResult<web::Json<Page<Demand>>> {
    let scope = DemandScope::of(&state.db, &caller).await?;
    Ok(web::Json(queries::list(&state.db, &scope, &query, state.clock.now()).await?))
}

/// Raise a demand.
///
/// Needs `demand.create` and a customer the caller sees. The demand gets the next `DE{yyyy}{seq:4}`
/// code and a response deadline from its priority (high 24 h, medium 3 working days, low 5 working
/// days) over the working-day calendar.
#[utoipa::path(
    operation_id = crm_types::api::CreateDemand::ID,
    tag = "demands",
    security(("bearer" = [])),
    request_body = NewDemand,
    responses(
        (status = 201, description = "Raised.", body = Demand, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, JsonBodyErrors
    )
)]
#[post("")]
pub async fn create_one(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewDemand>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::DemandCreate)?;
    let me = user_of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable_for(&txn, &caller, body.customer_id, Permission::DemandCreate).await?;
    let demand = service::create(&txn, &caller, customer, me, &body, state.clock.now()).await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/demands/{}", demand.id)));
    Ok(respond(response, demand))
}

/// Get a demand.
///
/// With its deadline, where it stands against it, and its tasks. The `ETag` is the version to send
/// back in `If-Match`.
#[utoipa::path(
    operation_id = crm_types::api::GetDemand::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The demand's id.")),
    responses(
        (status = 200, description = "The demand.", body = Demand, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let row = policy::demands::visible(&state.db, &caller, DemandId(id.into_inner())).await?;
    Ok(respond(HttpResponse::Ok(), queries::shown(&state.db, &row, state.clock.now()).await?))
}

/// Change a demand.
///
/// Needs `demand.create`; send the version in `If-Match`. The status moves one step at a time (open ›
/// in progress › awaiting confirmation › done, or back from awaiting confirmation); leaving `open`
/// records the response time; `done` needs the customer's confirmation attached
/// (`purpose=confirmation`). A new priority recomputes the deadline from the creation time.
#[utoipa::path(
    operation_id = crm_types::api::UpdateDemand::ID,
    tag = "demands",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The demand's id."),
        ("If-Match" = String, Header, description = "The version read (the ETag).")
    ),
    request_body = DemandPatch,
    responses(
        (status = 200, description = "Changed.", body = Demand, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, Preconditions, BadParameters, JsonBodyErrors
    )
)]
#[patch("/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    if_match: IfMatch,
    id: web::Path<i64>,
    body: web::Json<DemandPatch>,
) -> ApiResult<HttpResponse> {
    let me = user_of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let current = policy::demands::editable(&txn, &caller, DemandId(id.into_inner())).await?;
    let after = service::update(&txn, &caller, current, me, if_match, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), after))
}
