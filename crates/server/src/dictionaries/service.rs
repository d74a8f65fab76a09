//! Changes to dictionaries: the defaults seeded when missing, and values added and changed by
//! administrators (audited). Customer types, grades and contact statuses have fixed codes: only their
//! labels, order and (except for those) activity change.

use chrono::{DateTime, Utc};
use crm_types::FieldErrorCode;
use crm_types::dictionary::{DictionaryItem, DictionaryItemPatch, DictionaryKind, NewDictionaryItem};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::queries::{to_dto, values};
use super::seed;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::dictionary_items;
use crate::error::{ApiError, ApiResult};
use crate::policy::admin::{Admin, Settings};
use crate::validation::Problems;

/// Inserts the seeded values that are missing (by kind and code); edited ones are kept as they are.
pub async fn ensure_seeded(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let existing: std::collections::HashSet<(String, String)> =
        dictionary_items::Entity::find().all(db).await?.into_iter().map(|row| (row.kind, row.code)).collect();
    let now = Utc::now();
    for (position, (kind, code, zh, en, parent)) in seed::seeds().into_iter().enumerate() {
        if existing.contains(&(kind.to_owned(), code.to_owned())) {
            continue;
        }
        dictionary_items::ActiveModel {
            kind: Set(kind.to_owned()),
            code: Set(code.to_owned()),
            label_zh: Set(zh.to_owned()),
            label_en: Set(en.to_owned()),
            parent_code: Set(parent.map(str::to_owned)),
            sort_order: Set(i32::try_from(position).unwrap_or(i32::MAX)),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Adds a value at the end of dictionary `kind` (or at `sort_order`); codes are unique within a
/// dictionary (409), and a dictionary with fixed codes takes none (409).
pub async fn add(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    kind: DictionaryKind,
    body: &NewDictionaryItem,
    now: DateTime<Utc>,
) -> ApiResult<DictionaryItem> {
    if kind.is_fixed() {
        return Err(ApiError::Closed(format!(
            "The {} dictionary has fixed codes; only its labels change.",
            kind.as_str()
        )));
    }
    let mut problems = Problems::default();
    let code = problems.text("code", &body.code, 40);
    if !code.is_empty() && !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        problems.add("code", FieldErrorCode::InvalidFormat, "use letters, digits and '_'");
    }
    let label_zh = problems.text("label_zh", &body.label_zh, 100);
    let label_en = problems.text("label_en", &body.label_en, 100);
    let existing = values(txn, kind).await?;
    let parent = body.parent_code.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned);
    if let Some(parent) = &parent
        && !existing.iter().any(|row| &row.code == parent)
    {
        problems.add("parent_code", FieldErrorCode::NotFound, "no value with this code in the dictionary");
    }
    problems.finish()?;
    if existing.iter().any(|row| row.code == code) {
        return Err(ApiError::AlreadyExists(format!("The {} dictionary already has the code {code}.", kind.as_str())));
    }
    let sort_order = body.sort_order.unwrap_or_else(|| existing.iter().map(|r| r.sort_order).max().unwrap_or(0) + 1);
    let row = dictionary_items::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        code: Set(code),
        label_zh: Set(label_zh),
        label_en: Set(label_en),
        parent_code: Set(parent),
        sort_order: Set(sort_order),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let dto = to_dto(kind, &row);
    audit::record(
        txn,
        &caller.actor(),
        Change::new("dictionary.create", "dictionary_item", row.id).created(audit::snapshot(&dto)?),
    )
    .await?;
    Ok(dto)
}

/// Renames, reorders, disables or re-enables value `id` of dictionary `kind` (404 for none there).
pub async fn change(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    kind: DictionaryKind,
    id: i64,
    body: &DictionaryItemPatch,
    now: DateTime<Utc>,
) -> ApiResult<DictionaryItem> {
    let current = dictionary_items::Entity::find_by_id(id)
        .filter(dictionary_items::Column::Kind.eq(kind.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("The {} dictionary has no value {id}.", kind.as_str())))?;
    let mut problems = Problems::default();
    let mut active: dictionary_items::ActiveModel = current.clone().into();
    if let Some(label) = &body.label_zh {
        active.label_zh = Set(problems.text("label_zh", label, 100));
    }
    if let Some(label) = &body.label_en {
        active.label_en = Set(problems.text("label_en", label, 100));
    }
    if let Some(order) = body.sort_order {
        active.sort_order = Set(order);
    }
    if let Some(is_active) = body.is_active {
        if kind.is_fixed() && !is_active {
            problems.add("is_active", FieldErrorCode::Fixed, "values of this dictionary cannot be disabled");
        }
        active.is_active = Set(is_active);
    }
    problems.finish()?;
    active.updated_at = Set(now);
    let row = active.update(txn).await?;
    let (before, after) = (to_dto(kind, &current), to_dto(kind, &row));
    audit::record(
        txn,
        &caller.actor(),
        Change::new("dictionary.update", "dictionary_item", id)
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?),
    )
    .await?;
    Ok(after)
}
