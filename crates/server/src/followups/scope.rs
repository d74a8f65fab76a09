//! Which follow-ups a caller sees: those on customers the caller sees at the role's follow-up scope
//! (owned, collaborated on, or in the department subtree). Lists and fetches by id both start here.

use crm_types::access::Resource;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait, Select};

use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::entities::{customers, followups};
use crate::error::{ApiError, ApiResult};

/// The caller's view of the follow-ups.
#[derive(Debug, Clone)]
pub struct FollowupScope {
    customers: CustomerScope,
}

impl FollowupScope {
    /// Resolves the caller's scope over follow-ups.
    pub async fn of(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Self> {
        Ok(Self { customers: CustomerScope::for_resource(caller, Resource::Followups).listing(db).await? })
    }

    /// Follow-ups of live customers in scope.
    pub fn visible(&self) -> Select<followups::Entity> {
        followups::Entity::find()
            .join(JoinType::InnerJoin, followups::Relation::Customer.def())
            .filter(self.customers.condition())
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
