//! Module switches: which modules are on. A module without a stored switch is on.

use crm_types::access::ModuleKey;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::entities::modules;
use crate::error::ApiError;

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
