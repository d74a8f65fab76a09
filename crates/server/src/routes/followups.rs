//! Follow-ups under `/api/v1/followups` (跟进记录): write, correct, list, and the manager's review.
//! The scope is gated by the `followups` module switch; every query goes through the caller's
//! follow-up scope.

use actix_web::http::header;
use actix_web::middleware::from_fn;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Duration, Utc};
use crm_types::access::{ModuleKey, Permission};
use crm_types::followup::{
    Followup, FollowupPage, FollowupPatch, FollowupQuery, NewFollowup, ReviewDecision, ReviewInput, ReviewStatus,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::china_time::day_start;
use crate::customers::access::CustomerScope;
use crate::entities::{followups, users};
use crate::error::{ApiError, ApiResult};
use crate::followups::input;
use crate::followups::record::{assemble, fields_of};
use crate::followups::scope::FollowupScope;
use crate::followups::write::{self, Author};
use crate::http::versions;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::state::AppState;
use crate::validation::{Problems, check_lengths, next_cursor, page_limit};
use crate::{db, jobs, modules};

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

/// The user behind the caller: follow-ups are written and reviewed by people, not API keys.
fn user_of(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::Forbidden("Follow-ups are written and reviewed by users.".into()))
}

/// One follow-up with its version as ETag.
fn respond(response: actix_web::HttpResponseBuilder, followup: Followup) -> HttpResponse {
    versions::respond(response, followup.version, &followup)
}

async fn one(db: &impl sea_orm::ConnectionTrait, row: &followups::Model, now: DateTime<Utc>) -> ApiResult<Followup> {
    assemble(db, std::slice::from_ref(row), now)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("follow-up {} did not assemble", row.id)))
}

/// List follow-ups.
///
/// Newest first, within the caller's follow-up scope: one customer's (`customer_id`), one author's
/// (`author_id`), a review state, a type, a date range (Asia/Shanghai days), or those whose next
/// follow-up falls in a date range (`next_from`, `next_to`). `reviewable=true` is the
/// manager's queue: pending follow-ups written by others (needs `followup.review`).
#[utoipa::path(
    tag = "followups",
    security(("bearer" = [])),
    params(FollowupQuery),
    responses((status = 200, description = "A page of follow-ups.", body = FollowupPage), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<FollowupQuery>,
) -> ApiResult<web::Json<FollowupPage>> {
    check_lengths(&[("kind", query.kind.as_deref(), 40), ("cursor", query.cursor.as_deref(), 100)])?;
    let scope = FollowupScope::of(&state.db, &caller).await?;
    let mut select = scope.visible();
    use followups::Column as F;
    if let Some(customer) = query.customer_id {
        select = select.filter(F::CustomerId.eq(customer));
    }
    if let Some(author) = query.author_id {
        select = select.filter(F::AuthorId.eq(author));
    }
    if let Some(status) = query.review_status {
        select = select.filter(F::ReviewStatus.eq(status.as_str()));
    }
    if let Some(kind) = query.kind.as_deref().filter(|k| !k.is_empty()) {
        select = select.filter(F::Kind.eq(kind));
    }
    if let Some(from) = query.from {
        select = select.filter(F::OccurredAt.gte(day_start(from)));
    }
    if let Some(to) = query.to {
        select = select.filter(F::OccurredAt.lt(day_start(to) + Duration::days(1)));
    }
    if let Some(from) = query.next_from {
        select = select.filter(F::NextFollowupAt.gte(day_start(from)));
    }
    if let Some(to) = query.next_to {
        select = select.filter(F::NextFollowupAt.lt(day_start(to) + Duration::days(1)));
    }
    if query.reviewable == Some(true) {
        caller.require(Permission::FollowupReview)?;
        let me = user_of(&caller)?.id;
        select = select.filter(F::ReviewStatus.eq(ReviewStatus::Pending.as_str())).filter(F::AuthorId.ne(me));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let (at, id) = decode_cursor(cursor)?;
        select = select.filter(
            Condition::any()
                .add(F::OccurredAt.lt(at))
                .add(Condition::all().add(F::OccurredAt.eq(at)).add(F::Id.lt(id))),
        );
    }
    let limit = page_limit(query.limit, 20, 200)?;
    let mut rows = select.order_by_desc(F::OccurredAt).order_by_desc(F::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| format!("{}_{}", r.occurred_at.timestamp(), r.id));
    let items = assemble(&state.db, &rows, Utc::now()).await?;
    Ok(web::Json(FollowupPage { items, next_cursor }))
}

fn decode_cursor(cursor: &str) -> ApiResult<(DateTime<Utc>, i64)> {
    let unusable = || ApiError::field("cursor", "invalid", "is not a cursor this list gave out");
    let (seconds, id) = cursor.split_once('_').ok_or_else(unusable)?;
    let at = seconds.parse().ok().and_then(|s| DateTime::from_timestamp(s, 0)).ok_or_else(unusable)?;
    Ok((at, id.parse().map_err(|_| unusable())?))
}

