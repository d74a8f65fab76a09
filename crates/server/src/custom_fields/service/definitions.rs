//! Defining and changing custom fields. The key and the type never change; fields are never deleted
//! (a disabled one keeps its values on customers but takes no new ones), and an option a customer
//! uses is never removed.

use chrono::{DateTime, Utc};
use crm_domain::FieldKey;
use crm_domain::custom_field::{self as rules, Definition, FieldType};
use crm_types::FieldErrorCode;
use crm_types::custom_field::{CustomField, CustomFieldOption, CustomFieldPatch, NewCustomField};
use crm_types::customer::CustomValue;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::custom_fields::queries::all;
use crate::custom_fields::queries::filter::{Wanted, matches};
use crate::custom_fields::wire::{definition, domain_type, to_domain, to_dto, to_wire};
use crate::entities::{custom_fields as rows, customers};
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Settings};
use crate::validation::Problems;

/// The options with trimmed labels, every problem recorded.
fn options(problems: &mut Problems, field_type: FieldType, options: &[CustomFieldOption]) -> Vec<CustomFieldOption> {
    if options.len() > 100 {
        problems.add("options", FieldErrorCode::TooMany, "at most 100 options");
    }
    let checked = options
        .iter()
        .enumerate()
        .map(|(i, o)| CustomFieldOption {
            code: o.code.clone(),
            label_zh: problems.text(&format!("options[{i}].label_zh"), &o.label_zh, 100),
            label_en: problems.text(&format!("options[{i}].label_en"), &o.label_en, 100),
        })
        .collect();
    let codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
    if let Err(error) = rules::check_options(field_type, &codes) {
        problems.domain(error);
    }
    checked
}

/// The default value normalised, if it fits the definition.
fn default_value(problems: &mut Problems, definition: &Definition, value: Option<&CustomValue>) -> Option<CustomValue> {
    match rules::check(definition, &to_domain(value?)) {
        Ok(value) => value.map(to_wire),
        Err(error) => {
            problems.add("default_value", error.code, &error.message);
            None
        }
    }
}

fn json(value: &impl serde::Serialize) -> ApiResult<String> {
    serde_json::to_string(value).map_err(|e| ApiError::Internal(e.into()))
}

/// Defines a field at the end of the list (or at `sort_order`); the key is unique (409). Select
/// fields need at least one option; the default value must fit the type and options.
pub async fn define(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    body: &NewCustomField,
    now: DateTime<Utc>,
) -> ApiResult<CustomField> {
    let mut problems = Problems::default();
    let key = FieldKey::parse(&body.key).map_err(|e| problems.domain(e)).ok();
    let label_zh = problems.text("label_zh", &body.label_zh, 100);
    let label_en = problems.text("label_en", &body.label_en, 100);
    let field_type = domain_type(body.field_type);
    let options = options(&mut problems, field_type, &body.options);
    let rule = Definition {
        key: body.key.clone(),
        field_type,
        required: body.required,
        options: options.iter().map(|o| o.code.clone()).collect(),
        is_active: true,
    };
    let default = default_value(&mut problems, &rule, body.default_value.as_ref());
    problems.finish()?;
    let key = key.ok_or_else(|| ApiError::field("key", FieldErrorCode::InvalidFormat, "is not a valid key"))?;
    let existing = all(txn).await?;
    if existing.iter().any(|row| row.key == key.as_str()) {
        return Err(ApiError::AlreadyExists(format!("There is already a custom field {}.", key.as_str())));
    }
    let sort_order = body.sort_order.unwrap_or_else(|| existing.iter().map(|r| r.sort_order).max().unwrap_or(0) + 1);
    let row = rows::ActiveModel {
        key: Set(key.as_str().to_owned()),
        label_zh: Set(label_zh),
        label_en: Set(label_en),
        field_type: Set(field_type.as_str().to_owned()),
        required: Set(body.required),
        default_value: Set(default.as_ref().map(json).transpose()?),
        options: Set(json(&options)?),
        sort_order: Set(sort_order),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let dto = to_dto(&row);
    audit::record(
        txn,
        &caller.actor(),
        Change::new("custom_field.create", "custom_field", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    Ok(dto)
}

/// Relabels field `id`, makes it required or optional, sets or removes its default, adds, relabels
/// and reorders options, moves, disables or re-enables it; 404 for no such field, 409 for removing an
/// option in use.
pub async fn change(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    id: i64,
    body: &CustomFieldPatch,
    now: DateTime<Utc>,
) -> ApiResult<CustomField> {
    let current = rows::Entity::find_by_id(id)
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no custom field {id}.")))?;
    let mut rule = definition(&current);
    let mut problems = Problems::default();
    let mut active: rows::ActiveModel = current.clone().into();
    if let Some(label) = &body.label_zh {
        active.label_zh = Set(problems.text("label_zh", label, 100));
    }
    if let Some(label) = &body.label_en {
        active.label_en = Set(problems.text("label_en", label, 100));
    }
    if let Some(required) = body.required {
        active.required = Set(required);
    }
    if let Some(order) = body.sort_order {
        active.sort_order = Set(order);
    }
    if let Some(is_active) = body.is_active {
        active.is_active = Set(is_active);
    }
    let mut removed = Vec::new();
    if let Some(new) = &body.options {
        let new = options(&mut problems, rule.field_type, new);
        removed = rule.options.iter().filter(|code| !new.iter().any(|o| &o.code == *code)).cloned().collect();
        rule.options = new.iter().map(|o| o.code.clone()).collect();
        active.options = Set(json(&new)?);
    }
    let default = match &body.default_value {
        Some(value) => value.clone(),
        None => to_dto(&current).default_value,
    };
    if body.default_value.is_some() || body.options.is_some() {
        let default = default_value(&mut problems, &rule, default.as_ref());
        active.default_value = Set(default.as_ref().map(json).transpose()?);
    }
    problems.finish()?;
    let backend = txn.get_database_backend();
    for code in removed {
        let wanted = if rule.field_type == FieldType::MultiSelect {
            Wanted::Contains(code.clone())
        } else {
            Wanted::Text(code.clone())
        };
        let uses = customers::Entity::find().filter(matches(backend, &rule.key, wanted)).count(txn).await?;
        if uses > 0 {
            return Err(ApiError::InUse(format!(
                "{uses} customers use the option {code} of {}; options in use are never removed.",
                rule.key
            )));
        }
    }
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    let (before, after) = (to_dto(&current), to_dto(&row));
    audit::record(
        txn,
        &caller.actor(),
        Change::new("custom_field.update", "custom_field", id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}
