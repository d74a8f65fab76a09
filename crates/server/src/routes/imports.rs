//! Imports under `/api/v1/imports`: upload and preview, options and mapping, dry run with the cleaning
//! report, commit in the background with progress, cancel, and the per-row problems as a page or a CSV
//! error report. A job belongs to the user who uploaded it; everyone else gets 404.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, post, put, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use crm_types::import::{
    DatabasePolicy, ImportJob, ImportListQuery, ImportOptions, ImportPreview, ImportProblem, ImportProblemPage,
    ImportStatus, PreviewQuery, ProblemQuery, UploadedImport,
};
use crm_types::settings::DuplicateMode;
use futures_util::{StreamExt, stream};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::attachments::upload;
use crate::auth::Caller;
use crate::entities::{import_jobs, import_problems};
use crate::error::{ApiError, ApiResult};
use crate::imports::custom_fields::CustomTargets;
use crate::imports::job::{self, importer};
use crate::imports::pipeline::Pass;
use crate::imports::{customer, preview, source};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::system_settings;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_file)
        .service(list)
        .service(get_one)
        .service(preview_again)
        .service(set_options)
        .service(dry_run)
        .service(commit)
        .service(cancel)
        .service(problems)
        .service(error_report);
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
    let user_id = importer(&caller)?;
    let jobs = &state.files;
    let read = job::read_options(query.encoding.as_deref(), query.delimiter.as_deref(), query.sheet.as_deref())?;
    let custom = CustomTargets::load(&state.db).await?;
    let staged = upload::receive(payload, jobs.imports.staging_dir(), jobs.max_import_bytes).await?;
    let kind = source::kind_of(&staged.head);
    let key = uuid::Uuid::new_v4().simple().to_string();
    jobs.imports.put(&key, staged.path()).await.map_err(|e| ApiError::Internal(e.into()))?;
    let file_name = staged.file_name.clone();
    let (size, sha256) = (staged.size, staged.sha256.clone());
    staged.keep();
    let path = jobs.imports.open(&key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let preview = match preview::read(customer::spec(), &custom, path, kind, read).await {
        Ok(preview) => preview,
        Err(error) => {
            let _ = jobs.imports.delete(&key).await;
            return Err(error);
        }
    };
    let now = Utc::now();
    let row = import_jobs::ActiveModel {
        target: Set("customer".into()),
        file_name: Set(file_name),
        file_kind: Set(kind.as_str().into()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        storage_key: Set(key),
        encoding: Set(preview.encoding.clone()),
        delimiter: Set(preview.delimiter.clone()),
        sheet: Set(preview.sheet.clone()),
        date_order: Set("auto".into()),
        in_file_policy: Set("skip".into()),
        database_policy: Set("skip".into()),
        batch_size: Set(i32::try_from(job::BATCH_SIZE).unwrap_or(1000)),
        status: Set(ImportStatus::Uploaded.as_str().into()),
        created_by: Set(user_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(HttpResponse::Created().json(UploadedImport { job: job::to_dto(&row), preview }))
}

/// List my imports.
///
/// The caller's import jobs, newest first.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    let limit = query.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 100.".into()));
    }
    let rows = import_jobs::Entity::find()
        .filter(import_jobs::Column::CreatedBy.eq(user_id))
        .order_by_desc(import_jobs::Column::Id)
        .limit(u64::from(limit))
        .all(&state.db)
        .await?;
    Ok(web::Json(rows.iter().map(job::to_dto).collect()))
}

/// Get an import.
///
/// The job with its options, the dry run's report and the commit's progress (rows done of the total,
/// rows per second, seconds left). Poll it while the job runs.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    Ok(web::Json(job::to_dto(&job::find_own(&state.db, user_id, id.into_inner()).await?)))
}

/// Preview an import again.
///
/// The start of the file read with another encoding, separator or sheet, for the wizard's preview step.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    let read = job::read_options(query.encoding.as_deref(), query.delimiter.as_deref(), query.sheet.as_deref())?;
    let path = state.files.imports.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    Ok(web::Json(
        preview::read(customer::spec(), &CustomTargets::load(&state.db).await?, path, job::file_kind(&row), read)
            .await?,
    ))
}

