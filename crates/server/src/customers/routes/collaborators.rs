//! Collaborators (协作人): colleagues who see, or see and edit, someone else's customer.

use actix_web::{HttpResponse, delete, put, web};
use crm_types::customer::CollaboratorInput;
use crm_types::{CustomerId, UserId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::service::collaborators;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_collaborator).service(remove_collaborator);
}

/// Add or change a collaborator.
///
/// Gives a colleague view or edit access to the customer. Needs edit rights on the customer.
#[utoipa::path(
    operation_id = crm_types::api::SetCollaborator::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The customer's id."),
        ("user_id" = i64, Path, description = "The colleague's user id.")
    ),
    request_body = CollaboratorInput,
    responses((status = 204, description = "Saved."), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[put("/customers/{id}/collaborators/{user_id}")]
pub async fn put_collaborator(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
    body: web::Json<CollaboratorInput>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable(&txn, &caller, CustomerId(id)).await?;
    collaborators::put(&txn, &caller, customer, UserId(user_id), body.access, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a collaborator.
///
/// The colleague no longer sees the customer (unless their own scope covers it).
#[utoipa::path(
    operation_id = crm_types::api::RemoveCollaborator::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The customer's id."),
        ("user_id" = i64, Path, description = "The colleague's user id.")
    ),
    responses((status = 204, description = "Removed."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/customers/{id}/collaborators/{user_id}")]
pub async fn remove_collaborator(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> ApiResult<HttpResponse> {
    let (id, user_id) = path.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable(&txn, &caller, CustomerId(id)).await?;
    collaborators::remove(&txn, &caller, customer, UserId(user_id), state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
