//! A customer's custom values checked against the definitions: defaults filled in on create, unchanged
//! values kept on update, every error on `custom_fields.<key>`. The customer's create, update and
//! import call it; the rules themselves are `crm_domain::custom_field`'s.

use std::collections::BTreeMap;

use crm_domain::custom_field::{self as rules, Definition, Value};
use crm_types::customer::CustomValue;
use sea_orm::ConnectionTrait;

use crate::custom_fields::queries::all;
use crate::custom_fields::wire::{definition, to_domain, to_wire};
use crate::entities::custom_fields;
use crate::error::ApiResult;
use crate::validation::Problems;

/// Checks a customer's values (and fills in defaults for a new one, `before` being `None`); returns
/// them normalised, or records a problem on `custom_fields.<key>` for each that breaks a rule.
pub async fn check_customer(
    db: &impl ConnectionTrait,
    before: Option<&BTreeMap<String, CustomValue>>,
    values: &BTreeMap<String, CustomValue>,
    problems: &mut Problems,
) -> ApiResult<BTreeMap<String, CustomValue>> {
    Ok(check_against(&all(db).await?, before, values, problems))
}

/// [`check_customer`] against definitions already read.
pub fn check_against(
    rows: &[custom_fields::Model],
    before: Option<&BTreeMap<String, CustomValue>>,
    values: &BTreeMap<String, CustomValue>,
    problems: &mut Problems,
) -> BTreeMap<String, CustomValue> {
    if rows.is_empty() && values.is_empty() {
        return BTreeMap::new();
    }
    let mut values: BTreeMap<String, Value> = values.iter().map(|(k, v)| (k.clone(), to_domain(v))).collect();
    if before.is_none() {
        for row in rows.iter().filter(|r| r.is_active) {
            let default = row.default_value.as_deref().and_then(|json| serde_json::from_str::<CustomValue>(json).ok());
            if let Some(default) = default {
                values.entry(row.key.clone()).or_insert_with(|| to_domain(&default));
            }
        }
    }
    let before: Option<BTreeMap<String, Value>> =
        before.map(|b| b.iter().map(|(k, v)| (k.clone(), to_domain(v))).collect());
    let definitions: Vec<Definition> = rows.iter().map(definition).collect();
    match rules::check_values(&definitions, before.as_ref(), &values) {
        Ok(checked) => checked.into_iter().map(|(k, v)| (k, to_wire(v))).collect(),
        Err(errors) => {
            for (key, error) in errors {
                problems.add(&format!("custom_fields.{key}"), error.code, &error.message);
            }
            values.into_iter().map(|(k, v)| (k, to_wire(v))).collect()
        }
    }
}
