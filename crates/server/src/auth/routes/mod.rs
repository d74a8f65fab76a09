//! Signing in and out, refreshing and changing the password, the password reset by mail
//! (`/api/v1/auth/…`), and the signed-in user (`/api/v1/me`). The work is in `auth::sessions` and
//! `auth::password_reset`; these handlers check the shape of the input and call them.

mod me;
mod sessions;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(sessions::configure).configure(me::configure);
}
