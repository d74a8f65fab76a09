//! Reading the mapped cells of a row into typed values, whatever the target: each field's
//! [`FieldKind`] picks the transform from `crm_domain::import`, dictionary texts are looked up in the
//! dictionaries (with the mapping's own value table first), users by username or display name.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use crm_domain::import::dictionary::{self, Entry};
use crm_domain::import::header::{FieldKind, FieldSpec};
use crm_domain::import::{CellError, ErrorCode, amount, date, phone, text};
use crm_types::dictionary::DictionaryKind;
use crm_types::import::{Mapping, UnmatchedValue, ValueSuggestion};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::custom_fields::CustomTargets;
use crate::entities::{dictionary_items, users};
use crate::error::ApiResult;

/// A value read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Cleaned text (also phones, in their normal form).
    Text(String),
    /// A day.
    Date(NaiveDate),
    /// An amount in yuan.
    Amount(Decimal),
    /// A dictionary code.
    Code(String),
    /// Dictionary codes.
    Codes(Vec<String>),
    /// A user's id.
    User(i64),
}

/// A problem with a row: on a field (and its column) or on the row as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The column's header.
    pub column: Option<String>,
    /// The field's key.
    pub field: Option<String>,
    /// A stable code.
    pub code: String,
    /// What to change.
    pub message: String,
}

impl Problem {
    /// What is wrong with the cell of column `column`, mapped to field `field`.
    pub fn in_cell(column: &str, field: &str, error: CellError) -> Self {
        Self {
            column: Some(column.to_owned()),
            field: Some(field.to_owned()),
            code: error.code.as_str().to_owned(),
            message: error.message,
        }
    }

    /// Whether it is a missing required value (rather than one in a wrong form).
    pub fn is_missing(&self) -> bool {
        self.code == "required" || self.code == "empty"
    }
}

/// The dictionaries this target reads, by name.
const DICTIONARIES: [DictionaryKind; 7] = [
    DictionaryKind::Industry,
    DictionaryKind::CustomerType,
    DictionaryKind::Grade,
    DictionaryKind::CompanySize,
    DictionaryKind::SourceChannel,
    DictionaryKind::LifecycleStatus,
    DictionaryKind::DecisionRole,
];

/// Distinct unmatched texts remembered for the report.
const UNMATCHED_MAX: usize = 100;
/// Lookups remembered per job; beyond, texts are looked up afresh.
const CACHE_MAX: usize = 20_000;

/// What reading cells needs from the database, loaded once per pass, and what it remembers.
#[derive(Debug, Default)]
pub struct Lookups {
    /// The active values of each list by its name (a dictionary's name, or a select custom field's
    /// mapping key): (code, label, English label).
    lists: HashMap<String, Vec<(String, String, String)>>,
    /// Active users by username and by display name (`None` when a display name is shared).
    users: HashMap<String, Option<i64>>,
    /// The mapping's value tables.
    overrides: BTreeMap<String, BTreeMap<String, String>>,
    /// Lookups done per list: text → code or problem.
    cache: HashMap<String, HashMap<String, Result<String, CellError>>>,
    /// Lookups remembered, over all lists.
    cached: usize,
    /// Texts no value matched: (field, text) → rows and suggestions.
    pub unmatched: BTreeMap<(String, String), (u64, Vec<ValueSuggestion>)>,
}

impl Lookups {
    /// Loads the active dictionary values and users, and takes the options of the select fields among
    /// `custom`.
    pub async fn load(db: &impl ConnectionTrait, mapping: &Mapping, custom: &CustomTargets) -> ApiResult<Self> {
        let mut lookups = Self::with_lists(mapping, custom);
        let names: Vec<&str> = DICTIONARIES.iter().chain([&DictionaryKind::Tag]).map(|k| k.as_str()).collect();
        let rows = dictionary_items::Entity::find()
            .filter(dictionary_items::Column::Kind.is_in(names))
            .filter(dictionary_items::Column::IsActive.eq(true))
            .all(db)
            .await?;
        for row in rows {
            let Some(kind) = DICTIONARIES.iter().chain([&DictionaryKind::Tag]).find(|k| k.as_str() == row.kind) else {
                continue;
            };
            lookups.lists.entry(kind.as_str().to_owned()).or_default().push((row.code, row.label_zh, row.label_en));
        }
        let users = &mut lookups.users;
        for user in users::Entity::find().filter(users::Column::IsActive.eq(true)).all(db).await? {
            users.insert(user.username.to_lowercase(), Some(user.id));
            users
                .entry(user.display_name.trim().to_owned())
                .and_modify(|id| {
                    if *id != Some(user.id) {
                        *id = None;
                    }
                })
                .or_insert(Some(user.id));
        }
        Ok(lookups)
    }

    /// Lookups without dictionaries and users: the mapping's tables and the options of the select
    /// fields among `custom`.
    pub fn with_lists(mapping: &Mapping, custom: &CustomTargets) -> Self {
        let lists = custom
            .selects()
            .map(|field| {
                let options = field.options.iter().map(|o| (o.code.clone(), o.label_zh.clone(), o.label_en.clone()));
                (field.key.clone(), options.collect())
            })
            .collect();
        Self { lists, overrides: mapping.values.clone(), ..Self::default() }
    }

