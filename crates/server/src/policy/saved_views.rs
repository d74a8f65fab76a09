//! Who sees and changes saved views. A view belongs to a user (API keys keep none) who reads the list
//! it is of; it is seen by its owner and, when shared, by the users of the department it was shared
//! with; only its owner changes or deletes it.

use std::ops::Deref;

use crm_types::access::Permission;
use crm_types::saved_view::{ViewResource, ViewVisibility};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait};

use super::Editable;
use crate::auth::Caller;
use crate::entities::{saved_views, users};
use crate::error::{ApiError, ApiResult};

/// A user who may keep views of a list: signed in, and reading that list. Only [`viewer`] makes one.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a>(&'a users::Model);

impl Deref for Viewer<'_> {
    type Target = users::Model;

    fn deref(&self) -> &users::Model {
        self.0
    }
}

/// One of the caller's own views, with the caller as its owner.
#[derive(Debug, Clone)]
pub struct OwnView {
    /// The view.
    pub view: saved_views::Model,
    /// Its owner, the caller.
    pub owner: users::Model,
}

/// The signed-in user behind the caller (403 for API keys, which own no views).
fn user_of(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::UsersOnly("Saved views belong to users, not API keys.".into()))
}

/// The caller as a keeper of views of `resource`: 403 for an API key or without the list's permission.
pub fn viewer(caller: &Caller, resource: ViewResource) -> ApiResult<Viewer<'_>> {
    let user = user_of(caller)?;
    match resource {
        ViewResource::Customers => caller.require(Permission::CustomerView)?,
    }
    Ok(Viewer(user))
}

/// The views `viewer` sees: their own and those shared with their department.
pub fn seen_by(viewer: &Viewer<'_>) -> Condition {
    let mut seen = Condition::any().add(saved_views::Column::OwnerId.eq(viewer.id));
    if let Some(department) = viewer.department_id {
        seen = seen.add(
            Condition::all()
                .add(saved_views::Column::Visibility.eq(ViewVisibility::Department.as_str()))
                .add(saved_views::Column::DepartmentId.eq(department)),
        );
    }
    seen
}

/// Whether `user` sees `row`: they own it, or it is shared with their department.
fn visible_to(row: &saved_views::Model, user: &users::Model) -> bool {
    row.owner_id == user.id
        || (row.visibility == ViewVisibility::Department.as_str()
            && row.department_id.is_some()
            && row.department_id == user.department_id)
}

/// The caller's own view `id`: 404 when they cannot see it, 403 when it is shared with them but
/// someone else's.
pub async fn editable(db: &impl ConnectionTrait, caller: &Caller, id: i64) -> ApiResult<Editable<OwnView>> {
    let not_found = || ApiError::NotFound(format!("There is no saved view {id}."));
    user_of(caller)?;
    let row = saved_views::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    let resource = ViewResource::parse(&row.resource).ok_or_else(not_found)?;
    let user = viewer(caller, resource)?;
    if !visible_to(&row, &user) {
        return Err(not_found());
    }
    if row.owner_id != user.id {
        return Err(ApiError::ViewOnly("Only its owner may change or delete a saved view.".into()));
    }
    Ok(Editable(OwnView { view: row, owner: user.0.clone() }))
}
