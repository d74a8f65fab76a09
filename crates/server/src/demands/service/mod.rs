//! Changes to demands: raising one (code, deadline over the working-day calendar, reminders), changing
//! its description, kind, priority, owner and status (along the flow of `crm_domain::workflow::demand`),
//! and its task plan (`plan`).

pub mod plan;

use chrono::{DateTime, Utc};
use crm_domain::CodeFormat;
use crm_domain::workflow::demand as workflow;
use crm_types::FieldErrorCode;
use crm_types::demand::{Demand, DemandKind, DemandPatch, DemandStatus, NewDemand, Priority};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::service::events::{self, Event};
use crate::demands::queries::one;
use crate::demands::queries::record::{priority_of, status_of};
use crate::demands::sla;
use crate::entities::{attachments, customers, demands};
use crate::error::{ApiError, ApiResult};
use crate::http::versions::IfMatch;
use crate::lookups::active_user;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::policy::Editable;
use crate::validation::Problems;
use crate::{calendar, china_time, codes, jobs};

/// Demand codes: `DE` + year + a four-digit sequence per year (DE20240005).
pub const DEMAND_CODE_FORMAT: &str = "DE{yyyy}{seq:4}";

/// Tells a demand's new owner that it is theirs.
pub(crate) async fn assigned(
    db: &impl ConnectionTrait,
    row: &demands::Model,
    customer: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (title, body) = messages::demand_assigned(&row.code, customer);
    let notice = Notice {
        user_id: row.owner_id,
        kind: "demand_assigned",
        title,
        body,
        link: Some(format!("/demands/{}", row.id)),
        dedupe_key: format!("demand_assigned:{}:{}:{}", row.id, row.owner_id, row.version),
        channels: None,
    };
    raise(db, notice, now).await?;
    Ok(())
}

/// Whether the customer's confirmation is attached to demand `id`.
async fn has_confirmation(db: &impl ConnectionTrait, id: i64) -> ApiResult<bool> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::OwnerType.eq("demand"))
        .filter(attachments::Column::OwnerId.eq(id))
        .filter(attachments::Column::Purpose.eq("confirmation"))
        .filter(attachments::Column::DeletedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Raises the demand `body` on `customer`, made by `me`.
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    me: i64,
    body: &NewDemand,
    now: DateTime<Utc>,
) -> ApiResult<Demand> {
    let customer = customer.into_inner();
    let mut problems = Problems::default();
    let description = problems.text("description", &body.description, 5000);
    let owner = match body.owner_id {
        Some(owner) => active_user(txn, owner.0).await?,
        None => active_user(txn, me).await?,
    };
    if owner.is_none() {
        problems.add("owner_id", FieldErrorCode::Unknown, "must be an active user");
    }
    problems.finish()?;
    let owner = owner.ok_or_else(|| ApiError::field("owner_id", FieldErrorCode::Unknown, "must be an active user"))?;
    let priority = body.priority.unwrap_or(Priority::Medium);
    let calendar = calendar::load(txn).await?;
    let format = CodeFormat::parse(DEMAND_CODE_FORMAT).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let code = codes::next_code(txn, "demand", &format, china_time::day_of(now)).await?;
    let row = demands::ActiveModel {
        code: Set(code.clone()),
        customer_id: Set(customer.id),
        description: Set(description),
        kind: Set(body.kind.unwrap_or(DemandKind::Existing).as_str().to_owned()),
        priority: Set(priority.as_str().to_owned()),
        status: Set(DemandStatus::Open.as_str().to_owned()),
        owner_id: Set(owner.id),
        department_id: Set(owner.department_id),
        due_at: Set(sla::due_at(now, priority, &calendar)),
        responded_at: Set(None),
        closed_at: Set(None),
        version: Set(1),
        created_by: Set(me),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let row = sea_orm::ActiveModelTrait::insert(row, txn).await?;
    events::record(txn, customer.id, Some(me), Event::new("demand_created").detail(code), now).await?;
    jobs::handlers::schedule_demand(txn, &row, sla::warning_at(row.created_at, row.due_at, &calendar), now).await?;
    if row.owner_id != me {
        assigned(txn, &row, &customer.name, now).await?;
    }
    let demand = one(txn, &row, &calendar, now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("demand.create", "demand", row.id).created(audit::snapshot(&demand)?),
    )
    .await?;
    Ok(demand)
}

/// Applies `body` to `demand` (a closed demand does not change).
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    demand: Editable<demands::Model>,
    me: i64,
    if_match: IfMatch,
    body: &DemandPatch,
    now: DateTime<Utc>,
) -> ApiResult<Demand> {
    let current = demand.into_inner();
    if_match.required()?;
    let calendar = calendar::load(txn).await?;
    let before = one(txn, &current, &calendar, now).await?;
    let status = status_of(&current)?;
    if status == DemandStatus::Done {
        return Err(ApiError::Closed("A closed demand does not change.".into()));
    }
    let mut problems = Problems::default();
    let mut row: demands::ActiveModel = current.clone().into();
    if let Some(description) = &body.description {
        row.description = Set(problems.text("description", description, 5000));
    }
    if let Some(kind) = body.kind {
        row.kind = Set(kind.as_str().to_owned());
    }
    if let Some(priority) = body.priority.filter(|p| Some(*p) != priority_of(&current).ok()) {
        row.priority = Set(priority.as_str().to_owned());
        row.due_at = Set(sla::due_at(current.created_at, priority, &calendar));
    }
    if let Some(owner) = body.owner_id {
        match active_user(txn, owner.0).await? {
            Some(user) => {
                row.owner_id = Set(user.id);
                row.department_id = Set(user.department_id);
            }
            None => problems.add("owner_id", FieldErrorCode::Unknown, "must be an active user"),
        }
    }
    let new_status = body.status.filter(|s| *s != status);
    if let Some(to) = new_status {
        if !workflow::can_move(status, to) {
            problems.add(
                "status",
                FieldErrorCode::NotAllowed,
                &format!("a demand cannot move from {} to {}", status.as_str(), to.as_str()),
            );
        } else if to == DemandStatus::Done && !has_confirmation(txn, current.id).await? {
            problems.add(
                "status",
                FieldErrorCode::ConfirmationRequired,
                "attach the customer's confirmation before closing the demand",
            );
        }
        row.status = Set(to.as_str().to_owned());
        if current.responded_at.is_none() {
            row.responded_at = Set(Some(now));
        }
        if to == DemandStatus::Done {
            row.closed_at = Set(Some(now));
        }
    }
    problems.finish()?;
    if_match.check(current.version)?;
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let result = demands::Entity::update_many()
        .set(row)
        .filter(demands::Column::Id.eq(current.id))
        .filter(demands::Column::Version.eq(current.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    if let Some(to) = new_status {
        let event = Event {
            kind: "demand_status_changed",
            field: Some("status"),
            from: Some(status.as_str().into()),
            to: Some(to.as_str().into()),
            reason: None,
            detail: Some(current.code.clone()),
        };
        events::record(txn, current.customer_id, Some(me), event, now).await?;
    }
    let updated = demands::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no demand {}.", current.id)))?;
    if updated.due_at != current.due_at {
        jobs::handlers::schedule_demand(
            txn,
            &updated,
            sla::warning_at(updated.created_at, updated.due_at, &calendar),
            now,
        )
        .await?;
    }
    if updated.owner_id != current.owner_id && updated.owner_id != me {
        assigned(txn, &updated, &before.customer_name, now).await?;
    }
    let after = one(txn, &updated, &calendar, now).await?;
    let change =
        Change::new("demand.update", "demand", current.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(after)
}
