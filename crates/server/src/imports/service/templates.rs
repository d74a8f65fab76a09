//! Mapping templates saved, changed and deleted: a named column mapping of the importer's own, checked
//! against the target and its active custom fields (there is no file to compare columns with).

use chrono::{DateTime, Utc};
use crm_types::import::{ImportTemplate, ImportTemplatePatch, Mapping, NewImportTemplate};
use crm_types::{FieldErrorCode, UserId};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::entities::import_templates;
use crate::error::{ApiError, ApiResult};
use crate::imports::pipeline::custom_fields::{CustomTargets, unknown_field};
use crate::imports::queries::templates::to_dto;
use crate::policy::Editable;
use crate::validation::Problems;

/// Checks a template's mapping against the target and its active custom fields alone (no file to
/// compare columns with).
fn check(problems: &mut Problems, custom: &CustomTargets, mapping: &Mapping) {
    let target = crate::imports::pipeline::customer::spec();
    if mapping.columns.is_empty() {
        problems.add("mapping.columns", FieldErrorCode::Required, "a template maps at least one column");
    }
    if mapping.columns.len() > 200 {
        problems.add("mapping.columns", FieldErrorCode::TooMany, "at most 200 columns");
    }
    for (i, column) in mapping.columns.iter().enumerate() {
        if target.field(&column.field).is_none() && custom.get(&column.field).is_none() {
            problems.add(
                &format!("mapping.columns[{i}].field"),
                FieldErrorCode::Unknown,
                &unknown_field(&column.field),
            );
        }
        if column.column.trim().is_empty() || column.column.chars().count() > 200 {
            problems.add(
                &format!("mapping.columns[{i}].column"),
                FieldErrorCode::Invalid,
                "must be 1 to 200 characters",
            );
        }
    }
}

/// Saves a template of `owner` (422 listing every problem; 409 when the owner already has one of that
/// name for the target).
pub async fn create(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    owner: UserId,
    body: &NewImportTemplate,
    now: DateTime<Utc>,
) -> ApiResult<ImportTemplate> {
    let mut problems = Problems::default();
    let name = problems.text("name", &body.name, 100);
    check(&mut problems, &CustomTargets::load(txn).await?, &body.mapping);
    problems.finish()?;
    let row = import_templates::ActiveModel {
        name: Set(name),
        target: Set(body.target.as_str().into()),
        mapping: Set(serde_json::to_string(&body.mapping).map_err(|e| ApiError::Internal(e.into()))?),
        owner_id: Set(owner.0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let template = to_dto(&row);
    let change = Change::new("import_template.create", "import_template", row.id).created(audit::snapshot(&template)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(template)
}

/// Renames `template` or replaces its mapping, or both.
pub async fn update(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    template: Editable<import_templates::Model>,
    body: &ImportTemplatePatch,
    now: DateTime<Utc>,
) -> ApiResult<ImportTemplate> {
    let mut problems = Problems::default();
    if body.name.is_none() && body.mapping.is_none() {
        problems.add("name", FieldErrorCode::NothingToChange, "send a new name, a new mapping, or both");
    }
    let name = body.name.as_deref().map(|n| problems.text("name", n, 100));
    if let Some(mapping) = &body.mapping {
        check(&mut problems, &CustomTargets::load(txn).await?, mapping);
    }
    problems.finish()?;
    let before = to_dto(&template);
    let mut active: import_templates::ActiveModel = template.into_inner().into();
    if let Some(name) = name {
        active.name = Set(name);
    }
    if let Some(mapping) = &body.mapping {
        active.mapping = Set(serde_json::to_string(mapping).map_err(|e| ApiError::Internal(e.into()))?);
    }
    active.updated_at = Set(now);
    let after = to_dto(&active.update(txn).await?);
    let change = Change::new("import_template.update", "import_template", after.id)
        .diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(after)
}

/// Deletes `template`; jobs that used it keep their own copy of the mapping.
pub async fn remove(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    template: Editable<import_templates::Model>,
) -> ApiResult<()> {
    let removed = to_dto(&template);
    import_templates::Entity::delete_by_id(template.id).exec(txn).await?;
    let change = Change::new("import_template.delete", "import_template", template.id)
        .diff(&audit::snapshot(&removed)?, &serde_json::json!({}));
    audit::record(txn, &caller.actor(), change).await?;
    Ok(())
}
