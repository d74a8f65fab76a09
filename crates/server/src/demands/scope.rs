//! Which demands and tasks a caller sees: those of customers the caller sees at the role's demand
//! scope — and, for tasks, also the caller's own tasks wherever they are.

use crm_types::access::Resource;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait, Select,
};

use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::entities::{customers, demands, tasks};
use crate::error::{ApiError, ApiResult};

/// The caller's view of demands and tasks.
#[derive(Debug, Clone)]
pub struct DemandScope {
    customers: CustomerScope,
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

    /// Whether the caller sees the task's customer at the demand scope (not only as the task's owner).
    pub async fn sees_customer_of(&self, db: &impl ConnectionTrait, task: &tasks::Model) -> ApiResult<bool> {
        Ok(self.customers.live().filter(customers::Column::Id.eq(task.customer_id)).one(db).await?.is_some())
    }
}
