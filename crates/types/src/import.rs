//! Import (导入): a file uploaded, previewed, mapped onto a target's fields, checked by a dry run and
//! committed by a background job; mapping templates to reuse.

use crate::ids::{ImportId, ImportTemplateId};
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::UserId;

/// What the rows of a file become. Customers (with their primary contact) first; contacts,
/// follow-ups, leads and orders are further targets described the same way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportTarget {
    /// Customers with their primary contact.
    #[default]
    Customer,
}

impl ImportTarget {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
        }
    }
}

/// The kind of file, decided by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Comma-, tab-, semicolon- or bar-separated text.
    Csv,
    /// Excel 2007 and later.
    Xlsx,
    /// Excel 97–2003.
    Xls,
}

impl FileKind {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Xls => "xls",
        }
    }
}

/// Where an import job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded; options and mapping may be set.
    Uploaded,
    /// The dry run is reading the file.
    Analysing,
    /// The dry run's cleaning report is ready; the job may be committed.
    Analysed,
    /// Committing, batch by batch.
    Running,
    /// Every row was handled.
    Completed,
    /// Stopped on request: the batches committed before stay, the rest was not written.
    Cancelled,
    /// Stopped by an error (in `error`); the batches committed before stay.
    Failed,
}

impl ImportStatus {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Uploaded => "uploaded",
            Self::Analysing => "analysing",
            Self::Analysed => "analysed",
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }

    /// The status stored as `text`.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "uploaded" => Self::Uploaded,
            "analysing" => Self::Analysing,
            "analysed" => Self::Analysed,
            "running" => Self::Running,
            "completed" => Self::Completed,
            "cancelled" => Self::Cancelled,
            "failed" => Self::Failed,
            _ => return None,
        })
    }

    /// Whether the job has ended.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled | Self::Failed)
    }
}

/// How to read dates written with the year last (`03/04/2024`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Only readings that cannot be the other way round (`25/04/2024`); others are refused as ambiguous.
    #[default]
    Auto,
    /// `03/04/2024` is 3 April.
    DayFirst,
    /// `03/04/2024` is 4 March.
    MonthFirst,
}

/// What to do with a row that repeats an earlier row of the file (same normalised name, phone or USCC).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InFilePolicy {
    /// Keep the first, skip the repeats.
    #[default]
    Skip,
    /// Import every row.
    Import,
}

/// What to do with a row that matches an existing customer (same normalised name, phone or USCC).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DatabasePolicy {
    /// Leave the existing customer alone and skip the row.
    #[default]
    Skip,
    /// Fill the existing customer's fields from the row's non-empty cells (a customer the importer may
    /// edit, matched by exactly one record).
    Update,
    /// Create a new customer anyway.
    Import,
}

/// One column of the file fed into one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapping {
    /// The column's header, as in the file (compared trimmed).
    #[schema(min_length = 1, max_length = 200)]
    pub column: String,
    /// The field's key (`name`, `contact.mobile`…, `custom_fields.<key>` for a custom field), from the
    /// target's `fields`.
    #[schema(min_length = 1, max_length = 60)]
    pub field: String,
    /// In a preview's `suggested`: whether the header matched a synonym exactly (otherwise a guess to
    /// confirm). Ignored when sent, so a suggestion goes back in `mapping.columns` as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<bool>,
}

