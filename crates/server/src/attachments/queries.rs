//! Reads of attachments: a record's files with their uploaders' names, one file's stored content,
//! and what an upload may be.

use std::path::PathBuf;

use crm_types::UserId;
use crm_types::attachment::{AcceptedType, Attachment, AttachmentLimits, Purpose};
use crm_types::followup::UserRef;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::kinds;
use super::store::AttachmentStore;
use crate::entities::attachments;
use crate::error::{ApiError, ApiResult};
use crate::lookups::user_names;
use crate::policy::Visible;
use crate::policy::attachments::{Owner, owner_of};

/// Whether browsers may show a file of `content_type` inline (images and PDF).
pub fn previewable(content_type: &str) -> bool {
    content_type.starts_with("image/") || content_type == "application/pdf"
}

/// The wire form of `rows`, with the names of their uploaders.
pub async fn to_dtos(db: &impl ConnectionTrait, rows: &[attachments::Model]) -> ApiResult<Vec<Attachment>> {
    let names = user_names(db, rows.iter().map(|r| r.uploaded_by)).await?;
    rows.iter()
        .map(|row| {
            Ok(Attachment {
                id: crm_types::AttachmentId(row.id),
                owner_type: owner_of(row)?.kind,
                owner_id: row.owner_id,
                purpose: if row.purpose == Purpose::Confirmation.as_str() {
                    Purpose::Confirmation
                } else {
                    Purpose::General
                },
                file_name: row.file_name.clone(),
                content_type: row.content_type.clone(),
                size_bytes: row.size_bytes,
                previewable: previewable(&row.content_type),
                uploaded_by: UserRef {
                    id: UserId(row.uploaded_by),
                    name: names.get(&row.uploaded_by).cloned().unwrap_or_default(),
                },
                created_at: row.created_at,
            })
        })
        .collect()
}

/// The live files of `owner`, newest first.
pub async fn list(db: &impl ConnectionTrait, owner: &Visible<Owner>) -> ApiResult<Vec<Attachment>> {
    let rows = attachments::Entity::find()
        .filter(attachments::Column::OwnerType.eq(owner.kind.as_str()))
        .filter(attachments::Column::OwnerId.eq(owner.id))
        .filter(attachments::Column::DeletedAt.is_null())
        .order_by_desc(attachments::Column::Id)
        .all(db)
        .await?;
    to_dtos(db, &rows).await
}

/// A file to send: where its bytes are, its name and its stored type.
#[derive(Debug)]
pub struct Content {
    /// The local path to stream from.
    pub path: PathBuf,
    /// The safe name it was uploaded under.
    pub file_name: String,
    /// The type found in its content.
    pub content_type: String,
    /// Whether browsers may show it inline.
    pub previewable: bool,
}

/// The stored bytes of `attachment`.
pub async fn content(store: &dyn AttachmentStore, attachment: Visible<attachments::Model>) -> ApiResult<Content> {
    let row = attachment.into_inner();
    let path = store.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let previewable = previewable(&row.content_type);
    Ok(Content { path, file_name: row.file_name, content_type: row.content_type, previewable })
}

/// The largest file accepted and the types accepted, with their usual extensions.
pub fn limits(max_bytes: u64) -> AttachmentLimits {
    let accepted = kinds::accepted()
        .map(|(mime, previewable, extensions)| AcceptedType {
            content_type: mime.to_owned(),
            extensions: extensions.iter().map(|e| (*e).to_owned()).collect(),
            previewable,
        })
        .collect();
    AttachmentLimits { max_bytes, accepted }
}
