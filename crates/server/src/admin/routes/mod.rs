//! Administration under `/api/v1/admin`: users, departments, roles, modules, API keys, audit log,
//! settings, the working-day calendar and the delivery log. Every handler takes the proof of its
//! `admin.*` right from `policy::admin` and hands it to the service or query it calls.

mod api_keys;
mod audit_log;
mod calendar;
mod deliveries;
mod departments;
mod modules;
mod roles;
mod settings;
mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes under `/api/v1/admin`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/admin")
            .configure(users::configure)
            .configure(departments::configure)
            .configure(roles::configure)
            .configure(modules::configure)
            .configure(api_keys::configure)
            .configure(audit_log::configure)
            .configure(settings::configure)
            .configure(calendar::configure)
            .configure(deliveries::configure),
    );
}
