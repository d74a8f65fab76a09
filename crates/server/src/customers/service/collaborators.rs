//! Collaborators (协作人): colleagues who see, or see and edit, someone else's customer.

use chrono::{DateTime, Utc};
use crm_types::customer::CollaboratorAccess;
use crm_types::{FieldErrorCode, UserId};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::service::events::{self, Event};
use crate::entities::{customer_collaborators, customers};
use crate::error::{ApiError, ApiResult};
use crate::lookups::active_user;
use crate::policy::Editable;

/// Makes `user` a collaborator of `customer` with `access` (or changes their access).
pub async fn put(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    user: UserId,
    access: CollaboratorAccess,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let user = active_user(txn, user.0)
        .await?
        .ok_or_else(|| ApiError::field("user_id", FieldErrorCode::NotFound, "no such active user"))?;
    if customer.owner_id == Some(user.id) {
        return Err(ApiError::field("user_id", FieldErrorCode::Owner, "the owner already has the customer"));
    }
    customer_collaborators::Entity::insert(customer_collaborators::ActiveModel {
        customer_id: Set(customer.id),
        user_id: Set(user.id),
        access: Set(access.as_str().to_owned()),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([customer_collaborators::Column::CustomerId, customer_collaborators::Column::UserId])
            .update_column(customer_collaborators::Column::Access)
            .to_owned(),
    )
    .exec(txn)
    .await?;
    let actor_id = caller.user().map(|u| u.id);
    let detail = format!("{} ({})", user.display_name, access.as_str());
    events::record(txn, customer.id, actor_id, Event::new("collaborator_added").detail(detail), now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.collaborator_put", "customer", customer.id)
            .created(serde_json::json!({"user_id": user.id, "access": access})),
    )
    .await?;
    Ok(())
}

/// Removes `user` from the collaborators of `customer` (404 when they are none).
pub async fn remove(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    user: UserId,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let removed = customer_collaborators::Entity::delete_many()
        .filter(customer_collaborators::Column::CustomerId.eq(customer.id))
        .filter(customer_collaborators::Column::UserId.eq(user.0))
        .exec(txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::NotFound(format!("User {user} does not collaborate on customer {}.", customer.id)));
    }
    let names = crate::lookups::user_names(txn, [user.0]).await?;
    let name = names.get(&user.0).cloned().unwrap_or_default();
    let actor_id = caller.user().map(|u| u.id);
    events::record(txn, customer.id, actor_id, Event::new("collaborator_removed").detail(name), now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.collaborator_remove", "customer", customer.id)
            .created(serde_json::json!({"user_id": user, "removed": true})),
    )
    .await?;
    Ok(())
}
