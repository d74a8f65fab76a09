//! Custom fields: definitions between row, wire and domain form, the check of a customer's values
//! against them, and the `cf=key:value` list filter on the JSON column `customers.custom_fields`.

use std::collections::BTreeMap;

use crm_domain::custom_field::{self as rules, Definition, FieldType, Value};
use crm_types::custom_field::{CustomField, CustomFieldOption, CustomFieldType};
use crm_types::customer::CustomValue;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{Condition, ConnectionTrait, DbBackend, EntityTrait, QueryOrder};

use crate::entities::custom_fields;
use crate::error::{ApiError, ApiResult};
use crate::validation::Problems;

/// The domain's name for a wire type.
pub fn domain_type(field_type: CustomFieldType) -> FieldType {
    match field_type {
        CustomFieldType::Text => FieldType::Text,
        CustomFieldType::LongText => FieldType::LongText,
        CustomFieldType::Number => FieldType::Number,
        CustomFieldType::Decimal => FieldType::Decimal,
        CustomFieldType::Date => FieldType::Date,
        CustomFieldType::SingleSelect => FieldType::SingleSelect,
        CustomFieldType::MultiSelect => FieldType::MultiSelect,
        CustomFieldType::Boolean => FieldType::Boolean,
    }
}

fn wire_type(field_type: FieldType) -> CustomFieldType {
    match field_type {
        FieldType::Text => CustomFieldType::Text,
        FieldType::LongText => CustomFieldType::LongText,
        FieldType::Number => CustomFieldType::Number,
        FieldType::Decimal => CustomFieldType::Decimal,
        FieldType::Date => CustomFieldType::Date,
        FieldType::SingleSelect => CustomFieldType::SingleSelect,
        FieldType::MultiSelect => CustomFieldType::MultiSelect,
        FieldType::Boolean => CustomFieldType::Boolean,
    }
}

/// A wire value in domain form.
pub fn to_domain(value: &CustomValue) -> Value {
    match value {
        CustomValue::Bool(b) => Value::Bool(*b),
        CustomValue::Integer(n) => Value::Integer(*n),
        CustomValue::Text(text) => Value::Text(text.clone()),
        CustomValue::List(codes) => Value::List(codes.clone()),
    }
}

/// A domain value in wire form.
pub fn to_wire(value: Value) -> CustomValue {
    match value {
        Value::Bool(b) => CustomValue::Bool(b),
        Value::Integer(n) => CustomValue::Integer(n),
        Value::Text(text) => CustomValue::Text(text),
        Value::List(codes) => CustomValue::List(codes),
    }
}

/// A stored row's type; an unknown stored name reads as text.
fn row_type(row: &custom_fields::Model) -> FieldType {
    FieldType::parse(&row.field_type).unwrap_or(FieldType::Text)
}

/// A stored row's options.
pub fn row_options(row: &custom_fields::Model) -> Vec<CustomFieldOption> {
    serde_json::from_str(&row.options).unwrap_or_default()
}

/// The wire form of a definition.
pub fn to_dto(row: &custom_fields::Model) -> CustomField {
    CustomField {
        id: row.id,
        key: row.key.clone(),
        label_zh: row.label_zh.clone(),
        label_en: row.label_en.clone(),
        field_type: wire_type(row_type(row)),
        required: row.required,
        default_value: row.default_value.as_deref().and_then(|json| serde_json::from_str(json).ok()),
        options: row_options(row),
        sort_order: row.sort_order,
        is_active: row.is_active,
    }
}

/// The domain form of a definition.
pub fn definition(row: &custom_fields::Model) -> Definition {
    Definition {
        key: row.key.clone(),
        field_type: row_type(row),
        required: row.required,
        options: row_options(row).into_iter().map(|o| o.code).collect(),
        is_active: row.is_active,
    }
}

