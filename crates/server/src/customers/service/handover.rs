//! Handovers (客户交接): customers moved to a new owner together with the previous owners' open demands
//! and unfinished tasks on them, with the reason, recorded once as a handover and on each customer's
//! timeline; both sides are notified.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use crm_types::customer::{Handover, HandoverRequest};
use crm_types::demand::DemandStatus;
use crm_types::task::TaskStatus;
use crm_types::{CustomerId, FieldErrorCode, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::service::events::{self, Event};
use crate::entities::{
    customer_collaborators, customer_handover_items, customer_handovers, customers, demands, tasks, users,
};
use crate::error::{ApiError, ApiResult};
use crate::lookups::active_user;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::policy::Editable;
use crate::tasks::write::{self as task_write, TaskChange};
use crate::validation::Problems;

/// A handover request that passed its checks: the customers named (each once), the new owner and
/// the reason.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The customers, each once.
    pub customers: Vec<CustomerId>,
    /// The new owner, an active user.
    pub to: users::Model,
    /// Why.
    pub reason: String,
}

/// Checks a request: 1 to 1000 customers, an active new owner, a reason (422 listing every problem).
pub async fn check(db: &impl ConnectionTrait, body: &HandoverRequest) -> ApiResult<Checked> {
    let mut problems = Problems::default();
    let reason = problems.text("reason", &body.reason, 500);
    let mut ids: Vec<CustomerId> = body.customer_ids.clone();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > 1000 {
        problems.add("customer_ids", FieldErrorCode::Count, "hand over between 1 and 1000 customers at a time");
    }
    let to = active_user(db, body.to_user_id.0).await?;
    if to.is_none() {
        problems.add("to_user_id", FieldErrorCode::NotFound, "no such active user");
    }
    problems.finish()?;
    let to = to.ok_or_else(|| ApiError::field("to_user_id", FieldErrorCode::NotFound, "no such active user"))?;
    Ok(Checked { customers: ids, to, reason })
}

