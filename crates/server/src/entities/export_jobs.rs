//! An export job: the filter and columns, its progress, and the written file in the export store.

use sea_orm::entity::prelude::*;

/// A row of `export_jobs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "export_jobs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub format: String,
    #[sea_orm(column_type = "Text")]
    pub columns: String,
    #[sea_orm(column_type = "Text")]
    pub filter: String,
    pub status: String,
    pub total_rows: i64,
    pub rows_written: i64,
    pub storage_key: String,
    pub size_bytes: Option<i64>,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub error: Option<String>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// When the file was removed after the retention period.
    pub file_removed_at: Option<DateTimeUtc>,
}

/// Relations of `export_jobs`.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
