//! What the probes and the version report about the database.

use crm_types::system::{HealthStatus, VersionInfo};
use sea_orm::DatabaseConnection;

use crate::db;
use crate::error::{ApiError, ApiResult};

/// Ready when the database answers a trivial statement; 503 otherwise.
pub async fn readiness(db: &DatabaseConnection) -> ApiResult<HealthStatus> {
    if db::ping(db).await {
        Ok(HealthStatus { status: "ok".into() })
    } else {
        Err(ApiError::Unavailable("The database does not respond.".into()))
    }
}

/// The product name, the server version and the database engine.
pub fn version(db: &DatabaseConnection) -> VersionInfo {
    VersionInfo {
        name: "CRM".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        api_version: "v1".into(),
        database: db::engine(db),
    }
}
