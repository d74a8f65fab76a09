//! The delivery log of outside channels (`/api/v1/admin/notification-deliveries`): what went out by
//! e-mail, SMS and IM, what is waiting for a retry, and what failed and why.

use actix_web::{get, web};
use crm_types::notification::{Delivery, DeliveryQuery};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::admin::queries::deliveries;
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters};
use crate::policy::admin::{self, Settings};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_deliveries);
}

/// List notification deliveries.
///
/// Newest first; `status=failed` shows what never went out, with the last error.
#[utoipa::path(
    operation_id = crm_types::api::ListNotificationDeliveries::ID,
    tag = "admin",
    security(("bearer" = [])),
    params(DeliveryQuery),
    responses((status = 200, description = "The deliveries.", body = Vec<Delivery>), AuthErrors, BadParameters)
)]
#[get("/notification-deliveries")]
pub async fn list_deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DeliveryQuery>,
) -> ApiResult<web::Json<Vec<Delivery>>> {
    let right = admin::grant::<Settings>(&caller)?;
    Ok(web::Json(deliveries::list(&state.db, &right, &query).await?))
}
