//! A customer's timeline: its history, newest first, a page at a time.

use crm_types::UserId;
use crm_types::customer::{TimelineEntry, TimelineQuery};
use crm_types::page::Page;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{customer_events, customers};
use crate::error::{ApiError, ApiResult};
use crate::policy::Visible;
use crate::validation::next_cursor;

/// The page of `customer`'s timeline `query` asks for.
pub async fn page(
    db: &impl ConnectionTrait,
    customer: &Visible<customers::Model>,
    query: &TimelineQuery,
) -> ApiResult<Page<TimelineEntry>> {
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
    let mut rows = select.order_by_desc(customer_events::Column::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    let names = crate::lookups::user_names(db, rows.iter().filter_map(|r| r.actor_id)).await?;
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
    Ok(Page::new(items, next_cursor))
}
