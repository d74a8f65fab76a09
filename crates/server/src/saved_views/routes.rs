//! Saved views under `/api/v1/saved-views`: a user's named filters, columns and sort of a list, kept
//! private or shared with the owner's department. Only the owner changes or deletes a view.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use crm_types::saved_view::{NewSavedView, SavedView, SavedViewPatch, SavedViewQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy;
use crate::saved_views::{queries, service};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_saved_views).service(create_saved_view).service(update_saved_view).service(delete_saved_view);
}

/// List saved views.
///
/// The caller's own views of a list and the views colleagues shared with the caller's department,
/// by name. `is_mine` tells which the caller may change.
#[utoipa::path(
    operation_id = crm_types::api::ListSavedViews::ID,
    tag = "views",
    security(("bearer" = [])),
    params(SavedViewQuery),
    responses((status = 200, description = "The views.", body = Vec<SavedView>), AuthErrors, BadParameters)
)]
#[get("/saved-views")]
pub async fn list_saved_views(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SavedViewQuery>,
) -> ApiResult<web::Json<Vec<SavedView>>> {
    let viewer = policy::saved_views::viewer(&caller, query.resource)?;
    Ok(web::Json(queries::list(&state.db, &viewer, query.resource).await?))
}

/// Save a view.
///
/// Saves the list's current filters (its query string without `cursor` and `limit`), columns and
/// sort under a name, unique among the caller's views of that list. A view shared with the
/// department is visible to every user of the caller's department.
#[utoipa::path(
    operation_id = crm_types::api::CreateSavedView::ID,
    tag = "views",
    security(("bearer" = [])),
    request_body = NewSavedView,
    responses((status = 201, description = "Saved.", body = SavedView), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/saved-views")]
pub async fn create_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewSavedView>,
) -> ApiResult<HttpResponse> {
    let owner = policy::saved_views::viewer(&caller, body.resource)?;
    let txn = db::begin_write(&state.db).await?;
    let view = service::create(&txn, &caller, owner, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(view))
}

/// Change a saved view.
///
/// Renames the caller's own view, replaces its filters, columns or sort, or shares it with the
/// caller's current department (or makes it private again). Views shared by colleagues are read-only.
#[utoipa::path(
    operation_id = crm_types::api::UpdateSavedView::ID,
    tag = "views",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The view's id.")),
    request_body = SavedViewPatch,
    responses(
        (status = 200, description = "Changed.", body = SavedView),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[patch("/saved-views/{id}")]
pub async fn update_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<SavedViewPatch>,
) -> ApiResult<web::Json<SavedView>> {
    let txn = db::begin_write(&state.db).await?;
    let view = policy::saved_views::editable(&txn, &caller, id.into_inner()).await?;
    let view = service::update(&txn, &caller, view, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(view))
}

/// Delete a saved view.
///
/// Deletes one of the caller's own views; colleagues who saw it shared no longer do.
#[utoipa::path(
    operation_id = crm_types::api::DeleteSavedView::ID,
    tag = "views",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The view's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/saved-views/{id}")]
pub async fn delete_saved_view(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let view = policy::saved_views::editable(&txn, &caller, id.into_inner()).await?;
    service::delete(&txn, &caller, view).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
