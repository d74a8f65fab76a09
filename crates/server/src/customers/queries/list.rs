//! The customer list: combinable filters, search, sort by a column and keyset (cursor) pagination,
//! all on top of the caller's scope.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use crm_domain::money;
use crm_types::FieldErrorCode;
use crm_types::customer::CustomerQuery;
use sea_orm::sea_query::{Expr, Func, Query, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbBackend, DerivePartialModel, EntityTrait, Order, Value};
use serde::{Deserialize, Serialize};

use crate::china_time::day_start;
use crate::customers::queries::search;
use crate::entities::{customer_tags, customers, departments};
use crate::error::{ApiError, ApiResult};

/// A column the list sorts by: every column the list shows but the tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    CreatedAt,
    UpdatedAt,
    Name,
    Code,
    Industry,
    Grade,
    Stage,
    CustomerType,
    CumulativeAmount,
    PrimaryContact,
    Phone,
    LifecycleStatus,
    SourceChannel,
    City,
    Owner,
    LastFollowupAt,
}

/// Where customers without a last follow-up sort: before any follow-up.
fn never() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

impl SortKey {
    /// Every key with its name in `sort`.
    const NAMES: [(&str, Self); 16] = [
        ("created_at", Self::CreatedAt),
        ("updated_at", Self::UpdatedAt),
        ("name", Self::Name),
        ("code", Self::Code),
        ("industry", Self::Industry),
        ("grade", Self::Grade),
        ("stage", Self::Stage),
        ("customer_type", Self::CustomerType),
        ("cumulative_amount", Self::CumulativeAmount),
        ("primary_contact", Self::PrimaryContact),
        ("phone", Self::Phone),
        ("lifecycle_status", Self::LifecycleStatus),
        ("source_channel", Self::SourceChannel),
        ("city", Self::City),
        ("owner", Self::Owner),
        ("last_followup_at", Self::LastFollowupAt),
    ];

    fn parse(text: &str) -> Option<Self> {
        Self::NAMES.iter().find(|(name, _)| *name == text).map(|(_, key)| *key)
    }

    fn column(self) -> customers::Column {
        use customers::Column as C;
        match self {
            Self::CreatedAt => C::CreatedAt,
            Self::UpdatedAt => C::UpdatedAt,
            Self::Name => C::Name,
            Self::Code => C::Code,
            Self::Industry => C::Industry,
            Self::Grade => C::Grade,
            Self::Stage => C::Stage,
            Self::CustomerType => C::CustomerType,
            Self::CumulativeAmount => C::CumulativeFen,
            Self::PrimaryContact => C::PrimaryContact,
            Self::Phone => C::Phone,
            Self::LifecycleStatus => C::LifecycleStatus,
            Self::SourceChannel => C::SourceChannel,
            Self::City => C::City,
            Self::Owner => C::OwnerId,
            Self::LastFollowupAt => C::LastFollowupAt,
        }
    }

    /// The sorted expression. An empty value sorts first going up: no amount as below zero, no owner
    /// as -1, no follow-up as the epoch, no text as the empty string (so that a cursor can point
    /// between them).
    fn expr(self) -> SimpleExpr {
        let column = Expr::col((customers::Entity, self.column()));
        let empty: Option<SimpleExpr> = match self {
            Self::CumulativeAmount | Self::Owner => Some(Expr::val(-1_i64).into()),
            Self::PrimaryContact | Self::Phone | Self::SourceChannel | Self::City => Some(Expr::val("").into()),
            Self::LastFollowupAt => Some(Expr::val(never()).into()),
            _ => None,
        };
        match empty {
            Some(empty) => Func::coalesce([column.into(), empty]).into(),
            None => column.into(),
        }
    }

    /// A cursor's value back as a database value.
    fn value_from(self, value: &serde_json::Value) -> Option<Value> {
        match self {
            Self::CreatedAt | Self::UpdatedAt | Self::LastFollowupAt => {
                let at = DateTime::parse_from_rfc3339(value.as_str()?).ok()?.with_timezone(&Utc);
                Some(at.into())
            }
            Self::CumulativeAmount | Self::Owner => Some(value.as_i64()?.into()),
            _ => Some(value.as_str()?.to_owned().into()),
        }
    }
}

