//! File jobs (imports, exports): long passes over a file, started by a request and run as tokio tasks,
//! each holding a lease in its own row (`import_jobs`, `export_jobs`) that it renews with every batch.
//! Unlike the scheduled jobs beside them, which run in one transaction each, a file job commits many
//! batches and keeps its progress. Several instances may share the database: a job whose lease has
//! expired (its instance crashed or was stopped) is taken over by the sweeper of any instance, an
//! import resumed after its last committed batch, an export marked failed.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use crm_types::export::ExportStatus;
use crm_types::import::ImportStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use crate::attachments::store::AttachmentStore;
use crate::entities::{export_jobs, import_jobs};
use crate::error::ApiResult;
use crate::imports::pipeline::{self, Pass};

/// How long files are kept after their job ended, unless configured.
pub const DEFAULT_RETENTION_DAYS: i64 = 30;

/// Jobs whose files one sweep removes at most.
const REMOVALS_PER_SWEEP: u64 = 100;

/// The runner every handler reaches through `AppState::jobs`.
pub struct FileJobs {
    /// This instance's name in leases.
    pub instance: String,
    /// The database.
    pub db: DatabaseConnection,
    /// Uploaded import files.
    pub imports: Arc<dyn AttachmentStore>,
    /// Written exports.
    pub exports: Arc<dyn AttachmentStore>,
    /// The largest import file, in bytes.
    pub max_import_bytes: u64,
    /// The most data rows an import may have.
    pub max_import_rows: u64,
    /// How long a lease lasts without renewal (`CRM_FILE_JOB_LEASE_SECONDS`).
    pub lease: Duration,
    /// How long files are kept after their job ended (`CRM_FILE_RETENTION_DAYS`).
    pub retention: Duration,
    /// The time of the business rules (a job's start and end, the day rows are judged on): the
    /// clock tests move. Leases keep to the system clock that every instance shares.
    pub clock: crate::jobs::Clock,
    /// Where tasks run: the runtime the server was built in, whichever worker thread asks.
    handle: tokio::runtime::Handle,
}

impl std::fmt::Debug for FileJobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileJobs").field("instance", &self.instance).finish_non_exhaustive()
    }
}

impl FileJobs {
    /// A runner for this instance, on the current tokio runtime.
    pub fn new(
        db: DatabaseConnection,
        imports: Arc<dyn AttachmentStore>,
        exports: Arc<dyn AttachmentStore>,
        max_import_bytes: u64,
        max_import_rows: u64,
        lease: Duration,
    ) -> Self {
        Self {
            instance: uuid::Uuid::new_v4().simple().to_string(),
            db,
            imports,
            exports,
            max_import_bytes,
            max_import_rows,
            lease,
            retention: Duration::days(DEFAULT_RETENTION_DAYS),
            clock: crate::jobs::Clock::default(),
            handle: tokio::runtime::Handle::current(),
        }
    }

    /// The same runner, keeping files `retention` after their job ended.
    #[must_use]
    pub fn keeping_files_for(mut self, retention: Duration) -> Self {
        self.retention = retention;
        self
    }