/// Set an import's options and mapping.
///
/// Encoding, separator or sheet, date order, the duplicate policies, the batch size and the column
/// mapping (checked against the file's headers: every required field mapped). Any earlier dry run is
/// discarded: run it again before committing. 409 once the commit has started.
#[utoipa::path(
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
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    if !matches!(job::status(&row), ImportStatus::Uploaded | ImportStatus::Analysed) {
        return Err(ApiError::Conflict(
            "The options can change only before the dry run starts or after it ends and before the commit.".into(),
        ));
    }
    let read = job::read_options(body.encoding.as_deref(), body.delimiter.as_deref(), body.sheet.as_deref())?;
    if body.batch_size.is_some_and(|b| !(1..=5000).contains(&b)) {
        return Err(ApiError::field("batch_size", "out_of_range", "must be between 1 and 5000"));
    }
    if body.database_duplicates == DatabasePolicy::Import
        && system_settings::customers(&state.db).await?.duplicate_mode == DuplicateMode::Block
    {
        return Err(ApiError::field(
            "database_duplicates",
            "blocked",
            "the administrator's duplicate check blocks duplicates: choose skip or update",
        ));
    }
    let path = state.files.imports.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let custom = CustomTargets::load(&state.db).await?;
    let preview = preview::read(customer::spec(), &custom, path, job::file_kind(&row), read).await?;
    job::check_mapping(customer::spec(), &custom, &body.mapping, &preview.headers)?;
    let mapping = serde_json::to_string(&body.mapping).map_err(|e| ApiError::Internal(e.into()))?;
    let mut active: import_jobs::ActiveModel = row.into();
    active.encoding = Set(preview.encoding);
    active.delimiter = Set(preview.delimiter);
    active.sheet = Set(preview.sheet);
    active.date_order = Set(job::date_order_name(body.date_order).into());
    active.in_file_policy = Set(job::in_file_name(body.in_file_duplicates).into());
    active.database_policy = Set(job::database_name(body.database_duplicates).into());
    active.batch_size = Set(i32::try_from(body.batch_size.unwrap_or(job::BATCH_SIZE)).unwrap_or(1000));
    active.mapping = Set(Some(mapping));
    active.status = Set(ImportStatus::Uploaded.as_str().into());
    active.report = Set(None);
    active.updated_at = Set(Utc::now());
    let row = active.update(&state.db).await?;
    Ok(web::Json(job::to_dto(&row)))
}

/// Start the dry run.
///
/// Reads the whole file in the background and judges every row as the commit would, writing nothing
/// but the cleaning report (rows read, missing required values, invalid formats, duplicates inside the
/// file and against the database, rows to import, update and skip) and the problem rows. Poll the job
/// until it is `analysed`. 409 without a mapping or once the commit has started.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 202, description = "Started.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/dry-run")]
pub async fn dry_run(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    if row.mapping.is_none() {
        return Err(ApiError::Conflict("Set the options and mapping first.".into()));
    }
    let from = [ImportStatus::Uploaded, ImportStatus::Analysed];
    if !state.files.claim_import(row.id, &from, ImportStatus::Analysing).await? {
        return Err(ApiError::Conflict("The import is not waiting for a dry run.".into()));
    }
    state.files.spawn_import(row.id, Pass::DryRun);
    let row = job::find_own(&state.db, user_id, row.id).await?;
    Ok(HttpResponse::Accepted().json(job::to_dto(&row)))
}

/// Commit the import.
///
/// Writes the rows in the background, in batches of one transaction each, as the dry run's report
/// said: customers created exactly as by hand (code, owner, contacts, history, audit entry, duplicate
/// keys), duplicates handled by the chosen policies, rows with problems left out and listed. Poll the
/// job for progress. 409 unless the dry run has run on the current options.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 202, description = "Started.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/commit")]
pub async fn commit(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    if !crate::imports::pipeline::start_commit(&state.files, row.id).await? {
        return Err(ApiError::Conflict("Run the dry run on the current options first.".into()));
    }
    state.files.spawn_import(row.id, Pass::Commit);
    let row = job::find_own(&state.db, user_id, row.id).await?;
    Ok(HttpResponse::Accepted().json(job::to_dto(&row)))
}

/// Cancel an import.
///
/// Before the commit, the job simply ends. During the commit, the batch in flight finishes and
/// nothing after it is written: the progress says which rows were imported (every row up to
/// `last_line`). 409 for a job that has ended.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 200, description = "Cancelled, or being cancelled.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/cancel")]
pub async fn cancel(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<ImportJob>> {
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    let status = job::status(&row);
    if status.is_final() {
        return Err(ApiError::Conflict("The import has already ended.".into()));
    }
    let mut update = import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::CancelRequested, Expr::value(true))
        .col_expr(import_jobs::Column::UpdatedAt, Expr::value(Utc::now()));
    if status != ImportStatus::Running {
        update = update
            .col_expr(import_jobs::Column::Status, Expr::value(ImportStatus::Cancelled.as_str()))
            .col_expr(import_jobs::Column::FinishedAt, Expr::value(Utc::now()))
            .col_expr(import_jobs::Column::LeaseOwner, Expr::value(Option::<String>::None));
    }
    update.filter(import_jobs::Column::Id.eq(row.id)).exec(&state.db).await?;
    Ok(web::Json(job::to_dto(&job::find_own(&state.db, user_id, row.id).await?)))
}

