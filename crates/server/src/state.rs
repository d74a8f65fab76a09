//! What every request handler shares: the database and the token keys.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::tokens::TokenKeys;
use crate::mailer::Mailer;

/// Shared, cheaply cloned application state, registered as `web::Data<AppState>`.
#[derive(Clone)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Signs and checks access tokens.
    pub tokens: Arc<TokenKeys>,
    /// Delivers e-mail.
    pub mailer: Arc<dyn Mailer>,
    /// The address users reach the web interface at, for links in e-mails.
    pub public_url: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// Keeps attachment files.
    pub attachments: Arc<dyn crate::attachments::store::AttachmentStore>,
    /// The largest attachment accepted, in bytes.
    pub max_upload_bytes: u64,
    /// The time as jobs see it.
    pub clock: crate::jobs::Clock,
    /// File jobs: imports and exports.
    pub files: Arc<crate::jobs::files::FileJobs>,
    /// This instance's copy of the roles and departments.
    pub reference: Arc<crate::reference::ReferenceCache>,
}