/// The columns a list row shows and is sorted by: a page reads only these, not the whole record.
#[derive(Debug, Clone, DerivePartialModel)]
#[sea_orm(entity = "customers::Entity", from_query_result)]
pub struct ListRow {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub phone: Option<String>,
    pub primary_contact: Option<String>,
    pub customer_type: String,
    pub industry: String,
    pub grade: String,
    pub stage: String,
    pub lifecycle_status: String,
    pub source_channel: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub cumulative_fen: Option<i64>,
    pub owner_id: Option<i64>,
    pub department_id: Option<i64>,
    pub last_followup_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// A row of a keyset-paged list: its id and its value of each sort key.
pub trait Sorted {
    /// The id, the last sort key.
    fn id(&self) -> i64;
    /// The row's value of `key`, as carried in a cursor.
    fn value_of(&self, key: SortKey) -> serde_json::Value;
}

/// [`Sorted`] for row types that have the sort keys' columns under their own names.
macro_rules! sorted {
    ($($row:ty),*) => {$(
        impl Sorted for $row {
            fn id(&self) -> i64 {
                self.id
            }

            fn value_of(&self, key: SortKey) -> serde_json::Value {
                use serde_json::Value as J;
                let text = |value: &Option<String>| J::String(value.clone().unwrap_or_default());
                match key {
                    SortKey::CreatedAt => J::String(self.created_at.to_rfc3339()),
                    SortKey::UpdatedAt => J::String(self.updated_at.to_rfc3339()),
                    SortKey::Name => J::String(self.name.clone()),
                    SortKey::Code => J::String(self.code.clone()),
                    SortKey::Industry => J::String(self.industry.clone()),
                    SortKey::Grade => J::String(self.grade.clone()),
                    SortKey::Stage => J::String(self.stage.clone()),
                    SortKey::CustomerType => J::String(self.customer_type.clone()),
                    SortKey::CumulativeAmount => J::from(self.cumulative_fen.unwrap_or(-1)),
                    SortKey::PrimaryContact => text(&self.primary_contact),
                    SortKey::Phone => text(&self.phone),
                    SortKey::LifecycleStatus => J::String(self.lifecycle_status.clone()),
                    SortKey::SourceChannel => text(&self.source_channel),
                    SortKey::City => text(&self.city),
                    SortKey::Owner => J::from(self.owner_id.unwrap_or(-1)),
                    SortKey::LastFollowupAt => J::String(self.last_followup_at.unwrap_or_else(never).to_rfc3339()),
                }
            }
        }
    )*};
}

sorted!(customers::Model, ListRow);

/// How the list is ordered: a key and a direction, then the id the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// Parses `-created_at`, `name`… (400 for an unknown column).
    pub fn parse(text: Option<&str>) -> ApiResult<Self> {
        let text = text.unwrap_or("-created_at");
        let (descending, name) = match text.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, text),
        };
        let key = SortKey::parse(name).ok_or_else(|| ApiError::BadRequest(format!("Cannot sort by {name}.")))?;
        Ok(Self { key, descending })
    }

    /// The ORDER BY terms.
    pub fn order(self) -> [(SimpleExpr, Order); 2] {
        let order = if self.descending { Order::Desc } else { Order::Asc };
        [(self.key.expr(), order.clone()), (Expr::col((customers::Entity, customers::Column::Id)).into(), order)]
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct CursorBody {
    v: serde_json::Value,
    id: i64,
}

/// The cursor pointing after `row`.
pub fn cursor_after(sort: Sort, row: &impl Sorted) -> String {
    let body = CursorBody { v: row.value_of(sort.key), id: row.id() };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&body).unwrap_or_default())
}

