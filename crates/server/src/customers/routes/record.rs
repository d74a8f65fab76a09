//! One customer: create, read, update (with `If-Match`), delete and restore.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use crm_types::CustomerId;
use crm_types::access::Permission;
use crm_types::customer::{Customer, CustomerPatch, NewCustomer};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::queries::record;
use crate::customers::service::create::{self, Creator};
use crate::customers::service::delete;
use crate::error::ApiResult;
use crate::http::versions::{self, IfMatch};
use crate::openapi::{AuthErrors, BadParameters, Conflict, JsonBodyErrors, NotFound, Preconditions};
use crate::policy;
use crate::policy::fields::{CustomerFields, Written};
use crate::state::AppState;
use crate::{db, system_settings};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_one).service(get_one).service(update).service(remove).service(restore);
}

/// The response for one customer: its version as ETag, unreadable fields removed.
fn respond(response: actix_web::HttpResponseBuilder, caller: &Caller, customer: &Customer) -> ApiResult<HttpResponse> {
    let shown = CustomerFields::of(caller).customer(customer.clone());
    Ok(versions::respond(response, shown.version, &shown))
}

/// Create a customer.
///
/// Validates every field (422 lists them all), runs the duplicate check (look-alikes are listed in
/// `duplicates`, or refused with 409 when the administrator set the check to block), gives the
/// customer the next code, starts it at the first sales stage and makes the creator its owner unless
/// `owner_id` names someone else (which needs `customer.handover`).
#[utoipa::path(
    operation_id = crm_types::api::CreateCustomer::ID,
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
    CustomerFields::of(&caller).check_written(body.written())?;
    let settings = caller.reference.customer_settings();
    let format = system_settings::code_format_of(settings)?;
    let today = crate::china_time::day_of(state.clock.now());
    let creator = Creator::of(&caller);
    let reference = create::Reference::for_one(&state.db, caller.reference.clone(), &creator, &body).await?;
    let prepared = create::prepare(&state.db, &reference, &creator, &body, settings.duplicate_mode, today).await?;
    let txn = db::begin_write(&state.db).await?;
    let (row, customer) = create::insert(&txn, &creator, &prepared, &format, state.clock.now()).await?;
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
    operation_id = crm_types::api::GetCustomer::ID,
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
    let row = policy::customers::visible(&state.db, &caller, CustomerId(id.into_inner())).await?;
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
    operation_id = crm_types::api::UpdateCustomer::ID,
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
    if_match: IfMatch,
    id: web::Path<i64>,
    body: web::Json<CustomerPatch>,
) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let target = policy::customers::editable(&txn, &caller, CustomerId(id.into_inner())).await?;
    let (mut customer, duplicates) =
        crate::customers::service::update::apply(&txn, &caller, target, if_match, &body, state.clock.now()).await?;
    txn.commit().await?;
    customer.duplicates = duplicates;
    respond(HttpResponse::Ok(), &caller, &customer)
}

/// Delete a customer.
///
/// A soft delete: the customer disappears from lists and searches, and an administrator can restore
/// it. Needs `customer.delete`.
#[utoipa::path(
    operation_id = crm_types::api::DeleteCustomer::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 204, description = "Deleted."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/customers/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::deletable(&txn, &caller, CustomerId(id.into_inner())).await?;
    delete::remove(&txn, &caller, customer, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Restore a deleted customer.
///
/// Brings back a soft-deleted customer as it was. Needs `customer.delete`.
#[utoipa::path(
    operation_id = crm_types::api::RestoreCustomer::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 200, description = "Restored.", body = Customer), AuthErrors, NotFound, BadParameters)
)]
#[post("/customers/{id}/restore")]
pub async fn restore(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::restorable(&txn, &caller, CustomerId(id)).await?;
    delete::restore(&txn, &caller, customer, state.clock.now()).await?;
    let row = policy::customers::visible(&txn, &caller, CustomerId(id)).await?;
    let customer = record::load(&txn, &row).await?;
    txn.commit().await?;
    respond(HttpResponse::Ok(), &caller, &customer)
}
