//! Every route, registered together with its OpenAPI operation.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod custom_fields;
pub mod customers;
pub mod demands;
pub mod dictionaries;
pub mod exports;
pub mod followups;
pub mod import_templates;
pub mod imports;
pub mod me;
pub mod notifications;
pub mod saved_views;
pub mod system;
pub mod tasks;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the probes at the root and the API under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::healthz).service(system::readyz).service(
        scope("/api/v1")
            .configure(system::configure)
            .configure(auth::configure)
            .configure(me::configure)
            .configure(users::configure)
            .configure(customers::configure)
            .configure(followups::configure)
            .configure(demands::configure)
            .configure(tasks::configure)
            .configure(attachments::configure)
            .configure(notifications::configure)
            .configure(imports::configure)
            .configure(import_templates::configure)
            .configure(exports::configure)
            // Before the `/admin` scope, which would otherwise claim `/admin/dictionaries/…` and `/admin/custom-fields`.
            .configure(dictionaries::configure)
            .configure(custom_fields::configure)
            .configure(saved_views::configure)
            .configure(admin::configure),
    );
}
