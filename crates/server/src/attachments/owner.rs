//! The record an attachment belongs to decides who reads and adds its files: whoever sees the record
//! reads them; whoever may work on it adds and removes them. A record outside scope is 404.

use crm_types::access::{ModuleKey, Permission};
use crm_types::attachment::OwnerType;
use sea_orm::ConnectionTrait;

use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::demands::scope::DemandScope;
use crate::error::ApiResult;
use crate::followups::scope::FollowupScope;
use crate::modules;

/// 404 unless the caller sees the record.
pub async fn check_readable(db: &impl ConnectionTrait, caller: &Caller, owner: OwnerType, id: i64) -> ApiResult<()> {
    match owner {
        OwnerType::Customer => {
            CustomerScope::of(caller)?.find(db, id).await?;
        }
        OwnerType::Followup => {
            modules::require(db, ModuleKey::Followups).await?;
            FollowupScope::of(db, caller).await?.find(db, id).await?;
        }
        OwnerType::Demand => {
            modules::require(db, ModuleKey::Demands).await?;
            DemandScope::of(db, caller).await?.find(db, id).await?;
        }
    }
    Ok(())
}

/// 404 unless the caller sees the record, 403 unless they may work on it.
pub async fn check_writable(db: &impl ConnectionTrait, caller: &Caller, owner: OwnerType, id: i64) -> ApiResult<()> {
    match owner {
        OwnerType::Customer => {
            CustomerScope::of(caller)?.find_editable(db, caller, id).await?;
        }
        OwnerType::Followup => {
            check_readable(db, caller, owner, id).await?;
            caller.require(Permission::FollowupCreate)?;
        }
        OwnerType::Demand => {
            check_readable(db, caller, owner, id).await?;
            caller.require(Permission::DemandCreate)?;
        }
    }
    Ok(())
}
