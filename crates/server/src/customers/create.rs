//! Creating a customer, the same way for the API, the import and the demo data: validation, the
//! duplicate check, a code, the owner, contacts, tags, the history and the audit log.

use chrono::{NaiveDate, Utc};
use crm_domain::CodeFormat;
use crm_types::access::Permission;
use crm_types::customer::{Customer, DuplicateMatch, NewCustomer};
use crm_types::settings::DuplicateMode;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use super::contacts::{self, ContactDraft};
use super::duplicates::{self, Probe};
use super::events::{self, Event};
use super::input::{Draft, check_code};
use crate::audit::{self, Actor, Change};
use crate::auth::Caller;
use crate::codes;
use crate::entities::{customer_tags, customers, users};
use crate::error::{ApiError, ApiResult};
use crate::validation::Problems;

/// Who creates, with what rights.
#[derive(Debug, Clone)]
pub struct Creator {
    /// The creating user (none for an API key).
    pub user_id: Option<i64>,
    /// May give the customer to someone else.
    pub may_assign: bool,
    /// As recorded in the audit log.
    pub actor: Actor,
}

impl Creator {
    /// The creator behind a request.
    pub fn of(caller: &Caller) -> Self {
        Self {
            user_id: caller.user().map(|u| u.id),
            may_assign: caller.access.has(Permission::CustomerHandover),
            actor: caller.actor(),
        }
    }
}

/// A validated new customer, ready to insert.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub draft: Draft,
    pub contacts: Vec<ContactDraft>,
    pub owner_id: Option<i64>,
    pub department_id: Option<i64>,
    pub duplicates: Vec<DuplicateMatch>,
}

/// The first active value of a dictionary: where new customers start.
async fn first_value(db: &impl ConnectionTrait, kind: crm_types::dictionary::DictionaryKind) -> ApiResult<String> {
    let values = crate::dictionaries::values(db, kind).await?;
    Ok(values.into_iter().find(|v| v.is_active).map(|v| v.code).unwrap_or_default())
}

/// Checks everything that can be checked before writing: 422 with every field error, 403 for
/// assigning without the right, 409 for a duplicate when the duplicate check blocks.
pub async fn prepare(
    db: &impl ConnectionTrait,
    creator: &Creator,
    body: &NewCustomer,
    mode: DuplicateMode,
    today: NaiveDate,
) -> ApiResult<Prepared> {
    use crm_types::dictionary::DictionaryKind;
    let mut problems = Problems::default();
    let stage = first_value(db, DictionaryKind::SalesStage).await?;
    let status = first_value(db, DictionaryKind::LifecycleStatus).await?;
    let mut draft = Draft::from_new(&mut problems, body, &stage, &status, today);
    let contacts = contacts::drafts(&mut problems, &body.contacts);
    draft.check_dictionaries(db, None, &mut problems).await?;
    draft.check_custom_fields(db, None, &mut problems).await?;
    for (i, contact) in contacts.iter().enumerate() {
        if let Some(role) = &contact.decision_role {
            check_code(db, DictionaryKind::DecisionRole, &format!("contacts[{i}].decision_role"), role, &mut problems)
                .await?;
        }
    }
    let owner_id = body.owner_id.map(|o| o.0).or(creator.user_id);
    let mut department_id = None;
    match owner_id {
        None => problems.add("owner_id", "required", "an integration must name the owner"),
        Some(owner_id) => match users::Entity::find_by_id(owner_id).one(db).await? {
            Some(owner) if owner.is_active => department_id = owner.department_id,
            _ => problems.add("owner_id", "not_found", "no such active user"),
        },
    }
    problems.finish()?;
    if owner_id != creator.user_id && creator.user_id.is_some() && !creator.may_assign {
        return Err(ApiError::Forbidden("Giving a new customer to someone else needs customer.handover.".into()));
    }
    let probe =
        Probe { name: Some(&draft.name), phone: draft.phone.as_deref(), uscc: draft.uscc.as_deref(), except: None };
    let duplicates = duplicates::find(db, &probe).await?;
    if mode == DuplicateMode::Block && !duplicates.is_empty() {
        return Err(duplicate_conflict(&duplicates));
    }
    Ok(Prepared { draft, contacts, owner_id, department_id, duplicates })
}

/// 409 listing the look-alikes, one field error per match.
pub fn duplicate_conflict(matches: &[DuplicateMatch]) -> ApiError {
    let errors = matches
        .iter()
        .map(|m| crm_types::FieldError {
            field: m.matched_on.first().cloned().unwrap_or_else(|| "name".into()),
            code: "duplicate".into(),
            message: format!("{} {} (id {}) already exists", m.code, m.name, m.id),
        })
        .collect();
    ApiError::Duplicate(errors)
}

/// Writes a prepared customer inside `txn` and records its creation; returns the row and the record.
pub async fn insert(
    txn: &impl ConnectionTrait,
    creator: &Creator,
    prepared: &Prepared,
    format: &CodeFormat,
    today: NaiveDate,
) -> ApiResult<(customers::Model, Customer)> {
    let code = codes::next_code(txn, "customer", format, today).await?;
    let now = Utc::now();
    let pairs: Vec<(String, Option<String>)> =
        prepared.contacts.iter().map(|c| (c.name.clone(), c.mobile.clone())).collect();
    let mut row = customers::ActiveModel {
        code: Set(code.clone()),
        owner_id: Set(prepared.owner_id),
        department_id: Set(prepared.department_id),
        primary_contact: Set(prepared.contacts.iter().find(|c| c.is_primary).map(|c| c.name.clone())),
        search_text: Set(prepared.draft.search_text(&code, &pairs)),
        last_followup_at: Set(None),
        version: Set(1),
        created_by: Set(creator.user_id),
        updated_by: Set(creator.user_id),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        deleted_by: Set(None),
        ..Default::default()
    };
    prepared.draft.write(&mut row);
    let row = row.insert(txn).await?;
    let mut contact_rows = Vec::with_capacity(prepared.contacts.len());
    for contact in &prepared.contacts {
        contact_rows.push(contacts::insert(txn, row.id, contact).await?);
    }
    contact_rows.sort_by_key(|c| (!c.is_primary, c.id));
    if !prepared.draft.tags.is_empty() {
        customer_tags::Entity::insert_many(
            prepared
                .draft
                .tags
                .iter()
                .map(|tag| customer_tags::ActiveModel { customer_id: Set(row.id), tag: Set(tag.clone()) }),
        )
        .exec(txn)
        .await?;
    }
    events::record(txn, row.id, creator.user_id, Event::new("created").detail(code)).await?;
    let mut tags = prepared.draft.tags.clone();
    tags.sort();
    let customer = super::record::assemble(&row, &contact_rows, tags, &[], &std::collections::HashMap::new());
    let snapshot = audit::snapshot(&customer)?;
    audit::record(txn, &creator.actor, Change::new("customer.create", "customer", row.id).created(snapshot)).await?;
    Ok((row, customer))
}

/// The created customer as returned to its creator, with the look-alikes found.
pub fn created(mut customer: Customer, prepared: Prepared) -> Customer {
    customer.duplicates = prepared.duplicates;
    customer
}
