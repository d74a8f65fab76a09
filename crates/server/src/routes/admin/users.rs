//! User accounts: list, create with an initial password, change, disable, reset the password.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use crm_domain::{Email, Mobile, Password};
use crm_types::access::Permission;
use crm_types::admin::{NewUser, PasswordReset, User, UserPatch};
use crm_types::{DepartmentId, RoleId, UserId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::{Caller, passwords, sessions};
use crate::db;
use crate::entities::{departments, roles, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(update).service(reset_password);
}

/// The wire form of a user.
pub fn to_dto(row: &users::Model) -> User {
    User {
        id: UserId(row.id),
        username: row.username.clone(),
        display_name: row.display_name.clone(),
        email: row.email.clone(),
        mobile: row.mobile.clone(),
        department_id: row.department_id.map(DepartmentId),
        role_id: RoleId(row.role_id),
        is_active: row.is_active,
        must_change_password: row.must_change_password,
        last_login_at: row.last_login_at,
        created_at: row.created_at,
    }
}

async fn find(db: &impl ConnectionTrait, id: i64) -> ApiResult<users::Model> {
    users::Entity::find_by_id(id).one(db).await?.ok_or_else(|| ApiError::NotFound(format!("There is no user {id}.")))
}

async fn check_department(
    db: &impl ConnectionTrait,
    problems: &mut Problems,
    id: Option<DepartmentId>,
) -> ApiResult<()> {
    if let Some(id) = id {
        match departments::Entity::find_by_id(id.0).one(db).await? {
            None => problems.add("department_id", "not_found", "no such department"),
            Some(d) if !d.is_active => problems.add("department_id", "inactive", "the department is disabled"),
            Some(_) => {}
        }
    }
    Ok(())
}

async fn check_role(db: &impl ConnectionTrait, problems: &mut Problems, id: RoleId) -> ApiResult<()> {
    if roles::Entity::find_by_id(id.0).one(db).await?.is_none() {
        problems.add("role_id", "not_found", "no such role");
    }
    Ok(())
}

fn email(problems: &mut Problems, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match Email::parse(raw) {
        Ok(email) => Some(email.as_str().to_owned()),
        Err(e) => {
            problems.domain(e);
            None
        }
    }
}

fn mobile(problems: &mut Problems, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
    match Mobile::parse(raw) {
        Ok(mobile) => Some(mobile.as_str().to_owned()),
        Err(e) => {
            problems.domain(e);
            None
        }
    }
}

/// List users.
///
/// Every account, active or disabled, ordered by username.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The users.", body = Vec<User>), AuthErrors)
)]
#[get("/users")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<User>>> {
    caller.require(Permission::AdminUsers)?;
    let rows = users::Entity::find().order_by_asc(users::Column::Username).all(&state.db).await?;
    Ok(web::Json(rows.iter().map(to_dto).collect()))
}

/// Create a user.
///
/// Creates an account with an initial password that the user must change at the first sign-in.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewUser,
    responses((status = 201, description = "Created.", body = User), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/users")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewUser>) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminUsers)?;
    let mut problems = Problems::default();
    let username = problems.text("username", &body.username, 64);
    if !username.is_empty()
        && (username.chars().count() < 2
            || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        problems.add("username", "invalid_format", "use 2 to 64 letters, digits, '.', '_' or '-'");
    }
    let display_name = problems.text("display_name", &body.display_name, 100);
    let email = email(&mut problems, body.email.as_deref());
    let mobile = mobile(&mut problems, body.mobile.as_deref());
    let password =
        Password::parse(&body.initial_password).map_err(|e| problems.add("initial_password", e.code, &e.message)).ok();
    check_department(&state.db, &mut problems, body.department_id).await?;
    check_role(&state.db, &mut problems, body.role_id).await?;
    problems.finish()?;
    let Some(password) = password else { return Err(ApiError::field("initial_password", "invalid", "is invalid")) };
    let hash = passwords::hash(&password).await?;
    let txn = db::begin_write(&state.db).await?;
    let taken = users::Entity::find()
        .filter(users::Column::Username.eq(&username).or(users::Column::Email.is_in(email.clone())))
        .one(&txn)
        .await?;
    if let Some(taken) = taken {
        let what = if taken.username == username { "username" } else { "e-mail address" };
        return Err(ApiError::Conflict(format!("Another account already uses this {what}.")));
    }
    let now = Utc::now();
    let row = users::ActiveModel {
        username: Set(username),
        email: Set(email),
        mobile: Set(mobile),
        display_name: Set(display_name),
        password_hash: Set(hash),
        department_id: Set(body.department_id.map(|d| d.0)),
        role_id: Set(body.role_id.0),
        must_change_password: Set(true),
        is_active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let dto = to_dto(&row);
    audit::record(&txn, &caller.actor(), Change::new("user.create", "user", row.id).created(audit::snapshot(&dto)?))
        .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Get a user.
///
/// One account.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id.")),
    responses((status = 200, description = "The user.", body = User), AuthErrors, NotFound, BadParameters)
)]
#[get("/users/{id}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<User>> {
    caller.require(Permission::AdminUsers)?;
    Ok(web::Json(to_dto(&find(&state.db, id.into_inner()).await?)))
}

