//! User accounts: list, create with an initial password, change, disable, reset the password.

use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::UserId;
use crm_types::admin::{NewUser, PasswordReset, User, UserPatch};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::users as queries;
use crate::admin::service::users::{self, NewAccount, NewPassword};
use crate::auth::Caller;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound};
use crate::policy::admin::{self, Users};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create).service(get_one).service(update).service(reset_password);
}

/// List users.
///
/// Every account, active or disabled, ordered by username.
#[utoipa::path(
    operation_id = crm_types::api::ListUsers::ID,
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, description = "The users.", body = Vec<User>), AuthErrors)
)]
#[get("/users")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Vec<User>>> {
    let right = admin::grant::<Users>(&caller)?;
    Ok(web::Json(queries::list(&state.db, &right).await?))
}

/// Create a user.
///
/// Creates an account with an initial password that the user must change at the first sign-in.
#[utoipa::path(
    operation_id = crm_types::api::CreateUser::ID,
    tag = "admin",
    security(("bearer" = [])),
    request_body = NewUser,
    responses((status = 201, description = "Created.", body = User), AuthErrors, Conflict, JsonBodyErrors)
)]
#[post("/users")]
pub async fn create(state: web::Data<AppState>, caller: Caller, body: web::Json<NewUser>) -> ApiResult<HttpResponse> {
    let right = admin::grant::<Users>(&caller)?;
    let account = NewAccount::check(&state.db, &right, &body).await?;
    let txn = db::begin_write(&state.db).await?;
    let user = users::create(&txn, &caller, &right, account, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(user))
}

/// Get a user.
///
/// One account.
#[utoipa::path(
    operation_id = crm_types::api::GetUser::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The user's id.")),
    responses((status = 200, description = "The user.", body = User), AuthErrors, NotFound, BadParameters)
)]
#[get("/users/{id}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<web::Json<User>> {
    let right = admin::grant::<Users>(&caller)?;
    Ok(web::Json(queries::get(&state.db, &right, UserId(id.into_inner())).await?))
}

/// Change a user.
///
/// Changes the name, contact details, department or role, or disables the account (which ends its
/// sessions at once). A role change takes effect on the user's next request.
#[utoipa::path(
    operation_id = crm_types::api::UpdateUser::ID,
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
    let right = admin::grant::<Users>(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let user = users::update(&txn, &caller, &right, UserId(id.into_inner()), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(web::Json(user))
}

/// Reset a user's password.
///
/// Sets a new initial password, ends the user's sessions and makes them change it at the next sign-in.
#[utoipa::path(
    operation_id = crm_types::api::ResetUserPassword::ID,
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
    let right = admin::grant::<Users>(&caller)?;
    let reset = NewPassword::check(&state.db, &caller, &right, UserId(id.into_inner()), &body).await?;
    let txn = db::begin_write(&state.db).await?;
    users::reset_password(&txn, &caller, &right, reset, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
