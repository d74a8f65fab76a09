//! Roles: create, replace the permission matrix, delete. Seeded roles keep their code and cannot be
//! deleted; the administrator role keeps every permission, so nobody locks the installation out of
//! its own administration.

use chrono::{DateTime, Utc};
use crm_types::access::Permission;
use crm_types::access::{CustomerField, Resource};
use crm_types::admin::{Role, RoleInput};
use crm_types::{FieldErrorCode, RoleId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::admin::queries::roles::find;
use crate::audit::{self, Change};
use crate::auth::{Caller, roles as role_rules};
use crate::entities::{api_keys, roles, users};
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Roles};
use crate::validation::Problems;

fn validate(input: &RoleInput) -> ApiResult<()> {
    let mut problems = Problems::default();
    let code = problems.text("code", &input.code, 50);
    let well_formed = code.starts_with(|c: char| c.is_ascii_lowercase())
        && code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !code.is_empty() && !well_formed {
        problems.add(
            "code",
            FieldErrorCode::InvalidFormat,
            "use lower-case letters, digits and '_', starting with a letter",
        );
    }
    problems.text("name", &input.name, 100);
    if input.description.chars().count() > 500 {
        problems.add("description", FieldErrorCode::TooLong, "must be at most 500 characters");
    }
    for (resource, fields) in &input.field_rules {
        for (name, access) in fields {
            let at = format!("field_rules.{}.{name}", resource_name(*resource));
            if *resource != Resource::Customers {
                problems.add(&at, FieldErrorCode::NotApplicable, "field rules apply to customers");
                continue;
            }
            match CustomerField::parse(name) {
                None => problems.add(&at, FieldErrorCode::UnknownField, "no customer field has this name"),
                Some(field) if !field.allows(*access) => problems.add(
                    &at,
                    FieldErrorCode::NotApplicable,
                    "this field cannot be hidden or masked, only made read-only",
                ),
                Some(_) => {}
            }
        }
    }
    problems.finish()
}

/// Creates a role with its permission matrix; codes are unique (409).
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Roles>,
    body: &RoleInput,
    now: DateTime<Utc>,
) -> ApiResult<Role> {
    validate(body)?;
    if roles::Entity::find().filter(roles::Column::Code.eq(body.code.trim())).one(txn).await?.is_some() {
        return Err(ApiError::AlreadyExists(format!("A role with the code {} already exists.", body.code.trim())));
    }
    let mut active =
        roles::ActiveModel { is_system: Set(false), created_at: Set(now), updated_at: Set(now), ..Default::default() };
    role_rules::apply(&mut active, body)?;
    let row = active.insert(txn).await?;
    let dto = role_rules::to_dto(&row);
    audit::record(txn, &caller.actor(), Change::new("role.create", "role", row.id).created(audit::snapshot(&dto)?))
        .await?;
    Ok(dto)
}

/// Sets role `id`'s name, description and whole permission matrix; its users get the new rights on
/// their next request.
pub async fn replace(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Roles>,
    id: RoleId,
    body: &RoleInput,
    now: DateTime<Utc>,
) -> ApiResult<Role> {
    validate(body)?;
    let current = find(txn, id).await?;
    if current.is_system && current.code != body.code.trim() {
        return Err(ApiError::field("code", FieldErrorCode::Immutable, "the code of a seeded role cannot change"));
    }
    // Nobody may lock the installation out of its own administration.
    if current.code == role_rules::ADMIN_ROLE && Permission::ALL.iter().any(|p| !body.permissions.contains(p)) {
        return Err(ApiError::field(
            "permissions",
            FieldErrorCode::AdminKeepsAll,
            "the administrator role keeps every permission",
        ));
    }
    let clash = roles::Entity::find()
        .filter(roles::Column::Code.eq(body.code.trim()))
        .filter(roles::Column::Id.ne(current.id))
        .one(txn)
        .await?;
    if clash.is_some() {
        return Err(ApiError::AlreadyExists(format!("A role with the code {} already exists.", body.code.trim())));
    }
    let mut active: roles::ActiveModel = current.clone().into();
    role_rules::apply(&mut active, body)?;
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    let (before, after) = (role_rules::to_dto(&current), role_rules::to_dto(&row));
    audit::record(
        txn,
        &caller.actor(),
        Change::new("role.update", "role", row.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}

/// Deletes role `id`: only a role that is not seeded (409) and that no user or API key has (409).
pub async fn remove(txn: &impl ConnectionTrait, caller: &Caller, _: &Admin<Roles>, id: RoleId) -> ApiResult<()> {
    let current = find(txn, id).await?;
    if current.is_system {
        return Err(ApiError::Closed("Seeded roles cannot be deleted.".into()));
    }
    let holders = users::Entity::find().filter(users::Column::RoleId.eq(current.id)).count(txn).await?
        + api_keys::Entity::find().filter(api_keys::Column::RoleId.eq(current.id)).count(txn).await?;
    if holders > 0 {
        return Err(ApiError::InUse(format!("{holders} users or API keys still have this role.")));
    }
    roles::Entity::delete_by_id(current.id).exec(txn).await?;
    let mut change = Change::new("role.delete", "role", current.id);
    change.before = Some(audit::snapshot(&role_rules::to_dto(&current))?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(())
}

/// The wire name of `resource` (`customers`).
fn resource_name(resource: Resource) -> String {
    serde_json::to_value(resource).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
