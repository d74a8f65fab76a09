//! The delivery worker: claims due deliveries under a lease, sends them, and records the outcome —
//! sent, or retried later (after 1 min, 5 min, 30 min, 2 h) until the fifth failure marks it failed.

use chrono::{DateTime, Duration, Utc};
use crm_types::notification::{Channel, ImKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::channels::{im_message, post_im};
use crate::entities::{notification_deliveries as deliveries, notification_preferences, notifications, users};
use crate::jobs::Context;
use crate::mailer::Mail;

/// How long a claimed delivery stays with its worker.
const LEASE: Duration = Duration::minutes(2);

/// Waits before the 2nd, 3rd, 4th and 5th attempts.
const BACKOFF_MINUTES: [i64; 4] = [1, 5, 30, 120];

/// Sends the deliveries due at `now`; returns how many were attempted.
pub async fn run_due(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let due = deliveries::Entity::find()
        .filter(deliveries::Column::Status.eq("pending"))
        .filter(deliveries::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(deliveries::Column::LockedUntil.is_null())
                .add(deliveries::Column::LockedUntil.lt(now)),
        )
        .order_by_asc(deliveries::Column::NextAttemptAt)
        .limit(20)
        .all(&ctx.db)
        .await?;
    let mut attempted = 0;
    for delivery in due {
        let claimed = deliveries::Entity::update_many()
            .col_expr(deliveries::Column::LockedUntil, Expr::value(now + LEASE))
            .filter(deliveries::Column::Id.eq(delivery.id))
            .filter(deliveries::Column::Status.eq("pending"))
            .filter(
                Condition::any()
                    .add(deliveries::Column::LockedUntil.is_null())
                    .add(deliveries::Column::LockedUntil.lt(now)),
            )
            .exec(&ctx.db)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        attempted += 1;
        let outcome = send(ctx, &delivery).await;
        let attempts = delivery.attempts + 1;
        let mut update = deliveries::Entity::update_many()
            .col_expr(deliveries::Column::Attempts, Expr::value(attempts))
            .col_expr(deliveries::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None));
        update = match outcome {
            Ok(()) => update
                .col_expr(deliveries::Column::Status, Expr::value("sent"))
                .col_expr(deliveries::Column::SentAt, Expr::value(now))
                .col_expr(deliveries::Column::LastError, Expr::value(Option::<String>::None)),
            Err(error) => {
                tracing::warn!(delivery = delivery.id, %error, "a notification delivery failed");
                let retry = BACKOFF_MINUTES.get(usize::try_from(delivery.attempts).unwrap_or(usize::MAX));
                let update = update.col_expr(deliveries::Column::LastError, Expr::value(format!("{error:#}")));
                match retry {
                    Some(minutes) => update
                        .col_expr(deliveries::Column::NextAttemptAt, Expr::value(now + Duration::minutes(*minutes))),
                    None => update.col_expr(deliveries::Column::Status, Expr::value("failed")),
                }
            }
        };
        update.filter(deliveries::Column::Id.eq(delivery.id)).exec(&ctx.db).await?;
    }
    Ok(attempted)
}

/// Sends one delivery through its channel.
async fn send(ctx: &Context, delivery: &deliveries::Model) -> anyhow::Result<()> {
    let notification = notifications::Entity::find_by_id(delivery.notification_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("notification {} is gone", delivery.notification_id))?;
    let user = users::Entity::find_by_id(notification.user_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {} is gone", notification.user_id))?;
    let link = notification.link.as_deref().map(|l| format!("{}{l}", ctx.public_url)).unwrap_or_default();
    let text = format!("{}\n{}\n{link}", notification.title, notification.body).trim_end().to_owned();
    match delivery.channel.as_str() {
        c if c == Channel::Email.as_str() => {
            let to = user.email.ok_or_else(|| anyhow::anyhow!("{} has no e-mail address", user.username))?;
            ctx.mailer.send(Mail { to, subject: notification.title.clone(), body: text }).await
        }
        c if c == Channel::Sms.as_str() => {
            let mobile = user.mobile.ok_or_else(|| anyhow::anyhow!("{} has no mobile number", user.username))?;
            ctx.sms.send(&mobile, &text).await
        }
        c if c == Channel::Im.as_str() => {
            let preferences = notification_preferences::Entity::find_by_id(user.id).one(&ctx.db).await?;
            let (Some(kind), Some(webhook)) = (
                preferences.as_ref().and_then(|p| p.im_kind.as_deref()).and_then(ImKind::parse),
                preferences.as_ref().and_then(|p| p.im_webhook.clone()),
            ) else {
                anyhow::bail!("{} has no IM robot webhook set", user.username);
            };
            post_im(&ctx.http, &webhook, &im_message(kind, &text)).await
        }
        other => anyhow::bail!("unknown channel {other:?}"),
    }
}
