//! Reading dictionaries (any signed-in caller) and editing them (administrators with `admin.settings`).

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use crm_types::access::Permission;
use crm_types::dictionary::{DictionaryItem, DictionaryItemPatch, DictionaryKind, NewDictionaryItem};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db;
use crate::dictionaries::{to_dto, values};
use crate::entities::dictionary_items;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(update);
}

/// List a dictionary.
///
/// Every value of the dictionary in display order, disabled ones included (they still label old
/// records); choose new values among the active ones.
#[utoipa::path(
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
    let kind = kind.into_inner();
    Ok(web::Json(values(&state.db, kind).await?.iter().map(|row| to_dto(kind, row)).collect()))
}

/// Add a dictionary value.
///
/// A new value at the end of the dictionary (or at `sort_order`). Codes are unique within a
/// dictionary. Customer types, grades and contact statuses have fixed codes: only their labels change.
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let kind = kind.into_inner();
    if kind.is_fixed() {
        return Err(ApiError::Conflict(format!(
            "The {} dictionary has fixed codes; only its labels change.",
            kind.as_str()
        )));
    }
    let mut problems = Problems::default();
    let code = problems.text("code", &body.code, 40);
    if !code.is_empty() && !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        problems.add("code", "invalid_format", "use letters, digits and '_'");
    }
    let label_zh = problems.text("label_zh", &body.label_zh, 100);
    let label_en = problems.text("label_en", &body.label_en, 100);
    let existing = values(&state.db, kind).await?;
    let parent = body.parent_code.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
    if let Some(parent) = &parent
        && !existing.iter().any(|row| &row.code == parent)
    {
        problems.add("parent_code", "not_found", "no value with this code in the dictionary");
    }
    problems.finish()?;
    if existing.iter().any(|row| row.code == code) {
        return Err(ApiError::Conflict(format!("The {} dictionary already has the code {code}.", kind.as_str())));
    }
    let sort_order = body.sort_order.unwrap_or_else(|| existing.iter().map(|r| r.sort_order).max().unwrap_or(0) + 1);
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let row = dictionary_items::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        code: Set(code),
        label_zh: Set(label_zh),
        label_en: Set(label_en),
        parent_code: Set(parent),
        sort_order: Set(sort_order),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let dto = to_dto(kind, &row);
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("dictionary.create", "dictionary_item", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Change a dictionary value.
///
/// Renames, reorders, disables or re-enables a value. Values are never deleted, because records may
/// use them; a disabled value keeps labelling those records but cannot be chosen for new ones.
#[utoipa::path(
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
    caller.require(Permission::AdminSettings)?;
    let (kind, id) = path.into_inner();
    let current = dictionary_items::Entity::find_by_id(id)
        .filter(dictionary_items::Column::Kind.eq(kind.as_str()))
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("The {} dictionary has no value {id}.", kind.as_str())))?;
    let mut problems = Problems::default();
    let mut active: dictionary_items::ActiveModel = current.clone().into();
    if let Some(label) = &body.label_zh {
        active.label_zh = Set(problems.text("label_zh", label, 100));
    }
    if let Some(label) = &body.label_en {
        active.label_en = Set(problems.text("label_en", label, 100));
    }
    if let Some(order) = body.sort_order {
        active.sort_order = Set(order);
    }
    if let Some(is_active) = body.is_active {
        if kind.is_fixed() && !is_active {
            problems.add("is_active", "fixed", "values of this dictionary cannot be disabled");
        }
        active.is_active = Set(is_active);
    }
    problems.finish()?;
    active.updated_at = Set(Utc::now());
    let txn = db::begin_write(&state.db).await?;
    let row = active.update(&txn).await?;
    let (before, after) = (to_dto(kind, &current), to_dto(kind, &row));
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("dictionary.update", "dictionary_item", id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}
