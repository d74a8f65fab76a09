//! Demands as the API shows them, assembled for a whole page at once.

use chrono::{DateTime, Utc};
use crm_domain::calendar::WorkCalendar;
use crm_types::demand::{Demand, DemandKind, DemandStatus, Priority};
use crm_types::followup::UserRef;
use crm_types::{CustomerId, DemandId, UserId};
use sea_orm::ConnectionTrait;

use crate::china_time;
use crate::demands::sla;
use crate::entities::{demands, tasks};
use crate::error::{ApiError, ApiResult};
use crate::lookups::{customer_names, user_names};
use crate::tasks::record::summaries_by;

fn corrupt(row: &demands::Model, what: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("demand {} has a bad {what}", row.id))
}

/// The stored status.
pub fn status_of(row: &demands::Model) -> ApiResult<DemandStatus> {
    DemandStatus::parse(&row.status).ok_or_else(|| corrupt(row, "status"))
}

/// The stored priority.
pub fn priority_of(row: &demands::Model) -> ApiResult<Priority> {
    Priority::parse(&row.priority).ok_or_else(|| corrupt(row, "priority"))
}

/// The wire form of `rows`, in their order.
pub async fn assemble(
    db: &impl ConnectionTrait,
    rows: &[demands::Model],
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> ApiResult<Vec<Demand>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let task_rows = summaries_by(db, tasks::Column::DemandId, &ids, china_time::day_of(now)).await?;
    let customer_names = customer_names(db, rows.iter().map(|r| r.customer_id)).await?;
    let names = user_names(db, rows.iter().flat_map(|r| [r.owner_id, r.created_by])).await?;
    let user = |id: i64| UserRef { id: UserId(id), name: names.get(&id).cloned().unwrap_or_default() };
    rows.iter()
        .map(|row| {
            let sla_state = sla::state(row.created_at, row.due_at, row.responded_at, now, calendar);
            Ok(Demand {
                id: DemandId(row.id),
                code: row.code.clone(),
                customer_id: CustomerId(row.customer_id),
                customer_name: customer_names.get(&row.customer_id).cloned().unwrap_or_default(),
                description: row.description.clone(),
                kind: DemandKind::parse(&row.kind).ok_or_else(|| corrupt(row, "kind"))?,
                priority: priority_of(row)?,
                status: status_of(row)?,
                owner: user(row.owner_id),
                due_at: row.due_at,
                warning_at: sla::warning_at(row.created_at, row.due_at, calendar),
                sla_state,
                overdue: row.responded_at.is_none() && now >= row.due_at,
                responded_at: row.responded_at,
                closed_at: row.closed_at,
                tasks: task_rows.iter().filter(|(d, _)| *d == row.id).map(|(_, t)| t.clone()).collect(),
                version: row.version,
                created_by: user(row.created_by),
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}
