//! Exports started and run. [`check`] turns the request into what the runner needs (the list's filter
//! as a condition in the caller's scope, the sort, the columns the caller may read, the row count);
//! [`start`] records the export, holding its lease; [`Started::launch`] runs the runner — the
//! background job that writes the file page by page, stores it and audits the export with its filter
//! and row count — once that record is committed.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, Utc};
use crm_types::export::{Export, ExportFormat, ExportStatus, NewExport};
use crm_types::{FieldErrorCode, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::columns::{self, Chosen, Source};
use super::queries::{self, Batch, PAGE};
use super::writer::Writer;
use crate::audit::{self, Actor, Change};
use crate::auth::Caller;
use crate::customers::queries::list::{self, Sort};
use crate::entities::{customers, export_jobs};
use crate::error::{ApiError, ApiResult};
use crate::jobs::Clock;
use crate::jobs::files::FileJobs;
use crate::policy::customers::CustomerScope;
use crate::policy::fields::CustomerFields;
use crate::{custom_fields, db, validation};

/// How often a running export records its progress.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// An export request checked against the caller's scope and rights.
#[derive(Debug)]
pub struct Checked {
    format: ExportFormat,
    condition: Condition,
    sort: Sort,
    columns: Vec<Chosen>,
    /// The filter as stored with the export.
    stored_filter: String,
    /// The filter as audited.
    filter: serde_json::Value,
    total: u64,
}

/// Checks `body`: the filter as the list reads it (a bad filter is a 422 naming it; deleted customers
/// are not exported), within `scope`, and the columns, less those the caller's role may not read
/// (422 for an unknown one). Counts the rows.
pub async fn check(
    db: &impl ConnectionTrait,
    caller: &Caller,
    scope: CustomerScope,
    body: &NewExport,
    now: DateTime<Utc>,
) -> ApiResult<Checked> {
    let filter = &body.filter;
    // The filter travels in the body: what the list answers with 400 for a bad query parameter is a
    // 422 naming the filter here.
    let in_filter = |error: ApiError| match error {
        ApiError::BadRequest(message) => ApiError::field("filter", FieldErrorCode::Invalid, &message),
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
        return Err(ApiError::field(
            "filter.deleted",
            FieldErrorCode::NotAllowed,
            "deleted customers are not exported",
        ));
    }
    let sort = Sort::parse(filter.sort.as_deref()).map_err(in_filter)?;
    let condition = Condition::all()
        .add(scope.condition())
        .add(list::filters(db, filter, now).await.map_err(in_filter)?)
        .add(customers::Column::DeletedAt.is_null());
    let custom = custom_fields::definitions(db).await?;
    let columns = columns::choose(&CustomerFields::of(caller), &body.columns, &custom)
        .map_err(|m| ApiError::field("columns", FieldErrorCode::Unknown, &m))?;
    let total = queries::count(db, condition.clone()).await?;
    let stored_filter = serde_json::to_string(filter).map_err(|e| ApiError::Internal(e.into()))?;
    let filter = serde_json::to_value(filter).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Checked { format: body.format, condition, sort, columns, stored_filter, filter, total })
}

/// What a running export needs, taken from the request that started it.
#[derive(Debug)]
struct Work {
    id: i64,
    format: ExportFormat,
    condition: Condition,
    sort: Sort,
    columns: Vec<Chosen>,
    actor: Actor,
    filter: serde_json::Value,
}

/// An export recorded and waiting for its runner.
#[derive(Debug)]
pub struct Started {
    row: export_jobs::Model,
    work: Work,
}

/// Records the export `checked` for `user`, running, with this instance's lease on it.
pub async fn start(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    user: UserId,
    checked: Checked,
    jobs: &FileJobs,
    now: DateTime<Utc>,
) -> ApiResult<Started> {
    let keys: Vec<&str> = checked.columns.iter().map(Chosen::key).collect();
    let row = export_jobs::ActiveModel {
        format: Set(checked.format.as_str().into()),
        columns: Set(serde_json::to_string(&keys).map_err(|e| ApiError::Internal(e.into()))?),
        filter: Set(checked.stored_filter),
        status: Set(ExportStatus::Running.as_str().into()),
        total_rows: Set(i64::try_from(checked.total).unwrap_or(i64::MAX)),
        rows_written: Set(0),
        storage_key: Set(uuid::Uuid::new_v4().simple().to_string()),
        lease_owner: Set(Some(jobs.instance.clone())),
        lease_expires_at: Set(Some(jobs.lease_until())),
        created_by: Set(user.0),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let work = Work {
        id: row.id,
        format: checked.format,
        condition: checked.condition,
        sort: checked.sort,
        columns: checked.columns,
        actor: caller.actor(),
        filter: checked.filter,
    };
    Ok(Started { row, work })
}

impl Started {
    /// Runs the export in the background (its row must be committed); the export as it started. A
    /// failure marks the export failed with its reason.
    pub fn launch(self, jobs: &Arc<FileJobs>, clock: &Clock) -> Export {
        let Self { row, work } = self;
        let (runner, clock) = (Arc::clone(jobs), clock.clone());
        jobs.spawn(async move {
            let id = work.id;
            if let Err(error) = run(&runner, &clock, &work).await {
                tracing::error!(export = id, error = ?error, "the export failed");
                let _ = export_jobs::Entity::update_many()
                    .col_expr(export_jobs::Column::Status, Expr::value(ExportStatus::Failed.as_str()))
                    .col_expr(export_jobs::Column::Error, Expr::value(error.to_string()))
                    .col_expr(export_jobs::Column::FinishedAt, Expr::value(clock.now()))
                    .filter(export_jobs::Column::Id.eq(id))
                    .exec(&runner.db)
                    .await;
            }
        });
        queries::to_dto(&row)
    }
}

/// Writes the file page by page, then stores it and records the export.
async fn run(jobs: &FileJobs, clock: &Clock, work: &Work) -> ApiResult<()> {
    let db = &jobs.db;
    let labels = queries::labels(db).await?;
    let key = queries::storage_key(db, work.id).await?;
    let staging = jobs.exports.staging_dir().to_path_buf();
    let path = staging.join(format!("{key}.{}", work.format.as_str()));
    let mut writer =
        Writer::create(work.format, &path, &staging, &work.columns).map_err(|e| ApiError::Internal(e.into()))?;
    // The next page is read while this one is written.
    let fetch =
        |cursor: Option<String>| tokio::spawn(queries::batch(db.clone(), work.condition.clone(), work.sort, cursor));
    let mut next = Some(fetch(None));
    let mut written: i64 = 0;
    let mut reported = Instant::now();
    while let Some(fetching) = next.take() {
        let Batch { rows, contacts, tags } = fetching.await.map_err(|e| ApiError::Internal(e.into()))??;
        if rows.len() as u64 == PAGE {
            next = rows.last().map(|row| fetch(Some(list::cursor_after(work.sort, row))));
        }
        for row in &rows {
            let source = Source {
                customer: row,
                contact: contacts.get(&row.id).and_then(|c| c.first()),
                tags: tags.get(&row.id).map(Vec::as_slice).unwrap_or_default(),
            };
            writer.write(&columns::cells(&source, &work.columns, &labels)).map_err(|e| ApiError::Internal(e.into()))?;
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
        .col_expr(export_jobs::Column::FinishedAt, Expr::value(clock.now()))
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
