//! Which follow-ups a caller sees: those on customers the caller sees at the role's follow-up scope
//! (owned, collaborated on, or in the department subtree), and always the caller's own, so that an
//! author whose customer was handed to someone else can still read and correct what they wrote. Lists
//! and fetches by id both start here.
//!
//! Who changes one: its author corrects it (the record is the author's account of a contact); a
//! reviewer (`followup.review`, never the author, with edit rights over the customer) approves or
//! returns it; files are added to it by its
//! author or by whoever may write follow-ups on its customer. A new follow-up needs `followup.create`
//! and edit rights over the customer ([`super::customers::editable_for`]).

use crm_types::access::Resource;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait, Select,
};

use crm_types::FollowupId;
use crm_types::access::Permission;

use super::customers::CustomerScope;
use super::{Editable, Visible};
use crate::auth::Caller;
use crate::entities::{customers, followups};
use crate::error::{ApiError, ApiResult};

/// The caller's view of the follow-ups.
#[derive(Debug, Clone)]
pub struct FollowupScope {
    customers: CustomerScope,
    /// The signed-in user, who sees what they wrote.
    author: Option<i64>,
}

impl FollowupScope {
    /// Resolves the caller's scope over follow-ups.
    pub async fn of(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Self> {
        let customers = CustomerScope::for_resource(caller, Resource::Followups).listing(db).await?;
        Ok(Self { customers, author: caller.user().map(|u| u.id) })
    }

    /// Follow-ups of live customers in scope, and the caller's own.
    pub fn visible(&self) -> Select<followups::Entity> {
        let in_scope = self.customers.condition();
        let condition = match self.author {
            Some(me) => Condition::any().add(in_scope).add(followups::Column::AuthorId.eq(me)),
            None => in_scope,
        };
        followups::Entity::find()
            .join(JoinType::InnerJoin, followups::Relation::Customer.def())
            .filter(condition)
            .filter(customers::Column::DeletedAt.is_null())
    }

    /// A follow-up in scope, or 404.
    pub async fn find(&self, db: &impl ConnectionTrait, id: i64) -> ApiResult<followups::Model> {
        self.visible()
            .filter(followups::Column::Id.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("There is no follow-up {id}.")))
    }
}

/// A follow-up the caller sees, or 404.
pub async fn visible(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: FollowupId,
) -> ApiResult<Visible<followups::Model>> {
    Ok(Visible(FollowupScope::of(db, caller).await?.find(db, id.0).await?))
}

/// The caller's user id: follow-ups are written and reviewed by people, not API keys.
fn author_of(caller: &Caller) -> ApiResult<i64> {
    caller
        .user()
        .map(|u| u.id)
        .ok_or_else(|| ApiError::UsersOnly("Follow-ups are written and reviewed by users.".into()))
}

/// A follow-up its author may correct: 404 unseen, 403 for anyone but the author.
pub async fn correctable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: FollowupId,
) -> ApiResult<Editable<followups::Model>> {
    let me = author_of(caller)?;
    let row = visible(db, caller, id).await?.into_inner();
    if row.author_id != me {
        return Err(ApiError::ViewOnly("Only the author corrects a follow-up.".into()));
    }
    Ok(Editable(row))
}

/// A follow-up the caller may review: `followup.review`, seen, and written by someone else.
pub async fn reviewable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: FollowupId,
) -> ApiResult<Editable<followups::Model>> {
    caller.require(Permission::FollowupReview)?;
    let me = author_of(caller)?;
    let scope = FollowupScope::of(db, caller).await?;
    let row = scope.find(db, id.0).await?;
    if row.author_id == me {
        return Err(ApiError::Forbidden("A follow-up is reviewed by someone other than its author.".into()));
    }
    if !scope.customers.edits(db, row.customer_id).await? {
        return Err(ApiError::ViewOnly("You may view this follow-up but not review it.".into()));
    }
    Ok(Editable(row))
}

/// A follow-up the caller may add files to or remove them from: its author, or whoever may write
/// follow-ups on its customer.
pub async fn workable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: FollowupId,
) -> ApiResult<Editable<followups::Model>> {
    let scope = FollowupScope::of(db, caller).await?;
    let row = scope.find(db, id.0).await?;
    if caller.user().is_some_and(|u| u.id == row.author_id) {
        return Ok(Editable(row));
    }
    caller.require(Permission::FollowupCreate)?;
    if !scope.customers.edits(db, row.customer_id).await? {
        return Err(ApiError::ViewOnly("You may view this follow-up but not change it.".into()));
    }
    Ok(Editable(row))
}
