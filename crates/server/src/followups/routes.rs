//! Follow-ups under `/api/v1/followups` (跟进记录): write, correct, list, and the manager's review.
//! The scope is gated by the `followups` module switch; every query goes through the caller's
//! follow-up scope.

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::FollowupId;
use crm_types::access::{ModuleKey, Permission};
use crm_types::followup::{Followup, FollowupPatch, FollowupQuery, NewFollowup, ReviewInput};
use crm_types::page::Page;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::followups::queries::{self, record};
use crate::followups::service::{self, write::Author};
use crate::http::versions::{self, IfMatch};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::policy;
use crate::policy::followups::FollowupScope;
use crate::state::AppState;
use crate::{db, modules};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/followups")
            .wrap(from_fn(|request, next| modules::gate(ModuleKey::Followups, request, next)))
            // Methods a path does not take get the same 405 with `Allow` as everywhere else.
            .default_service(actix_web::web::to(crate::http::fallback::fallback))
            .service(list)
            .service(create_one)
            .service(get_one)
            .service(update)
            .service(review),
    );
}

/// One follow-up with its version as ETag.
fn respond(response: actix_web::HttpResponseBuilder, followup: Followup) -> HttpResponse {
    versions::respond(response, followup.version, &followup)
}

/// List follow-ups.
///
/// Newest first, within the caller's follow-up scope (and always the caller's own, even on a customer
/// since handed to someone else): one customer's (`customer_id`), one author's
/// (`author_id`), a review state, a type, a date range (Asia/Shanghai days), or those whose next
/// follow-up falls in a date range (`next_from`, `next_to`). `reviewable=true` is the
/// manager's queue: pending follow-ups written by others (needs `followup.review`).
#[utoipa::path(
    operation_id = crm_types::api::ListFollowups::ID,
    tag = "followups",
    security(("bearer" = [])),
    params(FollowupQuery),
    responses((status = 200, description = "A page of follow-ups.", body = Page<Followup>), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FollowupQuery>,
) -> ApiResult<web::Json<Page<Followup>>> {
    let scope = FollowupScope::of(&state.db, &caller).await?;
    let page = queries::list(&state.db, &caller, &scope, &query, state.clock.now()).await?;
    Ok(web::Json(page))
}

/// Write a follow-up.
///
/// Needs `followup.create` and a customer the caller sees. `summary` and `topic` must not be blank;
/// the time is kept to the minute and cannot be in the future. `stage_to` moves the customer to that
/// sales stage with this follow-up as the reason (needs edit rights on the customer); `todos` become
/// tasks; `next_followup_at` schedules a reminder through `next_channels`. The customer's last
/// follow-up time is updated.
#[utoipa::path(
    operation_id = crm_types::api::CreateFollowup::ID,
    tag = "followups",
    security(("bearer" = [])),
    request_body = NewFollowup,
    responses(
        (status = 201, description = "Written.", body = Followup, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, Conflict, JsonBodyErrors
    )
)]
#[post("")]
pub async fn create_one(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewFollowup>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::FollowupCreate)?;
    let author = Author::of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable_for(&txn, &caller, body.customer_id, Permission::FollowupCreate).await?;
    if body.stage_to.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        caller.require(Permission::CustomerEdit)?;
    }
    let followup = service::create(&txn, &caller, customer, author, &body, state.clock.now()).await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/followups/{}", followup.id)));
    Ok(respond(response, followup))
}

/// Get a follow-up.
///
/// With its contacts, participants, to-do tasks and review. The `ETag` is the version to send back in
/// `If-Match` when correcting it.
#[utoipa::path(
    operation_id = crm_types::api::GetFollowup::ID,
    tag = "followups",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The follow-up's id.")),
    responses(
        (status = 200, description = "The follow-up.", body = Followup, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let row = policy::followups::visible(&state.db, &caller, FollowupId(id.into_inner())).await?;
    Ok(respond(HttpResponse::Ok(), record::one(&state.db, &row, state.clock.now()).await?))
}

/// Correct a follow-up.
///
/// Only its author, while it is pending or returned (an approved follow-up is closed: 409). Send the
/// version in `If-Match`. A returned follow-up goes back to the review queue.
#[utoipa::path(
    operation_id = crm_types::api::UpdateFollowup::ID,
    tag = "followups",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The follow-up's id."),
        ("If-Match" = String, Header, description = "The version read (the ETag).")
    ),
    request_body = FollowupPatch,
    responses(
        (status = 200, description = "Corrected.", body = Followup, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, Preconditions, BadParameters, JsonBodyErrors
    )
)]
#[patch("/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    if_match: IfMatch,
    id: web::Path<i64>,
    body: web::Json<FollowupPatch>,
) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let current = policy::followups::correctable(&txn, &caller, FollowupId(id.into_inner())).await?;
    let followup = service::correct(&txn, &caller, current, if_match, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), followup))
}

/// Review a follow-up (审核).
///
/// Needs `followup.review`; a manager reviews the pending follow-ups of others within their scope.
/// `approve` closes the record; `return` sends it back to the author with a required comment.
#[utoipa::path(
    operation_id = crm_types::api::ReviewFollowup::ID,
    tag = "followups",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The follow-up's id.")),
    request_body = ReviewInput,
    responses(
        (status = 200, description = "Reviewed.", body = Followup, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[post("/{id:-?\\d+}/review")]
pub async fn review(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ReviewInput>,
) -> ApiResult<HttpResponse> {
    let reviewer = Author::of(&caller)?.id;
    let txn = db::begin_write(&state.db).await?;
    let current = policy::followups::reviewable(&txn, &caller, FollowupId(id.into_inner())).await?;
    let followup = service::review(&txn, &caller, current, reviewer, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), followup))
}
