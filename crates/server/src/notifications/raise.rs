//! Raising a notification: one row in the bell (skipped when its dedupe key was raised before) and one
//! pending delivery per outside channel.

use chrono::{DateTime, Utc};
use crm_types::notification::Channel;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{notification_deliveries, notification_preferences, notifications};
use crate::error::ApiResult;

/// A notification to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The recipient.
    pub user_id: i64,
    /// What kind of reminder (`followup_due`…).
    pub kind: &'static str,
    /// The headline.
    pub title: String,
    /// The text.
    pub body: String,
    /// The SPA page it points to.
    pub link: Option<String>,
    /// What makes it unique: the same key is never raised twice.
    pub dedupe_key: String,
    /// The outside channels; `None` uses the recipient's preferences.
    pub channels: Option<Vec<Channel>>,
}

/// The outside channels a user chose.
pub async fn preferred_channels(db: &impl ConnectionTrait, user_id: i64) -> ApiResult<Vec<Channel>> {
    let row = notification_preferences::Entity::find_by_id(user_id).one(db).await?;
    Ok(row.and_then(|r| serde_json::from_str(&r.channels).ok()).unwrap_or_default())
}

/// Raises `notice` unless its key was raised before; returns the new notification's id.
pub async fn raise(db: &impl ConnectionTrait, notice: Notice, now: DateTime<Utc>) -> ApiResult<Option<i64>> {
    let row = notifications::ActiveModel {
        user_id: Set(notice.user_id),
        kind: Set(notice.kind.to_owned()),
        title: Set(notice.title),
        body: Set(notice.body),
        link: Set(notice.link),
        dedupe_key: Set(notice.dedupe_key.clone()),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    };
    let inserted = notifications::Entity::insert(row)
        .on_conflict(OnConflict::column(notifications::Column::DedupeKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 0 {
        return Ok(None);
    }
    let id = notifications::Entity::find()
        .filter(notifications::Column::DedupeKey.eq(notice.dedupe_key))
        .one(db)
        .await?
        .map(|n| n.id)
        .unwrap_or_default();
    let channels = match notice.channels {
        Some(channels) => channels,
        None => preferred_channels(db, notice.user_id).await?,
    };
    let deliveries: Vec<notification_deliveries::ActiveModel> = channels
        .into_iter()
        .filter(|c| *c != Channel::InApp)
        .map(|channel| notification_deliveries::ActiveModel {
            notification_id: Set(id),
            channel: Set(channel.as_str().to_owned()),
            status: Set("pending".into()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            locked_until: Set(None),
            last_error: Set(None),
            sent_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !deliveries.is_empty() {
        notification_deliveries::Entity::insert_many(deliveries).exec(db).await?;
    }
    Ok(Some(id))
}
