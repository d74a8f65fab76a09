//! Demands under `/api/v1/demands` (需求): raise, list, change status and priority (`record.rs`), the
//! board's totals per status (`summary.rs`), and plan tasks (`plan.rs`). Gated by the `demands` module
//! switch; every query goes through the caller's demand scope.

mod plan;
mod record;
mod summary;

use actix_web::middleware::from_fn;
use crm_types::access::ModuleKey;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::modules;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/demands")
            .wrap(from_fn(|request, next| modules::gate(ModuleKey::Demands, request, next)))
            // Methods a path does not take get the same 405 with `Allow` as everywhere else.
            .default_service(actix_web::web::to(crate::http::fallback::fallback))
            .service(record::list)
            .service(summary::summary)
            .service(record::create_one)
            .service(record::get_one)
            .service(record::update)
            .service(plan::add_task)
            .service(plan::approve_tasks),
    );
}