/// Write a follow-up.
///
/// Needs `followup.create` and a customer the caller sees. `summary` and `topic` must not be blank;
/// the time is kept to the minute and cannot be in the future. `stage_to` moves the customer to that
/// sales stage with this follow-up as the reason (needs edit rights on the customer); `todos` become
/// tasks; `next_followup_at` schedules a reminder through `next_channels`. The customer's last
/// follow-up time is updated.
#[utoipa::path(
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
    let user = user_of(&caller)?;
    let author = Author { id: user.id, department_id: user.department_id };
    let customers = CustomerScope::of(&caller)?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let customer = if body.stage_to.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        customers.find_editable(&txn, &caller, body.customer_id.0).await?
    } else {
        customers.find(&txn, body.customer_id.0).await?
    };
    let draft = input::check_new(&txn, &body, &customer, (author.id, author.department_id), now).await?;
    let row = write::insert(&txn, &customer, author, draft, now).await?;
    jobs::handlers::schedule_followup(&txn, &row, now).await?;
    let followup = one(&txn, &row, now).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("followup.create", "followup", row.id).created(audit::snapshot(&followup)?),
    )
    .await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/followups/{}", row.id)));
    Ok(respond(response, followup))
}

/// Get a follow-up.
///
/// With its contacts, participants, to-do tasks and review. The `ETag` is the version to send back in
/// `If-Match` when correcting it.
#[utoipa::path(
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
    let scope = FollowupScope::of(&state.db, &caller).await?;
    let row = scope.find(&state.db, id.into_inner()).await?;
    Ok(respond(HttpResponse::Ok(), one(&state.db, &row, Utc::now()).await?))
}

/// Correct a follow-up.
///
/// Only its author, while it is pending or returned (an approved follow-up is closed: 409). Send the
/// version in `If-Match`. A returned follow-up goes back to the review queue.
#[utoipa::path(
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
    request: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<FollowupPatch>,
) -> ApiResult<HttpResponse> {
    let sent = versions::if_match(&request)?;
    let scope = FollowupScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let current = scope.find(&txn, id.into_inner()).await?;
    if current.author_id != user_of(&caller)?.id {
        return Err(ApiError::Forbidden("Only the author corrects a follow-up.".into()));
    }
    if current.review_status == ReviewStatus::Approved.as_str() {
        return Err(ApiError::Conflict("An approved follow-up is closed to changes.".into()));
    }
    let before_dto = one(&txn, &current, now).await?;
    let before = fields_of(&before_dto);
    let after = input::check_patch(&txn, &body, &before, current.customer_id, now).await?;
    versions::check(sent, current.version)?;
    let row = write::update(&txn, &current, &after, now).await?;
    jobs::handlers::schedule_followup(&txn, &row, now).await?;
    let followup = one(&txn, &row, now).await?;
    let change = Change::new("followup.update", "followup", row.id)
        .diff(&audit::snapshot(&before_dto)?, &audit::snapshot(&followup)?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), followup))
}

/// Review a follow-up (审核).
///
/// Needs `followup.review`; a manager reviews the pending follow-ups of others within their scope.
/// `approve` closes the record; `return` sends it back to the author with a required comment.
#[utoipa::path(
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
    caller.require(Permission::FollowupReview)?;
    let reviewer = user_of(&caller)?.id;
    let scope = FollowupScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let current = scope.find(&txn, id.into_inner()).await?;
    if current.author_id == reviewer {
        return Err(ApiError::Forbidden("A follow-up is reviewed by someone other than its author.".into()));
    }
    if current.review_status != ReviewStatus::Pending.as_str() {
        return Err(ApiError::Conflict("Only a pending follow-up can be reviewed.".into()));
    }
    let mut problems = Problems::default();
    let comment = body.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if body.decision == ReviewDecision::Return && comment.is_none() {
        problems.add("comment", "required", "say what the author should change");
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        problems.add("comment", "too_long", "must be at most 1000 characters");
    }
    problems.finish()?;
    let status = match body.decision {
        ReviewDecision::Approve => ReviewStatus::Approved,
        ReviewDecision::Return => ReviewStatus::Returned,
    };
    let result = followups::Entity::update_many()
        .col_expr(followups::Column::ReviewStatus, Expr::value(status.as_str()))
        .col_expr(followups::Column::ReviewedBy, Expr::value(reviewer))
        .col_expr(followups::Column::ReviewedAt, Expr::value(now))
        .col_expr(followups::Column::ReviewComment, Expr::value(comment.clone()))
        .col_expr(followups::Column::Version, Expr::value(current.version + 1))
        .col_expr(followups::Column::UpdatedAt, Expr::value(now))
        .filter(followups::Column::Id.eq(current.id))
        .filter(followups::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::Conflict("The follow-up changed meanwhile; reload it.".into()));
    }
    let row = followups::Entity::find_by_id(current.id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no follow-up {}.", current.id)))?;
    let followup = one(&txn, &row, now).await?;
    let (title, body) = messages::followup_reviewed(status == ReviewStatus::Approved, &row.topic, comment.as_deref());
    let notice = Notice {
        user_id: row.author_id,
        kind: "followup_reviewed",
        title,
        body,
        link: Some(format!("/customers/{}", row.customer_id)),
        dedupe_key: format!("followup_reviewed:{}:{}", row.id, row.version),
        channels: None,
    };
    raise(&txn, notice, now).await?;
    let change = Change::new("followup.review", "followup", row.id).created(serde_json::json!({
        "review_status": status.as_str(),
        "review_comment": comment,
    }));
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), followup))
}
