//! Reading customers into their wire form, with contacts, tags and collaborators, and with the
//! fields the caller may not read removed.

use std::collections::HashMap;

use crm_domain::money;
use crm_types::access::Resource;
use crm_types::customer::{
    Address, Collaborator, CollaboratorAccess, Contact, ContactStatus, Customer, CustomerKind, CustomerSummary,
};
use crm_types::{ContactId, CustomerId, DepartmentId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::input::split_codes;
use super::list::ListRow;
use crate::auth::Caller;
use crate::entities::{customer_collaborators, customer_contacts, customer_tags, customers, users};
use crate::error::{ApiError, ApiResult};

fn kind(text: &str) -> CustomerKind {
    if text == "individual" { CustomerKind::Individual } else { CustomerKind::Enterprise }
}

/// The wire form of a contact.
pub fn contact(row: &customer_contacts::Model) -> Contact {
    Contact {
        id: ContactId(row.id),
        name: row.name.clone(),
        position: row.position.clone(),
        mobile: row.mobile.clone(),
        email: row.email.clone(),
        decision_role: row.decision_role.clone(),
        status: if row.status == ContactStatus::Left.as_str() { ContactStatus::Left } else { ContactStatus::Active },
        is_primary: row.is_primary,
    }
}

/// The tags of a customer, in order.
pub async fn tags_of(db: &impl ConnectionTrait, customer_id: i64) -> ApiResult<Vec<String>> {
    Ok(customer_tags::Entity::find()
        .filter(customer_tags::Column::CustomerId.eq(customer_id))
        .order_by_asc(customer_tags::Column::Tag)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag)
        .collect())
}

/// The contacts of a customer: primary first, then active ones, then those who left.
pub async fn contacts_of(db: &impl ConnectionTrait, customer_id: i64) -> ApiResult<Vec<customer_contacts::Model>> {
    let mut rows = customer_contacts::Entity::find()
        .filter(customer_contacts::Column::CustomerId.eq(customer_id))
        .order_by_asc(customer_contacts::Column::Id)
        .all(db)
        .await?;
    rows.sort_by_key(|c| (!c.is_primary, c.status != ContactStatus::Active.as_str(), c.id));
    Ok(rows)
}

/// The display names of users by id (no query for none): owners, actors and collaborators shown
/// beside customers.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The names of customers by id, for records shown with their customer (follow-ups, demands, tasks).
pub async fn customer_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(customers::Entity::find()
        .select_only()
        .column(customers::Column::Id)
        .column(customers::Column::Name)
        .filter(customers::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// An active user (an owner or assignee to be), or `None`.
pub async fn active_user(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<users::Model>> {
    Ok(users::Entity::find_by_id(id).one(db).await?.filter(|u| u.is_active))
}

/// The full record, unredacted.
pub async fn load(db: &impl ConnectionTrait, row: &customers::Model) -> ApiResult<Customer> {
    let contacts = contacts_of(db, row.id).await?;
    let tags = tags_of(db, row.id).await?;
    let collaborators = customer_collaborators::Entity::find()
        .filter(customer_collaborators::Column::CustomerId.eq(row.id))
        .order_by_asc(customer_collaborators::Column::CreatedAt)
        .all(db)
        .await?;
    let names = user_names(db, collaborators.iter().map(|c| c.user_id)).await?;
    Ok(assemble(row, &contacts, tags, &collaborators, &names))
}

/// The record from its rows: contacts in display order, tags sorted, collaborators with their names.
pub fn assemble(
    row: &customers::Model,
    contacts: &[customer_contacts::Model],
    tags: Vec<String>,
    collaborators: &[customer_collaborators::Model],
    names: &HashMap<i64, String>,
) -> Customer {
    Customer {
        id: CustomerId(row.id),
        code: row.code.clone(),
        kind: kind(&row.kind),
        name: row.name.clone(),
        uscc: row.uscc.clone(),
        id_card_no: row.id_card_no.clone(),
        phone: row.phone.clone(),
        email: row.email.clone(),
        address: Address {
            province: row.province.clone(),
            city: row.city.clone(),
            district: row.district.clone(),
            detail: row.address_detail.clone(),
        },
        website: row.website.clone(),
        customer_type: Some(row.customer_type.clone()),
        industry: row.industry.clone(),
        grade: Some(row.grade.clone()),
        company_size: row.company_size.clone(),
        source_channel: row.source_channel.clone(),
        stage: Some(row.stage.clone()),
        lifecycle_status: Some(row.lifecycle_status.clone()),
        first_coop_date: row.first_coop_date,
        last_coop_date: row.last_coop_date,
        cumulative_amount: row.cumulative_fen.map(money::from_fen),
        annual_amount: row.annual_fen.map(money::from_fen),
        decision_roles: Some(split_codes(&row.decision_roles)),
        tags,
        initial_need: row.initial_need.clone(),
        notes: row.notes.clone(),
        owner_id: row.owner_id.map(UserId),
        department_id: row.department_id.map(DepartmentId),
        contacts: contacts.iter().map(contact).collect(),
        collaborators: collaborators
            .iter()
            .map(|c| Collaborator {
                user_id: UserId(c.user_id),
                display_name: names.get(&c.user_id).cloned().unwrap_or_default(),
                access: if c.access == CollaboratorAccess::Edit.as_str() {
                    CollaboratorAccess::Edit
                } else {
                    CollaboratorAccess::View
                },
            })
            .collect(),
        custom_fields: serde_json::from_str(&row.custom_fields).unwrap_or_default(),
        last_followup_at: row.last_followup_at,
        version: row.version,
        created_by: row.created_by.map(UserId),
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
        duplicates: Vec::new(),
    }
}

/// A list row.
pub fn summary(row: &ListRow, tags: Vec<String>) -> CustomerSummary {
    CustomerSummary {
        id: CustomerId(row.id),
        code: row.code.clone(),
        kind: kind(&row.kind),
        name: row.name.clone(),
        phone: row.phone.clone(),
        primary_contact: row.primary_contact.clone(),
        customer_type: Some(row.customer_type.clone()),
        industry: row.industry.clone(),
        grade: Some(row.grade.clone()),
        stage: Some(row.stage.clone()),
        lifecycle_status: Some(row.lifecycle_status.clone()),
        source_channel: row.source_channel.clone(),
        province: row.province.clone(),
        city: row.city.clone(),
        cumulative_amount: row.cumulative_fen.map(money::from_fen),
        tags,
        owner_id: row.owner_id.map(UserId),
        department_id: row.department_id.map(DepartmentId),
        last_followup_at: row.last_followup_at,
        created_at: row.created_at,
        updated_at: row.updated_at,
        deleted_at: row.deleted_at,
    }
}

/// A customer record as the caller may read it.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Readable<'a, T: Serialize> {
    /// Whole: the caller's role hides no customer field.
    Whole(&'a T),
    /// As JSON without the hidden fields.
    Redacted(serde_json::Value),
}

/// `record` without the fields the caller may not read (`contacts.mobile` style rules reach into the
/// contact list); as it is when the role hides none.
pub fn redact<'a, T: Serialize>(caller: &Caller, record: &'a T) -> ApiResult<Readable<'a, T>> {
    if !caller.access.hides_any(Resource::Customers) {
        return Ok(Readable::Whole(record));
    }
    let mut value = serde_json::to_value(record).map_err(|e| ApiError::Internal(e.into()))?;
    caller.access.redact(Resource::Customers, &mut value);
    Ok(Readable::Redacted(value))
}
