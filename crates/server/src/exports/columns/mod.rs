//! The columns of an export: the standard ones ([`standard`]) and one per active custom field
//! ([`custom`]), which of them a caller's export holds ([`choose`]: those asked for, less the fields the
//! caller's role hides), and the cells of a customer's row.

mod custom;
mod standard;

use std::collections::HashMap;

use crm_types::access::{CustomerField, FieldAccess};
use crm_types::custom_field::CustomField;
use crm_types::export::ExportColumn;
use rust_decimal::Decimal;

pub use self::custom::CustomColumn;
pub use self::standard::{COLUMNS, Column, DEFAULT_COLUMNS, Source};
use crate::policy::fields::{self, CustomerFields};

/// A column of a file: a standard one, or a custom field's.
#[derive(Debug, Clone)]
pub enum Chosen {
    /// A column of [`COLUMNS`].
    Standard(&'static Column),
    /// A column of [`COLUMNS`] whose field the caller's role reads masked: its cells are masked too.
    Masked(&'static Column),
    /// An active custom field.
    Custom(CustomColumn),
}

impl Chosen {
    /// The key (`name`, `custom_fields.region`).
    pub fn key(&self) -> &str {
        match self {
            Self::Standard(column) | Self::Masked(column) => column.key,
            Self::Custom(column) => &column.key,
        }
    }

    /// The header.
    pub fn label_zh(&self) -> &str {
        match self {
            Self::Standard(column) | Self::Masked(column) => column.label_zh,
            Self::Custom(column) => &column.label_zh,
        }
    }
}

/// The wire description of every column: the standard ones, then the active custom fields (`custom`,
/// in display order).
pub fn columns(custom: &[CustomField]) -> Vec<ExportColumn> {
    COLUMNS
        .iter()
        .map(|c| ExportColumn { key: c.key.into(), label_zh: c.label_zh.into(), label_en: c.label_en.into() })
        .chain(custom.iter().filter(|f| f.is_active).map(|f| CustomColumn::of(f).wire()))
        .collect()
}

/// The columns to write: those asked for (the defaults when none), without those the caller may not
/// read and masked where the caller reads masked (`policy::fields`); `custom` are the custom field
/// definitions (a column for each active one, hidden with the `custom_fields` field rule). 422 for an
/// unknown key.
pub fn choose(fields: &CustomerFields, keys: &[String], custom: &[CustomField]) -> Result<Vec<Chosen>, String> {
    let keys: Vec<&str> =
        if keys.is_empty() { DEFAULT_COLUMNS.to_vec() } else { keys.iter().map(String::as_str).collect() };
    let standard = |column: &'static Column| match column.rule.and_then(|rule| fields.access(rule)) {
        Some(FieldAccess::Hidden) => None,
        Some(FieldAccess::Masked) => Some(Chosen::Masked(column)),
        Some(FieldAccess::ReadOnly) | None => Some(Chosen::Standard(column)),
    };
    let mut chosen: Vec<Chosen> = Vec::new();
    for key in keys {
        let column = match COLUMNS.iter().find(|c| c.key == key) {
            Some(column) => standard(column),
            None => {
                let field = key
                    .strip_prefix(custom::PREFIX)
                    .and_then(|field| custom.iter().find(|f| f.is_active && f.key == field))
                    .ok_or_else(|| format!("{key} is not a column"))?;
                fields.readable(CustomerField::CustomFields).then(|| Chosen::Custom(CustomColumn::of(field)))
            }
        };
        if let Some(column) = column
            && !chosen.iter().any(|c| c.key() == key)
        {
            chosen.push(column);
        }
    }
    Ok(chosen)
}

/// Labels to write for codes and ids.
#[derive(Debug, Default)]
pub struct Labels {
    /// Dictionary → code → label.
    pub dictionaries: HashMap<String, HashMap<String, String>>,
    /// User id → display name.
    pub users: HashMap<i64, String>,
}

impl Labels {
    /// Adds the label of a dictionary value.
    pub fn insert(&mut self, kind: &str, code: &str, label: &str) {
        self.dictionaries.entry(kind.to_owned()).or_default().insert(code.to_owned(), label.to_owned());
    }

    /// The label of `code` in dictionary `kind`, or the code itself.
    pub(super) fn label<'a>(&'a self, kind: &str, code: &'a str) -> &'a str {
        self.dictionaries.get(kind).and_then(|codes| codes.get(code)).map_or(code, String::as_str)
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    /// Text, to be neutralised.
    Text(String),
    /// An amount: a number shown with two decimals.
    Number(Decimal),
    /// A number shown as it is.
    Figure(Decimal),
}

/// The cells of a row.
pub fn cells(source: &Source<'_>, columns: &[Chosen], labels: &Labels) -> Vec<Out> {
    let custom_values = columns
        .iter()
        .any(|c| matches!(c, Chosen::Custom(_)))
        .then(|| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&source.customer.custom_fields))
        .and_then(Result::ok)
        .unwrap_or_default();
    columns
        .iter()
        .map(|column| match column {
            Chosen::Standard(column) => standard::standard_cell(source, column, labels),
            Chosen::Masked(column) => match (standard::standard_cell(source, column, labels), column.rule) {
                (Out::Text(text), Some(field)) if !text.is_empty() => Out::Text(fields::mask(field, &text)),
                (cell, _) => cell,
            },
            Chosen::Custom(column) => column.cell(&custom_values),
        })
        .collect()
}
