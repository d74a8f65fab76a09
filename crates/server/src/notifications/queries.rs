//! Reads of the bell: the caller's notifications a page at a time, the unread count, and how the
//! caller is reached.

use crm_types::notification::{ImKind, Notification, NotificationPage, NotificationPreferences, NotificationQuery};
use crm_types::{FieldErrorCode, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use super::raise::preferred_channels;
use crate::entities::{notification_preferences, notifications};
use crate::error::{ApiError, ApiResult};
use crate::validation::{next_cursor, page_limit};

fn to_dto(row: notifications::Model) -> Notification {
    Notification {
        id: crm_types::NotificationId(row.id),
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}

/// How many of `user`'s notifications are unread.
pub async fn unread(db: &impl ConnectionTrait, user: UserId) -> ApiResult<u64> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user.0))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// The page of `user`'s notifications `query` asks for, newest first, with the unread count.
pub async fn page(db: &impl ConnectionTrait, user: UserId, query: &NotificationQuery) -> ApiResult<NotificationPage> {
    let mut select = notifications::Entity::find().filter(notifications::Column::UserId.eq(user.0));
    if query.unread == Some(true) {
        select = select.filter(notifications::Column::ReadAt.is_null());
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let id: i64 = cursor
            .parse()
            .map_err(|_| ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out"))?;
        select = select.filter(notifications::Column::Id.lt(id));
    }
    let limit = page_limit(query.limit, 20, 100)?;
    let mut rows = select.order_by_desc(notifications::Column::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    Ok(NotificationPage { items: rows.into_iter().map(to_dto).collect(), unread: unread(db, user).await?, next_cursor })
}

/// How `user` is reached besides the bell.
pub async fn preferences(db: &impl ConnectionTrait, user: UserId) -> ApiResult<NotificationPreferences> {
    let row = notification_preferences::Entity::find_by_id(user.0).one(db).await?;
    Ok(NotificationPreferences {
        channels: preferred_channels(db, user.0).await?,
        im_kind: row.as_ref().and_then(|r| r.im_kind.as_deref()).and_then(ImKind::parse),
        im_webhook: row.and_then(|r| r.im_webhook),
    })
}
