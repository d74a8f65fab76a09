//! Exports under `/api/v1/exports`: start an export of a filtered customer list, follow its progress,
//! download the file. Needs `customer.export`; the rows are those the caller's list shows, with the
//! fields the caller may read. An export belongs to the user who started it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use actix_files::NamedFile;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::Utc;
use crm_types::access::Permission;
use crm_types::export::{Export, ExportColumn, ExportFormat, ExportStatus, NewExport};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Actor, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::list::{self, Sort};
use crate::entities::{customer_contacts, customer_tags, customers, dictionary_items, export_jobs, users};
use crate::error::{ApiError, ApiResult};
use crate::exports::{self, Chosen, Labels, Source, Writer};
use crate::jobs::files::FileJobs;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::{custom_fields, db, validation};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_columns).service(create).service(get_one).service(download);
}

/// Customers read per query.
const PAGE: u64 = 500;

/// How often a running export records its progress.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

fn to_dto(row: &export_jobs::Model) -> Export {
    Export {
        id: row.id,
        format: if row.format == "xlsx" { ExportFormat::Xlsx } else { ExportFormat::Csv },
        status: match row.status.as_str() {
            "completed" => ExportStatus::Completed,
            "failed" => ExportStatus::Failed,
            _ => ExportStatus::Running,
        },
        columns: serde_json::from_str(&row.columns).unwrap_or_default(),
        total: u64::try_from(row.total_rows).unwrap_or(0),
        rows_written: u64::try_from(row.rows_written).unwrap_or(0),
        size_bytes: row.size_bytes,
        error: row.error.clone(),
        file_removed_at: row.file_removed_at,
        created_at: row.created_at,
        finished_at: row.finished_at,
    }
}

async fn find_own(db: &DatabaseConnection, caller: &Caller, id: i64) -> ApiResult<export_jobs::Model> {
    caller.require(Permission::CustomerExport)?;
    let user_id = caller.user().map(|u| u.id);
    export_jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|row| Some(row.created_by) == user_id)
        .ok_or_else(|| ApiError::NotFound(format!("There is no export {id}.")))
}

