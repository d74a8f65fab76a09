//! Creating a customer, the same way for the API, the import and the demo data: validation, the
//! duplicate check, a code, the owner, contacts, tags, the history and the audit log.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use crm_domain::CodeFormat;
use crm_types::FieldErrorCode;
use crm_types::access::Permission;
use crm_types::customer::{Customer, DuplicateMatch, NewCustomer};
use crm_types::dictionary::DictionaryKind;
use crm_types::settings::DuplicateMode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Actor, Change};
use crate::auth::Caller;
use crate::codes;
use crate::custom_fields;
use crate::customers::queries::duplicates::{self, Probe};
use crate::customers::service::contact_rules::{self, ContactDraft};
use crate::customers::service::events::{self, Event};
use crate::customers::service::input::Draft;
use crate::entities::{customer_contacts, customer_events, customer_tags, customers, users};
use crate::error::{ApiError, ApiResult};
use crate::validation::Problems;

/// Who creates, with what rights.
#[derive(Debug, Clone)]
pub struct Creator {
    /// The creating user (none for an API key).
    pub user_id: Option<i64>,
    /// The creating user's department (where a customer they own belongs).
    pub department_id: Option<i64>,
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
            department_id: caller.user().and_then(|u| u.department_id),
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

/// What a new customer is checked against: the dictionaries (where it starts: the first sales stage
/// and lifecycle status), the custom field definitions, and the users who may own it.
#[derive(Debug, Clone)]
pub struct Reference {
    data: Arc<crate::reference::Reference>,
    /// Active users' departments, by user id.
    owners: HashMap<i64, Option<i64>>,
}

impl Reference {
    /// Everything, read now, for checking many customers (an import's batch).
    pub async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let owners = users::Entity::find()
            .filter(users::Column::IsActive.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|user| (user.id, user.department_id))
            .collect();
        Ok(Self { data: Arc::new(crate::reference::Reference::load(db).await?), owners })
    }

    /// `data` with the one owner a request names (the creator unless another user is named).
    pub async fn for_one(
        db: &impl ConnectionTrait,
        data: Arc<crate::reference::Reference>,
        creator: &Creator,
        body: &NewCustomer,
    ) -> ApiResult<Self> {
        let mut owners = HashMap::new();
        match body.owner_id.map(|o| o.0) {
            // The creator signed in, so is active.
            None => owners.extend(creator.user_id.map(|id| (id, creator.department_id))),
            Some(owner_id) if Some(owner_id) == creator.user_id => {
                owners.insert(owner_id, creator.department_id);
            }
            Some(owner_id) => {
                if let Some(owner) = users::Entity::find_by_id(owner_id).one(db).await?
                    && owner.is_active
                {
                    owners.insert(owner.id, owner.department_id);
                }
            }
        }
        Ok(Self { data, owners })
    }
}

/// Checks everything but duplicates against `reference`: 422 with every field error, 403 for
/// assigning without the right. The result's `duplicates` are left empty.
pub fn check(reference: &Reference, creator: &Creator, body: &NewCustomer, today: NaiveDate) -> ApiResult<Prepared> {
    let mut problems = Problems::default();
    let stage = reference.data.first_value(DictionaryKind::SalesStage);
    let status = reference.data.first_value(DictionaryKind::LifecycleStatus);
    let draft = Draft::from_new(&mut problems, body, &stage, &status, today);
    let contacts = contact_rules::drafts(&mut problems, &body.contacts);
    checked(reference, creator, body, draft, contacts, problems)
}

