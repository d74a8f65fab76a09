//! Which demands and tasks a caller sees: those of customers the caller sees at the role's demand
//! scope — and, for tasks, also the caller's own tasks wherever they are.
//!
//! Who changes a demand: a holder of `demand.create` who is its owner or has edit rights over its
//! customer at the demand scope (owner, department subtree, all, or edit collaborator) — a view
//! collaborator changes nothing. Approving a task plan needs `demand.approve_tasks` and the same rights.
//! A new demand needs `demand.create` and edit rights over the customer.

use crm_types::access::Resource;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait, Select,
};

use crm_types::DemandId;
use crm_types::access::Permission;

use super::customers::CustomerScope;
use super::{Editable, Visible};
use crate::auth::Caller;
use crate::entities::{customers, demands, tasks};
use crate::error::{ApiError, ApiResult};

/// The caller's view of demands and tasks.
#[derive(Debug, Clone)]
pub struct DemandScope {
    pub(super) customers: CustomerScope,
    user_id: Option<i64>,
    task_origins: Option<Condition>,
}

impl DemandScope {
    /// Resolves the caller's scope over demands.
    pub async fn of(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Self> {
        Ok(Self {
            customers: CustomerScope::for_resource(caller, Resource::Demands).listing(db).await?,
            user_id: caller.user().map(|u| u.id),
            task_origins: None,
        })
    }

    /// The same scope, its tasks narrowed by `origins` (see `tasks::origins::shown`).
    pub fn showing_tasks(self, origins: Condition) -> Self {
        Self { task_origins: Some(origins), ..self }
    }

    /// Demands of live customers in scope.
    pub fn demands(&self) -> Select<demands::Entity> {
        demands::Entity::find()
            .join(JoinType::InnerJoin, demands::Relation::Customer.def())
            .filter(self.customers.condition())
            .filter(customers::Column::DeletedAt.is_null())
    }

    /// A demand in scope, or 404.
    pub async fn find(&self, db: &impl ConnectionTrait, id: i64) -> ApiResult<demands::Model> {
        self.demands()
            .filter(demands::Column::Id.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("There is no demand {id}.")))
    }

    /// Tasks of live customers in scope, and the caller's own tasks (of the origins given, if any).
    pub fn tasks(&self) -> Select<tasks::Entity> {
        let mut seen = Condition::any().add(self.customers.condition());
        if let Some(user_id) = self.user_id {
            seen = seen.add(tasks::Column::OwnerId.eq(user_id));
        }
        let select = tasks::Entity::find()
            .join(JoinType::InnerJoin, tasks::Relation::Customer.def())
            .filter(seen)
            .filter(customers::Column::DeletedAt.is_null());
        match &self.task_origins {
            Some(origins) => select.filter(origins.clone()),
            None => select,
        }
    }

    /// A task in scope, or 404.
    pub async fn find_task(&self, db: &impl ConnectionTrait, id: i64) -> ApiResult<tasks::Model> {
        self.tasks()
            .filter(tasks::Column::Id.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("There is no task {id}.")))
    }
}

/// A demand the caller sees, or 404.
pub async fn visible(db: &impl ConnectionTrait, caller: &Caller, id: DemandId) -> ApiResult<Visible<demands::Model>> {
    Ok(Visible(DemandScope::of(db, caller).await?.find(db, id.0).await?))
}

/// A demand the caller may work on with `permission`: 403 without the permission; 404 unseen; 403
/// for someone who is neither its owner nor has edit rights over its customer.
async fn workable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: DemandId,
    permission: Permission,
) -> ApiResult<Editable<demands::Model>> {
    caller.require(permission)?;
    let scope = DemandScope::of(db, caller).await?;
    let row = scope.find(db, id.0).await?;
    let owner = scope.user_id == Some(row.owner_id);
    if !owner && !scope.customers.edits(db, row.customer_id).await? {
        return Err(ApiError::ViewOnly("You may view this demand but not change it.".into()));
    }
    Ok(Editable(row))
}

/// A demand the caller may change (`demand.create`).
pub async fn editable(db: &impl ConnectionTrait, caller: &Caller, id: DemandId) -> ApiResult<Editable<demands::Model>> {
    workable(db, caller, id, Permission::DemandCreate).await
}

/// A demand whose task plan the caller may approve (`demand.approve_tasks`).
pub async fn approvable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: DemandId,
) -> ApiResult<Editable<demands::Model>> {
    workable(db, caller, id, Permission::DemandApproveTasks).await
}
