//! The delivery log of outside channels (`/api/v1/admin/notification-deliveries`): what went out by
//! e-mail, SMS and IM, what is waiting for a retry, and what failed and why.

use actix_web::{get, web};
use crm_types::UserId;
use crm_types::access::Permission;
use crm_types::notification::{Channel, Delivery, DeliveryQuery};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::entities::{notification_deliveries as deliveries, notifications};
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters};
use crate::state::AppState;
use crate::validation::{check_lengths, page_limit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_deliveries);
}

fn channel(text: &str) -> Channel {
    match text {
        "email" => Channel::Email,
        "sms" => Channel::Sms,
        "im" => Channel::Im,
        _ => Channel::InApp,
    }
}

/// List notification deliveries.
///
/// Newest first; `status=failed` shows what never went out, with the last error.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(DeliveryQuery),
    responses((status = 200, description = "The deliveries.", body = Vec<Delivery>), AuthErrors, BadParameters)
)]
#[get("/notification-deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DeliveryQuery>,
) -> ApiResult<web::Json<Vec<Delivery>>> {
    caller.require(Permission::AdminSettings)?;
    check_lengths(&[("status", query.status.as_deref(), 10)])?;
    let mut select = deliveries::Entity::find()
        .select_also(notifications::Entity)
        .join(JoinType::InnerJoin, deliveries::Relation::Notification.def());
    if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
        select = select.filter(deliveries::Column::Status.eq(status));
    }
    let limit = page_limit(query.limit, 50, 200)?;
    let rows = select.order_by_desc(deliveries::Column::Id).limit(limit).all(&state.db).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(d, n)| Delivery {
                id: d.id,
                notification_id: d.notification_id,
                user_id: UserId(n.map(|n| n.user_id).unwrap_or_default()),
                channel: channel(&d.channel),
                status: d.status,
                attempts: d.attempts,
                last_error: d.last_error,
                sent_at: d.sent_at,
                next_attempt_at: d.next_attempt_at,
            })
            .collect(),
    ))
}
