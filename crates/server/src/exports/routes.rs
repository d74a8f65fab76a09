//! Exports under `/api/v1/exports`: start an export of a filtered customer list, follow its progress,
//! download the file. Needs `customer.export`; the rows are those the caller's list shows, with the
//! fields the caller may read. An export belongs to the user who started it.

use actix_files::NamedFile;
use actix_web::http::header::{Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use crm_types::ExportId;
use crm_types::access::Permission;
use crm_types::export::{Export, ExportColumn, NewExport};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::exports::{queries, service};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy;
use crate::policy::customers::CustomerScope;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_columns).service(create).service(get_one).service(download);
}

/// List the exportable columns.
///
/// Every column an export can hold, with the header written in the file: the standard columns, then
/// one per active custom field (`custom_fields.<key>`, headed with its label).
#[utoipa::path(
    operation_id = crm_types::api::ListExportColumns::ID,
    tag = "exports",
    security(("bearer" = [])),
    responses((status = 200, description = "The columns.", body = Vec<ExportColumn>), AuthErrors)
)]
#[get("/exports/columns")]
pub async fn list_columns(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<ExportColumn>>> {
    caller.require(Permission::CustomerExport)?;
    Ok(web::Json(queries::columns(&state.db).await?))
}

/// Export customers.
///
/// Starts writing the customers that `GET /api/v1/customers` would list with the same filters and
/// sort, in the caller's scope, to CSV (UTF-8 with BOM) or XLSX, with the chosen columns less those
/// the caller's role may not read. Poll the export, then download it. The export is audited with its
/// filter and row count. Needs `customer.export`.
#[utoipa::path(
    operation_id = crm_types::api::CreateExport::ID,
    tag = "exports",
    security(("bearer" = [])),
    request_body = NewExport,
    responses((status = 202, description = "Started.", body = Export), AuthErrors, BadParameters, JsonBodyErrors)
)]
#[post("/exports")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewExport>) -> ApiResult<HttpResponse> {
    let user = policy::exports::exporter(&caller)?;
    let scope = CustomerScope::of(&caller)?.listing(&state.db).await?;
    let checked = service::check(&state.db, &caller, scope, &body, state.clock.now()).await?;
    let txn = db::begin_write(&state.db).await?;
    let started = service::start(&txn, &caller, user, checked, &state.files, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Accepted().json(started.launch(&state.files, &state.clock)))
}

/// Get an export.
///
/// Its progress (rows written of the total) and, once completed, the file's size.
#[utoipa::path(
    operation_id = crm_types::api::GetExport::ID,
    tag = "exports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The export's id.")),
    responses((status = 200, description = "The export.", body = Export), AuthErrors, NotFound, BadParameters)
)]
#[get("/exports/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<Export>> {
    let export = policy::exports::own(&state.db, &caller, ExportId(id.into_inner())).await?;
    Ok(web::Json(queries::to_dto(&export)))
}

/// Download an export.
///
/// The completed file (409 while it is being written, or after it failed; 404 once it was removed,
/// `CRM_FILE_RETENTION_DAYS` after the export).
#[utoipa::path(
    operation_id = crm_types::api::DownloadExport::ID,
    tag = "exports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The export's id.")),
    responses(
        (status = 200, description = "The file: `text/csv` (UTF-8 with a byte-order mark) or XLSX.", content_type = "*/*", body = crm_types::api::FileBytes),
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
    let export = policy::exports::own(&state.db, &caller, ExportId(id.into_inner())).await?;
    let retention_days = state.files.retention.num_days();
    let file = queries::file(&*state.files.exports, retention_days, export).await?;
    let named = NamedFile::open_async(&file.path).await.map_err(|e| ApiError::Internal(e.into()))?;
    let mime: mime::Mime = file.content_type.parse().map_err(|e: mime::FromStrError| ApiError::Internal(e.into()))?;
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(file.ascii_name),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.file_name.into_bytes(),
            }),
        ],
    };
    Ok(named.set_content_type(mime).set_content_disposition(disposition).use_etag(false).into_response(&request))
}
