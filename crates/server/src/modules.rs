//! Module switches: which modules are on. A module without a stored switch is on. A module's routes
//! sit in one scope wrapped by [`gate`], so a switched-off module answers 404 on every route at once.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use crm_types::access::ModuleKey;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entities::modules;
use crate::error::ApiError;
use crate::http::fallback::RouteTable;
use crate::state::AppState;

/// Every module with its state.
pub async fn states(db: &impl ConnectionTrait) -> Result<Vec<(ModuleKey, bool)>, ApiError> {
    let stored = modules::Entity::find().all(db).await?;
    Ok(ModuleKey::ALL
        .into_iter()
        .map(|key| {
            let enabled = stored.iter().find(|row| row.key == key.as_str()).is_none_or(|row| row.enabled);
            (key, enabled)
        })
        .collect())
}

/// The modules that are on.
pub async fn enabled(db: &impl ConnectionTrait) -> Result<Vec<ModuleKey>, ApiError> {
    Ok(states(db).await?.into_iter().filter(|(_, on)| *on).map(|(key, _)| key).collect())
}

/// 404 when `key` is switched off, as if its routes did not exist.
pub async fn require(db: &impl ConnectionTrait, key: ModuleKey) -> Result<(), ApiError> {
    let row = modules::Entity::find_by_id(key.as_str().to_owned()).one(db).await?;
    if row.is_some_and(|row| !row.enabled) {
        return Err(ApiError::NotFound(format!("The {} module is switched off.", key.as_str())));
    }
    Ok(())
}

/// 404 when every one of `keys` is switched off: routes that serve several modules.
pub async fn require_any(db: &impl ConnectionTrait, keys: &[ModuleKey]) -> Result<(), ApiError> {
    let on = enabled(db).await?;
    if keys.iter().any(|key| on.contains(key)) {
        return Ok(());
    }
    let names: Vec<&str> = keys.iter().map(|key| key.as_str()).collect();
    Err(ApiError::NotFound(format!("The {} modules are switched off.", names.join(" and "))))
}

/// Middleware of a module's scope: 404 for every route while the module is switched off. A request
/// without credentials passes on to be refused with 401 like anywhere else, and a method the path
/// does not take to be answered 405 with `Allow`.
///
/// Use as `scope("/followups").wrap(from_fn(|req, next| modules::gate(ModuleKey::Followups, req, next)))`.
pub async fn gate(
    key: ModuleKey,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    check(&[key], &request).await?;
    next.call(request).await
}

/// [`gate`] for a scope that serves several modules: 404 only while all of `keys` are switched off.
pub async fn gate_any(
    keys: &[ModuleKey],
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    check(keys, &request).await?;
    next.call(request).await
}

/// The gates' test: a routed, authenticated request for modules that are all off is refused.
async fn check(keys: &[ModuleKey], request: &ServiceRequest) -> Result<(), ApiError> {
    let routed = request
        .app_data::<web::Data<RouteTable>>()
        .and_then(|routes| routes.allowed_methods(request.path()))
        .is_some_and(|methods| methods.contains(request.method()));
    if routed && request.headers().contains_key(actix_web::http::header::AUTHORIZATION) {
        let state = request
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("AppState is not registered")))?;
        match keys {
            [key] => require(&state.db, *key).await?,
            _ => require_any(&state.db, keys).await?,
        }
    }
    Ok(())
}