/// Hands `customers` over as `request` says: a new owner and department for each, a new version,
/// their previous owners' open demands and unfinished tasks moved along, the handover recorded with
/// the customers and their previous owners, a timeline entry on each, both sides notified.
pub async fn hand_over(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customers: Vec<Editable<customers::Model>>,
    request: Checked,
    now: DateTime<Utc>,
) -> ApiResult<Handover> {
    let Checked { to, reason, .. } = request;
    let rows: Vec<customers::Model> = customers.into_iter().map(Editable::into_inner).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let by = caller.user().map(|u| u.id);
    let handover = customer_handovers::ActiveModel {
        to_user_id: Set(to.id),
        by_user_id: Set(by),
        reason: Set(reason.clone()),
        customer_count: Set(i32::try_from(rows.len()).unwrap_or(i32::MAX)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let names = crate::lookups::user_names(txn, rows.iter().filter_map(|r| r.owner_id)).await?;
    customer_handover_items::Entity::insert_many(rows.iter().map(|row| customer_handover_items::ActiveModel {
        handover_id: Set(handover.id),
        customer_id: Set(row.id),
        from_user_id: Set(row.owner_id),
    }))
    .exec(txn)
    .await?;
    customers::Entity::update_many()
        .col_expr(customers::Column::OwnerId, Expr::value(to.id))
        .col_expr(customers::Column::DepartmentId, Expr::value(to.department_id))
        .col_expr(customers::Column::Version, Expr::col(customers::Column::Version).add(1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .col_expr(customers::Column::UpdatedBy, Expr::value(by))
        .filter(customers::Column::Id.is_in(ids.clone()))
        .exec(txn)
        .await?;
    // The new owner no longer needs to be a collaborator.
    customer_collaborators::Entity::delete_many()
        .filter(customer_collaborators::Column::CustomerId.is_in(ids.clone()))
        .filter(customer_collaborators::Column::UserId.eq(to.id))
        .exec(txn)
        .await?;
    let previous: BTreeSet<i64> = rows.iter().filter_map(|r| r.owner_id).filter(|id| *id != to.id).collect();
    move_open_work(txn, &ids, &previous, &to, by, &reason, now).await?;
    for row in &rows {
        let from = row.owner_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
        let mut event = Event::change("owner_id", &from, &to.display_name, Some(&reason));
        event.kind = "handover";
        events::record(txn, row.id, by, event, now).await?;
    }
    let dto = Handover {
        id: crm_types::HandoverId(handover.id),
        to_user_id: UserId(to.id),
        by_user_id: by.map(UserId),
        reason,
        customer_count: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        created_at: now,
        to_user_name: Some(to.display_name.clone()),
        by_user_name: caller.user().map(|u| u.display_name.clone()),
    };
    let moved: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"customer_id": r.id, "code": r.code, "from_user_id": r.owner_id}))
        .collect();
    let mut after = audit::snapshot(&dto)?;
    after["customers"] = serde_json::Value::Array(moved);
    audit::record(txn, &caller.actor(), Change::new("customer.handover", "handover", handover.id).created(after))
        .await?;
    let moved_to = [(to.id, rows.iter().collect::<Vec<_>>(), true)];
    let moved_from = previous.iter().map(|p| (*p, rows.iter().filter(|r| r.owner_id == Some(*p)).collect(), false));
    for (user_id, moved, incoming) in moved_to.into_iter().chain(moved_from) {
        let names: Vec<&str> = moved.iter().map(|r| r.name.as_str()).collect();
        let (title, body) = messages::handover(&names, incoming, &to.display_name, &dto.reason);
        // The new owner opens the customer itself; the previous owner, who may no longer see it, the list.
        let link = match moved.as_slice() {
            [one] if incoming => format!("/customers/{}", one.id),
            _ => "/customers".to_owned(),
        };
        let notice = Notice {
            user_id,
            kind: "handover",
            title,
            body,
            link: Some(link),
            dedupe_key: format!("handover:{}:{user_id}", handover.id),
            channels: None,
        };
        raise(txn, notice, now).await?;
    }
    Ok(dto)
}

/// Moves the previous owners' open demands and unfinished tasks on the handed-over customers to the new
/// owner, each task change kept in its history.
async fn move_open_work(
    txn: &impl ConnectionTrait,
    customer_ids: &[i64],
    previous: &BTreeSet<i64>,
    to: &users::Model,
    by: Option<i64>,
    reason: &str,
    now: chrono::DateTime<Utc>,
) -> ApiResult<()> {
    if previous.is_empty() {
        return Ok(());
    }
    demands::Entity::update_many()
        .col_expr(demands::Column::OwnerId, Expr::value(to.id))
        .col_expr(demands::Column::DepartmentId, Expr::value(to.department_id))
        .col_expr(demands::Column::Version, Expr::col(demands::Column::Version).add(1))
        .col_expr(demands::Column::UpdatedAt, Expr::value(now))
        .filter(demands::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .filter(demands::Column::OwnerId.is_in(previous.iter().copied()))
        .filter(demands::Column::Status.ne(DemandStatus::Done.as_str()))
        .exec(txn)
        .await?;
    let open_tasks = tasks::Entity::find()
        .filter(tasks::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .filter(tasks::Column::OwnerId.is_in(previous.iter().copied()))
        .filter(tasks::Column::Status.ne(TaskStatus::Done.as_str()))
        .all(txn)
        .await?;
    for task in open_tasks {
        tasks::Entity::update_many()
            .col_expr(tasks::Column::OwnerId, Expr::value(to.id))
            .col_expr(tasks::Column::DepartmentId, Expr::value(to.department_id))
            .col_expr(tasks::Column::Version, Expr::value(task.version + 1))
            .col_expr(tasks::Column::UpdatedAt, Expr::value(now))
            .filter(tasks::Column::Id.eq(task.id))
            .exec(txn)
            .await?;
        let change = TaskChange {
            field: "owner",
            from: Some(task.owner_id.to_string()),
            to: Some(to.id.to_string()),
            reason: Some(reason.to_owned()),
        };
        task_write::record(txn, task.id, change, by, now).await?;
    }
    Ok(())
}
