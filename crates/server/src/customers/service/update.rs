//! Updating a customer, the same way for the API and the import: field rights, validation, reasons
//! for changes of stage, type and status, the duplicate check, optimistic locking, tags, contacts,
//! history and the audit log.

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::access::Permission;
use crm_types::customer::{Customer, CustomerPatch, DuplicateMatch};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::queries::duplicates::{self, Probe};
use crate::customers::queries::record;
use crate::customers::service::contact_rules;
use crate::customers::service::create;
use crate::customers::service::events::{self, Event};
use crate::customers::service::input::Draft;
use crate::entities::{customer_tags, customers};
use crate::error::{ApiError, ApiResult};
use crate::http::versions::IfMatch;
use crate::policy::Editable;
use crate::policy::fields::{CustomerFields, Written};
use crate::system_settings;
use crate::validation::Problems;

/// Applies `body` to `target` inside `txn` for `caller`: 403 for a field the role may not write, 422
/// for invalid values, 428/412 when `if_match` is missing or stale. `fields` are the fields
/// Returns the updated record and the look-alikes found.
pub async fn apply(
    txn: &DatabaseTransaction,
    caller: &Caller,
    target: Editable<customers::Model>,
    if_match: IfMatch,
    body: &CustomerPatch,
    now: DateTime<Utc>,
) -> ApiResult<(Customer, Vec<DuplicateMatch>)> {
    let current = target.into_inner();
    if_match.required()?;
    CustomerFields::of(caller).check_written(body.written())?;
    let before_dto = record::load(txn, &current).await?;
    let before = Draft::from_row(&current, before_dto.tags.clone());
    let mut after = before.clone();
    let mut problems = Problems::default();
    after.apply(&mut problems, body, crate::china_time::day_of(now));
    after.check_custom_fields(txn, Some(&before), &mut problems).await?;
    if after.grade != before.grade {
        caller.require(Permission::CustomerChangeGrade)?;
    }
    let reason = body.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let reasoned = [
        ("stage", &before.stage, &after.stage),
        ("customer_type", &before.customer_type, &after.customer_type),
        ("lifecycle_status", &before.lifecycle_status, &after.lifecycle_status),
        ("grade", &before.grade, &after.grade),
    ];
    let changed: Vec<_> = reasoned.into_iter().filter(|(_, old, new)| old != new).collect();
    if changed.iter().any(|(field, ..)| *field != "grade") && reason.is_none() {
        problems.add("reason", FieldErrorCode::Required, "say why the stage, type or status changes");
    }
    if reason.is_some_and(|r| r.chars().count() > 500) {
        problems.add("reason", FieldErrorCode::TooLong, "must be at most 500 characters");
    }
    after.check_dictionaries(txn, Some(&before), &mut problems).await?;
    problems.finish()?;
    if_match.check(current.version)?;
    let identity_changed = after.name != before.name || after.phone != before.phone || after.uscc != before.uscc;
    let mut duplicates_found = Vec::new();
    if identity_changed {
        let probe = Probe {
            name: Some(&after.name),
            phone: after.phone.as_deref(),
            uscc: after.uscc.as_deref(),
            mobiles: Vec::new(),
            except: Some(current.id),
        };
        duplicates_found = duplicates::find(txn, &probe).await?;
        let mode = system_settings::customers(txn).await?.duplicate_mode;
        if mode == crm_types::settings::DuplicateMode::Block && !duplicates_found.is_empty() {
            return Err(create::duplicate_conflict(&duplicates_found));
        }
    }
    let user_id = caller.user().map(|u| u.id);
    let mut row: customers::ActiveModel = current.clone().into();
    after.write(&mut row);
    row.version = Set(current.version + 1);
    row.updated_by = Set(user_id);
    row.updated_at = Set(now);
    let result = customers::Entity::update_many()
        .set(row)
        .filter(customers::Column::Id.eq(current.id))
        .filter(customers::Column::Version.eq(current.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    if after.tags != before.tags {
        customer_tags::Entity::delete_many().filter(customer_tags::Column::CustomerId.eq(current.id)).exec(txn).await?;
        if !after.tags.is_empty() {
            customer_tags::Entity::insert_many(
                after
                    .tags
                    .iter()
                    .map(|tag| customer_tags::ActiveModel { customer_id: Set(current.id), tag: Set(tag.clone()) }),
            )
            .exec(txn)
            .await?;
        }
    }
    let updated = customers::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no customer {}.", current.id)))?;
    if identity_changed {
        contact_rules::settle(txn, &updated).await?;
    }
    for (field, old, new) in &changed {
        events::record(txn, current.id, user_id, Event::change(field, old, new, reason), now).await?;
    }
    let after_dto = record::load(txn, &updated).await?;
    let (old, new) = audit::diff(&audit::snapshot(&before_dto)?, &audit::snapshot(&after_dto)?);
    let plain: Vec<&str> = new
        .as_object()
        .map(|o| o.keys().map(String::as_str).filter(|k| !matches!(*k, "version" | "updated_at")).collect())
        .unwrap_or_default();
    let plain: Vec<&str> = plain.into_iter().filter(|k| !changed.iter().any(|(field, ..)| field == k)).collect();
    if !plain.is_empty() {
        events::record(txn, current.id, user_id, Event::new("updated").detail(plain.join(", ")), now).await?;
    }
    let mut change = Change::new("customer.update", "customer", current.id);
    change.before = Some(old);
    change.after = Some(new);
    audit::record(txn, &caller.actor(), change).await?;
    Ok((after_dto, duplicates_found))
}
