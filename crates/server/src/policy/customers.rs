//! Which customers a caller sees and may change. Every customer query starts from [`CustomerScope`],
//! so a list, a count, a search, an export and a fetch by id cannot disagree; a change starts from an
//! [`Editable`] made here.
//!
//! Edit rights: the role's permission for the action, and the customer in the caller's scope through
//! ownership, the department subtree or an all-customers scope — or shared with the caller by an edit
//! collaborator. A view collaborator reads and changes nothing.

use crm_types::CustomerId;
use crm_types::FieldErrorCode;
use crm_types::access::{Permission, Resource};
use crm_types::customer::CollaboratorAccess;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Select};

use super::scope::Visibility;
use super::{Editable, Visible};
use crate::auth::Caller;
use crate::entities::{customer_collaborators, customer_handover_items, customer_handovers, customers, users};
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

    /// Whether the caller's scope gives edit rights over `row` (in scope or not): everything, the
    /// department subtree, or owning it. A customer seen only as a collaborator is editable only by an
    /// edit collaborator, which [`CustomerScope::may_edit`] reads.
    fn edits_through_scope(&self, row: &customers::Model) -> bool {
        match &self.visibility {
            Visibility::All => true,
            Visibility::Department { user_id, departments } => {
                row.owner_id == Some(*user_id) || row.department_id.is_some_and(|d| departments.contains(&d))
            }
            Visibility::Own { user_id } => row.owner_id == Some(*user_id),
            Visibility::Nothing => false,
        }
    }

    /// The customers of `rows` the caller may edit: through the scope, or as an edit collaborator.
    async fn editable_ids(&self, db: &impl ConnectionTrait, rows: &[customers::Model]) -> ApiResult<Vec<i64>> {
        let mut editable: Vec<i64> = rows.iter().filter(|r| self.edits_through_scope(r)).map(|r| r.id).collect();
        let rest: Vec<i64> = rows.iter().filter(|r| !self.edits_through_scope(r)).map(|r| r.id).collect();
        let user_id = match &self.visibility {
            Visibility::Own { user_id } | Visibility::Department { user_id, .. } => Some(*user_id),
            Visibility::All | Visibility::Nothing => None,
        };
        if let (false, Some(user_id)) = (rest.is_empty(), user_id) {
            let shared: Vec<i64> = customer_collaborators::Entity::find()
                .select_only()
                .column(customer_collaborators::Column::CustomerId)
                .filter(customer_collaborators::Column::UserId.eq(user_id))
                .filter(customer_collaborators::Column::CustomerId.is_in(rest))
                .filter(customer_collaborators::Column::Access.eq(CollaboratorAccess::Edit.as_str()))
                .into_tuple()
                .all(db)
                .await?;
            editable.extend(shared);
        }
        Ok(editable)
    }

    /// Whether the caller has edit rights over live customer `id` (false when it is not in scope).
    pub async fn edits(&self, db: &impl ConnectionTrait, id: i64) -> ApiResult<bool> {
        match self.live().filter(customers::Column::Id.eq(id)).one(db).await? {
            Some(row) => self.may_edit(db, &row).await,
            None => Ok(false),
        }
    }

    /// Whether the caller may edit `row`, a customer they see.
    pub async fn may_edit(&self, db: &impl ConnectionTrait, row: &customers::Model) -> ApiResult<bool> {
        Ok(!self.editable_ids(db, std::slice::from_ref(row)).await?.is_empty())
    }
}

/// 403 saying the caller sees the customer but may not change it.
fn view_only() -> ApiError {
    ApiError::ViewOnly("You may view this customer but not change it.".into())
}

/// A live customer the caller sees (404 outside the scope, 403 without `customer.view`).
pub async fn visible(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: CustomerId,
) -> ApiResult<Visible<customers::Model>> {
    Ok(Visible(CustomerScope::of(caller)?.find(db, id.0).await?))
}

/// A live customer the caller may work on with `permission` (`customer.edit` to change the record,
/// `followup.create` to write a follow-up on it…): 403 without the permission; 404 outside the scope;
/// 403 when the caller sees it only as a view collaborator.
pub async fn editable_for(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: CustomerId,
    permission: Permission,
) -> ApiResult<Editable<customers::Model>> {
    let scope = CustomerScope::of(caller)?;
    caller.require(permission)?;
    let row = scope.find(db, id.0).await?;
    if !scope.may_edit(db, &row).await? {
        return Err(view_only());
    }
    Ok(Editable(row))
}

