//! The list filter `cf=key:value;key2:value2` (and `key:low..high` for number, decimal and date fields)
//! on the JSON column `customers.custom_fields`: `json_extract` / `json_each` on SQLite, `::jsonb ->>`
//! / `@>` on PostgreSQL, the value always bound. The customer list and the check that a removed option
//! is unused both stand on it.

use crm_domain::custom_field::FieldType;
use crm_types::FieldErrorCode;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{Condition, ConnectionTrait, DbBackend};

use super::all;
use crate::custom_fields::wire::row_type;
use crate::error::{ApiError, ApiResult};

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
    let invalid = |what: &str| ApiError::field("cf", FieldErrorCode::InvalidValue, &format!("{key}: {what}"));
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
        let row = rows.iter().find(|r| r.key == key).ok_or_else(|| {
            ApiError::field("cf", FieldErrorCode::UnknownField, &format!("there is no custom field {key}"))
        })?;
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
                ApiError::field(
                    "cf",
                    FieldErrorCode::InvalidValue,
                    &format!("{key} is a number field; {value} is not a number"),
                )
            })?),
            FieldType::Boolean => Wanted::Bool(match value {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(ApiError::field(
                        "cf",
                        FieldErrorCode::InvalidValue,
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
