//! Sign-in, token refresh, sign-out, password change and the password reset by mail.

use actix_web::{HttpRequest, HttpResponse, post, web};
use crm_types::FieldErrorCode;
use crm_types::auth::{
    ChangePasswordRequest, LoginRequest, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, TokenResponse,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::caller::client_ip;
use crate::auth::{SessionCaller, password_reset, sessions};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{CredentialErrors, Forbidden, JsonBodyErrors, SessionErrors, Throttled};
use crate::state::AppState;

/// Registers the routes under `/api/v1/auth`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(change_password)
        .service(request_password_reset)
        .service(confirm_password_reset);
}

fn required(field: &str, value: &str, max: usize) -> ApiResult<()> {
    if value.trim().is_empty() {
        return Err(ApiError::field(field, FieldErrorCode::Required, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(ApiError::field(field, FieldErrorCode::TooLong, &format!("must be at most {max} characters")));
    }
    Ok(())
}

/// Sign in.
///
/// Takes a username or e-mail address and a password, and returns an access token (15 minutes) and a
/// refresh token (single use). After 5 consecutive failures the account is locked for a growing delay,
/// and an address that fails too often is refused for a while; both answer 429 with `Retry-After`.
/// When `must_change_password` is true, only `GET /me` and
/// `POST /auth/password` are open until the password is changed.
#[utoipa::path(
    operation_id = crm_types::api::Login::ID,
    tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, description = "Signed in.", body = TokenResponse), CredentialErrors, Throttled, JsonBodyErrors)
)]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    required("username", &body.username, 254)?;
    required("password", &body.password, 1024)?;
    let ip = client_ip(&req);
    Ok(web::Json(sessions::login(&state.db, &state.tokens, &body.username, &body.password, ip.as_deref()).await?))
}

/// Refresh a session.
///
/// Exchanges a refresh token for a new token pair. Each refresh token works once; presenting a used one
/// again ends the whole session, because it means the token was copied.
#[utoipa::path(
    operation_id = crm_types::api::RefreshSession::ID,
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
    operation_id = crm_types::api::Logout::ID,
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
    operation_id = crm_types::api::ChangePassword::ID,
    tag = "auth",
    request_body = ChangePasswordRequest,
    security(("bearer" = [])),
    responses((status = 200, description = "Password changed.", body = TokenResponse), SessionErrors, Forbidden, JsonBodyErrors)
)]
#[post("/auth/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: SessionCaller,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    required("current_password", &body.current_password, 1024)?;
    let Some(user) = caller.0.user() else {
        return Err(ApiError::UsersOnly("API keys have no password to change.".into()));
    };
    let actor = caller.0.actor();
    let response =
        sessions::change_password(&state.db, &state.tokens, &actor, user, &body.current_password, &body.new_password)
            .await?;
    Ok(web::Json(response))
}

/// Ask for a password reset.
///
/// When the e-mail address and the bound mobile number belong to one active account, a one-time link
/// valid for 30 minutes is e-mailed to it. The answer is the same 202 whether or not they matched, so
/// it reveals nothing about which accounts exist. An account gets at most three such mails an hour,
/// and one client address makes at most ten requests an hour; past that, the answer is the same and
/// nothing is sent.
#[utoipa::path(
    operation_id = crm_types::api::RequestPasswordReset::ID,
    tag = "auth",
    request_body = PasswordResetRequest,
    responses((status = 202, description = "If the details matched an account, a link is on its way."), JsonBodyErrors)
)]
#[post("/auth/password-reset/request")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: web::Json<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    // The format is checked before anything else; whether an account matches is never told.
    crm_domain::Email::parse(&body.email)?;
    crm_domain::Mobile::parse(&body.mobile)?;
    // Sign-in security (sessions, tokens, resets, throttles) keeps to the system clock: tokens are
    // checked against it.
    let now = password_reset::now();
    if !password_reset::admit_address(&state.db, client_ip(&request).as_deref(), now).await? {
        return Ok(HttpResponse::Accepted().finish());
    }
    // Done in the background: the response time must not depend on whether an account matched.
    let state = state.into_inner();
    let body = body.into_inner();
    tokio::spawn(async move {
        let outcome = password_reset::request(
            &state.db,
            state.mailer.as_ref(),
            &state.public_url,
            &body.email,
            &body.mobile,
            now,
        )
        .await;
        if let Err(error) = outcome {
            tracing::error!(error = format!("{error:#}"), "password reset request failed");
        }
    });
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with a reset token.
///
/// Spends the token from the e-mail, sets the new password (which must follow the policy) and ends
/// every session of the account.
#[utoipa::path(
    operation_id = crm_types::api::ConfirmPasswordReset::ID,
    tag = "auth",
    request_body = PasswordResetConfirm,
    responses((status = 204, description = "The password is set; sign in with it."), JsonBodyErrors)
)]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    body: web::Json<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    required("token", &body.token, 512)?;
    password_reset::confirm(&state.db, &body.token, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}
