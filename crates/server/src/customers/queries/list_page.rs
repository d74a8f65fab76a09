//! One page of the customer list: the caller's scope, every filter of the query, the sort, the
//! keyset cursor, and the rows as summaries with their tags.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crm_types::customer::{CustomerQuery, CustomerSummary};
use crm_types::page::Page;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::customers::queries::list::{self, ListRow, Sort};
use crate::customers::queries::record;
use crate::entities::{customer_tags, customers};
use crate::error::{ApiError, ApiResult};
use crate::policy::customers::CustomerScope;
use crate::validation::{check_lengths, next_cursor};

/// The page `query` asks for, among the customers of `scope` (deleted ones when `query.deleted`;
/// the policy allowed that already).
pub async fn page(
    db: &impl ConnectionTrait,
    scope: &CustomerScope,
    query: &CustomerQuery,
    now: DateTime<Utc>,
) -> ApiResult<Page<CustomerSummary>> {
    check_lengths(&[
        ("q", query.q.as_deref(), 100),
        ("customer_type", query.customer_type.as_deref(), 400),
        ("industry", query.industry.as_deref(), 400),
        ("grade", query.grade.as_deref(), 400),
        ("stage", query.stage.as_deref(), 400),
        ("lifecycle_status", query.lifecycle_status.as_deref(), 400),
        ("company_size", query.company_size.as_deref(), 400),
        ("source_channel", query.source_channel.as_deref(), 400),
        ("tag", query.tag.as_deref(), 400),
        ("owner_id", query.owner_id.as_deref(), 400),
        ("province", query.province.as_deref(), 40),
        ("city", query.city.as_deref(), 40),
        ("district", query.district.as_deref(), 40),
        ("cf", query.cf.as_deref(), 400),
        ("ids", query.ids.as_deref(), 2000),
        ("decision_role", query.decision_role.as_deref(), 400),
        ("sort", query.sort.as_deref(), 30),
        ("cursor", query.cursor.as_deref(), 400),
    ])?;
    let limit = u64::from(query.limit.unwrap_or(20));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 200.".into()));
    }
    let sort = Sort::parse(query.sort.as_deref())?;
    let mut select = customers::Entity::find().filter(scope.condition()).filter(list::filters(db, query, now).await?);
    select = if query.deleted == Some(true) {
        select.filter(customers::Column::DeletedAt.is_not_null())
    } else {
        select.filter(customers::Column::DeletedAt.is_null())
    };
    let total = if query.with_total == Some(true) { Some(select.clone().count(db).await?) } else { None };
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        select = select.filter(list::after_cursor(sort, cursor)?);
    }
    for (expr, order) in sort.order() {
        select = select.order_by(expr, order);
    }
    let mut rows = select.limit(limit + 1).into_partial_model::<ListRow>().all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |row| list::cursor_after(sort, row));
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if !rows.is_empty() {
        let found = customer_tags::Entity::find()
            .filter(customer_tags::Column::CustomerId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(customer_tags::Column::Tag)
            .all(db)
            .await?;
        for tag in found {
            tags.entry(tag.customer_id).or_default().push(tag.tag);
        }
    }
    let items = rows.iter().map(|row| record::summary(row, tags.remove(&row.id).unwrap_or_default())).collect();
    Ok(Page { items, next_cursor, total })
}