/// Change a user.
///
/// Changes the name, contact details, department or role, or disables the account (which ends its
/// sessions at once). A role change takes effect on the user's next request.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id.")),
    request_body = UserPatch,
    responses(
        (status = 200, description = "Changed.", body = User),
        AuthErrors, NotFound, Conflict, BadParameters, JsonBodyErrors
    )
)]
#[patch("/users/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<UserPatch>,
) -> ApiResult<web::Json<User>> {
    caller.require(Permission::AdminUsers)?;
    let id = id.into_inner();
    let current = find(&state.db, id).await?;
    let mut problems = Problems::default();
    let mut active: users::ActiveModel = current.clone().into();
    if let Some(name) = &body.display_name {
        active.display_name = Set(problems.text("display_name", name, 100));
    }
    if let Some(raw) = &body.email {
        active.email = Set(email(&mut problems, raw.as_deref()));
    }
    if let Some(raw) = &body.mobile {
        active.mobile = Set(mobile(&mut problems, raw.as_deref()));
    }
    if let Some(department) = body.department_id {
        check_department(&state.db, &mut problems, department).await?;
        active.department_id = Set(department.map(|d| d.0));
    }
    if let Some(role) = body.role_id {
        check_role(&state.db, &mut problems, role).await?;
        active.role_id = Set(role.0);
    }
    let is_self = caller.user().is_some_and(|me| me.id == id);
    if is_self && body.is_active == Some(false) {
        problems.add("is_active", "self", "you cannot disable your own account");
    }
    if is_self && body.role_id.is_some_and(|r| r.0 != current.role_id) {
        problems.add("role_id", "self", "you cannot change your own role");
    }
    if let Some(is_active) = body.is_active {
        active.is_active = Set(is_active);
    }
    problems.finish()?;
    active.updated_at = Set(Utc::now());
    let txn = db::begin_write(&state.db).await?;
    let row = active.update(&txn).await?;
    if !row.is_active && current.is_active {
        sessions::revoke_all(&txn, id, Utc::now()).await?;
    }
    let (before, after) = (to_dto(&current), to_dto(&row));
    let action = if row.role_id != current.role_id { "user.role_change" } else { "user.update" };
    audit::record(
        &txn,
        &caller.actor(),
        Change::new(action, "user", id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(after))
}

/// Reset a user's password.
///
/// Sets a new initial password, ends the user's sessions and makes them change it at the next sign-in.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id.")),
    request_body = PasswordReset,
    responses((status = 204, description = "Reset."), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[post("/users/{id}/password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<PasswordReset>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::AdminUsers)?;
    let id = id.into_inner();
    let current = find(&state.db, id).await?;
    if caller.user().is_some_and(|me| me.id == id) {
        return Err(ApiError::field("id", "self", "change your own password with POST /api/v1/auth/password"));
    }
    let password =
        Password::parse(&body.new_password).map_err(|e| ApiError::field("new_password", e.code, &e.message))?;
    let hash = passwords::hash(&password).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let mut active: users::ActiveModel = current.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(true);
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    sessions::revoke_all(&txn, id, now).await?;
    audit::record(&txn, &caller.actor(), Change::new("user.password_reset", "user", id)).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