/// The condition "after the cursor" in the list's order.
pub fn after_cursor(sort: Sort, cursor: &str) -> ApiResult<Condition> {
    let invalid = || ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let body: CursorBody = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    let value = sort.key.value_from(&body.v).ok_or_else(invalid)?;
    let key = Expr::expr(sort.key.expr());
    let id = Expr::col((customers::Entity, customers::Column::Id));
    // The bound before the OR is implied by it, but only it lets the database seek in the key's index
    // instead of walking it from the start (which makes every page slower than the one before).
    Ok(if sort.descending {
        Condition::all().add(key.clone().lte(value.clone())).add(
            Condition::any()
                .add(key.clone().lt(value.clone()))
                .add(Condition::all().add(key.eq(value)).add(id.lt(body.id))),
        )
    } else {
        Condition::all().add(key.clone().gte(value.clone())).add(
            Condition::any()
                .add(key.clone().gt(value.clone()))
                .add(Condition::all().add(key.eq(value)).add(id.gt(body.id))),
        )
    })
}

fn list(text: &Option<String>) -> Option<Vec<String>> {
    let values: Vec<String> =
        text.as_deref()?.split(',').map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).collect();
    (!values.is_empty()).then_some(values)
}

/// Ids as documented: digits only, separated by single commas, at least one. An id too large to be
/// one stands as -1, which no record has.
fn id_list(field: &str, text: &str) -> ApiResult<Vec<i64>> {
    let well_formed = text.split(',').all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    if !well_formed {
        return Err(ApiError::BadRequest(format!("{field} must be ids separated by commas.")));
    }
    Ok(text.split(',').map(|id| id.parse().unwrap_or(-1)).collect())
}

/// The first code after an industry section's divisions (`I` → `J`), or `None` for a division code.
fn section_end(code: &str) -> Option<String> {
    let mut chars = code.chars();
    let (Some(letter), None) = (chars.next(), chars.next()) else { return None };
    letter.is_ascii_uppercase().then(|| char::from(u8::try_from(letter).unwrap_or(b'Z').saturating_add(1)).to_string())
}

fn fen(field: &'static str, amount: Option<rust_decimal::Decimal>) -> ApiResult<Option<i64>> {
    amount.map(|a| money::to_fen(field, a).map_err(|e| ApiError::BadRequest(e.to_string()))).transpose()
}

/// "The comma-separated code list in `column` holds `code`".
fn has_code(backend: DbBackend, column: customers::Column, code: &str) -> SimpleExpr {
    let pattern = format!("%,{},%", search::like_escaped(code));
    let column = Expr::col((customers::Entity, column)).into();
    // The placeholders of custom SQL are the engine's own.
    let sql = match backend {
        DbBackend::Postgres => "(',' || $1 || ',') LIKE $2 ESCAPE '\\'",
        _ => "(',' || ? || ',') LIKE ? ESCAPE '\\'",
    };
    Expr::cust_with_exprs(sql, [column, Expr::val(pattern).into()])
}

