//! User accounts: create with an initial password, change (disabling ends the sessions), reset the
//! password. The slow part of a password — hashing it — is done before the transaction.

use chrono::{DateTime, Utc};
use crm_domain::{Email, Mobile, Password};
use crm_types::admin::{NewUser, PasswordReset, User, UserPatch};
use crm_types::{DepartmentId, FieldErrorCode, RoleId, UserId};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::admin::queries::users::{find, to_dto};
use crate::audit::{self, Change};
use crate::auth::{Caller, passwords, sessions};
use crate::entities::{departments, roles, users};
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Users};
use crate::validation::Problems;

async fn check_department(
    db: &impl ConnectionTrait,
    problems: &mut Problems,
    id: Option<DepartmentId>,
) -> ApiResult<()> {
    if let Some(id) = id {
        match departments::Entity::find_by_id(id.0).one(db).await? {
            None => problems.add("department_id", FieldErrorCode::NotFound, "no such department"),
            Some(d) if !d.is_active => {
                problems.add("department_id", FieldErrorCode::Inactive, "the department is disabled")
            }
            Some(_) => {}
        }
    }
    Ok(())
}

async fn check_role(db: &impl ConnectionTrait, problems: &mut Problems, id: RoleId) -> ApiResult<()> {
    if roles::Entity::find_by_id(id.0).one(db).await?.is_none() {
        problems.add("role_id", FieldErrorCode::NotFound, "no such role");
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

/// A new account checked (every problem in one 422), its initial password hashed.
#[derive(Debug)]
pub struct NewAccount {
    username: String,
    display_name: String,
    email: Option<String>,
    mobile: Option<String>,
    password_hash: String,
    department_id: Option<DepartmentId>,
    role_id: RoleId,
}

impl NewAccount {
    /// Checks `body` (the department and role against `db`) and hashes the initial password.
    pub async fn check(db: &impl ConnectionTrait, _: &Admin<Users>, body: &NewUser) -> ApiResult<Self> {
        let mut problems = Problems::default();
        let username = problems.text("username", &body.username, 64);
        if !username.is_empty()
            && (username.chars().count() < 2
                || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            problems.add("username", FieldErrorCode::InvalidFormat, "use 2 to 64 letters, digits, '.', '_' or '-'");
        }
        let display_name = problems.text("display_name", &body.display_name, 100);
        let email = email(&mut problems, body.email.as_deref());
        let mobile = mobile(&mut problems, body.mobile.as_deref());
        let password = Password::parse(&body.initial_password)
            .map_err(|e| problems.add("initial_password", e.code, &e.message))
            .ok();
        check_department(db, &mut problems, body.department_id).await?;
        check_role(db, &mut problems, body.role_id).await?;
        problems.finish()?;
        let Some(password) = password else {
            return Err(ApiError::field("initial_password", FieldErrorCode::Invalid, "is invalid"));
        };
        Ok(Self {
            username,
            display_name,
            email,
            mobile,
            password_hash: passwords::hash(&password).await?,
            department_id: body.department_id,
            role_id: body.role_id,
        })
    }
}

/// Creates the account (409 when its username or e-mail address is taken); the user must change the
/// initial password at the first sign-in.
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Users>,
    account: NewAccount,
    now: DateTime<Utc>,
) -> ApiResult<User> {
    let taken = users::Entity::find()
        .filter(users::Column::Username.eq(&account.username).or(users::Column::Email.is_in(account.email.clone())))
        .one(txn)
        .await?;
    if let Some(taken) = taken {
        let what = if taken.username == account.username { "username" } else { "e-mail address" };
        return Err(ApiError::AlreadyExists(format!("Another account already uses this {what}.")));
    }
    let row = users::ActiveModel {
        username: Set(account.username),
        email: Set(account.email),
        mobile: Set(account.mobile),
        display_name: Set(account.display_name),
        password_hash: Set(account.password_hash),
        department_id: Set(account.department_id.map(|d| d.0)),
        role_id: Set(account.role_id.0),
        must_change_password: Set(true),
        is_active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let dto = to_dto(&row);
    audit::record(txn, &caller.actor(), Change::new("user.create", "user", row.id).created(audit::snapshot(&dto)?))
        .await?;
    Ok(dto)
}

/// Changes the name, contact details, department, role or whether the account is active. Disabling
/// ends the user's sessions; nobody disables their own account or changes their own role.
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Users>,
    id: UserId,
    body: &UserPatch,
    now: DateTime<Utc>,
) -> ApiResult<User> {
    let current = find(txn, id).await?;
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
        check_department(txn, &mut problems, department).await?;
        active.department_id = Set(department.map(|d| d.0));
    }
    if let Some(role) = body.role_id {
        check_role(txn, &mut problems, role).await?;
        active.role_id = Set(role.0);
    }
    let is_self = caller.user().is_some_and(|me| me.id == id.0);
    if is_self && body.is_active == Some(false) {
        problems.add("is_active", FieldErrorCode::OwnAccount, "you cannot disable your own account");
    }
    if is_self && body.role_id.is_some_and(|r| r.0 != current.role_id) {
        problems.add("role_id", FieldErrorCode::OwnAccount, "you cannot change your own role");
    }
    if let Some(is_active) = body.is_active {
        active.is_active = Set(is_active);
    }
    problems.finish()?;
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    if !row.is_active && current.is_active {
        sessions::revoke_all(txn, id.0, now).await?;
    }
    let (before, after) = (to_dto(&current), to_dto(&row));
    let action = if row.role_id != current.role_id { "user.role_change" } else { "user.update" };
    audit::record(
        txn,
        &caller.actor(),
        Change::new(action, "user", id.0).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}

/// A new initial password for another user's account, checked against the policy and hashed.
#[derive(Debug)]
pub struct NewPassword {
    user: users::Model,
    password_hash: String,
}

impl NewPassword {
    /// 404 for no such user, 422 for the caller's own account (changed with the current password
    /// instead) or a password the policy refuses.
    pub async fn check(
        db: &impl ConnectionTrait,
        caller: &Caller,
        _: &Admin<Users>,
        id: UserId,
        body: &PasswordReset,
    ) -> ApiResult<Self> {
        let user = find(db, id).await?;
        if caller.user().is_some_and(|me| me.id == id.0) {
            return Err(ApiError::field(
                "id",
                FieldErrorCode::OwnAccount,
                "change your own password with POST /api/v1/auth/password",
            ));
        }
        let password =
            Password::parse(&body.new_password).map_err(|e| ApiError::field("new_password", e.code, &e.message))?;
        Ok(Self { user, password_hash: passwords::hash(&password).await? })
    }
}

/// Sets the new initial password, unlocks the account, ends its sessions and makes the user change
/// the password at the next sign-in.
pub async fn reset_password(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Users>,
    reset: NewPassword,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let id = reset.user.id;
    let mut active: users::ActiveModel = reset.user.into();
    active.password_hash = Set(reset.password_hash);
    active.must_change_password = Set(true);
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.updated_at = Set(now);
    active.update(txn).await?;
    sessions::revoke_all(txn, id, now).await?;
    audit::record(txn, &caller.actor(), Change::new("user.password_reset", "user", id)).await?;
    Ok(())
}
