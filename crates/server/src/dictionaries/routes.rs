//! Reading dictionaries (any signed-in caller) and editing them (administrators with `admin.settings`).

use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::dictionary::{DictionaryItem, DictionaryItemPatch, DictionaryKind, NewDictionaryItem};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::dictionaries::{queries, service};
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, Settings};
use crate::state::AppState;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update);
}

/// List a dictionary.
///
/// Every value of the dictionary in display order, disabled ones included (they still label old
/// records); choose new values among the active ones.
#[utoipa::path(
    operation_id = crm_types::api::ListDictionaryItems::ID,
    tag = "dictionaries",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path, description = "The dictionary.")),
    responses((status = 200, description = "The values.", body = Vec<DictionaryItem>), AuthErrors, BadParameters)
)]
#[get("/dictionaries/{kind}")]
pub async fn list(
    state: web::Data<AppState>,
    _caller: Caller,
    kind: web::Path<DictionaryKind>,
) -> ApiResult<web::Json<Vec<DictionaryItem>>> {
    Ok(web::Json(queries::items(&state.db, kind.into_inner()).await?))
}

/// Add a dictionary value.
///
/// A new value at the end of the dictionary (or at `sort_order`). Codes are unique within a
/// dictionary. Customer types, grades and contact statuses have fixed codes: only their labels change.
#[utoipa::path(
    operation_id = crm_types::api::CreateDictionaryItem::ID,
    tag = "dictionaries",
    security(("bearer" = [])),
    params(("kind" = DictionaryKind, Path, description = "The dictionary.")),
    request_body = NewDictionaryItem,
    responses((status = 201, description = "Added.", body = DictionaryItem), AuthErrors, Conflict, BadParameters, JsonBodyErrors)
)]
#[post("/admin/dictionaries/{kind}")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    kind: web::Path<DictionaryKind>,
    body: web::Json<NewDictionaryItem>,
) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Settings>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let item = service::add(&txn, &caller, &right, kind.into_inner(), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(item))
}

/// Change a dictionary value.
///
/// Renames, reorders, disables or re-enables a value. Values are never deleted, because records may
/// use them; a disabled value keeps labelling those records but cannot be chosen for new ones.
#[utoipa::path(
    operation_id = crm_types::api::UpdateDictionaryItem::ID,
    tag = "dictionaries",
    security(("bearer" = [])),
    params(
        ("kind" = DictionaryKind, Path, description = "The dictionary."),
        ("id" = i64, Path, description = "The value's id.")
    ),
    request_body = DictionaryItemPatch,
    responses((status = 200, description = "Changed.", body = DictionaryItem), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[patch("/admin/dictionaries/{kind}/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(DictionaryKind, i64)>,
    body: web::Json<DictionaryItemPatch>,
) -> ApiResult<web::Json<DictionaryItem>> {
    let right = admin::grant::<Settings>(&caller)?;
    let (kind, id) = path.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let item = service::change(&txn, &caller, &right, kind, id, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(item))
}
