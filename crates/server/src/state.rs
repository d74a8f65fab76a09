//! What every request handler shares: the database and the token keys.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::TokenKeys;

/// Shared, cheaply cloned application state, registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Signs and checks access tokens.
    pub tokens: Arc<TokenKeys>,
}
