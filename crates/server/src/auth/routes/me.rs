//! The signed-in user.

use actix_web::{get, web};
use crm_types::auth::{Me, RoleSummary};
use crm_types::{DepartmentId, RoleId, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::SessionCaller;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{Forbidden, SessionErrors};
use crate::state::AppState;

/// Registers `/api/v1/me`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

/// The signed-in user.
///
/// Who the access token belongs to, with the role's permissions, data scopes and field rules and the
/// modules that are switched on, so that the web interface shows only what the user may use. Open to
/// users who must still change their password. API keys get 403: they are not users.
#[utoipa::path(
    operation_id = crm_types::api::GetMe::ID,
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user.", body = Me), SessionErrors, Forbidden)
)]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, caller: SessionCaller) -> ApiResult<web::Json<Me>> {
    let caller = caller.0;
    let Some(user) = caller.user() else {
        return Err(ApiError::UsersOnly("API keys are not users; /me is for signed-in users.".into()));
    };
    Ok(web::Json(Me {
        id: UserId(user.id),
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        must_change_password: user.must_change_password,
        department_id: user.department_id.map(DepartmentId),
        role: RoleSummary {
            id: RoleId(caller.role.id),
            code: caller.role.code.clone(),
            name: caller.role.name.clone(),
        },
        permissions: caller.access.permissions.iter().copied().collect(),
        data_scopes: caller.access.data_scopes.clone(),
        field_rules: caller.access.field_rules.clone(),
        modules: crate::modules::enabled(&state.db).await?,
    }))
}
