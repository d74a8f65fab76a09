//! The caller's notifications under `/api/v1/notifications`: the bell (list, unread count, mark read)
//! and how the caller wants to be reached.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use crm_types::notification::{
    Channel, ImKind, Notification, NotificationPage, NotificationPreferences, NotificationQuery, UnreadCount,
};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::entities::{notification_preferences, notifications, users};
use crate::error::{ApiError, ApiResult};
use crate::notifications::raise::preferred_channels;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::{Problems, check_lengths, next_cursor, page_limit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(unread_count)
        .service(read_all)
        .service(read_one)
        .service(get_preferences)
        .service(put_preferences);
}

fn user_of(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::Forbidden("Notifications belong to users, not API keys.".into()))
}

fn to_dto(row: notifications::Model) -> Notification {
    Notification {
        id: row.id,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        created_at: row.created_at,
        read_at: row.read_at,
    }
}

async fn unread(db: &sea_orm::DatabaseConnection, user_id: i64) -> ApiResult<u64> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .filter(notifications::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// List the caller's notifications.
///
/// Newest first, with the unread count; `unread=true` for the unread ones only.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses((status = 200, description = "A page of notifications.", body = NotificationPage), AuthErrors, BadParameters, InvalidQuery)
)]
#[get("/notifications")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<NotificationQuery>,
) -> ApiResult<web::Json<NotificationPage>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 30)])?;
    let user = user_of(&caller)?.id;
    let mut select = notifications::Entity::find().filter(notifications::Column::UserId.eq(user));
    if query.unread == Some(true) {
        select = select.filter(notifications::Column::ReadAt.is_null());
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let id: i64 =
            cursor.parse().map_err(|_| ApiError::field("cursor", "invalid", "is not a cursor this list gave out"))?;
        select = select.filter(notifications::Column::Id.lt(id));
    }
    let limit = page_limit(query.limit, 20, 100)?;
    let mut rows = select.order_by_desc(notifications::Column::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    Ok(web::Json(NotificationPage {
        items: rows.into_iter().map(to_dto).collect(),
        unread: unread(&state.db, user).await?,
        next_cursor,
    }))
}

/// Count the caller's unread notifications.
///
/// What the bell shows; cheap enough to poll.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The unread count.", body = UnreadCount), AuthErrors)
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<UnreadCount>> {
    let user = user_of(&caller)?.id;
    Ok(web::Json(UnreadCount { unread: unread(&state.db, user).await? }))
}

/// Mark a notification read.
///
/// Only the caller's own; marking one twice changes nothing.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notification's id.")),
    responses((status = 204, description = "Marked."), AuthErrors, NotFound, BadParameters)
)]
#[post("/notifications/{id:-?\\d+}/read")]
pub async fn read_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user = user_of(&caller)?.id;
    let id = id.into_inner();
    let row = notifications::Entity::find_by_id(id)
        .filter(notifications::Column::UserId.eq(user))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no notification {id}.")))?;
    if row.read_at.is_none() {
        notifications::Entity::update_many()
            .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notifications::Column::Id.eq(id))
            .exec(&state.db)
            .await?;
    }
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification read.
///
/// Empties the bell's unread count.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 204, description = "Marked."), AuthErrors)
)]
#[post("/notifications/read-all")]
pub async fn read_all(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let user = user_of(&caller)?.id;
    notifications::Entity::update_many()
        .col_expr(notifications::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notifications::Column::UserId.eq(user))
        .filter(notifications::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Get how the caller is reached.
///
/// The outside channels used for reminders besides the bell, and the IM robot's webhook.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The preferences.", body = NotificationPreferences), AuthErrors)
)]
#[get("/notifications/preferences")]
pub async fn get_preferences(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<NotificationPreferences>> {
    let user = user_of(&caller)?.id;
    let row = notification_preferences::Entity::find_by_id(user).one(&state.db).await?;
    Ok(web::Json(NotificationPreferences {
        channels: preferred_channels(&state.db, user).await?,
        im_kind: row.as_ref().and_then(|r| r.im_kind.as_deref()).and_then(ImKind::parse),
        im_webhook: row.and_then(|r| r.im_webhook),
    }))
}

/// Change how the caller is reached.
///
/// E-mail needs an e-mail address on the account, SMS a bound mobile, IM a robot webhook (an
/// `http(s)://` address) and its kind.
#[utoipa::path(
    tag = "notifications",
    security(("bearer" = [])),
    request_body = NotificationPreferences,
    responses((status = 200, description = "Saved.", body = NotificationPreferences), AuthErrors, JsonBodyErrors)
)]
#[put("/notifications/preferences")]
pub async fn put_preferences(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NotificationPreferences>,
) -> ApiResult<web::Json<NotificationPreferences>> {
    let user = user_of(&caller)?;
    let mut problems = Problems::default();
    let mut channels: Vec<Channel> = body.channels.iter().copied().filter(|c| *c != Channel::InApp).collect();
    channels.sort();
    channels.dedup();
    let webhook = body.im_webhook.as_deref().map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned);
    let bad_url =
        |url: &String| url.chars().count() > 500 || !(url.starts_with("https://") || url.starts_with("http://"));
    if webhook.as_ref().is_some_and(bad_url) {
        problems.add("im_webhook", "invalid", "must be an http:// or https:// address of at most 500 characters");
    }
    if channels.contains(&Channel::Email) && user.email.is_none() {
        problems.add("channels", "no_email", "the account has no e-mail address");
    }
    if channels.contains(&Channel::Sms) && user.mobile.is_none() {
        problems.add("channels", "no_mobile", "the account has no mobile number");
    }
    if channels.contains(&Channel::Im) && (webhook.is_none() || body.im_kind.is_none()) {
        problems.add("im_webhook", "required", "IM reminders need the robot's kind and webhook");
    }
    problems.finish()?;
    let row = notification_preferences::ActiveModel {
        user_id: Set(user.id),
        channels: Set(serde_json::to_string(&channels).map_err(anyhow::Error::from)?),
        im_kind: Set(body.im_kind.map(|k| k.as_str().to_owned())),
        im_webhook: Set(webhook.clone()),
        updated_at: Set(Utc::now()),
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
        .exec_without_returning(&state.db)
        .await?;
    Ok(web::Json(NotificationPreferences { channels, im_kind: body.im_kind, im_webhook: webhook }))
}
