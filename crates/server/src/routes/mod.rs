//! Every route, registered together with its OpenAPI operation: each module registers its own
//! `routes` (see ARCHITECTURE.md, "The shape of a module").

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{admin, auth, custom_fields, dictionaries, directory, saved_views, system};

/// Registers the probes at the root and the API under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(system::routes::probes).service(
        scope("/api/v1")
            .configure(system::routes::configure)
            .configure(auth::routes::configure)
            .configure(directory::routes::configure)
            .configure(crate::customers::routes::configure)
            .configure(crate::followups::routes::configure)
            .configure(crate::demands::routes::configure)
            .configure(crate::tasks::routes::configure)
            .configure(crate::attachments::routes::configure)
            .configure(crate::notifications::routes::configure)
            .configure(crate::imports::routes::configure)
            .configure(crate::exports::routes::configure)
            // Before the `/admin` scope, which would otherwise claim `/admin/dictionaries/…` and `/admin/custom-fields`.
            .configure(dictionaries::routes::configure)
            .configure(custom_fields::routes::configure)
            .configure(saved_views::routes::configure)
            .configure(admin::routes::configure),
    );
}