/// The pass whose problems are shown: the commit's once it started, else the dry run's.
fn phase(row: &import_jobs::Model) -> &'static str {
    if row.started_at.is_some() { "commit" } else { "dry_run" }
}

fn to_problem(row: import_problems::Model) -> ImportProblem {
    ImportProblem {
        line: u64::try_from(row.line).unwrap_or(0),
        column: row.column,
        field: row.field,
        code: row.code,
        message: row.message,
    }
}

/// List an import's problem rows.
///
/// The rows the commit left out (or, before the commit, the dry run found), by line, with the column
/// and the reason; duplicates are listed with the line or customer they repeat.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id."), ProblemQuery),
    responses((status = 200, description = "A page of problems.", body = ImportProblemPage), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("/imports/{id:-?\\d+}/problems")]
pub async fn problems(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<ProblemQuery>,
) -> ApiResult<web::Json<ImportProblemPage>> {
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 500.".into()));
    }
    let after: i64 = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(cursor) => URL_SAFE_NO_PAD
            .decode(cursor)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| ApiError::field("cursor", "invalid", "is not a cursor this list gave out"))?,
        None => 0,
    };
    let mut rows = import_problems::Entity::find()
        .filter(import_problems::Column::JobId.eq(row.id))
        .filter(import_problems::Column::Phase.eq(phase(&row)))
        .filter(import_problems::Column::Id.gt(after))
        .order_by_asc(import_problems::Column::Id)
        .limit(u64::from(limit) + 1)
        .all(&state.db)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more { rows.last().map(|r| URL_SAFE_NO_PAD.encode(r.id.to_string())) } else { None };
    Ok(web::Json(ImportProblemPage { items: rows.into_iter().map(to_problem).collect(), next_cursor }))
}

/// Rows of the error report read per query.
const REPORT_PAGE: u64 = 1000;

/// Download the error report.
///
/// The problem rows as CSV (UTF-8 with BOM, for Excel): line, column, field, code and reason, streamed
/// page by page whatever their number.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 200, description = "The report.", content_type = "text/csv", body = String), AuthErrors, NotFound, BadParameters)
)]
#[get("/imports/{id:-?\\d+}/error-report")]
pub async fn error_report(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user_id = importer(&caller)?;
    let row = job::find_own(&state.db, user_id, id.into_inner()).await?;
    let (job_id, phase) = (row.id, phase(&row));
    let db = state.db.clone();
    let head = format!("\u{FEFF}{}\r\n", ["行号", "列", "字段", "代码", "原因"].join(","));
    let pages = stream::unfold(Some(0_i64), move |after| {
        let db = db.clone();
        async move {
            let after = after?;
            let rows = import_problems::Entity::find()
                .filter(import_problems::Column::JobId.eq(job_id))
                .filter(import_problems::Column::Phase.eq(phase))
                .filter(import_problems::Column::Id.gt(after))
                .order_by_asc(import_problems::Column::Id)
                .limit(REPORT_PAGE)
                .all(&db)
                .await;
            let rows = match rows {
                Ok(rows) => rows,
                Err(error) => return Some((Err(actix_web::error::ErrorInternalServerError(error)), None)),
            };
            let next = (rows.len() as u64 == REPORT_PAGE).then(|| rows.last().map(|r| r.id)).flatten();
            if rows.is_empty() {
                return None;
            }
            let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
            for problem in rows {
                let line = problem.line.to_string();
                let cells = [
                    line.as_str(),
                    problem.column.as_deref().unwrap_or_default(),
                    problem.field.as_deref().unwrap_or_default(),
                    problem.code.as_str(),
                    problem.message.as_str(),
                ];
                let safe: Vec<_> = cells.iter().map(|c| crm_domain::spreadsheet::neutralise(c)).collect();
                if writer.write_record(safe.iter().map(|c| c.as_ref())).is_err() {
                    break;
                }
            }
            let bytes = writer.into_inner().unwrap_or_default();
            Some((Ok::<_, actix_web::Error>(web::Bytes::from(bytes)), next))
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(web::Bytes::from(head)) }).chain(pages);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!("import-{job_id}-errors.csv"))],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body))
}