/// List the exportable columns.
///
/// Every column an export can hold, with the header written in the file: the standard columns, then
/// one per active custom field (`custom_fields.<key>`, headed with its label).
#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    responses((status = 200, description = "The columns.", body = Vec<ExportColumn>), AuthErrors)
)]
#[get("/exports/columns")]
pub async fn list_columns(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ExportColumn>>> {
    caller.require(Permission::CustomerExport)?;
    let custom = custom_fields::definitions(&state.db).await?;
    Ok(web::Json(exports::columns(&custom)))
}

/// What a running export needs, taken from the request that started it.
struct Work {
    id: i64,
    format: ExportFormat,
    condition: Condition,
    sort: Sort,
    columns: Vec<Chosen>,
    actor: Actor,
    filter: serde_json::Value,
}

/// Export customers.
///
/// Starts writing the customers that `GET /api/v1/customers` would list with the same filters and
/// sort, in the caller's scope, to CSV (UTF-8 with BOM) or XLSX, with the chosen columns less those
/// the caller's role may not read. Poll the export, then download it. The export is audited with its
/// filter and row count. Needs `customer.export`.
#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    request_body = NewExport,
    responses((status = 202, description = "Started.", body = Export), AuthErrors, BadParameters, JsonBodyErrors)
)]
#[post("/exports")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewExport>) -> ApiResult<HttpResponse> {
    caller.require(Permission::CustomerExport)?;
    let user_id =
        caller.user().map(|u| u.id).ok_or_else(|| ApiError::Forbidden("Exports are made by users.".into()))?;
    let scope = CustomerScope::of(&caller)?.listing(&state.db).await?;
    let filter = &body.filter;
    // The filter travels in the body: what the list answers with 400 for a bad query parameter is a
    // 422 naming the filter here.
    let in_filter = |error: ApiError| match error {
        ApiError::BadRequest(message) => ApiError::field("filter", "invalid", &message),
        other => other,
    };
    validation::check_lengths(&[
        ("filter.q", filter.q.as_deref(), 100),
        ("filter.cf", filter.cf.as_deref(), 400),
        ("filter.ids", filter.ids.as_deref(), 20000),
        ("filter.sort", filter.sort.as_deref(), 30),
    ])
    .map_err(in_filter)?;
    if filter.deleted == Some(true) {
        return Err(ApiError::field("filter.deleted", "not_allowed", "deleted customers are not exported"));
    }
    let sort = Sort::parse(filter.sort.as_deref()).map_err(in_filter)?;
    let condition = Condition::all()
        .add(scope.condition())
        .add(list::filters(&state.db, filter).await.map_err(in_filter)?)
        .add(customers::Column::DeletedAt.is_null());
    let custom = custom_fields::definitions(&state.db).await?;
    let columns = exports::choose(&caller.access, &body.columns, &custom)
        .map_err(|m| ApiError::field("columns", "unknown", &m))?;
    let total = customers::Entity::find().filter(condition.clone()).count(&state.db).await?;
    let keys: Vec<&str> = columns.iter().map(Chosen::key).collect();
    let now = Utc::now();
    let row = export_jobs::ActiveModel {
        format: Set(body.format.as_str().into()),
        columns: Set(serde_json::to_string(&keys).map_err(|e| ApiError::Internal(e.into()))?),
        filter: Set(serde_json::to_string(filter).map_err(|e| ApiError::Internal(e.into()))?),
        status: Set(ExportStatus::Running.as_str().into()),
        total_rows: Set(i64::try_from(total).unwrap_or(i64::MAX)),
        rows_written: Set(0),
        storage_key: Set(uuid::Uuid::new_v4().simple().to_string()),
        lease_owner: Set(Some(state.files.instance.clone())),
        lease_expires_at: Set(Some(state.files.lease_until())),
        created_by: Set(user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let work = Work {
        id: row.id,
        format: body.format,
        condition,
        sort,
        columns,
        actor: caller.actor(),
        filter: serde_json::to_value(filter).map_err(|e| ApiError::Internal(e.into()))?,
    };
    let jobs = Arc::clone(&state.files);
    state.files.spawn(async move {
        let id = work.id;
        if let Err(error) = run(&jobs, &work).await {
            tracing::error!(export = id, error = ?error, "the export failed");
            let _ = export_jobs::Entity::update_many()
                .col_expr(export_jobs::Column::Status, Expr::value(ExportStatus::Failed.as_str()))
                .col_expr(export_jobs::Column::Error, Expr::value(error.to_string()))
                .col_expr(export_jobs::Column::FinishedAt, Expr::value(Utc::now()))
                .filter(export_jobs::Column::Id.eq(id))
                .exec(&jobs.db)
                .await;
        }
    });
    Ok(HttpResponse::Accepted().json(to_dto(&row)))
}

/// Dictionary labels and user names for the cells.
async fn labels(db: &DatabaseConnection) -> ApiResult<Labels> {
    let mut labels = Labels::default();
    for item in dictionary_items::Entity::find().all(db).await? {
        labels.insert(&item.kind, &item.code, &item.label_zh);
    }
    labels.users = users::Entity::find().all(db).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    Ok(labels)
}

/// One page of customers, with their primary contacts and their tags.
struct Page {
    rows: Vec<customers::Model>,
    contacts: HashMap<i64, Vec<customer_contacts::Model>>,
    tags: HashMap<i64, Vec<String>>,
}

/// The page after `cursor` (the first without one).
async fn page(db: DatabaseConnection, condition: Condition, sort: Sort, cursor: Option<String>) -> ApiResult<Page> {
    let mut select = customers::Entity::find().filter(condition);
    if let Some(cursor) = &cursor {
        select = select.filter(list::after_cursor(sort, cursor)?);
    }
    for (expr, order) in sort.order() {
        select = select.order_by(expr, order);
    }
    let rows = select.limit(PAGE).all(&db).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut contacts: HashMap<i64, Vec<customer_contacts::Model>> = HashMap::new();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(Page { rows, contacts, tags });
    }
    for contact in customer_contacts::Entity::find()
        .filter(customer_contacts::Column::CustomerId.is_in(ids.clone()))
        .filter(customer_contacts::Column::IsPrimary.eq(true))
        .all(&db)
        .await?
    {
        contacts.entry(contact.customer_id).or_default().push(contact);
    }
    for tag in customer_tags::Entity::find()
        .filter(customer_tags::Column::CustomerId.is_in(ids))
        .order_by_asc(customer_tags::Column::Tag)
        .all(&db)
        .await?
    {
        tags.entry(tag.customer_id).or_default().push(tag.tag);
    }
    Ok(Page { rows, contacts, tags })
}

