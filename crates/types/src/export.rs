//! Export (导出): a filtered customer list written to CSV or XLSX by a background job, then downloaded.

use crate::ids::ExportId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::customer::CustomerQuery;

/// The file format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly.
    #[default]
    Csv,
    /// Excel 2007 and later.
    Xlsx,
}

impl ExportFormat {
    /// The snake_case name, as stored; also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// Where an export is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Writing the file.
    Running,
    /// The file is ready to download.
    Completed,
    /// Stopped by an error (in `error`).
    Failed,
}

impl ExportStatus {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }
}

/// A request to export customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExport {
    /// CSV (the default) or XLSX.
    #[serde(default)]
    pub format: ExportFormat,
    /// The columns, in order, by key (`code`, `name`, `contact.mobile`…, `custom_fields.<key>` for a
    /// custom field; see `GET /api/v1/exports/columns`); the list's default columns when empty.
    #[serde(default)]
    pub columns: Vec<String>,
    /// The same filters and sort as `GET /api/v1/customers` (`limit` and `cursor` are ignored).
    #[serde(default)]
    pub filter: CustomerQuery,
}

/// A column that can be exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExportColumn {
    /// The key.
    pub key: String,
    /// The zh-CN header written in the file.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
}

/// An export job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Export {
    /// The id.
    pub id: ExportId,
    /// The format.
    pub format: ExportFormat,
    /// Where it is.
    pub status: ExportStatus,
    /// The columns written.
    pub columns: Vec<String>,
    /// Customers matching the filter when the export started.
    pub total: u64,
    /// Rows written so far.
    pub rows_written: u64,
    /// The file's size once completed.
    pub size_bytes: Option<i64>,
    /// Why it failed.
    pub error: Option<String>,
    /// When the file was removed, after the retention period (downloads then answer 404).
    pub file_removed_at: Option<DateTime<Utc>>,
    /// When it was asked for.
    pub created_at: DateTime<Utc>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
}
