//! The record of handovers as the caller may read it (the condition comes from
//! `policy::customers::handovers`).

use std::collections::HashMap;

use crm_types::customer::{HandedOverCustomer, Handover, HandoverDetail, HandoverQuery};
use crm_types::page::Page;
use crm_types::{CustomerId, FieldErrorCode, HandoverId, UserId};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{customer_handover_items, customer_handovers, customers};
use crate::error::{ApiError, ApiResult};
use crate::lookups::user_names;
use crate::validation::{check_lengths, next_cursor, page_limit};

/// The wire form of handovers, with the names of the users.
async fn with_names(db: &impl ConnectionTrait, rows: &[customer_handovers::Model]) -> ApiResult<Vec<Handover>> {
    let names = user_names(db, rows.iter().flat_map(|r| [Some(r.to_user_id), r.by_user_id]).flatten()).await?;
    Ok(rows
        .iter()
        .map(|row| Handover {
            id: crm_types::HandoverId(row.id),
            to_user_id: UserId(row.to_user_id),
            by_user_id: row.by_user_id.map(UserId),
            reason: row.reason.clone(),
            customer_count: u32::try_from(row.customer_count).unwrap_or_default(),
            created_at: row.created_at,
            to_user_name: names.get(&row.to_user_id).cloned(),
            by_user_name: row.by_user_id.and_then(|id| names.get(&id).cloned()),
        })
        .collect())
}

/// List handovers.
///
/// The handovers the caller may read, newest first, a page at a time.
/// A page of handovers, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    readable: Option<Condition>,
    query: &HandoverQuery,
) -> ApiResult<Page<Handover>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 40)])?;
    let limit = page_limit(query.limit, 50, 200)?;
    let mut select = customer_handovers::Entity::find();
    if let Some(condition) = readable {
        select = select.filter(condition);
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let before =
            cursor.bytes().all(|b| b.is_ascii_digit()).then(|| cursor.parse::<i64>().ok()).flatten().ok_or_else(
                || ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out"),
            )?;
        select = select.filter(customer_handovers::Column::Id.lt(before));
    }
    let mut rows = select.order_by_desc(customer_handovers::Column::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |row| row.id.to_string());
    Ok(Page::new(with_names(db, &rows).await?, next_cursor))
}

/// One handover with its customers and their previous owners (404 outside what the caller reads).
pub async fn get(db: &impl ConnectionTrait, readable: Option<Condition>, id: HandoverId) -> ApiResult<HandoverDetail> {
    let id = id.0;
    let mut select = customer_handovers::Entity::find_by_id(id);
    if let Some(condition) = readable {
        select = select.filter(condition);
    }
    let row = select.one(db).await?.ok_or_else(|| ApiError::NotFound(format!("There is no handover {id}.")))?;
    let items = customer_handover_items::Entity::find()
        .filter(customer_handover_items::Column::HandoverId.eq(id))
        .order_by_asc(customer_handover_items::Column::CustomerId)
        .all(db)
        .await?;
    // Each customer's code and name, in one read.
    let labels: HashMap<i64, (String, String)> = customers::Entity::find()
        .select_only()
        .column(customers::Column::Id)
        .column(customers::Column::Code)
        .column(customers::Column::Name)
        .filter(customers::Column::Id.is_in(items.iter().map(|i| i.customer_id)))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect();
    let owners = user_names(db, items.iter().filter_map(|i| i.from_user_id)).await?;
    let customers = items
        .iter()
        .map(|item| {
            let (code, name) = labels.get(&item.customer_id).cloned().unwrap_or_default();
            HandedOverCustomer {
                customer_id: CustomerId(item.customer_id),
                code,
                name,
                from_user_id: item.from_user_id.map(UserId),
                from_user_name: item.from_user_id.and_then(|id| owners.get(&id).cloned()),
            }
        })
        .collect();
    let handover = with_names(db, &[row]).await?.pop().ok_or_else(|| ApiError::NotFound(format!("{id}")))?;
    Ok(HandoverDetail { handover, customers })
}
