//! Changes to attachments: an upload kept in the store and recorded on its record, and a removal.
//! Both take the policy's proof that the caller may change the record's files, and are audited.

use chrono::{DateTime, Utc};
use crm_types::attachment::{Attachment, OwnerType, Purpose};
use crm_types::demand::DemandStatus;
use crm_types::{FieldErrorCode, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use super::kinds;
use super::queries::to_dtos;
use super::store::AttachmentStore;
use super::upload::Staged;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::db;
use crate::entities::{attachments, demands};
use crate::error::{ApiError, ApiResult};
use crate::policy::Editable;
use crate::policy::attachments::Owner;

/// The purpose of an upload to a record of `owner_type`: a confirmation goes to a demand only (422).
pub fn purpose(owner_type: OwnerType, purpose: Option<Purpose>) -> ApiResult<Purpose> {
    let purpose = purpose.unwrap_or_default();
    if purpose == Purpose::Confirmation && owner_type != OwnerType::Demand {
        return Err(ApiError::field("purpose", FieldErrorCode::NotAllowed, "only a demand takes a confirmation"));
    }
    Ok(purpose)
}

/// A received file for a record.
#[derive(Debug)]
pub struct Upload {
    /// The record, which the caller may change.
    pub owner: Editable<Owner>,
    /// What the file is for (checked by [`purpose`]).
    pub purpose: Purpose,
    /// The file, waiting in the store's staging directory.
    pub file: Staged,
}

/// Keeps `upload` by `uploader` in `store` and records it with its audit entry. The type comes from
/// the content (415 for anything not accepted). The file and its row go together: the row is written
/// in a write transaction of its own once the file is stored, and the stored file is removed again
/// when the row is not committed.
pub async fn upload(
    db: &DatabaseConnection,
    store: &dyn AttachmentStore,
    caller: &Caller,
    uploader: UserId,
    upload: Upload,
    now: DateTime<Utc>,
) -> ApiResult<Attachment> {
    let Upload { owner, purpose, file: staged } = upload;
    let Some(kind) = kinds::detect(&staged.head, &staged.file_name) else {
        return Err(ApiError::UnsupportedMediaType(
            "Only images, PDF, Word, Excel, PowerPoint and plain text files are accepted; this file's content is none of them.".into(),
        ));
    };
    let key = uuid::Uuid::new_v4().simple().to_string();
    store.put(&key, staged.path()).await.map_err(|e| ApiError::Internal(e.into()))?;
    let row = attachments::ActiveModel {
        owner_type: Set(owner.kind.as_str().to_owned()),
        owner_id: Set(owner.id),
        purpose: Set(purpose.as_str().to_owned()),
        file_name: Set(staged.file_name.clone()),
        content_type: Set(kind.mime.to_owned()),
        size_bytes: Set(i64::try_from(staged.size).unwrap_or(i64::MAX)),
        sha256: Set(staged.sha256.clone()),
        storage_key: Set(key.clone()),
        uploaded_by: Set(uploader.0),
        created_at: Set(now),
        deleted_at: Set(None),
        deleted_by: Set(None),
        ..Default::default()
    };
    staged.keep();
    let saved = async {
        let txn = db::begin_write(db).await?;
        let row = row.insert(&txn).await?;
        let dto = to_dtos(&txn, std::slice::from_ref(&row)).await?.remove(0);
        audit::record(
            &txn,
            &caller.actor(),
            Change::new("attachment.create", "attachment", row.id).created(audit::snapshot(&dto)?),
        )
        .await?;
        txn.commit().await?;
        Ok::<_, ApiError>(dto)
    }
    .await;
    if saved.is_err() {
        let _ = store.delete(&key).await;
    }
    saved
}

/// Removes `attachment` (its row stays, marked deleted, with an audit entry). A closed demand keeps
/// its confirmation (409).
pub async fn remove(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    attachment: Editable<attachments::Model>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let row = attachment.into_inner();
    if row.owner_type == OwnerType::Demand.as_str() && row.purpose == Purpose::Confirmation.as_str() {
        let demand = demands::Entity::find_by_id(row.owner_id).one(txn).await?;
        if demand.is_some_and(|d| d.status == DemandStatus::Done.as_str()) {
            return Err(ApiError::Closed("The confirmation of a closed demand is kept.".into()));
        }
    }
    attachments::Entity::update_many()
        .col_expr(attachments::Column::DeletedAt, Expr::value(now))
        .col_expr(attachments::Column::DeletedBy, Expr::value(caller.user().map(|u| u.id)))
        .filter(attachments::Column::Id.eq(row.id))
        .exec(txn)
        .await?;
    let before =
        serde_json::json!({"file_name": row.file_name, "owner_type": row.owner_type, "owner_id": row.owner_id});
    audit::record(
        txn,
        &caller.actor(),
        Change::new("attachment.delete", "attachment", row.id).diff(&before, &serde_json::json!({})),
    )
    .await?;
    Ok(())
}
