//! An upload: the file kept in the import store with its preview ([`store`], before any write), then
//! recorded as a new job waiting for its options ([`record`]).

use chrono::{DateTime, Utc};
use crm_types::UserId;
use crm_types::import::{FileKind, ImportPreview, ImportStatus, UploadedImport};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use crate::attachments::upload::Staged;
use crate::entities::import_jobs;
use crate::error::{ApiError, ApiResult};
use crate::imports::pipeline::custom_fields::CustomTargets;
use crate::imports::pipeline::job::BATCH_SIZE;
use crate::imports::pipeline::source::{self, ReadOptions};
use crate::imports::pipeline::{customer, preview};
use crate::imports::queries::jobs::to_dto;
use crate::jobs::files::FileJobs;

/// An uploaded file in the import store, read far enough for the preview.
#[derive(Debug)]
pub struct Stored {
    key: String,
    file_name: String,
    kind: FileKind,
    size: u64,
    sha256: String,
    preview: ImportPreview,
}

/// Keeps the `staged` file (CSV, XLSX or XLS, decided by its content) in the import store and reads
/// its start as `read` says: headers, first rows, proposed mapping. A file that cannot be read is
/// removed again.
pub async fn store(
    db: &impl ConnectionTrait,
    files: &FileJobs,
    read: ReadOptions,
    staged: Staged,
) -> ApiResult<Stored> {
    let custom = CustomTargets::load(db).await?;
    let kind = source::kind_of(&staged.head);
    let key = uuid::Uuid::new_v4().simple().to_string();
    files.imports.put(&key, staged.path()).await.map_err(|e| ApiError::Internal(e.into()))?;
    let file_name = staged.file_name.clone();
    let (size, sha256) = (staged.size, staged.sha256.clone());
    staged.keep();
    let path = files.imports.open(&key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let preview = match preview::read(customer::spec(), &custom, path, kind, read).await {
        Ok(preview) => preview,
        Err(error) => {
            let _ = files.imports.delete(&key).await;
            return Err(error);
        }
    };
    Ok(Stored { key, file_name, kind, size, sha256, preview })
}

/// Records `stored` as a new customer import of `user`, with the detected settings and the default
/// policies; the job and the preview.
pub async fn record(
    txn: &impl ConnectionTrait,
    user: UserId,
    stored: Stored,
    now: DateTime<Utc>,
) -> ApiResult<UploadedImport> {
    let Stored { key, file_name, kind, size, sha256, preview } = stored;
    let row = import_jobs::ActiveModel {
        target: Set("customer".into()),
        file_name: Set(file_name),
        file_kind: Set(kind.as_str().into()),
        size_bytes: Set(i64::try_from(size).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        storage_key: Set(key),
        encoding: Set(preview.encoding.clone()),
        delimiter: Set(preview.delimiter.clone()),
        sheet: Set(preview.sheet.clone()),
        date_order: Set("auto".into()),
        in_file_policy: Set("skip".into()),
        database_policy: Set("skip".into()),
        batch_size: Set(i32::try_from(BATCH_SIZE).unwrap_or(1000)),
        status: Set(ImportStatus::Uploaded.as_str().into()),
        created_by: Set(user.0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(UploadedImport { job: to_dto(&row, now), preview })
}
