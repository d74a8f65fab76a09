//! Import jobs under `/api/v1/imports`: upload and preview, the caller's jobs, one job with its
//! progress, the preview read again, options and mapping. A job belongs to the user who uploaded it;
//! everyone else gets 404.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, get, post, put, web};
use crm_types::ImportId;
use crm_types::import::{ImportJob, ImportListQuery, ImportOptions, ImportPreview, PreviewQuery, UploadedImport};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::attachments::upload;
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::imports::pipeline::job;
use crate::imports::{queries, service};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy;
use crate::policy::imports::importer;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_file).service(list).service(get_one).service(preview_again).service(set_options);
}

/// The multipart body of an upload.
#[derive(utoipa::ToSchema)]
#[expect(dead_code, reason = "documents the multipart body for the OpenAPI document")]
struct ImportUpload {
    /// The CSV, XLSX or XLS file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a file to import.
///
/// A multipart body with one part named `file`: CSV (UTF-8 with or without BOM, GBK/GB18030, UTF-16;
/// the encoding and separator are detected), XLSX or XLS (decided by the content). The answer is the
/// new job and a preview: headers, the first rows and the proposed mapping. Needs `customer.import`.
#[utoipa::path(
    operation_id = crm_types::api::UploadImport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(PreviewQuery),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Uploaded.", body = UploadedImport),
        (status = 413, description = "The file is larger than the limit.", body = crm_types::Problem, content_type = "application/problem+json"),
        AuthErrors, BadParameters, JsonBodyErrors
    )
)]
#[post("/imports")]
pub async fn upload_file(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<PreviewQuery>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let user = importer(&caller)?;
    let read = job::read_options(query.encoding.as_deref(), query.delimiter.as_deref(), query.sheet.as_deref())?;
    let files = &state.files;
    let staged = upload::receive(payload, files.imports.staging_dir(), files.max_import_bytes).await?;
    let stored = service::upload::store(&state.db, files, read, staged).await?;
    let txn = db::begin_write(&state.db).await?;
    let uploaded = service::upload::record(&txn, user, stored, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(uploaded))
}

/// List my imports.
///
/// The caller's import jobs, newest first.
#[utoipa::path(
    operation_id = crm_types::api::ListImports::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(ImportListQuery),
    responses((status = 200, description = "The jobs.", body = Vec<ImportJob>), AuthErrors, BadParameters)
)]
#[get("/imports")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ImportListQuery>,
) -> ApiResult<web::Json<Vec<ImportJob>>> {
    let user = importer(&caller)?;
    Ok(web::Json(queries::jobs::mine(&state.db, user, query.limit, state.clock.now()).await?))
}

/// Get an import.
///
/// The job with its options, the dry run's report and the commit's progress (rows done of the total,
/// rows per second, seconds left). Poll it while the job runs.
#[utoipa::path(
    operation_id = crm_types::api::GetImport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 200, description = "The job.", body = ImportJob), AuthErrors, NotFound, BadParameters)
)]
#[get("/imports/{id:-?\\d+}")]
pub async fn get_one(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<ImportJob>> {
    let job = policy::imports::job(&state.db, &caller, ImportId(id.into_inner())).await?;
    Ok(web::Json(queries::jobs::to_dto(&job, state.clock.now())))
}

/// Preview an import again.
///
/// The start of the file read with another encoding, separator or sheet, for the wizard's preview step.
#[utoipa::path(
    operation_id = crm_types::api::PreviewImport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id."), PreviewQuery),
    responses((status = 200, description = "The preview.", body = ImportPreview), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[get("/imports/{id:-?\\d+}/preview")]
pub async fn preview_again(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<PreviewQuery>,
) -> ApiResult<web::Json<ImportPreview>> {
    let job = policy::imports::job(&state.db, &caller, ImportId(id.into_inner())).await?;
    let read = job::read_options(query.encoding.as_deref(), query.delimiter.as_deref(), query.sheet.as_deref())?;
    Ok(web::Json(queries::jobs::preview(&state.db, &state.files, &job, read).await?))
}

/// Set an import's options and mapping.
///
/// Encoding, separator or sheet, date order, the duplicate policies, the batch size and the column
/// mapping (checked against the file's headers: every required field mapped). Any earlier dry run is
/// discarded: run it again before committing. 409 once the commit has started.
#[utoipa::path(
    operation_id = crm_types::api::SetImportOptions::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    request_body = ImportOptions,
    responses((status = 200, description = "The job.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors)
)]
#[put("/imports/{id:-?\\d+}/options")]
pub async fn set_options(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<ImportOptions>,
) -> ApiResult<web::Json<ImportJob>> {
    let job = policy::imports::editable_job(&state.db, &caller, ImportId(id.into_inner())).await?;
    let checked = service::options::check(&state.db, &state.files, &job, &body).await?;
    let txn = db::begin_write(&state.db).await?;
    let saved = service::options::save(&txn, job, checked, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(saved))
}
