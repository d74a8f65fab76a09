//! The record an attachment belongs to decides who reads and adds its files: whoever sees the record
//! reads them; whoever may change it adds and removes them. A record outside scope is 404.

use crm_types::access::ModuleKey;
use crm_types::attachment::OwnerType;
use crm_types::{AttachmentId, CustomerId, DemandId, FollowupId, UserId};
use sea_orm::{ConnectionTrait, EntityTrait};

use super::{Editable, Visible, customers, demands, followups};
use crate::auth::Caller;
use crate::entities::attachments;
use crate::error::{ApiError, ApiResult};
use crate::modules;

/// The record files are attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// Its kind.
    pub kind: OwnerType,
    /// Its id.
    pub id: i64,
}

/// The record `owner` if the caller sees it (404 otherwise, or when its module is off).
pub async fn readable(db: &impl ConnectionTrait, caller: &Caller, owner: Owner) -> ApiResult<Visible<Owner>> {
    match owner.kind {
        OwnerType::Customer => {
            customers::visible(db, caller, CustomerId(owner.id)).await?;
        }
        OwnerType::Followup => {
            modules::require(db, ModuleKey::Followups).await?;
            followups::visible(db, caller, FollowupId(owner.id)).await?;
        }
        OwnerType::Demand => {
            modules::require(db, ModuleKey::Demands).await?;
            demands::visible(db, caller, DemandId(owner.id)).await?;
        }
    }
    Ok(Visible(owner))
}

/// The record `owner` if the caller may change its files: 404 unseen, 403 when only viewing it.
pub async fn writable(db: &impl ConnectionTrait, caller: &Caller, owner: Owner) -> ApiResult<Editable<Owner>> {
    match owner.kind {
        OwnerType::Customer => {
            customers::editable(db, caller, CustomerId(owner.id)).await?;
        }
        OwnerType::Followup => {
            modules::require(db, ModuleKey::Followups).await?;
            followups::workable(db, caller, FollowupId(owner.id)).await?;
        }
        OwnerType::Demand => {
            modules::require(db, ModuleKey::Demands).await?;
            demands::editable(db, caller, DemandId(owner.id)).await?;
        }
    }
    Ok(Editable(owner))
}

/// The user who uploads a file: 403 for an API key.
pub fn uploader(caller: &Caller) -> ApiResult<UserId> {
    caller.user().map(|u| UserId(u.id)).ok_or_else(|| ApiError::UsersOnly("Attachments are uploaded by users.".into()))
}

/// The record attachment `row` belongs to.
pub fn owner_of(row: &attachments::Model) -> ApiResult<Owner> {
    let kind = match row.owner_type.as_str() {
        "customer" => OwnerType::Customer,
        "followup" => OwnerType::Followup,
        "demand" => OwnerType::Demand,
        other => {
            return Err(ApiError::Internal(anyhow::anyhow!("attachment {} has the owner type {other:?}", row.id)));
        }
    };
    Ok(Owner { kind, id: row.owner_id })
}

/// Live attachment `id` if the caller sees its record (404 otherwise, as for a missing one).
pub async fn visible(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: AttachmentId,
) -> ApiResult<Visible<attachments::Model>> {
    let missing = || ApiError::NotFound(format!("There is no attachment {id}."));
    let row =
        attachments::Entity::find_by_id(id.0).one(db).await?.filter(|r| r.deleted_at.is_none()).ok_or_else(missing)?;
    readable(db, caller, owner_of(&row)?).await.map_err(|e| match e {
        ApiError::NotFound(_) => missing(),
        other => other,
    })?;
    Ok(Visible(row))
}

/// Live attachment `id` if the caller may remove it: 404 when its record is unseen, 403 when the
/// caller only views that record.
pub async fn removable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: AttachmentId,
) -> ApiResult<Editable<attachments::Model>> {
    let row = visible(db, caller, id).await?.into_inner();
    writable(db, caller, owner_of(&row)?).await?;
    Ok(Editable(row))
}