/// Every definition, in display order.
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<custom_fields::Model>, sea_orm::DbErr> {
    custom_fields::Entity::find()
        .order_by_asc(custom_fields::Column::SortOrder)
        .order_by_asc(custom_fields::Column::Id)
        .all(db)
        .await
}

/// Every definition in wire form, in display order.
pub async fn definitions(db: &impl ConnectionTrait) -> Result<Vec<CustomField>, sea_orm::DbErr> {
    Ok(all(db).await?.iter().map(to_dto).collect())
}

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

/// A filter value in the type of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// Text, long text, decimal, date and single-select fields: the stored string.
    Text(String),
    /// Number fields.
    Integer(i64),
    /// Boolean fields.
    Bool(bool),
    /// Multi-select fields: an option code the list contains.
    Contains(String),
}

/// A bound of a range filter, in the type of its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// Number fields.
    Integer(i64),
    /// Decimal fields: the decimal as written (compared as a number).
    Decimal(String),
    /// Date fields: `YYYY-MM-DD` (compared as text, which orders dates).
    Date(String),
}

/// The condition "the customer's field `key` is at least `low`" (or at most, with `below`): customers
/// without a value do not match.
pub fn compares(backend: DbBackend, key: &str, bound: Bound, below: bool) -> SimpleExpr {
    let column = "\"customers\".\"custom_fields\"";
    let op = if below { "<=" } else { ">=" };
    match (backend, bound) {
        (DbBackend::Postgres, Bound::Integer(n)) => {
            Expr::cust_with_values(format!("CAST({column}::jsonb ->> '{key}' AS bigint) {op} $1"), [n])
        }
        (DbBackend::Postgres, Bound::Decimal(d)) => Expr::cust_with_values(
            format!("CAST({column}::jsonb ->> '{key}' AS numeric) {op} CAST($1 AS numeric)"),
            [d],
        ),
        (DbBackend::Postgres, Bound::Date(d)) => {
            Expr::cust_with_values(format!("({column}::jsonb ->> '{key}') {op} $1"), [d])
        }
        (_, Bound::Integer(n)) => Expr::cust_with_values(format!("json_extract({column}, '$.{key}') {op} ?"), [n]),
        // SQLite has no decimal type: both sides become the nearest double, which keeps the order and
        // the equality of amounts with two decimals.
        (_, Bound::Decimal(d)) => {
            Expr::cust_with_values(format!("CAST(json_extract({column}, '$.{key}') AS REAL) {op} CAST(? AS REAL)"), [d])
        }
        (_, Bound::Date(d)) => Expr::cust_with_values(format!("json_extract({column}, '$.{key}') {op} ?"), [d]),
    }
}

/// The bounds of `low..high` (either may be empty) for a field of `field_type`, or `None` when the
/// field type has no order or the value is not a range.
fn range(key: &str, field_type: FieldType, value: &str) -> ApiResult<Option<(Option<Bound>, Option<Bound>)>> {
    let Some((low, high)) = value.split_once("..") else { return Ok(None) };
    let invalid = |what: &str| ApiError::field("cf", "invalid_value", &format!("{key}: {what}"));
    let bound = |text: &str| -> ApiResult<Option<Bound>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        Ok(Some(match field_type {
            FieldType::Number => Bound::Integer(text.parse().map_err(|_| invalid(&format!("{text} is not a number")))?),
            FieldType::Decimal => {
                let decimal: rust_decimal::Decimal =
                    text.parse().map_err(|_| invalid(&format!("{text} is not a decimal")))?;
                Bound::Decimal(decimal.to_string())
            }
            _ => {
                let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| invalid(&format!("{text} is not a date (YYYY-MM-DD)")))?;
                Bound::Date(day.format("%Y-%m-%d").to_string())
            }
        }))
    };
    if !matches!(field_type, FieldType::Number | FieldType::Decimal | FieldType::Date) {
        return Ok(None);
    }
    let (low, high) = (bound(low)?, bound(high)?);
    if low.is_none() && high.is_none() {
        return Err(invalid("a range needs at least one bound"));
    }
    Ok(Some((low, high)))
}

