//! Sign-in, token refresh, sign-out and password change.

use actix_web::{HttpResponse, post, web};
use crm_types::auth::{ChangePasswordRequest, LoginRequest, RefreshRequest, TokenResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{SessionCaller, sessions};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{CredentialErrors, JsonBodyErrors, SessionErrors};
use crate::state::AppState;

/// Registers the routes under `/api/v1/auth`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login).service(refresh).service(logout).service(change_password);
}

fn required(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::field(field, "required", "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(ApiError::field(field, "too_long", &format!("must be at most {max} characters")));
    }
    Ok(())
}

/// Sign in.
///
/// Takes a username or e-mail address and a password, and returns an access token (15 minutes) and a
/// refresh token (single use). When `must_change_password` is true, only `GET /me` and
/// `POST /auth/password` are open until the password is changed.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, description = "Signed in.", body = TokenResponse), CredentialErrors, JsonBodyErrors)
)]
#[post("/auth/login")]
pub async fn login(state: web::Data<AppState>, body: web::Json<LoginRequest>) -> ApiResult<web::Json<TokenResponse>> {
    required("username", &body.username, 254)?;
    required("password", &body.password, 1024)?;
    Ok(web::Json(sessions::login(&state.db, &state.tokens, &body.username, &body.password).await?))
}

/// Refresh a session.
///
/// Exchanges a refresh token for a new token pair. Each refresh token works once; presenting a used one
/// again ends the whole session, because it means the token was copied.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 200, description = "A new token pair.", body = TokenResponse), CredentialErrors, JsonBodyErrors)
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    required("refresh_token", &body.refresh_token, 512)?;
    Ok(web::Json(sessions::refresh(&state.db, &state.tokens, &body.refresh_token).await?))
}

/// Sign out.
///
/// Ends the session that the refresh token belongs to: its refresh tokens and access tokens stop
/// working. Always answers 204, whether or not the token was known.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out."), JsonBodyErrors)
)]
#[post("/auth/logout")]
pub async fn logout(state: web::Data<AppState>, body: web::Json<RefreshRequest>) -> ApiResult<HttpResponse> {
    required("refresh_token", &body.refresh_token, 512)?;
    sessions::logout(&state.db, &body.refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change the password.
///
/// Checks the current password, applies the password policy (at least 8 characters with letters,
/// digits and a special character), ends every other session and returns a new token pair.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses((status = 200, description = "Password changed.", body = TokenResponse), SessionErrors, JsonBodyErrors)
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: SessionCaller,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    required("current_password", &body.current_password, 1024)?;
    let user = &caller.0.user;
    let response =
        sessions::change_password(&state.db, &state.tokens, user, &body.current_password, &body.new_password).await?;
    Ok(web::Json(response))
}
