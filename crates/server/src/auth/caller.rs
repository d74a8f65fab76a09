//! Who is calling: extractors that turn `Authorization: Bearer …` into a signed-in user or an API key,
//! with the rights of their role.
//!
//! [`Caller`] is what almost every handler takes; it refuses users who must change their password.
//! [`SessionCaller`] accepts them, for the few endpoints that such a user needs (`me`, password change).

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use crm_types::access::Permission;
use crm_types::audit::ActorKind;
use futures_util::future::LocalBoxFuture;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryResult, QuerySelect};

use crate::audit::Actor;
use crate::auth::access::Access;
use crate::auth::api_keys;
use crate::entities::{api_keys as api_key_rows, refresh_tokens, roles as role_rows, users};
use crate::error::ApiError;
use crate::reference::{self, Reference};
use crate::state::AppState;

/// Who is behind a request.
#[derive(Debug, Clone)]
pub enum Principal {
    /// A signed-in user, with the session (refresh-token family) of the access token.
    User {
        /// The user's row.
        user: users::Model,
        /// The session id.
        session: String,
    },
    /// An integration authenticated by an API key.
    ApiKey(api_key_rows::Model),
}

/// An authenticated caller whose password is in order.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who.
    pub principal: Principal,
    /// Their role's row.
    pub role: role_rows::Model,
    /// Their rights.
    pub access: Access,
    /// The client address.
    pub ip: Option<String>,
    /// The roles and departments as of this request.
    pub reference: Arc<Reference>,
}

impl Caller {
    /// The signed-in user, if the caller is one.
    pub fn user(&self) -> Option<&users::Model> {
        match &self.principal {
            Principal::User { user, .. } => Some(user),
            Principal::ApiKey(_) => None,
        }
    }

    /// The caller as recorded in the audit log.
    pub fn actor(&self) -> Actor {
        match &self.principal {
            Principal::User { user, .. } => {
                Actor { kind: ActorKind::User, id: Some(user.id), name: user.username.clone(), ip: self.ip.clone() }
            }
            Principal::ApiKey(key) => {
                Actor { kind: ActorKind::ApiKey, id: Some(key.id), name: key.name.clone(), ip: self.ip.clone() }
            }
        }
    }

    /// 403 unless the caller holds `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        self.access.require(permission)
    }

    /// An active user with the rights of their role as it is now, for work a background job does on
    /// the user's behalf (an import resumed by another instance acts with the same rights).
    pub async fn background(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> Result<Self, ApiError> {
        let user = users::Entity::find_by_id(user_id)
            .one(db)
            .await?
            .filter(|u| u.is_active)
            .ok_or_else(|| ApiError::UsersOnly(format!("user {user_id} is no longer active")))?;
        let reference = Arc::new(Reference::load(db).await?);
        let (role, access) = role_of(&reference, user.role_id)?;
        Ok(Self { principal: Principal::User { user, session: String::new() }, role, access, ip: None, reference })
    }
}

/// An authenticated caller who may still have to change the password.
#[derive(Debug, Clone)]
pub struct SessionCaller(pub Caller);

/// The client's address: the peer, or, when the peer is a trusted reverse proxy, the nearest address
/// in `X-Forwarded-For` that is not itself a trusted proxy.
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let peer = req.peer_addr()?.ip();
    let trusted = req.app_data::<web::Data<AppState>>().map(|state| state.trusted_proxies.clone()).unwrap_or_default();
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(resolve_client_ip(peer, forwarded, &trusted).to_string())
}

