//! An import's options and mapping: checked against the job's file ([`check`], before any write),
//! then saved, discarding any earlier dry run ([`save`]).

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::import::{DatabasePolicy, ImportJob, ImportOptions, ImportPreview, ImportStatus};
use crm_types::settings::DuplicateMode;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::entities::import_jobs;
use crate::error::{ApiError, ApiResult};
use crate::imports::pipeline::custom_fields::CustomTargets;
use crate::imports::pipeline::job::{self, BATCH_SIZE};
use crate::imports::pipeline::{customer, preview};
use crate::imports::queries::jobs::to_dto;
use crate::jobs::files::FileJobs;
use crate::policy::Editable;
use crate::system_settings;

/// Options checked against the job's file.
#[derive(Debug)]
pub struct Checked {
    /// The file read with them (its encoding, separator and sheet as settled).
    preview: ImportPreview,
    /// The options as sent.
    options: ImportOptions,
    /// The mapping as stored.
    mapping: String,
}

/// Checks `body` for `job`: only before the dry run starts or after it ends and before the commit
/// (409); the reading options, the batch size (1 to 5000), the database duplicate policy against the
/// administrator's duplicate check, and the mapping against the file's headers (422).
pub async fn check(
    db: &impl ConnectionTrait,
    files: &FileJobs,
    job: &Editable<import_jobs::Model>,
    body: &ImportOptions,
) -> ApiResult<Checked> {
    if !matches!(job::status(job), ImportStatus::Uploaded | ImportStatus::Analysed) {
        return Err(ApiError::WrongState(
            "The options can change only before the dry run starts or after it ends and before the commit.".into(),
        ));
    }
    let read = job::read_options(body.encoding.as_deref(), body.delimiter.as_deref(), body.sheet.as_deref())?;
    if body.batch_size.is_some_and(|b| !(1..=5000).contains(&b)) {
        return Err(ApiError::field("batch_size", FieldErrorCode::OutOfRange, "must be between 1 and 5000"));
    }
    if body.database_duplicates == DatabasePolicy::Import
        && system_settings::customers(db).await?.duplicate_mode == DuplicateMode::Block
    {
        return Err(ApiError::field(
            "database_duplicates",
            FieldErrorCode::Blocked,
            "the administrator's duplicate check blocks duplicates: choose skip or update",
        ));
    }
    let path = files.imports.open(&job.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let custom = CustomTargets::load(db).await?;
    let preview = preview::read(customer::spec(), &custom, path, job::file_kind(job), read).await?;
    job::check_mapping(customer::spec(), &custom, &body.mapping, &preview.headers)?;
    // Whether a suggestion matched exactly says nothing once the mapping is chosen.
    let mut chosen = body.mapping.clone();
    chosen.columns.iter_mut().for_each(|column| column.exact = None);
    let mapping = serde_json::to_string(&chosen).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(Checked { preview, options: body.clone(), mapping })
}

/// Saves the `checked` options of `job`, which waits for a dry run again.
pub async fn save(
    txn: &impl ConnectionTrait,
    job: Editable<import_jobs::Model>,
    checked: Checked,
    now: DateTime<Utc>,
) -> ApiResult<ImportJob> {
    let Checked { preview, options, mapping } = checked;
    let mut active: import_jobs::ActiveModel = job.into_inner().into();
    active.encoding = Set(preview.encoding);
    active.delimiter = Set(preview.delimiter);
    active.sheet = Set(preview.sheet);
    active.date_order = Set(job::date_order_name(options.date_order).into());
    active.in_file_policy = Set(job::in_file_name(options.in_file_duplicates).into());
    active.database_policy = Set(job::database_name(options.database_duplicates).into());
    active.batch_size = Set(i32::try_from(options.batch_size.unwrap_or(BATCH_SIZE)).unwrap_or(1000));
    active.mapping = Set(Some(mapping));
    active.status = Set(ImportStatus::Uploaded.as_str().into());
    active.report = Set(None);
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    Ok(to_dto(&row, now))
}
