//! Which customers a caller sees and may change. Every customer query starts from [`visible`], so a
//! list, a count, a search, an export and a fetch by id cannot disagree.

use crm_types::access::{Permission, Resource};
use crm_types::customer::CollaboratorAccess;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};

use crate::auth::Caller;
use crate::auth::scope::Visibility;
use crate::entities::{customer_collaborators, customers};
use crate::error::{ApiError, ApiResult};

/// The caller's view of the customers: the scope, and how the customers shared with the caller are
/// told (see [`CustomerScope::listing`]).
#[derive(Debug, Clone)]
pub struct CustomerScope {
    /// Rows the caller may see.
    pub visibility: Visibility,
    /// Customers the caller collaborates on (only for personal and departmental scopes).
    shared: Shared,
}

/// The customers shared with a user: a subquery, or, resolved for a list, their ids when they are few
/// (so that the databases combine indexes instead of scanning).
#[derive(Debug, Clone)]
enum Shared {
    None,
    Ids(Vec<i64>),
    Subquery(i64),
}

/// Above this many shared customers the scope keeps a subquery rather than a list of ids.
const SHARED_IDS_MAX: u64 = 500;

impl CustomerScope {
    /// The caller's scope (403 without `customer.view`).
    pub fn of(caller: &Caller) -> ApiResult<Self> {
        caller.require(Permission::CustomerView)?;
        Ok(Self::for_resource(caller, Resource::Customers))
    }

    /// The customers whose records of `resource` (follow-ups, demands…) the caller sees: those the
    /// caller owns or collaborates on, or owned in the department subtree, as the role's scope over
    /// `resource` says.
    pub fn for_resource(caller: &Caller, resource: Resource) -> Self {
        let visibility = Visibility::of(caller, resource);
        let shared = match &visibility {
            Visibility::Own { user_id } | Visibility::Department { user_id, .. } => Shared::Subquery(*user_id),
            Visibility::All | Visibility::Nothing => Shared::None,
        };
        Self { visibility, shared }
    }

    /// The scope made ready for a query over many rows: the customers shared with the caller read
    /// once, as ids when they are few. A fetch by id does not need this (the subquery costs nothing
    /// for one row).
    pub async fn listing(mut self, db: &impl ConnectionTrait) -> ApiResult<Self> {
        if let Shared::Subquery(user_id) = self.shared {
            let ids: Vec<i64> = customer_collaborators::Entity::find()
                .select_only()
                .column(customer_collaborators::Column::CustomerId)
                .filter(customer_collaborators::Column::UserId.eq(user_id))
                .limit(SHARED_IDS_MAX + 1)
                .into_tuple()
                .all(db)
                .await?;
            self.shared = match ids.len() as u64 {
                0 => Shared::None,
                n if n > SHARED_IDS_MAX => Shared::Subquery(user_id),
                _ => Shared::Ids(ids),
            };
        }
        Ok(self)
    }

    /// The condition on `customers` rows: owned, collaborated on, or in the department subtree.
    pub fn condition(&self) -> Condition {
        let id = Expr::col((customers::Entity, customers::Column::Id));
        let shared = match &self.shared {
            Shared::None => None,
            Shared::Ids(ids) => Some(id.is_in(ids.iter().copied())),
            Shared::Subquery(user_id) => Some(
                id.in_subquery(
                    Query::select()
                        .column(customer_collaborators::Column::CustomerId)
                        .from(customer_collaborators::Entity)
                        .and_where(customer_collaborators::Column::UserId.eq(*user_id))
                        .to_owned(),
                ),
            ),
        };
        self.visibility.condition(customers::Column::OwnerId, customers::Column::DepartmentId, shared)
    }

    /// Live (not deleted) customers in scope.
    pub fn live(&self) -> Select<customers::Entity> {
        customers::Entity::find().filter(self.condition()).filter(customers::Column::DeletedAt.is_null())
    }

    /// A live customer in scope, or 404.
    pub async fn find(&self, db: &impl ConnectionTrait, id: i64) -> ApiResult<customers::Model> {
        self.live()
            .filter(customers::Column::Id.eq(id))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::NotFound(format!("There is no customer {id}.")))
    }

    /// A live customer in scope that the caller may edit: 404 outside the scope, 403 without
    /// `customer.edit` or when only a view-collaborator of someone else's customer.
    pub async fn find_editable(
        &self,
        db: &impl ConnectionTrait,
        caller: &Caller,
        id: i64,
    ) -> ApiResult<customers::Model> {
        let row = self.find(db, id).await?;
        caller.require(Permission::CustomerEdit)?;
        // Seen only as a collaborator (not owned, not in one's department subtree): the collaborator's
        // access decides.
        let through_scope = match &self.visibility {
            Visibility::All => true,
            Visibility::Department { departments, .. } => row.department_id.is_some_and(|d| departments.contains(&d)),
            Visibility::Own { .. } | Visibility::Nothing => false,
        };
        if !through_scope {
            let user_id = caller.user().map(|u| u.id);
            if row.owner_id.is_none() || row.owner_id != user_id {
                let access = match user_id {
                    Some(user_id) => {
                        customer_collaborators::Entity::find_by_id((row.id, user_id)).one(db).await?.map(|c| c.access)
                    }
                    None => None,
                };
                if access.as_deref() != Some(CollaboratorAccess::Edit.as_str()) {
                    return Err(ApiError::Forbidden("You collaborate on this customer with view access only.".into()));
                }
            }
        }
        Ok(row)
    }
}