/// The condition "the customer's field `key` matches `wanted`". `key` must be a defined key (so it
/// is `[a-z0-9_]` only and safe inside the SQL text); the value is a bound parameter.
pub fn matches(backend: DbBackend, key: &str, wanted: Wanted) -> SimpleExpr {
    let column = "\"customers\".\"custom_fields\"";
    match (backend, wanted) {
        (DbBackend::Postgres, Wanted::Contains(code)) => Expr::cust_with_values(
            format!("({column}::jsonb -> '{key}') @> jsonb_build_array(CAST($1 AS text))"),
            [code],
        ),
        (DbBackend::Postgres, wanted) => {
            let text = match wanted {
                Wanted::Text(text) | Wanted::Contains(text) => text,
                Wanted::Integer(n) => n.to_string(),
                Wanted::Bool(b) => b.to_string(),
            };
            Expr::cust_with_values(format!("({column}::jsonb ->> '{key}') = $1"), [text])
        }
        (_, Wanted::Contains(code)) => Expr::cust_with_values(
            format!("EXISTS (SELECT 1 FROM json_each({column}, '$.{key}') WHERE json_each.value = ?)"),
            [code],
        ),
        (_, Wanted::Text(text)) => Expr::cust_with_values(format!("json_extract({column}, '$.{key}') = ?"), [text]),
        // SQLite's json_extract gives integers for numbers and 1/0 for booleans.
        (_, Wanted::Integer(n)) => Expr::cust_with_values(format!("json_extract({column}, '$.{key}') = ?"), [n]),
        (_, Wanted::Bool(b)) => {
            Expr::cust_with_values(format!("json_extract({column}, '$.{key}') = ?"), [i64::from(b)])
        }
    }
}

/// The conditions of `cf=key:value;key2:value2`: 400 when malformed (empty included), 422 on `cf` for
/// an unknown key or a value of the wrong type. Number, decimal and date fields also take a range,
/// `key:low..high`, either bound left out for none.
pub async fn filter(db: &impl ConnectionTrait, text: &str) -> ApiResult<Condition> {
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest("cf takes key:value pairs separated by ';'; it is empty.".into()));
    }
    let rows = all(db).await?;
    let backend = db.get_database_backend();
    let mut all = Condition::all();
    for pair in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once(':') else {
            return Err(ApiError::BadRequest(format!("cf takes key:value pairs separated by ';', not {pair}.")));
        };
        let (key, value) = (key.trim(), value.trim());
        let row = rows
            .iter()
            .find(|r| r.key == key)
            .ok_or_else(|| ApiError::field("cf", "unknown_field", &format!("there is no custom field {key}")))?;
        if value.is_empty() {
            return Err(ApiError::BadRequest(format!("The custom field filter {key} needs a value.")));
        }
        if let Some((low, high)) = range(key, row_type(row), value)? {
            for (bound, below) in [(low, false), (high, true)] {
                if let Some(bound) = bound {
                    all = all.add(compares(backend, &row.key, bound, below));
                }
            }
            continue;
        }
        let wanted = match row_type(row) {
            FieldType::Number => Wanted::Integer(value.parse().map_err(|_| {
                ApiError::field("cf", "invalid_value", &format!("{key} is a number field; {value} is not a number"))
            })?),
            FieldType::Boolean => Wanted::Bool(match value {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(ApiError::field(
                        "cf",
                        "invalid_value",
                        &format!("{key} is a boolean field: true or false"),
                    ));
                }
            }),
            FieldType::MultiSelect => Wanted::Contains(value.to_owned()),
            _ => Wanted::Text(value.to_owned()),
        };
        all = all.add(matches(backend, &row.key, wanted));
    }
    Ok(all)
}