/// [`check`] once the request is a draft and contact drafts (with the problems found making them).
fn checked(
    reference: &Reference,
    creator: &Creator,
    body: &NewCustomer,
    mut draft: Draft,
    contacts: Vec<ContactDraft>,
    mut problems: Problems,
) -> ApiResult<Prepared> {
    let codes = reference.data.codes();
    draft.check_codes(codes, None, &mut problems);
    draft.custom_fields =
        custom_fields::check_against(reference.data.custom_fields(), None, &draft.custom_fields, &mut problems);
    for (i, contact) in contacts.iter().enumerate() {
        if let Some(role) = &contact.decision_role {
            let field = format!("contacts[{i}].decision_role");
            codes.check(DictionaryKind::DecisionRole, &field, role, &mut problems);
        }
    }
    let owner_id = body.owner_id.map(|o| o.0).or(creator.user_id);
    let mut department_id = None;
    match owner_id {
        None => problems.add("owner_id", FieldErrorCode::Required, "an integration must name the owner"),
        Some(owner_id) => match reference.owners.get(&owner_id) {
            Some(department) => department_id = *department,
            None => problems.add("owner_id", FieldErrorCode::NotFound, "no such active user"),
        },
    }
    problems.finish()?;
    if owner_id != creator.user_id && creator.user_id.is_some() && !creator.may_assign {
        return Err(ApiError::PermissionRequired(Permission::CustomerHandover));
    }
    Ok(Prepared { draft, contacts, owner_id, department_id, duplicates: Vec::new() })
}

impl Prepared {
    /// What the duplicate check looks for.
    pub fn probe(&self) -> Probe<'_> {
        Probe {
            name: Some(&self.draft.name),
            phone: self.draft.phone.as_deref(),
            mobiles: self.contacts.iter().filter_map(|c| c.mobile.as_deref()).collect(),
            uscc: self.draft.uscc.as_deref(),
            except: None,
        }
    }
}

/// Checks everything that can be checked before writing, against `reference`: 422 with every field
/// error, 403 for assigning without the right, 409 for a duplicate when the duplicate check blocks.
pub async fn prepare(
    db: &impl ConnectionTrait,
    reference: &Reference,
    creator: &Creator,
    body: &NewCustomer,
    mode: DuplicateMode,
    today: NaiveDate,
) -> ApiResult<Prepared> {
    let mut prepared = check(reference, creator, body, today)?;
    prepared.duplicates = duplicates::find(db, &prepared.probe()).await?;
    if mode == DuplicateMode::Block && !prepared.duplicates.is_empty() {
        return Err(duplicate_conflict(&prepared.duplicates));
    }
    Ok(prepared)
}