/// See [`client_ip`]: walks `X-Forwarded-For` from the right while the hops are trusted proxies.
pub fn resolve_client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.unwrap_or_default().split(',').rev().map(str::trim);
    let mut client = peer;
    for hop in hops {
        match hop.parse::<IpAddr>() {
            Ok(address) => {
                client = address;
                if !trusted.contains(&address) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The role and rights of `role_id` in `reference`.
fn role_of(reference: &Reference, role_id: i64) -> Result<(role_rows::Model, Access), ApiError> {
    reference.role(role_id).cloned().ok_or_else(|| ApiError::Internal(anyhow::anyhow!("role {role_id} is missing")))
}

/// A user with the state of the session and the reference generation, read in one query.
#[derive(Debug)]
struct Identity {
    user: users::Model,
    session_open: bool,
    generation: i64,
}

impl FromQueryResult for Identity {
    fn from_query_result(row: &QueryResult, prefix: &str) -> Result<Self, DbErr> {
        Ok(Self {
            user: users::Model::from_query_result(row, prefix)?,
            session_open: row.try_get(prefix, "session_open")?,
            generation: row.try_get::<Option<i64>>(prefix, "generation")?.unwrap_or_default(),
        })
    }
}

/// The user `user_id`, whether the session `family` is still open (no token of it revoked), and the
/// reference generation.
async fn identity(db: &impl ConnectionTrait, user_id: i64, family: &str) -> Result<Option<Identity>, ApiError> {
    let open = Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(refresh_tokens::Entity)
            .and_where(refresh_tokens::Column::FamilyId.eq(family))
            .and_where(refresh_tokens::Column::RevokedAt.is_not_null())
            .to_owned(),
    )
    .not();
    Ok(users::Entity::find_by_id(user_id)
        .expr_as(open, "session_open")
        .expr_as(Expr::cust(reference::GENERATION), "generation")
        .into_model::<Identity>()
        .one(db)
        .await?)
}

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
        .ok_or(ApiError::Unauthorized("Send an access token or API key as Authorization: Bearer <token>."))?;
    let ip = client_ip(&req);
    let (principal, role_id, reference) = if token.starts_with(api_keys::PREFIX) {
        let key = api_keys::authenticate(&state.db, token).await?;
        let role_id = key.role_id;
        (Principal::ApiKey(key), role_id, state.reference.current(&state.db).await?)
    } else {
        let claims =
            state.tokens.verify(token).ok_or(ApiError::Unauthorized("The access token is invalid or has expired."))?;
        let user_id: i64 = claims.sub.parse().map_err(|_| ApiError::Unauthorized("The access token is invalid."))?;
        let found = identity(&state.db, user_id, &claims.sid).await?;
        let Some(Identity { user, session_open, generation }) = found.filter(|found| found.user.is_active) else {
            return Err(ApiError::Unauthorized("The account is disabled or no longer exists."));
        };
        if !session_open {
            return Err(ApiError::Unauthorized("The session has ended; sign in again."));
        }
        let role_id = user.role_id;
        (Principal::User { user, session: claims.sid }, role_id, state.reference.at(&state.db, generation).await?)
    };
    let (role, access) = role_of(&reference, role_id)?;
    Ok(Caller { principal, role, access, ip, reference })
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
            if caller.user().is_some_and(|u| u.must_change_password) {
                return Err(ApiError::PasswordChangeRequired);
            }
            Ok(caller)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let proxies = [ip("10.0.0.5")];
        assert_eq!(resolve_client_ip(ip("203.0.113.9"), Some("1.2.3.4"), &proxies), ip("203.0.113.9"));
        assert_eq!(resolve_client_ip(ip("10.0.0.5"), Some("192.168.1.20"), &proxies), ip("192.168.1.20"));
        assert_eq!(resolve_client_ip(ip("10.0.0.5"), None, &proxies), ip("10.0.0.5"));
    }

    #[test]
    fn a_spoofed_hop_left_of_the_real_client_is_ignored() {
        let proxies = [ip("10.0.0.5"), ip("10.0.0.6")];
        let header = "6.6.6.6, 192.168.1.20, 10.0.0.6";
        assert_eq!(resolve_client_ip(ip("10.0.0.5"), Some(header), &proxies), ip("192.168.1.20"));
        assert_eq!(resolve_client_ip(ip("10.0.0.5"), Some("garbage, 10.0.0.6"), &proxies), ip("10.0.0.6"));
    }
}
