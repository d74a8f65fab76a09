//! Reading customers into their wire form, with contacts, tags and collaborators, and with the
//! fields the caller may not read removed.

use std::collections::HashMap;

use crm_domain::money;
use crm_types::customer::{
    Address, Collaborator, CollaboratorAccess, Contact, ContactStatus, Customer, CustomerKind, CustomerSummary,
};
use crm_types::{ContactId, CustomerId, DepartmentId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::customers::queries::list::ListRow;
use crate::customers::service::input::split_codes;
use crate::entities::{customer_collaborators, customer_contacts, customer_tags, customers};
use crate::error::ApiResult;

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

/// The full record, unredacted.
pub async fn load(db: &impl ConnectionTrait, row: &customers::Model) -> ApiResult<Customer> {
    let contacts = contacts_of(db, row.id).await?;
    let tags = tags_of(db, row.id).await?;
    let collaborators = customer_collaborators::Entity::find()
        .filter(customer_collaborators::Column::CustomerId.eq(row.id))
        .order_by_asc(customer_collaborators::Column::CreatedAt)
        .all(db)
        .await?;
    let names = crate::lookups::user_names(db, collaborators.iter().map(|c| c.user_id)).await?;
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
