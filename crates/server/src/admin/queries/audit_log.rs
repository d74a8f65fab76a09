//! The audit log as administrators read it: a search, newest first, and the check of its hash chain
//! (which `audit::verify` walks; the command line runs the same).

use crm_types::audit::{AuditEntry, AuditQuery, AuditVerification};
use crm_types::page::Page;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::audit;
use crate::entities::audit_log;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Audit};

fn to_dto(row: audit_log::Model) -> AuditEntry {
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    AuditEntry {
        id: crm_types::AuditEntryId(row.id),
        occurred_at: row.occurred_at,
        actor_kind: audit::kind_of(&row.actor_kind),
        actor_id: row.actor_id,
        actor_name: row.actor_name,
        ip: row.ip,
        action: row.action,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        before: parse(row.before),
        after: parse(row.after),
    }
}

/// A page of entries, newest first, filtered by actor, record, action and time range (50 a page by
/// default, at most 200).
pub async fn search(db: &DatabaseConnection, _: &Admin<Audit>, query: &AuditQuery) -> ApiResult<Page<AuditEntry>> {
    let limit = u64::from(query.limit.unwrap_or(50));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 200.".into()));
    }
    let too_long =
        [&query.entity_type, &query.entity_id, &query.action].into_iter().flatten().any(|v| v.chars().count() > 50);
    if too_long {
        return Err(ApiError::BadRequest("entity_type, entity_id and action are at most 50 characters.".into()));
    }
    let mut select = audit_log::Entity::find();
    if let Some(actor) = query.actor_id {
        select = select.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(entity_type) = &query.entity_type {
        select = select.filter(audit_log::Column::EntityType.eq(entity_type.as_str()));
    }
    if let Some(entity_id) = &query.entity_id {
        select = select.filter(audit_log::Column::EntityId.eq(entity_id.as_str()));
    }
    if let Some(action) = &query.action {
        select = select.filter(audit_log::Column::Action.eq(action.as_str()));
    }
    if let Some(from) = query.from {
        select = select.filter(audit_log::Column::OccurredAt.gte(from));
    }
    if let Some(to) = query.to {
        select = select.filter(audit_log::Column::OccurredAt.lt(to));
    }
    if let Some(cursor) = query.cursor {
        select = select.filter(audit_log::Column::Id.lt(cursor));
    }
    let mut rows = select.order_by_desc(audit_log::Column::Id).limit(limit + 1).all(db).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id.to_string())
    } else {
        None
    };
    Ok(Page::new(rows.into_iter().map(to_dto).collect(), next_cursor))
}

/// The hash chain recomputed from the first entry, with the first entry that was altered, removed or
/// inserted out of order.
pub async fn verify(db: &DatabaseConnection, _: &Admin<Audit>) -> ApiResult<AuditVerification> {
    let result = audit::verify(db).await?;
    Ok(AuditVerification {
        intact: result.first_broken_id.is_none(),
        checked: result.checked,
        first_broken_id: result.first_broken_id,
    })
}