/// Which column feeds which field, and how texts of dictionary fields map to values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The mapped columns; unmapped columns are ignored.
    #[serde(default)]
    pub columns: Vec<ColumnMapping>,
    /// Per dictionary field (`grade`, `industry`…) or select custom field (`custom_fields.<key>`;
    /// each part of a multi-select cell), source texts and the value or option code each stands for, for texts
    /// the automatic lookup does not resolve (`重要` → `A`).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// How to read the file and what to do with duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// CSV only: `utf-8` or `gb18030` (which reads GBK and GB2312); detected when absent.
    #[serde(default)]
    pub encoding: Option<String>,
    /// CSV only: the separator, one of `,` `\t` `;` `|`; detected when absent.
    #[serde(default)]
    pub delimiter: Option<String>,
    /// Excel only: the sheet to read; the first when absent.
    #[serde(default)]
    pub sheet: Option<String>,
    /// How to read dates written with the year last.
    #[serde(default)]
    pub date_order: DateOrder,
    /// Rows repeating an earlier row of the file.
    #[serde(default)]
    pub in_file_duplicates: InFilePolicy,
    /// Rows matching an existing customer.
    #[serde(default)]
    pub database_duplicates: DatabasePolicy,
    /// Rows per committed batch (each batch is one transaction); 1000 when absent.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5000)]
    pub batch_size: Option<u32>,
    /// The column mapping.
    pub mapping: Mapping,
}

/// A field of an import target: the target's own fields first, then the active custom fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TargetField {
    /// The key used in mappings; a custom field's is `custom_fields.<key>`.
    pub key: String,
    /// The zh-CN label (also the header of the import template).
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// Whether every row must fill it (or one of its alternatives, see `required`); for a custom field,
    /// whether it is required with no default value.
    pub required: bool,
}

/// What the server read from the start of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportPreview {
    /// CSV: the encoding used (`utf-8` or `gb18030`).
    pub encoding: Option<String>,
    /// CSV: the separator used.
    pub delimiter: Option<String>,
    /// Excel: the sheets, in order.
    pub sheets: Vec<String>,
    /// Excel: the sheet read.
    pub sheet: Option<String>,
    /// The headers (the first row).
    pub headers: Vec<String>,
    /// The first rows after the headers, as text.
    pub rows: Vec<Vec<String>>,
    /// The columns a field is proposed for from their headers, in the file's order (a column with no
    /// proposal is left out); accepted as they are in `mapping.columns`.
    pub suggested: Vec<ColumnMapping>,
    /// The target's fields, then the active custom fields (with the administrator's labels).
    pub fields: Vec<TargetField>,
    /// Requirement groups: each lists field keys of which one must be mapped and filled.
    pub required: Vec<Vec<String>>,
}

/// A dictionary or option text no value matched, with the values it may mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnmatchedValue {
    /// The field (`grade`, `industry`…, `custom_fields.<key>` for a select custom field).
    pub field: String,
    /// The text as in the file.
    pub text: String,
    /// How many rows hold it.
    pub rows: u64,
    /// Candidate value codes with their labels, best first.
    pub suggestions: Vec<ValueSuggestion>,
}

/// A dictionary value a text may mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ValueSuggestion {
    /// The value's code.
    pub code: String,
    /// Its zh-CN label.
    pub label: String,
}

/// The dry run's cleaning report. Every data row is counted once, in the first that applies of:
/// `missing_required`, `invalid_format`, `in_file_duplicates`, `database_duplicates`, else clean; so
/// `rows_read` is their sum plus the clean rows. `to_import`, `to_update` and `to_skip` say what a
/// commit would do under the chosen policies (rows with problems are not imported).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// Data rows read (the header row not counted).
    pub rows_read: u64,
    /// Rows lacking a required value.
    pub missing_required: u64,
    /// Rows with a value in no accepted form (or bad bytes).
    pub invalid_format: u64,
    /// Rows repeating an earlier row of the file.
    pub in_file_duplicates: u64,
    /// Rows matching an existing customer.
    pub database_duplicates: u64,
    /// Rows a commit would create.
    pub to_import: u64,
    /// Rows a commit would use to update existing customers.
    pub to_update: u64,
    /// Rows a commit would skip (duplicates under the `skip` policies).
    pub to_skip: u64,
    /// Rows with problems, which a commit leaves out.
    pub with_problems: u64,
    /// Dictionary and option texts no value matched (at most 100), to map in `mapping.values`.
    pub unmatched_values: Vec<UnmatchedValue>,
}

