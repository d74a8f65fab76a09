//! A customer's contacts (联系人) added and changed one at a time; the customer gets a new version
//! and a timeline entry with each change.

use chrono::{DateTime, Utc};
use crm_types::customer::{Contact, ContactPatch, ContactStatus, NewContact};
use crm_types::dictionary::DictionaryKind;
use crm_types::{ContactId, FieldErrorCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::queries::record;
use crate::customers::service::contact_rules;
use crate::customers::service::events::{self, Event};
use crate::customers::service::input::{self, check_code};
use crate::entities::{customer_contacts, customers};
use crate::error::{ApiError, ApiResult};
use crate::policy::Editable;
use crate::validation::Problems;

/// A write to a customer's contacts changes the customer: a new version.
async fn touch(
    db: &impl ConnectionTrait,
    customer: &customers::Model,
    user_id: Option<i64>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    customers::Entity::update_many()
        .col_expr(customers::Column::Version, Expr::col(customers::Column::Version).add(1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .col_expr(customers::Column::UpdatedBy, Expr::value(user_id))
        .filter(customers::Column::Id.eq(customer.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Adds a contact to `customer`; `is_primary` makes it the primary one.
pub async fn add(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    body: &NewContact,
    now: DateTime<Utc>,
) -> ApiResult<Contact> {
    let mut problems = Problems::default();
    let draft = contact_rules::draft(&mut problems, "contact", body);
    if let Some(role) = &draft.decision_role {
        check_code(txn, DictionaryKind::DecisionRole, "decision_role", role, &mut problems).await?;
    }
    problems.finish()?;
    let row = contact_rules::insert(txn, customer.id, &draft, now).await?;
    if draft.is_primary {
        contact_rules::make_primary(txn, customer.id, row.id).await?;
    }
    contact_rules::settle(txn, &customer).await?;
    let user_id = caller.user().map(|u| u.id);
    touch(txn, &customer, user_id, now).await?;
    events::record(txn, customer.id, user_id, Event::new("contact_added").detail(row.name.clone()), now).await?;
    let row = customer_contacts::Entity::find_by_id(row.id).one(txn).await?.unwrap_or(row);
    let dto = record::contact(&row);
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.contact_add", "customer", customer.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    Ok(dto)
}

/// Changes contact `contact_id` of `customer`: only the fields present. `status: left` keeps the
/// contact, marked, and passes the primary role on.
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    contact_id: ContactId,
    body: &ContactPatch,
    now: DateTime<Utc>,
) -> ApiResult<Contact> {
    let current = customer_contacts::Entity::find_by_id(contact_id.0)
        .filter(customer_contacts::Column::CustomerId.eq(customer.id))
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("Customer {} has no contact {contact_id}.", customer.id)))?;
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
        row.mobile = Set(contact_rules::mobile(&mut problems, "mobile", mobile.as_deref()));
    }
    if let Some(email) = &body.email {
        row.email = Set(input::email(&mut problems, "email", email.as_deref()));
    }
    if let Some(role) = &body.decision_role {
        let role = problems.optional("decision_role", role.as_deref(), 40);
        if let Some(code) = &role {
            check_code(txn, DictionaryKind::DecisionRole, "decision_role", code, &mut problems).await?;
        }
        row.decision_role = Set(role);
    }
    let status = body.status.unwrap_or(before.status);
    let primary = match (status, body.is_primary) {
        (ContactStatus::Left, Some(true)) => {
            problems.add("is_primary", FieldErrorCode::LeftContact, "a contact who left cannot be primary");
            false
        }
        (ContactStatus::Left, _) => false,
        (ContactStatus::Active, Some(primary)) => primary,
        (ContactStatus::Active, None) => current.is_primary,
    };
    if body.is_primary == Some(false) && current.is_primary && status == ContactStatus::Active {
        problems.add("is_primary", FieldErrorCode::NeedsPrimary, "make another contact primary instead");
    }
    problems.finish()?;
    row.status = Set(status.as_str().to_owned());
    row.is_primary = Set(primary);
    row.updated_at = Set(now);
    let row = row.update(txn).await?;
    if primary {
        contact_rules::make_primary(txn, customer.id, row.id).await?;
    }
    contact_rules::settle(txn, &customer).await?;
    let user_id = caller.user().map(|u| u.id);
    touch(txn, &customer, user_id, now).await?;
    let row = customer_contacts::Entity::find_by_id(row.id).one(txn).await?.unwrap_or(row);
    let after = record::contact(&row);
    let kind = if status == ContactStatus::Left && before.status == ContactStatus::Active {
        "contact_left"
    } else {
        "contact_updated"
    };
    events::record(txn, customer.id, user_id, Event::new(kind).detail(after.name.clone()), now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.contact_update", "customer", customer.id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}
