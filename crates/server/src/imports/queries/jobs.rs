//! Import jobs as the wizard reads them: one job with its options, report and progress; the caller's
//! jobs, newest first; the start of a job's file read again with other settings.

use chrono::{DateTime, Utc};
use crm_types::UserId;
use crm_types::import::{ImportJob, ImportPreview, ImportProgress, ImportReport, ImportStatus, ImportTarget};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::import_jobs;
use crate::error::{ApiError, ApiResult};
use crate::imports::pipeline::custom_fields::CustomTargets;
use crate::imports::pipeline::job::{file_kind, options, status};
use crate::imports::pipeline::source::ReadOptions;
use crate::imports::pipeline::{customer, preview};
use crate::jobs::files::FileJobs;
use crate::policy::Visible;

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The job's progress at `now`, with the rate and the time left since the commit started.
pub fn progress(job: &import_jobs::Model, now: DateTime<Utc>) -> ImportProgress {
    let processed = count(job.processed_rows);
    let total = count(job.total_rows);
    let (rate, eta_seconds) = match (job.started_at, status(job)) {
        (Some(started), ImportStatus::Running) => {
            let elapsed = (now - started).num_milliseconds().max(1) as f64 / 1000.0;
            let rate = processed as f64 / elapsed;
            let left = total.saturating_sub(processed) as f64;
            (Some(rate), (rate > 0.0).then(|| (left / rate).ceil() as u64))
        }
        _ => (None, None),
    };
    ImportProgress {
        total,
        processed,
        imported: count(job.imported_rows),
        updated: count(job.updated_rows),
        skipped: count(job.skipped_rows),
        failed: count(job.failed_rows),
        last_line: count(job.last_line),
        rate,
        eta_seconds,
    }
}

/// The wire form, its progress as of `now`.
pub fn to_dto(job: &import_jobs::Model, now: DateTime<Utc>) -> ImportJob {
    ImportJob {
        id: crm_types::ImportId(job.id),
        target: ImportTarget::Customer,
        file_name: job.file_name.clone(),
        file_kind: file_kind(job),
        size_bytes: job.size_bytes,
        status: status(job),
        options: options(job),
        report: job.report.as_deref().and_then(|r| serde_json::from_str::<ImportReport>(r).ok()),
        progress: progress(job, now),
        error: job.error.clone(),
        cancel_requested: job.cancel_requested,
        created_by: UserId(job.created_by),
        created_at: job.created_at,
        started_at: job.started_at,
        finished_at: job.finished_at,
    }
}

/// Job `id` as it is now stored.
pub async fn reread(db: &impl ConnectionTrait, id: i64, now: DateTime<Utc>) -> ApiResult<ImportJob> {
    let row = import_jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no import {id}.")))?;
    Ok(to_dto(&row, now))
}

/// The newest `limit` (1 to 100, 400 otherwise; 20 by default) jobs of `user`.
pub async fn mine(
    db: &impl ConnectionTrait,
    user: UserId,
    limit: Option<u32>,
    now: DateTime<Utc>,
) -> ApiResult<Vec<ImportJob>> {
    let limit = limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 100.".into()));
    }
    let rows = import_jobs::Entity::find()
        .filter(import_jobs::Column::CreatedBy.eq(user.0))
        .order_by_desc(import_jobs::Column::Id)
        .limit(u64::from(limit))
        .all(db)
        .await?;
    Ok(rows.iter().map(|row| to_dto(row, now)).collect())
}

/// The start of `job`'s file read as `read` says (another encoding, separator or sheet).
pub async fn preview(
    db: &impl ConnectionTrait,
    files: &FileJobs,
    job: &Visible<import_jobs::Model>,
    read: ReadOptions,
) -> ApiResult<ImportPreview> {
    let path = files.imports.open(&job.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    preview::read(customer::spec(), &CustomTargets::load(db).await?, path, file_kind(job), read).await
}
