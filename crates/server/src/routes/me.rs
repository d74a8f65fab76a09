//! The signed-in user.

use actix_web::{get, web};
use crm_types::UserId;
use crm_types::auth::Me;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::SessionCaller;
use crate::openapi::SessionErrors;

/// Registers the routes under `/api/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// The signed-in user.
///
/// Who the access token belongs to. Open to users who must still change their password, so that the
/// web interface can send them to the password page.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user.", body = Me), SessionErrors)
)]
#[get("/me")]
pub async fn me(caller: SessionCaller) -> web::Json<Me> {
    let user = caller.0.user;
    web::Json(Me {
        id: UserId(user.id),
        username: user.username,
        display_name: user.display_name,
        email: user.email,
        must_change_password: user.must_change_password,
    })
}
