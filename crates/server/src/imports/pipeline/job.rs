//! An import job's stored options (encoding, separator, sheet, date order, duplicate policies,
//! mapping) between their row and wire forms, and checked against the file.

use crm_domain::import::header::TargetSpec;
use crm_types::FieldErrorCode;
use crm_types::import::{DatabasePolicy, DateOrder, FileKind, ImportOptions, ImportStatus, InFilePolicy, Mapping};

use super::custom_fields::{CustomTargets, unknown_field};
use super::source::{self, ReadOptions};
use crate::entities::import_jobs;
use crate::error::{ApiError, ApiResult};
use crate::validation::Problems;

/// The default rows per batch.
pub const BATCH_SIZE: u32 = 1000;

fn kind(text: &str) -> FileKind {
    match text {
        "xlsx" => FileKind::Xlsx,
        "xls" => FileKind::Xls,
        _ => FileKind::Csv,
    }
}

/// The job's file kind.
pub fn file_kind(job: &import_jobs::Model) -> FileKind {
    kind(&job.file_kind)
}

/// The job's status.
pub fn status(job: &import_jobs::Model) -> ImportStatus {
    ImportStatus::parse(&job.status).unwrap_or(ImportStatus::Failed)
}

fn date_order(text: &str) -> DateOrder {
    match text {
        "day_first" => DateOrder::DayFirst,
        "month_first" => DateOrder::MonthFirst,
        _ => DateOrder::Auto,
    }
}

/// The stored name of a date order.
pub fn date_order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Auto => "auto",
        DateOrder::DayFirst => "day_first",
        DateOrder::MonthFirst => "month_first",
    }
}

/// The domain's date order.
pub fn domain_order(order: DateOrder) -> crm_domain::import::date::DateOrder {
    match order {
        DateOrder::Auto => crm_domain::import::date::DateOrder::Auto,
        DateOrder::DayFirst => crm_domain::import::date::DateOrder::DayFirst,
        DateOrder::MonthFirst => crm_domain::import::date::DateOrder::MonthFirst,
    }
}

/// The stored name of an in-file duplicate policy.
pub fn in_file_name(policy: InFilePolicy) -> &'static str {
    match policy {
        InFilePolicy::Skip => "skip",
        InFilePolicy::Import => "import",
    }
}

/// The stored name of a database duplicate policy.
pub fn database_name(policy: DatabasePolicy) -> &'static str {
    match policy {
        DatabasePolicy::Skip => "skip",
        DatabasePolicy::Update => "update",
        DatabasePolicy::Import => "import",
    }
}

/// The options as stored, once a mapping has been set.
pub fn options(job: &import_jobs::Model) -> Option<ImportOptions> {
    let mapping: Mapping = serde_json::from_str(job.mapping.as_deref()?).ok()?;
    Some(ImportOptions {
        encoding: job.encoding.clone(),
        delimiter: job.delimiter.clone(),
        sheet: job.sheet.clone(),
        date_order: date_order(&job.date_order),
        in_file_duplicates: if job.in_file_policy == "import" { InFilePolicy::Import } else { InFilePolicy::Skip },
        database_duplicates: match job.database_policy.as_str() {
            "update" => DatabasePolicy::Update,
            "import" => DatabasePolicy::Import,
            _ => DatabasePolicy::Skip,
        },
        batch_size: u32::try_from(job.batch_size).ok(),
        mapping,
    })
}

/// How to read the job's file: its chosen encoding, separator and sheet (detected when unset).
pub fn read_options(encoding: Option<&str>, delimiter: Option<&str>, sheet: Option<&str>) -> ApiResult<ReadOptions> {
    for (field, value, max) in [("encoding", encoding, 20), ("delimiter", delimiter, 2), ("sheet", sheet, 100)] {
        if value.is_some_and(|v| v.chars().count() > max) {
            return Err(ApiError::field(field, FieldErrorCode::TooLong, &format!("must be at most {max} characters")));
        }
    }
    let encoding = match encoding.map(str::trim).filter(|e| !e.is_empty()) {
        Some(name) => Some(source::encoding_named(name).ok_or_else(|| {
            ApiError::field("encoding", FieldErrorCode::Unknown, "use utf-8, gbk, gb18030 or utf-16le")
        })?),
        None => None,
    };
    let delimiter = match delimiter.filter(|d| !d.is_empty()) {
        Some(text) => match text {
            "," | ";" | "|" => Some(text.as_bytes()[0]),
            "\t" | "\\t" | "tab" => Some(b'\t'),
            _ => return Err(ApiError::field("delimiter", FieldErrorCode::Unknown, "use , or ; or | or a tab")),
        },
        None => None,
    };
    Ok(ReadOptions { encoding, delimiter, sheet: sheet.map(str::to_owned) })
}

/// Checks a mapping against the target (its standard fields and the active custom fields) and the
/// file's headers: known fields, each mapped once, columns that exist, every requirement group covered
/// (422 listing every problem).
pub fn check_mapping(
    target: &TargetSpec,
    custom: &CustomTargets,
    mapping: &Mapping,
    headers: &[String],
) -> ApiResult<()> {
    let known = |key: &str| target.field(key).is_some() || custom.get(key).is_some();
    let mut problems = Problems::default();
    let mut seen = std::collections::BTreeSet::new();
    for (i, column) in mapping.columns.iter().enumerate() {
        let field = format!("mapping.columns[{i}]");
        if !known(&column.field) {
            problems.add(&format!("{field}.field"), FieldErrorCode::Unknown, &unknown_field(&column.field));
        } else if !seen.insert(column.field.as_str()) {
            problems.add(
                &format!("{field}.field"),
                FieldErrorCode::Repeated,
                &format!("{} is mapped twice", column.field),
            );
        }
        if !headers.iter().any(|h| h.trim() == column.column.trim()) {
            problems.add(
                &format!("{field}.column"),
                FieldErrorCode::Unknown,
                &format!("the file has no column {}", column.column),
            );
        }
    }
    for (field, values) in &mapping.values {
        if !known(field) {
            problems.add(&format!("mapping.values.{field}"), FieldErrorCode::Unknown, &unknown_field(field));
        }
        if values.len() > 1000 {
            problems.add(&format!("mapping.values.{field}"), FieldErrorCode::TooMany, "at most 1000 texts per field");
        }
    }
    for group in target.unmet_requirements(mapping.columns.iter().map(|c| c.field.as_str())) {
        problems.add("mapping.columns", FieldErrorCode::Required, &format!("map a column to {}", group.join(" or ")));
    }
    problems.finish()
}
