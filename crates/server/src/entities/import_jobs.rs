//! An import job: the uploaded file (bytes in the import store under `storage_key`), its options and
//! mapping, the dry run's report, the commit's counters and the lease of the instance working on it.

use sea_orm::entity::prelude::*;

/// A row of `import_jobs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target: String,
    pub file_name: String,
    pub file_kind: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub sheet: Option<String>,
    pub date_order: String,
    pub in_file_policy: String,
    pub database_policy: String,
    pub batch_size: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub mapping: Option<String>,
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub report: Option<String>,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub imported_rows: i64,
    pub updated_rows: i64,
    pub skipped_rows: i64,
    pub failed_rows: i64,
    pub last_line: i64,
    pub cancel_requested: bool,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// When the file was removed after the retention period.
    pub file_removed_at: Option<DateTimeUtc>,
}

/// Relations of `import_jobs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
