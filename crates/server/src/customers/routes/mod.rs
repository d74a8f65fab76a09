//! Customers under `/api/v1/customers`: the record, its contacts and collaborators, its timeline, the
//! list, the duplicate check and handovers. Every handler goes through the caller's customer scope.

mod collaborators;
mod contacts;
mod handover;
mod handovers;
mod list;
mod record;
mod timeline;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the customer routes (fixed paths before `/{id}`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(list::configure)
        .configure(handover::configure)
        .configure(handovers::configure)
        .configure(record::configure)
        .configure(contacts::configure)
        .configure(collaborators::configure)
        .configure(timeline::configure);
}