/// Writes the file page by page, then stores it and records the export.
async fn run(jobs: &FileJobs, work: &Work) -> ApiResult<()> {
    let db = &jobs.db;
    let labels = labels(db).await?;
    let key = export_jobs::Entity::find_by_id(work.id)
        .one(db)
        .await?
        .map(|row| row.storage_key)
        .ok_or_else(|| ApiError::NotFound(format!("There is no export {}.", work.id)))?;
    let staging = jobs.exports.staging_dir().to_path_buf();
    let path = staging.join(format!("{key}.{}", work.format.as_str()));
    let mut writer =
        Writer::create(work.format, &path, &staging, &work.columns).map_err(|e| ApiError::Internal(e.into()))?;
    // The next page is read while this one is written.
    let fetch = |cursor: Option<String>| tokio::spawn(page(db.clone(), work.condition.clone(), work.sort, cursor));
    let mut next = Some(fetch(None));
    let mut written: i64 = 0;
    let mut reported = Instant::now();
    while let Some(fetching) = next.take() {
        let Page { rows, contacts, tags } = fetching.await.map_err(|e| ApiError::Internal(e.into()))??;
        if rows.len() as u64 == PAGE {
            next = rows.last().map(|row| fetch(Some(list::cursor_after(work.sort, row))));
        }
        for row in &rows {
            let source = Source {
                customer: row,
                contact: contacts.get(&row.id).and_then(|c| c.first()),
                tags: tags.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            };
            writer.write(&exports::cells(&source, &work.columns, &labels)).map_err(|e| ApiError::Internal(e.into()))?;
        }
        written += rows.len() as i64;
        // Progress (and the lease) about once a second, not after every page.
        if reported.elapsed() >= PROGRESS_EVERY {
            reported = Instant::now();
            export_jobs::Entity::update_many()
                .col_expr(export_jobs::Column::RowsWritten, Expr::value(written))
                .col_expr(export_jobs::Column::LeaseExpiresAt, Expr::value(jobs.lease_until()))
                .filter(export_jobs::Column::Id.eq(work.id))
                .exec(db)
                .await?;
        }
    }
    let done = path.clone();
    tokio::task::spawn_blocking(move || writer.finish(&done))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::Internal(e.into()))?;
    let size = tokio::fs::metadata(&path).await.map_err(|e| ApiError::Internal(e.into()))?.len();
    jobs.exports.put(&key, &path).await.map_err(|e| ApiError::Internal(e.into()))?;
    let txn = db::begin_write(db).await?;
    export_jobs::Entity::update_many()
        .col_expr(export_jobs::Column::Status, Expr::value(ExportStatus::Completed.as_str()))
        .col_expr(export_jobs::Column::RowsWritten, Expr::value(written))
        .col_expr(export_jobs::Column::SizeBytes, Expr::value(i64::try_from(size).unwrap_or(i64::MAX)))
        .col_expr(export_jobs::Column::FinishedAt, Expr::value(Utc::now()))
        .col_expr(export_jobs::Column::LeaseOwner, Expr::value(Option::<String>::None))
        .filter(export_jobs::Column::Id.eq(work.id))
        .exec(&txn)
        .await?;
    let keys: Vec<&str> = work.columns.iter().map(Chosen::key).collect();
    let summary = serde_json::json!({
        "format": work.format.as_str(),
        "filter": work.filter,
        "columns": keys,
        "rows": written,
    });
    audit::record(&txn, &work.actor, Change::new("customer.export", "export", work.id).created(summary)).await?;
    txn.commit().await?;
    Ok(())
}

/// Get an export.
///
/// Its progress (rows written of the total) and, once completed, the file's size.
#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The export's id.")),
    responses((status = 200, description = "The export.", body = Export), AuthErrors, NotFound, BadParameters)
)]
#[get("/exports/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<Export>> {
    Ok(web::Json(to_dto(&find_own(&state.db, &caller, id.into_inner()).await?)))
}

/// Download an export.
///
/// The completed file (409 while it is being written, or after it failed; 404 once it was removed,
/// `CRM_FILE_RETENTION_DAYS` after the export).
#[utoipa::path(
    tag = "exports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The export's id.")),
    responses(
        (status = 200, description = "The file: `text/csv` (UTF-8 with a byte-order mark) or XLSX.", content_type = "*/*", body = Vec<u8>),
        AuthErrors, NotFound, crate::openapi::Conflict, BadParameters
    )
)]
#[get("/exports/{id:-?\\d+}/download")]
pub async fn download(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let row = find_own(&state.db, &caller, id.into_inner()).await?;
    if row.status != ExportStatus::Completed.as_str() {
        return Err(ApiError::Conflict("The export is not ready.".into()));
    }
    if row.file_removed_at.is_some() {
        return Err(ApiError::NotFound(format!(
            "The file of export {} was removed {} days after it was written: export again.",
            row.id,
            state.files.retention.num_days()
        )));
    }
    let path = state.files.exports.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let (extension, mime) = if row.format == "xlsx" {
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    let file = NamedFile::open_async(&path).await.map_err(|e| ApiError::Internal(e.into()))?;
    let mime: mime::Mime = mime.parse().map_err(|e: mime::FromStrError| ApiError::Internal(e.into()))?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(format!("customers-{}.{extension}", row.id))],
    };
    Ok(file.set_content_type(mime).set_content_disposition(disposition).use_etag(false).into_response(&request))
}
