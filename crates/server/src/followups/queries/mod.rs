//! Reads of follow-ups: the list with its filters and cursor, one follow-up as its wire form.

pub mod record;

use chrono::{DateTime, Duration, Utc};
use crm_types::FieldErrorCode;
use crm_types::access::Permission;
use crm_types::followup::{Followup, FollowupQuery, ReviewStatus};
use crm_types::page::Page;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::auth::Caller;
use crate::china_time::day_start;
use crate::entities::followups;
use crate::error::{ApiError, ApiResult};
use crate::policy::followups::FollowupScope;
use crate::validation::{check_lengths, next_cursor, page_limit};
use record::assemble;

/// The page of follow-ups `query` asks for, within `scope`; `reviewable` is the caller's review
/// queue (pending follow-ups written by others), which needs `followup.review`.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &Caller,
    scope: &FollowupScope,
    query: &FollowupQuery,
    now: DateTime<Utc>,
) -> ApiResult<Page<Followup>> {
    check_lengths(&[("kind", query.kind.as_deref(), 40), ("cursor", query.cursor.as_deref(), 100)])?;
    let mut select = scope.visible();
    use followups::Column as F;
    if let Some(customer) = query.customer_id {
        select = select.filter(F::CustomerId.eq(customer.0));
    }
    if let Some(author) = query.author_id {
        select = select.filter(F::AuthorId.eq(author.0));
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
        let me = caller
            .user()
            .map(|u| u.id)
            .ok_or_else(|| ApiError::UsersOnly("Follow-ups are reviewed by users.".into()))?;
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
    let mut rows = select.order_by_desc(F::OccurredAt).order_by_desc(F::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| format!("{}_{}", r.occurred_at.timestamp(), r.id));
    let items = assemble(db, &rows, now).await?;
    Ok(Page::new(items, next_cursor))
}

fn decode_cursor(cursor: &str) -> ApiResult<(DateTime<Utc>, i64)> {
    let unusable = || ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out");
    let (seconds, id) = cursor.split_once('_').ok_or_else(unusable)?;
    let at = seconds.parse().ok().and_then(|s| DateTime::from_timestamp(s, 0)).ok_or_else(unusable)?;
    Ok((at, id.parse().map_err(|_| unusable())?))
}