/// A live customer the caller may change (`customer.edit`).
pub async fn editable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: CustomerId,
) -> ApiResult<Editable<customers::Model>> {
    editable_for(db, caller, id, Permission::CustomerEdit).await
}

/// A live customer the caller may delete: `customer.delete` and edit rights over it.
pub async fn deletable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: CustomerId,
) -> ApiResult<Editable<customers::Model>> {
    editable_for(db, caller, id, Permission::CustomerDelete).await
}

/// A deleted customer in the caller's scope that they may restore (`customer.delete`).
pub async fn restorable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: CustomerId,
) -> ApiResult<Editable<customers::Model>> {
    let scope = CustomerScope::of(caller)?;
    caller.require(Permission::CustomerDelete)?;
    let row = customers::Entity::find()
        .filter(scope.condition())
        .filter(customers::Column::Id.eq(id.0))
        .filter(customers::Column::DeletedAt.is_not_null())
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no deleted customer {id}.")))?;
    if !scope.may_edit(db, &row).await? {
        return Err(view_only());
    }
    Ok(Editable(row))
}

/// The caller's scope for a list of customers over many rows (deleted ones need `customer.delete`).
pub async fn listing(db: &impl ConnectionTrait, caller: &Caller, deleted: bool) -> ApiResult<CustomerScope> {
    let scope = CustomerScope::of(caller)?;
    if deleted {
        caller.require(Permission::CustomerDelete)?;
    }
    scope.listing(db).await
}

/// 403 unless the caller may hand customers over at all (`customer.view` and `customer.handover`).
pub fn may_hand_over(caller: &Caller) -> ApiResult<()> {
    CustomerScope::of(caller)?;
    caller.require(Permission::CustomerHandover)
}

/// Customers the caller may hand over: `customer.handover` and edit rights over every one of them.
/// All or nothing: a customer outside the scope is a 422 naming it, one seen only as a view
/// collaborator a 403.
pub async fn handover(
    db: &impl ConnectionTrait,
    caller: &Caller,
    ids: &[CustomerId],
) -> ApiResult<Vec<Editable<customers::Model>>> {
    let scope = CustomerScope::of(caller)?;
    caller.require(Permission::CustomerHandover)?;
    let rows = scope.live().filter(customers::Column::Id.is_in(ids.iter().map(|id| id.0))).all(db).await?;
    if rows.len() != ids.len() {
        let missing: Vec<String> =
            ids.iter().filter(|id| !rows.iter().any(|r| r.id == id.0)).map(ToString::to_string).collect();
        return Err(ApiError::field(
            "customer_ids",
            FieldErrorCode::NotFound,
            &format!("no such customers in your scope: {}", missing.join(", ")),
        ));
    }
    let editable = scope.editable_ids(db, &rows).await?;
    if let Some(row) = rows.iter().find(|r| !editable.contains(&r.id)) {
        return Err(ApiError::ViewOnly(format!("You may view customer {} but not hand it over.", row.code)));
    }
    Ok(rows.into_iter().map(Editable).collect())
}

/// Which handovers the caller reads: those they made, received or gave customers away in; a manager
/// also those to users of their department subtree; a caller who sees every customer, all. `None`
/// restricts nothing.
pub fn handovers(caller: &Caller) -> ApiResult<Option<Condition>> {
    let scope = CustomerScope::of(caller)?;
    let user_id = match &scope.visibility {
        Visibility::All => return Ok(None),
        Visibility::Nothing => return Ok(Some(Condition::all().add(Expr::val(1).eq(0)))),
        Visibility::Own { user_id } | Visibility::Department { user_id, .. } => *user_id,
    };
    let gave = Query::select()
        .column(customer_handover_items::Column::HandoverId)
        .from(customer_handover_items::Entity)
        .and_where(customer_handover_items::Column::FromUserId.eq(user_id))
        .to_owned();
    let mut any = Condition::any()
        .add(customer_handovers::Column::ByUserId.eq(user_id))
        .add(customer_handovers::Column::ToUserId.eq(user_id))
        .add(customer_handovers::Column::Id.in_subquery(gave));
    if let Visibility::Department { departments, .. } = &scope.visibility {
        let colleagues = Query::select()
            .column(users::Column::Id)
            .from(users::Entity)
            .and_where(users::Column::DepartmentId.is_in(departments.iter().copied()))
            .to_owned();
        any = any.add(customer_handovers::Column::ToUserId.in_subquery(colleagues));
    }
    Ok(Some(any))
}
