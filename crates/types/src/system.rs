//! Service information: version, health and readiness.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The database engine a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseEngine {
    /// Embedded SQLite: the zero set-up default.
    Sqlite,
    /// PostgreSQL: the production and scale-out engine.
    Postgres,
}

/// What a server is: its name, version and database engine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct VersionInfo {
    /// The product name.
    pub name: String,
    /// The server's semantic version.
    #[schema(example = "0.1.0")]
    pub version: String,
    /// The API version prefix, `v1`.
    pub api_version: String,
    /// The database engine this server uses.
    pub database: DatabaseEngine,
}

/// The answer of `/healthz` and `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HealthStatus {
    /// `ok` when the process is alive (`/healthz`) or ready to serve (`/readyz`).
    #[schema(example = "ok")]
    pub status: String,
}