    /// The same runner, reading business time from `clock`.
    #[must_use]
    pub fn with_clock(mut self, clock: crate::jobs::Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The moment a lease taken or renewed now expires.
    pub fn lease_until(&self) -> DateTime<Utc> {
        Utc::now() + self.lease
    }

    /// Takes the lease of import `id` if it is free or expired, moving it to `status`; whether it did.
    pub async fn claim_import(&self, id: i64, from: &[ImportStatus], status: ImportStatus) -> ApiResult<bool> {
        let now = Utc::now();
        let free = Condition::any()
            .add(import_jobs::Column::LeaseOwner.is_null())
            .add(import_jobs::Column::LeaseExpiresAt.lt(now))
            .add(import_jobs::Column::LeaseOwner.eq(self.instance.as_str()));
        let result = import_jobs::Entity::update_many()
            .col_expr(import_jobs::Column::LeaseOwner, Expr::value(self.instance.clone()))
            .col_expr(import_jobs::Column::LeaseExpiresAt, Expr::value(self.lease_until()))
            .col_expr(import_jobs::Column::Status, Expr::value(status.as_str()))
            .col_expr(import_jobs::Column::UpdatedAt, Expr::value(now))
            .filter(import_jobs::Column::Id.eq(id))
            .filter(import_jobs::Column::Status.is_in(from.iter().map(|s| s.as_str())))
            .filter(free)
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Runs a pass of import `id` in the background (the lease must be held).
    pub fn spawn_import(self: &Arc<Self>, id: i64, pass: Pass) {
        let jobs = Arc::clone(self);
        self.handle.spawn(async move {
            if let Err(error) = pipeline::run(&jobs, id, pass, None).await {
                tracing::error!(import = id, error = ?error, "the import stopped");
                let _ = pipeline::fail(&jobs, id, &error.to_string()).await;
            }
        });
    }

    /// Runs `task` in the background.
    pub fn spawn<F: std::future::Future<Output = ()> + Send + 'static>(&self, task: F) {
        self.handle.spawn(task);
    }

    /// Takes over the jobs of instances that stopped: imports resume, exports are marked failed. An
    /// import of this instance whose lease ran out is still running here (a slow batch), so it is left
    /// alone: a second pass beside it would write its rows twice (an export, likewise, is not failed).
    pub async fn sweep(self: &Arc<Self>) -> ApiResult<()> {
        let now = Utc::now();
        let orphans: Vec<(i64, String)> = import_jobs::Entity::find()
            .select_only()
            .column(import_jobs::Column::Id)
            .column(import_jobs::Column::Status)
            .filter(
                import_jobs::Column::Status.is_in([ImportStatus::Analysing.as_str(), ImportStatus::Running.as_str()]),
            )
            .filter(import_jobs::Column::LeaseExpiresAt.lt(now))
            .filter(
                Condition::any()
                    .add(import_jobs::Column::LeaseOwner.is_null())
                    .add(import_jobs::Column::LeaseOwner.ne(self.instance.as_str())),
            )
            .into_tuple()
            .all(&self.db)
            .await?;
        for (id, status) in orphans {
            let (status, pass) = if status == ImportStatus::Running.as_str() {
                (ImportStatus::Running, Pass::Commit)
            } else {
                (ImportStatus::Analysing, Pass::DryRun)
            };
            if self.claim_import(id, &[status], status).await? {
                tracing::warn!(import = id, "taking over an import whose instance stopped");
                self.spawn_import(id, pass);
            }
        }
        export_jobs::Entity::update_many()
            .col_expr(export_jobs::Column::Status, Expr::value(ExportStatus::Failed.as_str()))
            .col_expr(
                export_jobs::Column::Error,
                Expr::value("the server stopped while writing the file: start the export again"),
            )
            .col_expr(export_jobs::Column::FinishedAt, Expr::value(now))
            .filter(export_jobs::Column::Status.eq(ExportStatus::Running.as_str()))
            .filter(export_jobs::Column::LeaseExpiresAt.lt(now))
            .filter(
                Condition::any()
                    .add(export_jobs::Column::LeaseOwner.is_null())
                    .add(export_jobs::Column::LeaseOwner.ne(self.instance.as_str())),
            )
            .exec(&self.db)
            .await?;
        self.remove_old_files().await?;
        Ok(())
    }

    /// Removes the files of imports and exports that ended more than the retention period ago, and of
    /// uploads never imported for as long (those imports fail: the file is gone). The jobs' rows stay,
    /// with their counters, problems and audit entries. Returns how many files went.
    pub async fn remove_old_files(&self) -> ApiResult<u64> {
        let now = Utc::now();
        let before = now - self.retention;
        let ended = [ImportStatus::Completed, ImportStatus::Cancelled, ImportStatus::Failed].map(ImportStatus::as_str);
        let waiting = [ImportStatus::Uploaded, ImportStatus::Analysed].map(ImportStatus::as_str);
        let imports = import_jobs::Entity::find()
            .filter(import_jobs::Column::FileRemovedAt.is_null())
            .filter(
                Condition::any()
                    .add(import_jobs::Column::Status.is_in(ended).and(import_jobs::Column::FinishedAt.lt(before)))
                    .add(import_jobs::Column::Status.is_in(waiting).and(import_jobs::Column::UpdatedAt.lt(before))),
            )
            .limit(REMOVALS_PER_SWEEP)
            .all(&self.db)
            .await?;
        let mut removed = 0;
        for job in imports {
            self.imports.delete(&job.storage_key).await.map_err(|e| crate::error::ApiError::Internal(e.into()))?;
            let mut update = import_jobs::Entity::update_many()
                .col_expr(import_jobs::Column::FileRemovedAt, Expr::value(now))
                .filter(import_jobs::Column::Id.eq(job.id))
                .filter(import_jobs::Column::FileRemovedAt.is_null());
            if waiting.contains(&job.status.as_str()) {
                let days = self.retention.num_days();
                update = update
                    .col_expr(import_jobs::Column::Status, Expr::value(ImportStatus::Failed.as_str()))
                    .col_expr(
                        import_jobs::Column::Error,
                        Expr::value(format!(
                            "the file was removed after {days} days without being imported: upload it again"
                        )),
                    )
                    .col_expr(import_jobs::Column::FinishedAt, Expr::value(now))
                    .filter(import_jobs::Column::Status.eq(job.status.as_str()));
            }
            removed += update.exec(&self.db).await?.rows_affected;
        }
        let exports = export_jobs::Entity::find()
            .filter(export_jobs::Column::FileRemovedAt.is_null())
            .filter(
                export_jobs::Column::Status
                    .is_in([ExportStatus::Completed.as_str(), ExportStatus::Failed.as_str()])
                    .and(export_jobs::Column::FinishedAt.lt(before)),
            )
            .limit(REMOVALS_PER_SWEEP)
            .all(&self.db)
            .await?;
        for job in exports {
            self.exports.delete(&job.storage_key).await.map_err(|e| crate::error::ApiError::Internal(e.into()))?;
            removed += export_jobs::Entity::update_many()
                .col_expr(export_jobs::Column::FileRemovedAt, Expr::value(now))
                .filter(export_jobs::Column::Id.eq(job.id))
                .filter(export_jobs::Column::FileRemovedAt.is_null())
                .exec(&self.db)
                .await?
                .rows_affected;
        }
        if removed > 0 {
            tracing::info!(removed, "removed import and export files past their retention");
        }
        Ok(removed)
    }

    /// Sweeps now and then every `every`, for as long as the runtime runs.
    pub fn start_sweeper(self: &Arc<Self>, every: StdDuration) {
        let jobs = Arc::clone(self);
        self.handle.spawn(async move {
            let mut ticks = tokio::time::interval(every.max(StdDuration::from_millis(100)));
            loop {
                ticks.tick().await;
                if let Err(error) = jobs.sweep().await {
                    tracing::warn!(error = ?error, "the job sweep failed");
                }
            }
        });
    }
}
