//! The delivery log of outside channels (the rows the delivery worker, `notifications::deliveries`,
//! keeps): what went out by e-mail, SMS and IM, what waits for a retry, and what failed and why.

use crm_types::UserId;
use crm_types::notification::{Channel, Delivery, DeliveryQuery};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};

use crate::entities::{notification_deliveries as deliveries, notifications};
use crate::error::ApiResult;
use crate::policy::admin::{Admin, Settings};
use crate::validation::{check_lengths, page_limit};

fn channel(text: &str) -> Channel {
    match text {
        "email" => Channel::Email,
        "sms" => Channel::Sms,
        "im" => Channel::Im,
        _ => Channel::InApp,
    }
}

/// Deliveries newest first, by `status` when given (50 by default, at most 200).
pub async fn list(db: &impl ConnectionTrait, _: &Admin<Settings>, query: &DeliveryQuery) -> ApiResult<Vec<Delivery>> {
    check_lengths(&[("status", query.status.as_deref(), 10)])?;
    let mut select = deliveries::Entity::find()
        .select_also(notifications::Entity)
        .join(JoinType::InnerJoin, deliveries::Relation::Notification.def());
    if let Some(status) = query.status.as_deref().filter(|s| !s.is_empty()) {
        select = select.filter(deliveries::Column::Status.eq(status));
    }
    let limit = page_limit(query.limit, 50, 200)?;
    let rows = select.order_by_desc(deliveries::Column::Id).limit(limit).all(db).await?;
    Ok(rows
        .into_iter()
        .map(|(d, n)| Delivery {
            id: crm_types::DeliveryId(d.id),
            notification_id: crm_types::NotificationId(d.notification_id),
            user_id: UserId(n.map(|n| n.user_id).unwrap_or_default()),
            channel: channel(&d.channel),
            status: d.status,
            attempts: d.attempts,
            last_error: d.last_error,
            sent_at: d.sent_at,
            next_attempt_at: d.next_attempt_at,
        })
        .collect())
}
