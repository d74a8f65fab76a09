//! Handovers (客户交接): customers moved to a new owner together, with the reason, recorded once as a
//! handover and on each customer's timeline.

use actix_web::{HttpResponse, post, web};
use chrono::Utc;
use crm_types::UserId;
use crm_types::access::Permission;
use crm_types::customer::{Handover, HandoverRequest};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::events::{self, Event};
use crate::db;
use crate::entities::{customer_collaborators, customer_handover_items, customer_handovers, customers, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, JsonBodyErrors};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(hand_over);
}

/// Hand customers over.
///
/// Moves customers in the caller's scope to a new owner (and the new owner's department), with a
/// reason (离职交接, 区域调整…). Needs `customer.handover`. All or nothing: if any customer is not
/// found in the caller's scope, none moves.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = HandoverRequest,
    responses((status = 201, description = "Handed over.", body = Handover), AuthErrors, JsonBodyErrors)
)]
#[post("/customers/handover")]
pub async fn hand_over(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<HandoverRequest>,
) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&state.db, &caller).await?;
    caller.require(Permission::CustomerHandover)?;
    let mut problems = Problems::default();
    let reason = problems.text("reason", &body.reason, 500);
    let mut ids: Vec<i64> = body.customer_ids.iter().map(|id| id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() || ids.len() > 1000 {
        problems.add("customer_ids", "count", "hand over between 1 and 1000 customers at a time");
    }
    let to = users::Entity::find_by_id(body.to_user_id.0).one(&state.db).await?.filter(|u| u.is_active);
    if to.is_none() {
        problems.add("to_user_id", "not_found", "no such active user");
    }
    problems.finish()?;
    let Some(to) = to else { return Err(ApiError::field("to_user_id", "not_found", "no such active user")) };
    let txn = db::begin_write(&state.db).await?;
    let rows = scope.live().filter(customers::Column::Id.is_in(ids.clone())).all(&txn).await?;
    if rows.len() != ids.len() {
        let missing: Vec<String> =
            ids.iter().filter(|id| !rows.iter().any(|r| r.id == **id)).map(ToString::to_string).collect();
        return Err(ApiError::field(
            "customer_ids",
            "not_found",
            &format!("no such customers in your scope: {}", missing.join(", ")),
        ));
    }
    let by = caller.user().map(|u| u.id);
    let now = Utc::now();
    let handover = customer_handovers::ActiveModel {
        to_user_id: Set(to.id),
        by_user_id: Set(by),
        reason: Set(reason.clone()),
        customer_count: Set(i32::try_from(rows.len()).unwrap_or(i32::MAX)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let names = crate::customers::record::user_names(&txn, rows.iter().filter_map(|r| r.owner_id)).await?;
    customer_handover_items::Entity::insert_many(rows.iter().map(|row| customer_handover_items::ActiveModel {
        handover_id: Set(handover.id),
        customer_id: Set(row.id),
        from_user_id: Set(row.owner_id),
    }))
    .exec(&txn)
    .await?;
    customers::Entity::update_many()
        .col_expr(customers::Column::OwnerId, Expr::value(to.id))
        .col_expr(customers::Column::DepartmentId, Expr::value(to.department_id))
        .col_expr(customers::Column::Version, Expr::col(customers::Column::Version).add(1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .col_expr(customers::Column::UpdatedBy, Expr::value(by))
        .filter(customers::Column::Id.is_in(ids.clone()))
        .exec(&txn)
        .await?;
    // The new owner no longer needs to be a collaborator.
    customer_collaborators::Entity::delete_many()
        .filter(customer_collaborators::Column::CustomerId.is_in(ids.clone()))
        .filter(customer_collaborators::Column::UserId.eq(to.id))
        .exec(&txn)
        .await?;
    for row in &rows {
        let from = row.owner_id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
        let mut event = Event::change("owner_id", &from, &to.display_name, Some(&reason));
        event.kind = "handover";
        events::record(&txn, row.id, by, event).await?;
    }
    let dto = Handover {
        id: handover.id,
        to_user_id: UserId(to.id),
        by_user_id: by.map(UserId),
        reason,
        customer_count: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        created_at: now,
    };
    let moved: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"customer_id": r.id, "code": r.code, "from_user_id": r.owner_id}))
        .collect();
    let mut after = audit::snapshot(&dto)?;
    after["customers"] = serde_json::Value::Array(moved);
    audit::record(&txn, &caller.actor(), Change::new("customer.handover", "handover", handover.id).created(after))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}