/// A commit's progress.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportProgress {
    /// Data rows in the file (known after the dry run).
    pub total: u64,
    /// Rows handled by committed batches.
    pub processed: u64,
    /// Customers created.
    pub imported: u64,
    /// Existing customers updated.
    pub updated: u64,
    /// Duplicates skipped.
    pub skipped: u64,
    /// Rows left out for problems (see the error report).
    pub failed: u64,
    /// The line (1 = the header) of the last row of the last committed batch: every row up to it
    /// has been handled, none after it.
    pub last_line: u64,
    /// Rows per second since the commit started.
    pub rate: Option<f64>,
    /// Seconds left at that rate.
    pub eta_seconds: Option<u64>,
}

/// An import job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImportJob {
    /// The id.
    pub id: ImportId,
    /// What the rows become.
    pub target: ImportTarget,
    /// The uploaded file's name.
    pub file_name: String,
    /// Its kind.
    pub file_kind: FileKind,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// Where the job is.
    pub status: ImportStatus,
    /// The options and mapping, once set.
    pub options: Option<ImportOptions>,
    /// The dry run's report, once analysed.
    pub report: Option<ImportReport>,
    /// The commit's progress.
    pub progress: ImportProgress,
    /// Why the job failed.
    pub error: Option<String>,
    /// Whether a cancellation was asked for and not yet carried out.
    pub cancel_requested: bool,
    /// Who uploaded it.
    pub created_by: UserId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When the commit started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the job ended.
    pub finished_at: Option<DateTime<Utc>>,
}

/// An uploaded file: the job and what was read from the start of the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UploadedImport {
    /// The job.
    pub job: ImportJob,
    /// The preview.
    pub preview: ImportPreview,
}

/// Query of `POST /api/v1/imports` and `GET /api/v1/imports/{id}/preview`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    /// What the rows become (customers when absent).
    pub target: Option<ImportTarget>,
    /// CSV: read as this encoding (`utf-8`, `gb18030`, `gbk`) instead of the detected one.
    #[param(max_length = 20)]
    pub encoding: Option<String>,
    /// CSV: this separator instead of the detected one.
    #[param(max_length = 2)]
    pub delimiter: Option<String>,
    /// Excel: this sheet instead of the first.
    #[param(max_length = 100)]
    pub sheet: Option<String>,
}

/// A problem with one row (or one cell) of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportProblem {
    /// The line in the file (1 = the header row).
    pub line: u64,
    /// The column's header, when one cell is at fault.
    pub column: Option<String>,
    /// The field, when one field is at fault.
    pub field: Option<String>,
    /// A stable code (`required`, `invalid_format`, `no_match`, `in_file_duplicate`,
    /// `database_duplicate`, `bad_bytes`…).
    pub code: String,
    /// What is wrong and what to change, in English.
    pub message: String,
}

/// Query of the problem list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProblemQuery {
    /// Page size, 1 to 500 (100 when absent).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// From the previous page's `next_cursor`.
    #[param(max_length = 40)]
    pub cursor: Option<String>,
}

/// Query of the job list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportListQuery {
    /// Page size, 1 to 100 (20 when absent).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A saved mapping, reused for files of the same layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportTemplate {
    /// The id.
    pub id: ImportTemplateId,
    /// The name (unique per owner and target).
    pub name: String,
    /// The target it maps to.
    pub target: ImportTarget,
    /// The mapping.
    pub mapping: Mapping,
    /// Who saved it (templates are private to their owner).
    pub owner_id: UserId,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A new mapping template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewImportTemplate {
    /// The name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// The target (customers when absent).
    #[serde(default)]
    pub target: ImportTarget,
    /// The mapping.
    pub mapping: Mapping,
}

/// Changes to a template: absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportTemplatePatch {
    /// A new name.
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// A new mapping.
    pub mapping: Option<Mapping>,
}
