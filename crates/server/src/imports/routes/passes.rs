//! An import's passes under `/api/v1/imports/{id}`: the dry run and the commit started in the
//! background, and cancelling.

use actix_web::{HttpResponse, post, web};
use crm_types::ImportId;
use crm_types::import::ImportJob;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::imports::service;
use crate::openapi::{AuthErrors, BadParameters, Conflict, NotFound};
use crate::policy;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(dry_run).service(commit).service(cancel);
}

/// Start the dry run.
///
/// Reads the whole file in the background and judges every row as the commit would, writing nothing
/// but the cleaning report (rows read, missing required values, invalid formats, duplicates inside the
/// file and against the database, rows to import, update and skip) and the problem rows. Poll the job
/// until it is `analysed`. 409 without a mapping or once the commit has started.
#[utoipa::path(
    operation_id = crm_types::api::StartImportDryRun::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 202, description = "Started.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/dry-run")]
pub async fn dry_run(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let job = policy::imports::editable_job(&state.db, &caller, ImportId(id.into_inner())).await?;
    let started = service::passes::dry_run(&state.files, job, state.clock.now()).await?;
    Ok(HttpResponse::Accepted().json(started))
}

/// Commit the import.
///
/// Writes the rows in the background, in batches of one transaction each, as the dry run's report
/// said: customers created exactly as by hand (code, owner, contacts, history, audit entry, duplicate
/// keys), duplicates handled by the chosen policies, rows with problems left out and listed. Poll the
/// job for progress. 409 unless the dry run has run on the current options.
#[utoipa::path(
    operation_id = crm_types::api::CommitImport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 202, description = "Started.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/commit")]
pub async fn commit(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let job = policy::imports::editable_job(&state.db, &caller, ImportId(id.into_inner())).await?;
    let started = service::passes::commit(&state.files, job, state.clock.now()).await?;
    Ok(HttpResponse::Accepted().json(started))
}

/// Cancel an import.
///
/// Before the commit, the job simply ends. During the commit, the batch in flight finishes and
/// nothing after it is written: the progress says which rows were imported (every row up to
/// `last_line`). 409 for a job that has ended.
#[utoipa::path(
    operation_id = crm_types::api::CancelImport::ID,
    tag = "imports",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The job's id.")),
    responses((status = 200, description = "Cancelled, or being cancelled.", body = ImportJob), AuthErrors, NotFound, Conflict, BadParameters)
)]
#[post("/imports/{id:-?\\d+}/cancel")]
pub async fn cancel(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<ImportJob>> {
    let txn = db::begin_write(&state.db).await?;
    let job = policy::imports::editable_job(&txn, &caller, ImportId(id.into_inner())).await?;
    let cancelled = service::passes::cancel(&txn, job, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(cancelled))
}
