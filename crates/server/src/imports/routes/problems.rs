//! An import's problem rows under `/api/v1/imports/{id}`: a page at a time, or the CSV error report.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use crm_types::ImportId;
use crm_types::import::{ImportProblem, ProblemQuery};
use crm_types::page::Page;
use futures_util::TryStreamExt;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::error::ApiResult;
use crate::imports::queries;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, NotFound};
use crate::policy;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(problems).service(error_report);
}

/// List an import's problem rows.
///
/// The rows the commit left out (or, before the commit, the dry run found), by line, with the column
/// and the reason; duplicates are listed with the line or customer they repeat.
#[utoipa::path(
    operation_id = crm_types::api::ListImportProblems::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id."), ProblemQuery),
    responses((status = 200, description = "A page of problems.", body = Page<ImportProblem>), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("/imports/{id:-?\\d+}/problems")]
pub async fn problems(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    query: web::Query<ProblemQuery>,
) -> ApiResult<web::Json<Page<ImportProblem>>> {
    let job = policy::imports::job(&state.db, &caller, ImportId(id.into_inner())).await?;
    Ok(web::Json(queries::problems::page(&state.db, &job, &query).await?))
}

/// Download the error report.
///
/// The problem rows as CSV (UTF-8 with BOM, for Excel): line, column, field, code and reason, streamed
/// page by page whatever their number.
#[utoipa::path(
    operation_id = crm_types::api::GetImportErrorReport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 200, description = "The report.", content_type = "text/csv", body = String), AuthErrors, NotFound, BadParameters)
)]
#[get("/imports/{id:-?\\d+}/error-report")]
pub async fn error_report(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let job = policy::imports::job(&state.db, &caller, ImportId(id.into_inner())).await?;
    let body = queries::problems::report(state.db.clone(), &job).map_err(actix_web::error::ErrorInternalServerError);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(format!("import-{}-errors.csv", job.id))],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(body))
}
