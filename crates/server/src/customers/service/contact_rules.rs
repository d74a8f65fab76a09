//! Contact rules: a name, a valid mobile and e-mail, a known decision role; one active primary
//! contact per customer; a contact who left is kept, marked, and never primary.

use chrono::{DateTime, Utc};
use crm_domain::Mobile;
use crm_types::FieldErrorCode;
use crm_types::customer::{ContactStatus, NewContact};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::customers::queries::record;
use crate::customers::service::input::email;
use crate::entities::{customer_contacts, customers};
use crate::error::ApiResult;
use crate::validation::Problems;

/// A contact's values in storage form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContactDraft {
    pub name: String,
    pub position: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub decision_role: Option<String>,
    pub is_primary: bool,
}

/// A mobile for the field `field`, normalised.
pub fn mobile(problems: &mut Problems, field: &str, raw: Option<&str>) -> Option<String> {
    let raw = raw.map(str::trim).filter(|v| !v.is_empty())?;
    match Mobile::parse(raw) {
        Ok(mobile) => Some(mobile.as_str().to_owned()),
        Err(error) => {
            problems.add(field, error.code, &error.message);
            None
        }
    }
}

/// Validates a new contact; `prefix` names it in errors (`contacts[1]`).
pub fn draft(problems: &mut Problems, prefix: &str, contact: &NewContact) -> ContactDraft {
    ContactDraft {
        name: problems.text(&format!("{prefix}.name"), &contact.name, 50),
        position: problems.optional(&format!("{prefix}.position"), contact.position.as_deref(), 50),
        mobile: mobile(problems, &format!("{prefix}.mobile"), contact.mobile.as_deref()),
        email: email(problems, &format!("{prefix}.email"), contact.email.as_deref()),
        decision_role: problems.optional(&format!("{prefix}.decision_role"), contact.decision_role.as_deref(), 40),
        is_primary: contact.is_primary,
    }
}

/// Validates the contacts of a new customer: at least one, at most one marked primary (the first is
/// primary when none is).
pub fn drafts(problems: &mut Problems, contacts: &[NewContact]) -> Vec<ContactDraft> {
    if contacts.is_empty() {
        problems.add("contacts", FieldErrorCode::Required, "a customer needs at least one contact");
    }
    if contacts.len() > 50 {
        problems.add("contacts", FieldErrorCode::TooMany, "at most 50 contacts at once");
    }
    let mut drafts: Vec<ContactDraft> =
        contacts.iter().enumerate().map(|(i, c)| draft(problems, &format!("contacts[{i}]"), c)).collect();
    match drafts.iter().filter(|c| c.is_primary).count() {
        0 => {
            if let Some(first) = drafts.first_mut() {
                first.is_primary = true;
            }
        }
        1 => {}
        _ => problems.add("contacts", FieldErrorCode::SeveralPrimary, "only one contact can be primary"),
    }
    drafts
}

/// Inserts a contact.
pub async fn insert(
    db: &impl ConnectionTrait,
    customer_id: i64,
    contact: &ContactDraft,
    now: DateTime<Utc>,
) -> ApiResult<customer_contacts::Model> {
    Ok(row(customer_id, contact, now).insert(db).await?)
}

/// The row of a new contact.
pub fn row(customer_id: i64, contact: &ContactDraft, now: DateTime<Utc>) -> customer_contacts::ActiveModel {
    customer_contacts::ActiveModel {
        customer_id: Set(customer_id),
        name: Set(contact.name.clone()),
        position: Set(contact.position.clone()),
        mobile: Set(contact.mobile.clone()),
        email: Set(contact.email.clone()),
        decision_role: Set(contact.decision_role.clone()),
        status: Set(ContactStatus::Active.as_str().to_owned()),
        is_primary: Set(contact.is_primary),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Makes `contact_id` the only primary contact of the customer.
pub async fn make_primary(db: &impl ConnectionTrait, customer_id: i64, contact_id: i64) -> ApiResult<()> {
    customer_contacts::Entity::update_many()
        .col_expr(customer_contacts::Column::IsPrimary, sea_orm::sea_query::Expr::value(false))
        .filter(customer_contacts::Column::CustomerId.eq(customer_id))
        .filter(customer_contacts::Column::Id.ne(contact_id))
        .filter(customer_contacts::Column::IsPrimary.eq(true))
        .exec(db)
        .await?;
    Ok(())
}

/// After contacts change: an active primary contact if there is an active contact at all, and the
/// customer's denormalised primary-contact name and search text brought up to date.
pub async fn settle(db: &impl ConnectionTrait, customer: &customers::Model) -> ApiResult<()> {
    let mut contacts = record::contacts_of(db, customer.id).await?;
    let has_primary = contacts.iter().any(|c| c.is_primary);
    if !has_primary && let Some(first) = contacts.iter_mut().find(|c| c.status == ContactStatus::Active.as_str()) {
        let mut active: customer_contacts::ActiveModel = first.clone().into();
        active.is_primary = Set(true);
        *first = active.update(db).await?;
    }
    let primary = contacts.iter().find(|c| c.is_primary).map(|c| c.name.clone());
    let pairs: Vec<(String, Option<String>)> = contacts.iter().map(|c| (c.name.clone(), c.mobile.clone())).collect();
    let draft = crate::customers::service::input::Draft::from_row(customer, Vec::new());
    let mut row: customers::ActiveModel = customer.clone().into();
    row.primary_contact = Set(primary);
    crate::customers::queries::search::index(&mut row, draft.search_text(&customer.code, &pairs));
    row.update(db).await?;
    Ok(())
}
