//! Changes to the bell: notifications marked read, one or all, and how the user is reached.

use chrono::{DateTime, Utc};
use crm_types::notification::{Channel, NotificationPreferences};
use crm_types::{FieldErrorCode, UserId};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{notification_preferences, notifications, users};
use crate::error::ApiResult;
use crate::policy::Editable;
use crate::validation::Problems;

/// Marks `notification` read; one already read keeps its time.
pub async fn mark_read(
    txn: &impl ConnectionTrait,
    notification: Editable<notifications::Model>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if notification.read_at.is_none() {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(now))
            .filter(notifications::Column::Id.eq(notification.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// Marks every unread notification of `user` read.
pub async fn mark_all_read(txn: &impl ConnectionTrait, user: UserId, now: DateTime<Utc>) -> ApiResult<()> {
    notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(now))
        .filter(notifications::Column::UserId.eq(user.0))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Saves how `user` is reached: the outside channels (the bell is always on), each needing what it
/// sends to — an e-mail address, a mobile, an IM robot's kind and `http(s)://` webhook (422 listing
/// what is missing).
pub async fn save_preferences(
    txn: &impl ConnectionTrait,
    user: &users::Model,
    body: &NotificationPreferences,
    now: DateTime<Utc>,
) -> ApiResult<NotificationPreferences> {
    let mut problems = Problems::default();
    let mut channels: Vec<Channel> = body.channels.iter().copied().filter(|c| *c != Channel::InApp).collect();
    channels.sort();
    channels.dedup();
    let webhook = body.im_webhook.as_deref().map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned);
    let bad_url =
        |url: &String| url.chars().count() > 500 || !(url.starts_with("https://") || url.starts_with("http://"));
    if webhook.as_ref().is_some_and(bad_url) {
        problems.add(
            "im_webhook",
            FieldErrorCode::Invalid,
            "must be an http:// or https:// address of at most 500 characters",
        );
    }
    if channels.contains(&Channel::Email) && user.email.is_none() {
        problems.add("channels", FieldErrorCode::NoEmail, "the account has no e-mail address");
    }
    if channels.contains(&Channel::Sms) && user.mobile.is_none() {
        problems.add("channels", FieldErrorCode::NoMobile, "the account has no mobile number");
    }
    if channels.contains(&Channel::Im) && (webhook.is_none() || body.im_kind.is_none()) {
        problems.add("im_webhook", FieldErrorCode::Required, "IM reminders need the robot's kind and webhook");
    }
    problems.finish()?;
    let row = notification_preferences::ActiveModel {
        user_id: Set(user.id),
        channels: Set(serde_json::to_string(&channels).map_err(anyhow::Error::from)?),
        im_kind: Set(body.im_kind.map(|k| k.as_str().to_owned())),
        im_webhook: Set(webhook.clone()),
        updated_at: Set(now),
    };
    notification_preferences::Entity::insert(row)
        .on_conflict(
            OnConflict::column(notification_preferences::Column::UserId)
                .update_columns([
                    notification_preferences::Column::Channels,
                    notification_preferences::Column::ImKind,
                    notification_preferences::Column::ImWebhook,
                    notification_preferences::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
    Ok(NotificationPreferences { channels, im_kind: body.im_kind, im_webhook: webhook })
}
