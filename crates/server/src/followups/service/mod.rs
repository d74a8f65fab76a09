//! Changes to follow-ups: writing one (with the stage change, to-dos and next reminder it carries),
//! its author's corrections, and the manager's review.

pub mod input;
pub mod write;

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::followup::{Followup, FollowupPatch, NewFollowup, ReviewDecision, ReviewInput, ReviewStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::{customers, followups};
use crate::error::{ApiError, ApiResult};
use crate::followups::queries::record::{fields_of, one};
use crate::http::versions::IfMatch;
use crate::jobs;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::policy::Editable;
use crate::validation::Problems;
use write::Author;

/// Writes the follow-up `body` on `customer` as `author`: checked into one 422, inserted with its
/// links and to-dos, the customer's stage moved when asked, the next reminder scheduled, audited.
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    author: Author,
    body: &NewFollowup,
    now: DateTime<Utc>,
) -> ApiResult<Followup> {
    let customer = customer.into_inner();
    let draft = input::check_new(txn, body, &customer, (author.id, author.department_id), now).await?;
    let row = write::insert(txn, &customer, author, draft, now).await?;
    jobs::handlers::schedule_followup(txn, &row, now).await?;
    let followup = one(txn, &row, now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("followup.create", "followup", row.id).created(audit::snapshot(&followup)?),
    )
    .await?;
    Ok(followup)
}

/// Applies its author's corrections to `followup` (an approved one is closed); a returned one goes
/// back to the review queue.
pub async fn correct(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    followup: Editable<followups::Model>,
    if_match: IfMatch,
    body: &FollowupPatch,
    now: DateTime<Utc>,
) -> ApiResult<Followup> {
    let current = followup.into_inner();
    if_match.required()?;
    if current.review_status == ReviewStatus::Approved.as_str() {
        return Err(ApiError::Closed("An approved follow-up is closed to changes.".into()));
    }
    let before_dto = one(txn, &current, now).await?;
    let before = fields_of(&before_dto);
    let after = input::check_patch(txn, body, &before, current.customer_id, now).await?;
    if_match.check(current.version)?;
    let row = write::update(txn, &current, &after, now).await?;
    jobs::handlers::schedule_followup(txn, &row, now).await?;
    let followup = one(txn, &row, now).await?;
    let change = Change::new("followup.update", "followup", row.id)
        .diff(&audit::snapshot(&before_dto)?, &audit::snapshot(&followup)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(followup)
}

/// Approves or returns `followup` (pending only); the author is told.
pub async fn review(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    followup: Editable<followups::Model>,
    reviewer: i64,
    body: &ReviewInput,
    now: DateTime<Utc>,
) -> ApiResult<Followup> {
    let current = followup.into_inner();
    if current.review_status != ReviewStatus::Pending.as_str() {
        return Err(ApiError::WrongState("Only a pending follow-up can be reviewed.".into()));
    }
    let mut problems = Problems::default();
    let comment = body.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
    if body.decision == ReviewDecision::Return && comment.is_none() {
        problems.add("comment", FieldErrorCode::Required, "say what the author should change");
    }
    if comment.as_ref().is_some_and(|c| c.chars().count() > 1000) {
        problems.add("comment", FieldErrorCode::TooLong, "must be at most 1000 characters");
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
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::EditConflict("The follow-up changed meanwhile; reload it.".into()));
    }
    let row = followups::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no follow-up {}.", current.id)))?;
    let followup = one(txn, &row, now).await?;
    let (title, body) = messages::followup_reviewed(status == ReviewStatus::Approved, &row.topic, comment.as_deref());
    let notice = Notice {
        user_id: row.author_id,
        kind: "followup_reviewed",
        title,
        body,
        // 我的跟进 lists it even when the customer has since been handed to someone else.
        link: Some("/followups?tab=mine".to_owned()),
        dedupe_key: format!("followup_reviewed:{}:{}", row.id, row.version),
        channels: None,
    };
    raise(txn, notice, now).await?;
    let change = Change::new("followup.review", "followup", row.id).created(serde_json::json!({
        "review_status": status.as_str(),
        "review_comment": comment,
    }));
    audit::record(txn, &caller.actor(), change).await?;
    Ok(followup)
}
