//! One customer: create, read, update (with `If-Match`), delete and restore.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use chrono::Utc;
use crm_types::access::{Permission, Resource};
use crm_types::customer::{Customer, CustomerPatch, NewCustomer};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::create::{self, Creator};
use crate::customers::events::{self, Event};
use crate::customers::record;
use crate::entities::customers;
use crate::error::{ApiError, ApiResult};
use crate::http::versions;
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound, Preconditions};
use crate::state::AppState;
use crate::{db, system_settings};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_one).service(get_one).service(update).service(remove).service(restore);
}

/// The response for one customer: its version as ETag, unreadable fields removed.
fn respond(response: actix_web::HttpResponseBuilder, caller: &Caller, customer: &Customer) -> ApiResult<HttpResponse> {
    Ok(versions::respond(response, customer.version, &record::redact(caller, customer)?))
}

/// Create a customer.
///
/// Validates every field (422 lists them all), runs the duplicate check (look-alikes are listed in
/// `duplicates`, or refused with 409 when the administrator set the check to block), gives the
/// customer the next code, starts it at the first sales stage and makes the creator its owner unless
/// `owner_id` names someone else (which needs `customer.handover`).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = NewCustomer,
    responses(
        (status = 201, description = "Created.", body = Customer, headers(("ETag" = String, description = "The version."))),
        AuthErrors, Conflict, JsonBodyErrors
    )
)]
#[post("/customers")]
pub async fn create_one(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewCustomer>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::CustomerCreate)?;
    let fields = crate::customers::update::written_fields(&*body);
    caller.access.check_writable(Resource::Customers, fields.iter().map(String::as_str))?;
    let settings = caller.reference.customer_settings();
    let format = system_settings::code_format_of(settings)?;
    let today = Utc::now().date_naive();
    let creator = Creator::of(&caller);
    let reference = create::Reference::for_one(&state.db, caller.reference.clone(), &creator, &body).await?;
    let prepared = create::prepare(&state.db, &reference, &creator, &body, settings.duplicate_mode, today).await?;
    let txn = db::begin_write(&state.db).await?;
    let (row, customer) = create::insert(&txn, &creator, &prepared, &format, today).await?;
    txn.commit().await?;
    let customer = create::created(customer, prepared);
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/customers/{}", row.id)));
    respond(response, &caller, &customer)
}

/// Get a customer.
///
/// The full record with contacts (primary first), tags, collaborators and custom fields. The `ETag`
/// is the version to send back in `If-Match` when updating.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses(
        (status = 200, description = "The customer.", body = Customer, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/customers/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?;
    let row = scope.find(&state.db, id.into_inner()).await?;
    let customer = record::load(&state.db, &row).await?;
    respond(HttpResponse::Ok(), &caller, &customer)
}

/// Update a customer.
///
/// Send the version from the `ETag` in `If-Match` (428 without it, 412 when someone changed the
/// customer since). Only the fields present change. Changing `stage`, `customer_type` or
/// `lifecycle_status` needs a `reason`, kept in the customer's history; changing `grade` needs
/// `customer.change_grade`.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The customer's id."),
        ("If-Match" = String, Header, description = "The version read (the ETag).")
    ),
    request_body = CustomerPatch,
    responses(
        (status = 200, description = "Updated.", body = Customer, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, Preconditions, BadParameters, JsonBodyErrors
    )
)]
#[patch("/customers/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<CustomerPatch>,
) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?;
    caller.require(Permission::CustomerEdit)?;
    let sent = versions::if_match(&request)?;
    let fields = crate::customers::update::written_fields(&*body);
    let txn = db::begin_write(&state.db).await?;
    let (customer, duplicates_found) =
        crate::customers::update::apply(&txn, &caller, &scope, id.into_inner(), Some(sent), &body, &fields).await?;
    txn.commit().await?;
    let mut customer = customer;
    customer.duplicates = duplicates_found;
    respond(HttpResponse::Ok(), &caller, &customer)
}

/// Delete a customer.
///
/// A soft delete: the customer disappears from lists and searches, and an administrator can restore
/// it. Needs `customer.delete`.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/customers/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?;
    caller.require(Permission::CustomerDelete)?;
    let txn = db::begin_write(&state.db).await?;
    let current = scope.find(&txn, id.into_inner()).await?;
    let user_id = caller.user().map(|u| u.id);
    let now = Utc::now();
    customers::Entity::update_many()
        .col_expr(customers::Column::DeletedAt, Expr::value(now))
        .col_expr(customers::Column::DeletedBy, Expr::value(user_id))
        .col_expr(customers::Column::Version, Expr::value(current.version + 1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .filter(customers::Column::Id.eq(current.id))
        .exec(&txn)
        .await?;
    events::record(&txn, current.id, user_id, Event::new("deleted")).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.delete", "customer", current.id)
            .created(serde_json::json!({"code": current.code, "name": current.name})),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore a deleted customer.
///
/// Brings back a soft-deleted customer as it was. Needs `customer.delete`.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 200, description = "Restored.", body = Customer), AuthErrors, NotFound, BadParameters)
)]
#[post("/customers/{id}/restore")]
pub async fn restore(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?;
    caller.require(Permission::CustomerDelete)?;
    let id = id.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let current = customers::Entity::find()
        .filter(scope.condition())
        .filter(customers::Column::Id.eq(id))
        .filter(customers::Column::DeletedAt.is_not_null())
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no deleted customer {id}.")))?;
    let user_id = caller.user().map(|u| u.id);
    customers::Entity::update_many()
        .col_expr(customers::Column::DeletedAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(customers::Column::DeletedBy, Expr::value(Option::<i64>::None))
        .col_expr(customers::Column::Version, Expr::value(current.version + 1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(customers::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    events::record(&txn, id, user_id, Event::new("restored")).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.restore", "customer", id)
            .created(serde_json::json!({"code": current.code, "name": current.name})),
    )
    .await?;
    let row = scope.find(&txn, id).await?;
    let customer = record::load(&txn, &row).await?;
    txn.commit().await?;
    respond(HttpResponse::Ok(), &caller, &customer)
}
