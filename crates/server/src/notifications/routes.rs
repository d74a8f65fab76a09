//! The caller's notifications under `/api/v1/notifications`: the bell (list, unread count, mark read)
//! and how the caller wants to be reached.

use actix_web::{HttpResponse, get, post, put, web};
use crm_types::notification::{NotificationPage, NotificationPreferences, NotificationQuery, UnreadCount};
use crm_types::{NotificationId, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::notifications::{queries, service};
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, JsonBodyErrors, NotFound};
use crate::policy::notifications::{own, recipient};
use crate::state::AppState;
use crate::validation::check_lengths;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(unread_count)
        .service(read_all)
        .service(read_one)
        .service(get_preferences)
        .service(put_preferences);
}

/// List the caller's notifications.
///
/// Newest first, with the unread count; `unread=true` for the unread ones only.
#[utoipa::path(
    operation_id = crm_types::api::ListNotifications::ID,
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
    let user = UserId(recipient(&caller)?.id);
    Ok(web::Json(queries::page(&state.db, user, &query).await?))
}

/// Count the caller's unread notifications.
///
/// What the bell shows; cheap enough to poll.
#[utoipa::path(
    operation_id = crm_types::api::GetUnreadCount::ID,
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The unread count.", body = UnreadCount), AuthErrors)
)]
#[get("/notifications/unread-count")]
pub async fn unread_count(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<UnreadCount>> {
    let user = UserId(recipient(&caller)?.id);
    Ok(web::Json(UnreadCount { unread: queries::unread(&state.db, user).await? }))
}

/// Mark a notification read.
///
/// Only the caller's own; marking one twice changes nothing.
#[utoipa::path(
    operation_id = crm_types::api::MarkNotificationRead::ID,
    tag = "notifications",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The notification's id.")),
    responses((status = 204, description = "Marked."), AuthErrors, NotFound, BadParameters)
)]
#[post("/notifications/{id:-?\\d+}/read")]
pub async fn read_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let notification = own(&txn, &caller, NotificationId(id.into_inner())).await?;
    service::mark_read(&txn, notification, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark every notification read.
///
/// Empties the bell's unread count.
#[utoipa::path(
    operation_id = crm_types::api::MarkAllNotificationsRead::ID,
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 204, description = "Marked."), AuthErrors)
)]
#[post("/notifications/read-all")]
pub async fn read_all(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    let user = UserId(recipient(&caller)?.id);
    let txn = db::begin_write(&state.db).await?;
    service::mark_all_read(&txn, user, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Get how the caller is reached.
///
/// The outside channels used for reminders besides the bell, and the IM robot's webhook.
#[utoipa::path(
    operation_id = crm_types::api::GetNotificationPreferences::ID,
    tag = "notifications",
    security(("bearer" = [])),
    responses((status = 200, description = "The preferences.", body = NotificationPreferences), AuthErrors)
)]
#[get("/notifications/preferences")]
pub async fn get_preferences(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<NotificationPreferences>> {
    let user = UserId(recipient(&caller)?.id);
    Ok(web::Json(queries::preferences(&state.db, user).await?))
}

/// Change how the caller is reached.
///
/// E-mail needs an e-mail address on the account, SMS a bound mobile, IM a robot webhook (an
/// `http(s)://` address) and its kind.
#[utoipa::path(
    operation_id = crm_types::api::UpdateNotificationPreferences::ID,
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
    let user = recipient(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let saved = service::save_preferences(&txn, user, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