    /// The code `cell` stands for in list `name` (a dictionary, or a select custom field's options), for
    /// field `field`: from the mapping's table first, then by [`dictionary::lookup`]. A text no value
    /// matches is remembered for the report, with the values it may mean.
    pub fn code(&mut self, field: &str, name: &str, cell: &str) -> Result<String, CellError> {
        // The report lists a text cleaned (spaces collapsed, full-width folded): a choice made from it
        // applies to every way of writing it.
        if let Some(table) = self.overrides.get(field)
            && let Some(code) = table.get(cell.trim()).or_else(|| table.get(text::clean(cell).as_ref()))
        {
            return Ok(code.clone());
        }
        if let Some(found) = self.cache.get(name).and_then(|texts| texts.get(cell)) {
            let found = found.clone();
            if found.as_ref().is_err_and(|e| e.code != ErrorCode::Empty) {
                self.note_unmatched(field, cell, Vec::new());
            }
            return found;
        }
        let values = self.lists.get(name).map(Vec::as_slice).unwrap_or_default();
        let entries: Vec<Entry<'_>> =
            values.iter().map(|(code, label, label_en)| Entry { code, label, label_en }).collect();
        let (result, suggestions) = match dictionary::lookup(&entries, cell) {
            Ok(matched) => (Ok(matched.code.to_owned()), Vec::new()),
            Err(no_match) => {
                let suggestions = no_match
                    .suggestions
                    .iter()
                    .map(|s| ValueSuggestion { code: s.code.to_owned(), label: s.label.to_owned() })
                    .collect();
                (Err(no_match.error), suggestions)
            }
        };
        if result.as_ref().is_err_and(|e| e.code != ErrorCode::Empty) {
            self.note_unmatched(field, cell, suggestions);
        }
        if self.cached < CACHE_MAX {
            self.cached += 1;
            self.cache.entry(name.to_owned()).or_default().insert(cell.to_owned(), result.clone());
        }
        result
    }

    fn note_unmatched(&mut self, field: &str, cell: &str, suggestions: Vec<ValueSuggestion>) {
        let key = (field.to_owned(), text::clean(cell).into_owned());
        if let Some(entry) = self.unmatched.get_mut(&key) {
            entry.0 += 1;
        } else if self.unmatched.len() < UNMATCHED_MAX {
            self.unmatched.insert(key, (1, suggestions));
        }
    }

    /// The unmatched texts for the report.
    pub fn unmatched_values(&self) -> Vec<UnmatchedValue> {
        self.unmatched
            .iter()
            .map(|((field, text), (rows, suggestions))| UnmatchedValue {
                field: field.clone(),
                text: text.clone(),
                rows: *rows,
                suggestions: suggestions.clone(),
            })
            .collect()
    }

    fn user(&self, cell: &str) -> Result<i64, CellError> {
        let name = text::clean(cell);
        let found = self.users.get(&name.to_lowercase()).or_else(|| self.users.get(name.as_ref()));
        match found {
            Some(Some(id)) => Ok(*id),
            Some(None) => Err(CellError::new(
                ErrorCode::AmbiguousValue,
                format!("several users are called {name}: write the username"),
            )),
            None => Err(CellError::new(ErrorCode::NoMatch, format!("no active user is called {name}"))),
        }
    }
}

/// Enterprise or individual from `企业`/`个人` and their usual variants.
fn customer_kind(cell: &str) -> Result<String, CellError> {
    let key = dictionary::key(cell);
    match key.as_str() {
        "企业" | "公司" | "单位" | "机构" | "组织" | "企业客户" | "enterprise" | "company" | "business" | "b" => {
            Ok("enterprise".into())
        }
        "个人" | "个人客户" | "自然人" | "individual" | "person" | "personal" | "c" => Ok("individual".into()),
        _ => Err(CellError::new(ErrorCode::NoMatch, format!("{} is neither 企业 nor 个人", text::clean(cell)))),
    }
}

/// Reads one cell for `field`; `Ok(None)` for an empty cell.
pub fn read(
    lookups: &mut Lookups,
    field: &FieldSpec,
    header: &str,
    cell: &str,
    order: date::DateOrder,
) -> Result<Option<Value>, CellError> {
    let Some(cell) = text::filled(cell)? else { return Ok(None) };
    let value = match field.kind {
        FieldKind::Text | FieldKind::Uscc | FieldKind::IdCardNo | FieldKind::Email | FieldKind::Url => {
            Value::Text(text::clean(cell).into_owned())
        }
        FieldKind::Name => Value::Text(text::clean_name(cell)),
        FieldKind::LongText => Value::Text(text::clean_multiline(cell)),
        FieldKind::CustomerKind => Value::Code(customer_kind(cell)?),
        FieldKind::Phone => Value::Text(phone::parse_phone(cell)?.number.as_str().to_owned()),
        FieldKind::Mobile => Value::Text(phone::parse_mobile(cell)?.number.as_str().to_owned()),
        FieldKind::Date => Value::Date(date::parse_date(cell, order)?),
        FieldKind::Amount => {
            let rules = amount::Rules { unit: amount::Unit::from_header(header)?, allow_negative: false };
            Value::Amount(amount::parse(cell, rules)?)
        }
        FieldKind::Dictionary(name) => Value::Code(lookups.code(field.key, name, cell)?),
        FieldKind::DictionaryList(name) => {
            let mut codes = Vec::new();
            for part in text::split_list(cell) {
                let code = lookups.code(field.key, name, &part)?;
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            Value::Codes(codes)
        }
        FieldKind::User => Value::User(lookups.user(cell)?),
    };
    Ok(Some(value))
}
