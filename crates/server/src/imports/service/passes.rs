//! An import's passes started and stopped: the dry run and the commit start in the background, each
//! under the job's lease (taken by `crate::jobs::files`, so only one instance runs a job), and a job
//! is cancelled before or during its commit.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use crm_types::import::{ImportJob, ImportStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::entities::import_jobs;
use crate::error::{ApiError, ApiResult};
use crate::imports::pipeline::{self, Pass, job};
use crate::imports::queries::jobs::{reread, to_dto};
use crate::jobs::files::FileJobs;
use crate::policy::Editable;

/// Starts the dry run of `job` in the background: 409 without a mapping, or unless the job waits for
/// a dry run (uploaded, or analysed and not committed). The job as it now is.
pub async fn dry_run(
    files: &Arc<FileJobs>,
    job: Editable<import_jobs::Model>,
    now: DateTime<Utc>,
) -> ApiResult<ImportJob> {
    if job.mapping.is_none() {
        return Err(ApiError::WrongState("Set the options and mapping first.".into()));
    }
    let from = [ImportStatus::Uploaded, ImportStatus::Analysed];
    if !files.claim_import(job.id, &from, ImportStatus::Analysing).await? {
        return Err(ApiError::WrongState("The import is not waiting for a dry run.".into()));
    }
    files.spawn_import(job.id, Pass::DryRun);
    reread(&files.db, job.id, now).await
}

/// Starts the commit of `job` in the background: 409 unless the dry run has run on the current
/// options. The job as it now is.
pub async fn commit(
    files: &Arc<FileJobs>,
    job: Editable<import_jobs::Model>,
    now: DateTime<Utc>,
) -> ApiResult<ImportJob> {
    if !pipeline::start_commit(files, job.id).await? {
        return Err(ApiError::WrongState("Run the dry run on the current options first.".into()));
    }
    files.spawn_import(job.id, Pass::Commit);
    reread(&files.db, job.id, now).await
}

/// Cancels `job`: before the commit it simply ends; during the commit the batch in flight finishes
/// and nothing after it is written. 409 for a job that has ended.
pub async fn cancel(
    txn: &impl ConnectionTrait,
    job: Editable<import_jobs::Model>,
    now: DateTime<Utc>,
) -> ApiResult<ImportJob> {
    let status = job::status(&job);
    if status.is_final() {
        return Err(ApiError::WrongState("The import has already ended.".into()));
    }
    let mut update = import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::CancelRequested, Expr::value(true))
        .col_expr(import_jobs::Column::UpdatedAt, Expr::value(now));
    if status != ImportStatus::Running {
        update = update
            .col_expr(import_jobs::Column::Status, Expr::value(ImportStatus::Cancelled.as_str()))
            .col_expr(import_jobs::Column::FinishedAt, Expr::value(now))
            .col_expr(import_jobs::Column::LeaseOwner, Expr::value(Option::<String>::None));
    }
    update.filter(import_jobs::Column::Id.eq(job.id)).exec(txn).await?;
    let row = import_jobs::Entity::find_by_id(job.id).one(txn).await?.unwrap_or_else(|| job.into_inner());
    Ok(to_dto(&row, now))
}