/// The filter conditions of `query` (without scope, cursor and deletion state).
pub async fn filters(db: &impl ConnectionTrait, query: &CustomerQuery, now: DateTime<Utc>) -> ApiResult<Condition> {
    use customers::Column as C;
    let mut all = Condition::all();
    // No stored text holds a control character (input refuses them, imports drop them), so neither
    // does a fragment worth looking for.
    let q: Option<String> = query.q.as_deref().map(|q| q.chars().filter(|c| !c.is_control()).collect());
    if let Some(q) = q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        all = all.add(search::condition(db, q).await?);
    }
    if let Some(kind) = query.kind {
        all = all.add(C::Kind.eq(kind.as_str()));
    }
    for (column, values) in [
        (C::CustomerType, &query.customer_type),
        (C::Grade, &query.grade),
        (C::Stage, &query.stage),
        (C::LifecycleStatus, &query.lifecycle_status),
        (C::CompanySize, &query.company_size),
        (C::SourceChannel, &query.source_channel),
    ] {
        if let Some(values) = list(values) {
            all = all.add(column.is_in(values));
        }
    }
    if let Some(codes) = list(&query.industry) {
        let mut any = Condition::any();
        for code in codes {
            // A section letter takes in its divisions (`I` → `I63`, `I64`, `I65`), as a range an index can
            // answer (SQLite's LIKE ignores case and so cannot use one).
            any = match section_end(&code) {
                Some(end) => any.add(Condition::all().add(C::Industry.gte(code.clone())).add(C::Industry.lt(end))),
                None => any.add(C::Industry.eq(code)),
            };
        }
        all = all.add(any);
    }
    if let Some(tags) = list(&query.tag) {
        // Checked per candidate row through the tags' primary key, so that a common tag does not make
        // the database start from every customer that has it.
        all = all.add(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(customer_tags::Entity)
                .and_where(
                    Expr::col((customer_tags::Entity, customer_tags::Column::CustomerId))
                        .equals((customers::Entity, C::Id)),
                )
                .and_where(customer_tags::Column::Tag.is_in(tags))
                .to_owned(),
        ));
    }
    if let Some(ids) = &query.ids {
        let ids = id_list("ids", ids)?;
        if ids.len() > 1000 {
            return Err(ApiError::field("ids", FieldErrorCode::TooMany, "takes at most 1000 customers"));
        }
        all = all.add(C::Id.is_in(ids));
    }
    if let Some(owners) = &query.owner_id {
        all = all.add(C::OwnerId.is_in(id_list("owner_id", owners)?));
    }
    if let Some(department) = query.department_id {
        // An unknown department has no customers.
        let ids = match departments::Entity::find_by_id(department.0).one(db).await? {
            Some(found) => crate::policy::scope::subtree(db, &found.path).await?,
            None => Vec::new(),
        };
        all = all.add(C::DepartmentId.is_in(ids));
    }
    for (column, value) in [(C::Province, &query.province), (C::City, &query.city), (C::District, &query.district)] {
        if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            all = all.add(column.eq(value));
        }
    }
    for (column, from, to) in
        [(C::CreatedAt, query.created_from, query.created_to), (C::UpdatedAt, query.updated_from, query.updated_to)]
    {
        if let Some(from) = from {
            all = all.add(column.gte(day_start(from)));
        }
        if let Some(to) = to {
            all = all.add(column.lt(day_start(to) + Duration::days(1)));
        }
    }
    for (column, field, min, max) in [
        (C::CumulativeFen, "amount", query.amount_min, query.amount_max),
        (C::AnnualFen, "annual", query.annual_min, query.annual_max),
    ] {
        if let Some(min) = fen(field, min)? {
            all = all.add(column.gte(min));
        }
        if let Some(max) = fen(field, max)? {
            all = all.add(column.lte(max));
        }
    }
    for (column, from, to) in [
        (C::FirstCoopDate, query.first_coop_from, query.first_coop_to),
        (C::LastCoopDate, query.last_coop_from, query.last_coop_to),
    ] {
        if let Some(from) = from {
            all = all.add(column.gte(from));
        }
        if let Some(to) = to {
            all = all.add(column.lte(to));
        }
    }
    if let Some(roles) = list(&query.decision_role) {
        let mut any = Condition::any();
        for role in roles {
            any = any.add(has_code(db.get_database_backend(), C::DecisionRoles, &role));
        }
        all = all.add(any);
    }
    if let Some(cf) = query.cf.as_deref() {
        all = all.add(crate::custom_fields::filter(db, cf).await?);
    }
    if let Some(days) = query.no_followup_days {
        if !(1..=3650).contains(&days) {
            return Err(ApiError::BadRequest("no_followup_days must be between 1 and 3650.".into()));
        }
        let since = now - Duration::days(i64::from(days));
        // Never followed up counts from the day the customer was created.
        all = all.add(
            Condition::any()
                .add(C::LastFollowupAt.lt(since))
                .add(Condition::all().add(C::LastFollowupAt.is_null()).add(C::CreatedAt.lt(since))),
        );
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use sea_orm::{QueryFilter, QueryTrait};

    use super::*;

    #[test]
    fn a_code_list_is_matched_by_whole_codes_with_like_wildcards_taken_literally() {
        let sql = |backend| {
            customers::Entity::find()
                .filter(has_code(backend, customers::Column::DecisionRoles, "a_b%"))
                .build(backend)
                .to_string()
        };
        let condition = r#"WHERE (',' || "customers"."decision_roles" || ',') LIKE '%,a\_b\%,%' ESCAPE '\'"#;
        assert!(sql(DbBackend::Sqlite).ends_with(condition), "{}", sql(DbBackend::Sqlite));
        let postgres = sql(DbBackend::Postgres);
        assert!(postgres.ends_with(r#"|| ',') LIKE E'%,a\\_b\\%,%' ESCAPE '\'"#), "{postgres}");
    }
}