/// 409 listing the look-alikes, one field error per match.
pub fn duplicate_conflict(matches: &[DuplicateMatch]) -> ApiError {
    let errors = matches
        .iter()
        .map(|m| {
            crm_types::FieldError::new(
                m.matched_on.first().cloned().unwrap_or_else(|| "name".into()),
                FieldErrorCode::Duplicate,
                format!("{} {} (id {}) already exists", m.code, m.name, m.id),
            )
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
    now: DateTime<Utc>,
) -> ApiResult<(customers::Model, Customer)> {
    let mut created = insert_many(txn, creator, &[prepared], format, now).await?;
    created.pop().ok_or_else(|| ApiError::Internal(anyhow::anyhow!("the customer was not written")))
}

/// Rows per multi-row INSERT (at most; see [`crate::db::statement_chunks`]): a customer row has about 40
/// columns, and SQLite takes at most 32,766 bound variables in a statement.
const ROWS_PER_INSERT: usize = 256;

/// Writes prepared customers inside `txn`, in order, each exactly as a customer created by hand —
/// its code, owner, contacts, tags, history event and audit entry — with a few multi-row statements
/// whatever their number; returns the rows and the records in the same order.
pub async fn insert_many(
    txn: &impl ConnectionTrait,
    creator: &Creator,
    prepared: &[&Prepared],
    format: &CodeFormat,
    now: DateTime<Utc>,
) -> ApiResult<Vec<(customers::Model, Customer)>> {
    if prepared.is_empty() {
        return Ok(Vec::new());
    }
    let codes = codes::next_codes(txn, "customer", format, crate::china_time::day_of(now), prepared.len()).await?;
    let rows: Vec<customers::ActiveModel> =
        prepared.iter().zip(&codes).map(|(p, code)| new_row(creator, p, code, now)).collect();
    let mut written = Vec::with_capacity(rows.len());
    for chunk in crate::db::statement_chunks(&rows, ROWS_PER_INSERT) {
        written.extend(customers::Entity::insert_many(chunk.to_vec()).exec_with_returning_many(txn).await?);
    }
    // In the order of `prepared`, whatever order the database returned them in.
    let position: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, code)| (code.as_str(), i)).collect();
    written.sort_by_key(|row| position.get(row.code.as_str()).copied().unwrap_or(usize::MAX));
    if written.len() != prepared.len() {
        return Err(ApiError::Internal(anyhow::anyhow!("{} of {} customers written", written.len(), prepared.len())));
    }

    let contact_rows: Vec<_> = written
        .iter()
        .zip(prepared)
        .flat_map(|(row, p)| p.contacts.iter().map(|c| contact_rules::row(row.id, c, now)))
        .collect();
    let mut contacts_of: HashMap<i64, Vec<customer_contacts::Model>> = HashMap::new();
    for chunk in crate::db::statement_chunks(&contact_rows, ROWS_PER_INSERT) {
        for contact in customer_contacts::Entity::insert_many(chunk.to_vec()).exec_with_returning_many(txn).await? {
            contacts_of.entry(contact.customer_id).or_default().push(contact);
        }
    }
    let tag_rows: Vec<_> = written
        .iter()
        .zip(prepared)
        .flat_map(|(row, p)| {
            p.draft
                .tags
                .iter()
                .map(|tag| customer_tags::ActiveModel { customer_id: Set(row.id), tag: Set(tag.clone()) })
        })
        .collect();
    for chunk in crate::db::statement_chunks(&tag_rows, ROWS_PER_INSERT) {
        customer_tags::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
    }
    let event_rows: Vec<_> = written
        .iter()
        .map(|row| events::row(row.id, creator.user_id, Event::new("created").detail(row.code.clone()), now))
        .collect();
    for chunk in crate::db::statement_chunks(&event_rows, ROWS_PER_INSERT) {
        customer_events::Entity::insert_many(chunk.to_vec()).exec(txn).await?;
    }

    let mut created = Vec::with_capacity(written.len());
    let mut changes = Vec::with_capacity(written.len());
    for (row, p) in written.into_iter().zip(prepared) {
        let mut contact_rows = contacts_of.remove(&row.id).unwrap_or_default();
        contact_rows.sort_by_key(|c| (!c.is_primary, c.id));
        let mut tags = p.draft.tags.clone();
        tags.sort();
        let customer = crate::customers::queries::record::assemble(&row, &contact_rows, tags, &[], &HashMap::new());
        changes.push(Change::new("customer.create", "customer", row.id).created(audit::snapshot(&customer)?));
        created.push((row, customer));
    }
    audit::record_many(txn, &creator.actor, changes).await?;
    Ok(created)
}

/// The row of a new customer.
fn new_row(creator: &Creator, prepared: &Prepared, code: &str, now: chrono::DateTime<Utc>) -> customers::ActiveModel {
    let pairs: Vec<(String, Option<String>)> =
        prepared.contacts.iter().map(|c| (c.name.clone(), c.mobile.clone())).collect();
    let mut row = customers::ActiveModel {
        code: Set(code.to_owned()),
        owner_id: Set(prepared.owner_id),
        department_id: Set(prepared.department_id),
        primary_contact: Set(prepared.contacts.iter().find(|c| c.is_primary).map(|c| c.name.clone())),
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
    crate::customers::queries::search::index(&mut row, prepared.draft.search_text(code, &pairs));
    row
}

/// The created customer as returned to its creator, with the look-alikes found.
pub fn created(mut customer: Customer, prepared: Prepared) -> Customer {
    customer.duplicates = prepared.duplicates;
    customer
}
