//! Collaborators (协作人): colleagues who see, or see and edit, someone else's customer.

use actix_web::{HttpResponse, delete, put, web};
use chrono::Utc;
use crm_types::customer::CollaboratorInput;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::events::{self, Event};
use crate::db;
use crate::entities::{customer_collaborators, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_collaborator).service(remove_collaborator);
}

/// Add or change a collaborator.
///
/// Gives a colleague view or edit access to the customer. Needs edit rights on the customer.
#[utoipa::path(
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
    let scope = CustomerScope::of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let customer = scope.find_editable(&txn, &caller, id).await?;
    let user = users::Entity::find_by_id(user_id).one(&txn).await?.filter(|u| u.is_active);
    let user = user.ok_or_else(|| ApiError::field("user_id", "not_found", "no such active user"))?;
    if customer.owner_id == Some(user.id) {
        return Err(ApiError::field("user_id", "owner", "the owner already has the customer"));
    }
    customer_collaborators::Entity::insert(customer_collaborators::ActiveModel {
        customer_id: Set(customer.id),
        user_id: Set(user.id),
        access: Set(body.access.as_str().to_owned()),
        created_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([customer_collaborators::Column::CustomerId, customer_collaborators::Column::UserId])
            .update_column(customer_collaborators::Column::Access)
            .to_owned(),
    )
    .exec(&txn)
    .await?;
    let actor_id = caller.user().map(|u| u.id);
    let detail = format!("{} ({})", user.display_name, body.access.as_str());
    events::record(&txn, customer.id, actor_id, Event::new("collaborator_added").detail(detail)).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.collaborator_put", "customer", customer.id)
            .created(serde_json::json!({"user_id": user.id, "access": body.access})),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Remove a collaborator.
///
/// The colleague no longer sees the customer (unless their own scope covers it).
#[utoipa::path(
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
    let scope = CustomerScope::of(&caller)?;
    let txn = db::begin_write(&state.db).await?;
    let customer = scope.find_editable(&txn, &caller, id).await?;
    let removed = customer_collaborators::Entity::delete_many()
        .filter(customer_collaborators::Column::CustomerId.eq(customer.id))
        .filter(customer_collaborators::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if removed.rows_affected == 0 {
        return Err(ApiError::NotFound(format!("User {user_id} does not collaborate on customer {id}.")));
    }
    let name = users::Entity::find_by_id(user_id).one(&txn).await?.map(|u| u.display_name).unwrap_or_default();
    let actor_id = caller.user().map(|u| u.id);
    events::record(&txn, customer.id, actor_id, Event::new("collaborator_removed").detail(name)).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.collaborator_remove", "customer", customer.id)
            .created(serde_json::json!({"user_id": user_id, "removed": true})),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
