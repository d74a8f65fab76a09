//! Imports under `/api/v1/imports` (upload and preview, options and mapping, dry run with the
//! cleaning report, commit in the background with progress, cancel, and the per-row problems as a
//! page or a CSV error report) and the mapping templates under `/api/v1/import-templates`. Jobs and
//! templates are private to their user; everyone else gets 404. Needs `customer.import` and
//! `customer.create`.

mod jobs;
mod passes;
mod problems;
mod templates;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the import routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(jobs::configure)
        .configure(passes::configure)
        .configure(problems::configure)
        .configure(templates::configure);
}
