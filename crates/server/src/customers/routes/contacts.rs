//! A customer's contacts: list, add, change. Contacts are never deleted; one who left is marked.

use actix_web::{HttpResponse, get, patch, post, web};
use crm_types::customer::{Contact, ContactPatch, NewContact};
use crm_types::{ContactId, CustomerId};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::queries::record;
use crate::customers::service::contacts;
use crate::db;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy;
use crate::policy::fields::{CustomerFields, Written};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(add).service(update);
}

/// List a customer's contacts.
///
/// Primary first, then active ones, then those who left.
#[utoipa::path(
    operation_id = crm_types::api::ListContacts::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 200, description = "The contacts.", body = Vec<Contact>), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/{id}/contacts")]
pub async fn list(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let customer = policy::customers::visible(&state.db, &caller, CustomerId(id.into_inner())).await?;
    let rows = record::contacts_of(&state.db, customer.id).await?;
    let fields = CustomerFields::of(&caller);
    let items: Vec<Contact> = rows.iter().map(|row| fields.contact(record::contact(row))).collect();
    Ok(HttpResponse::Ok().json(items))
}

/// Add a contact.
///
/// `is_primary: true` makes the new contact the primary one.
#[utoipa::path(
    operation_id = crm_types::api::AddContact::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    request_body = NewContact,
    responses((status = 201, description = "Added.", body = Contact), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[post("/customers/{id}/contacts")]
pub async fn add(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
    body: web::Json<NewContact>,
) -> ApiResult<HttpResponse> {
    CustomerFields::of(&caller).check_written(body.written())?;
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable(&txn, &caller, CustomerId(id.into_inner())).await?;
    let dto = contacts::add(&txn, &caller, customer, &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(CustomerFields::of(&caller).contact(dto)))
}

/// Change a contact.
///
/// Only the fields present change. `status: "left"` marks a contact who left: they stay on the
/// record but cannot be primary, and the primary role passes to another active contact.
#[utoipa::path(
    operation_id = crm_types::api::UpdateContact::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The customer's id."),
        ("contact_id" = i64, Path, description = "The contact's id.")
    ),
    request_body = ContactPatch,
    responses((status = 200, description = "Changed.", body = Contact), AuthErrors, NotFound, BadParameters, JsonBodyErrors)
)]
#[patch("/customers/{id}/contacts/{contact_id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
    body: web::Json<ContactPatch>,
) -> ApiResult<HttpResponse> {
    let (id, contact_id) = path.into_inner();
    CustomerFields::of(&caller).check_written(body.written())?;
    let txn = db::begin_write(&state.db).await?;
    let customer = policy::customers::editable(&txn, &caller, CustomerId(id)).await?;
    let after = contacts::update(&txn, &caller, customer, ContactId(contact_id), &body, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(CustomerFields::of(&caller).contact(after)))
}
