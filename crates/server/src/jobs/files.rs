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
            handle: tokio::runtime::Handle::current(),
        }
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
        Ok(())
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
