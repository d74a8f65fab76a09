//! A customer's contacts: list, add, change. Contacts are never deleted; one who left is marked.

use actix_web::{HttpResponse, get, patch, post, web};
use chrono::Utc;
use crm_types::access::Resource;
use crm_types::customer::{Contact, ContactPatch, ContactStatus, NewContact};
use crm_types::dictionary::DictionaryKind;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::contacts;
use crate::customers::events::{self, Event};
use crate::customers::input::{self, check_code};
use crate::customers::record;
use crate::db;
use crate::entities::{customer_contacts, customers};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;
use crate::validation::Problems;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(add).service(update);
}

fn redacted(caller: &Caller, contact: &Contact) -> ApiResult<serde_json::Value> {
    // Contact field rules are written `contacts.mobile`; wrap to reuse them.
    let mut wrapped = serde_json::json!({ "contacts": [contact] });
    caller.access.redact(Resource::Customers, &mut wrapped);
    Ok(wrapped["contacts"][0].take())
}

/// A write to a customer's contacts changes the customer: a new version.
async fn touch(db: &impl ConnectionTrait, customer: &customers::Model, user_id: Option<i64>) -> ApiResult<()> {
    customers::Entity::update_many()
        .col_expr(customers::Column::Version, Expr::col(customers::Column::Version).add(1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(customers::Column::UpdatedBy, Expr::value(user_id))
        .filter(customers::Column::Id.eq(customer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// List a customer's contacts.
///
/// Primary first, then active ones, then those who left.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The customer's id.")),
    responses((status = 200, description = "The contacts.", body = Vec<Contact>), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/{id}/contacts")]
pub async fn list(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?;
    let customer = scope.find(&state.db, id.into_inner()).await?;
    let rows = record::contacts_of(&state.db, customer.id).await?;
    let items: Result<Vec<_>, _> = rows.iter().map(|row| redacted(&caller, &record::contact(row))).collect();
    Ok(HttpResponse::Ok().json(items?))
}

/// Add a contact.
///
/// `is_primary: true` makes the new contact the primary one.
#[utoipa::path(
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
    let scope = CustomerScope::of(&caller)?;
    let written = [("mobile", body.mobile.is_some()), ("email", body.email.is_some())];
    caller.access.check_writable(
        Resource::Customers,
        written
            .iter()
            .filter(|(_, set)| *set)
            .map(|(f, _)| if *f == "mobile" { "contacts.mobile" } else { "contacts.email" }),
    )?;
    let txn = db::begin_write(&state.db).await?;
    let customer = scope.find_editable(&txn, &caller, id.into_inner()).await?;
    let mut problems = Problems::default();
    let draft = contacts::draft(&mut problems, "contact", &body);
    if let Some(role) = &draft.decision_role {
        check_code(&txn, DictionaryKind::DecisionRole, "decision_role", role, &mut problems).await?;
    }
    problems.finish()?;
    let row = contacts::insert(&txn, customer.id, &draft).await?;
    if draft.is_primary {
        contacts::make_primary(&txn, customer.id, row.id).await?;
    }
    contacts::settle(&txn, &customer).await?;
    let user_id = caller.user().map(|u| u.id);
    touch(&txn, &customer, user_id).await?;
    events::record(&txn, customer.id, user_id, Event::new("contact_added").detail(row.name.clone())).await?;
    let row = customer_contacts::Entity::find_by_id(row.id).one(&txn).await?.unwrap_or(row);
    let dto = record::contact(&row);
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.contact_add", "customer", customer.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(redacted(&caller, &dto)?))
}

/// Change a contact.
///
/// Only the fields present change. `status: "left"` marks a contact who left: they stay on the
/// record but cannot be primary, and the primary role passes to another active contact.
#[utoipa::path(
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
    let scope = CustomerScope::of(&caller)?;
    let written = [("contacts.mobile", body.mobile.is_some()), ("contacts.email", body.email.is_some())];
    caller.access.check_writable(Resource::Customers, written.iter().filter(|(_, set)| *set).map(|(f, _)| *f))?;
    let txn = db::begin_write(&state.db).await?;
    let customer = scope.find_editable(&txn, &caller, id).await?;
    let current = customer_contacts::Entity::find_by_id(contact_id)
        .filter(customer_contacts::Column::CustomerId.eq(customer.id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("Customer {id} has no contact {contact_id}.")))?;
    let before = record::contact(&current);
    let mut problems = Problems::default();
    let mut row: customer_contacts::ActiveModel = current.clone().into();
    if let Some(name) = &body.name {
        row.name = Set(problems.text("name", name, 50));
    }
    if let Some(position) = &body.position {
        row.position = Set(problems.optional("position", position.as_deref(), 50));
    }
    if let Some(mobile) = &body.mobile {
        row.mobile = Set(contacts::mobile(&mut problems, "mobile", mobile.as_deref()));
    }
    if let Some(email) = &body.email {
        row.email = Set(input::email(&mut problems, "email", email.as_deref()));
    }
    if let Some(role) = &body.decision_role {
        let role = problems.optional("decision_role", role.as_deref(), 40);
        if let Some(code) = &role {
            check_code(&txn, DictionaryKind::DecisionRole, "decision_role", code, &mut problems).await?;
        }
        row.decision_role = Set(role);
    }
    let status = body.status.unwrap_or(before.status);
    let primary = match (status, body.is_primary) {
        (ContactStatus::Left, Some(true)) => {
            problems.add("is_primary", "left_contact", "a contact who left cannot be primary");
            false
        }
        (ContactStatus::Left, _) => false,
        (ContactStatus::Active, Some(primary)) => primary,
        (ContactStatus::Active, None) => current.is_primary,
    };
    if body.is_primary == Some(false) && current.is_primary && status == ContactStatus::Active {
        problems.add("is_primary", "needs_primary", "make another contact primary instead");
    }
    problems.finish()?;
    row.status = Set(status.as_str().to_owned());
    row.is_primary = Set(primary);
    row.updated_at = Set(Utc::now());
    let row = row.update(&txn).await?;
    if primary {
        contacts::make_primary(&txn, customer.id, row.id).await?;
    }
    contacts::settle(&txn, &customer).await?;
    let user_id = caller.user().map(|u| u.id);
    touch(&txn, &customer, user_id).await?;
    let row = customer_contacts::Entity::find_by_id(row.id).one(&txn).await?.unwrap_or(row);
    let after = record::contact(&row);
    let kind = if status == ContactStatus::Left && before.status == ContactStatus::Active {
        "contact_left"
    } else {
        "contact_updated"
    };
    events::record(&txn, customer.id, user_id, Event::new(kind).detail(after.name.clone())).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("customer.contact_update", "customer", customer.id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::Ok().json(redacted(&caller, &after)?))
}
