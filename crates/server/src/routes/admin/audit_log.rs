//! Reading and verifying the audit log.

use actix_web::{get, web};
use crm_types::access::Permission;
use crm_types::audit::{AuditEntry, AuditPage, AuditQuery, AuditVerification};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit;
use crate::auth::Caller;
use crate::entities::audit_log;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(search).service(verify);
}

fn to_dto(row: audit_log::Model) -> AuditEntry {
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    AuditEntry {
        id: row.id,
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

/// Search the audit log.
///
/// Entries newest first, filtered by actor, record, action and time range, 50 a page by default.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AuditQuery),
    responses((status = 200, description = "A page of entries.", body = AuditPage), AuthErrors, BadParameters)
)]
#[get("/audit-log")]
pub async fn search(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
) -> ApiResult<web::Json<AuditPage>> {
    caller.require(Permission::AdminAudit)?;
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
    let mut rows = select.order_by_desc(audit_log::Column::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(web::Json(AuditPage { items: rows.into_iter().map(to_dto).collect(), next_cursor }))
}

/// Verify the audit log.
///
/// Recomputes the hash chain from the first entry and reports the first entry that was altered,
/// removed or inserted out of order.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The result of the check.", body = AuditVerification), AuthErrors)
)]
#[get("/audit-log/verify")]
pub async fn verify(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<AuditVerification>> {
    caller.require(Permission::AdminAudit)?;
    let result = audit::verify(&state.db).await?;
    Ok(web::Json(AuditVerification {
        intact: result.first_broken_id.is_none(),
        checked: result.checked,
        first_broken_id: result.first_broken_id,
    }))
}
