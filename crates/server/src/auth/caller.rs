//! Who is calling: extractors that turn `Authorization: Bearer …` into a signed-in user.
//!
//! [`Caller`] is what almost every handler takes; it refuses users who must change their password.
//! [`SessionCaller`] accepts them, for the few endpoints that such a user needs (`me`, password change).

use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use sea_orm::EntityTrait;

use crate::auth::sessions;
use crate::entities::users;
use crate::error::ApiError;
use crate::state::AppState;

/// A signed-in user whose password is in order.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user's row.
    pub user: users::Model,
    /// The session (refresh-token family) the access token belongs to.
    pub session: String,
}

/// A signed-in user who may still have to change the password.
#[derive(Debug, Clone)]
pub struct SessionCaller(pub Caller);

async fn authenticate(req: HttpRequest) -> Result<Caller, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState is not registered")))?;
    let header = req.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let token = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorized("Send an access token as Authorization: Bearer <token>."))?;
    let claims =
        state.tokens.verify(token).ok_or(ApiError::Unauthorized("The access token is invalid or has expired."))?;
    let user_id: i64 = claims.sub.parse().map_err(|_| ApiError::Unauthorized("The access token is invalid."))?;
    let user = users::Entity::find_by_id(user_id).one(&state.db).await?;
    let Some(user) = user.filter(|u| u.is_active) else {
        return Err(ApiError::Unauthorized("The account is disabled or no longer exists."));
    };
    if !sessions::is_open(&state.db, &claims.sid).await? {
        return Err(ApiError::Unauthorized("The session has ended; sign in again."));
    }
    Ok(Caller { user, session: claims.sid })
}

impl FromRequest for SessionCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(req).await.map(SessionCaller) })
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let caller = authenticate(req).await?;
            if caller.user.must_change_password {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(caller)
        })
    }
}
