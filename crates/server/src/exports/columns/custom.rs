//! Custom-field columns of an export: `custom_fields.<key>` for every active custom field, headed with
//! the field's zh-CN label (what the import proposes the field for), each value written as the import
//! reads it back — options by their labels (a multi-select's joined with `，`), booleans `是`/`否`,
//! numbers and decimals as numbers, dates and texts as they are.

use std::collections::HashMap;

use crm_types::custom_field::{CustomField, CustomFieldType};
use crm_types::export::ExportColumn;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::Out;

/// The prefix of a custom field's column key.
pub const PREFIX: &str = "custom_fields.";

/// An active custom field as an export column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomColumn {
    /// `custom_fields.<key>`.
    pub key: String,
    /// The field's own key, under which the customer holds the value.
    field: String,
    /// The header.
    pub label_zh: String,
    label_en: String,
    field_type: CustomFieldType,
    /// Option code → zh-CN label.
    options: HashMap<String, String>,
}

impl CustomColumn {
    /// The column of `field`.
    pub fn of(field: &CustomField) -> Self {
        Self {
            key: format!("{PREFIX}{}", field.key),
            field: field.key.clone(),
            label_zh: field.label_zh.clone(),
            label_en: field.label_en.clone(),
            field_type: field.field_type,
            options: field.options.iter().map(|o| (o.code.clone(), o.label_zh.clone())).collect(),
        }
    }

    /// The wire description.
    pub fn wire(&self) -> ExportColumn {
        ExportColumn { key: self.key.clone(), label_zh: self.label_zh.clone(), label_en: self.label_en.clone() }
    }

    /// The label of option `code`, or the code of an option since removed.
    fn option<'a>(&'a self, code: &'a str) -> &'a str {
        self.options.get(code).map_or(code, String::as_str)
    }

    /// The cell of a customer whose custom values are `values`.
    pub fn cell(&self, values: &Map<String, Value>) -> Out {
        let Some(value) = values.get(&self.field) else { return Out::Text(String::new()) };
        match (self.field_type, value) {
            (CustomFieldType::Boolean, Value::Bool(yes)) => Out::Text(if *yes { "是" } else { "否" }.into()),
            (CustomFieldType::Number, Value::Number(n)) => {
                n.as_i64().map_or_else(|| Out::Text(n.to_string()), |n| Out::Figure(Decimal::from(n)))
            }
            (CustomFieldType::Decimal, Value::String(text)) => {
                text.parse().map_or_else(|_| Out::Text(text.clone()), Out::Figure)
            }
            (CustomFieldType::SingleSelect, Value::String(code)) => Out::Text(self.option(code).to_owned()),
            (CustomFieldType::MultiSelect, Value::Array(codes)) => {
                let labels: Vec<&str> = codes.iter().filter_map(Value::as_str).map(|code| self.option(code)).collect();
                Out::Text(labels.join("，"))
            }
            (_, Value::String(text)) => Out::Text(text.clone()),
            (_, Value::Null) => Out::Text(String::new()),
            (_, other) => Out::Text(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crm_types::custom_field::CustomFieldOption;
    use serde_json::json;

    use super::*;

    fn column(field_type: CustomFieldType) -> CustomColumn {
        let option = |code: &str, zh: &str| CustomFieldOption {
            code: code.into(),
            label_zh: zh.into(),
            label_en: String::new(),
        };
        CustomColumn::of(&CustomField {
            id: crm_types::CustomFieldId(1),
            key: "f".into(),
            label_zh: "字段".into(),
            label_en: "Field".into(),
            field_type,
            required: false,
            default_value: None,
            options: vec![option("east", "华东"), option("south", "华南")],
            sort_order: 0,
            is_active: true,
        })
    }

    fn cell(field_type: CustomFieldType, value: Value) -> Out {
        column(field_type).cell(json!({ "f": value }).as_object().unwrap_or(&Map::new()))
    }

    #[test]
    fn values_are_written_as_the_import_reads_them() {
        let text = |s: &str| Out::Text(s.into());
        assert_eq!(cell(CustomFieldType::Boolean, json!(true)), text("是"));
        assert_eq!(cell(CustomFieldType::Boolean, json!(false)), text("否"));
        assert_eq!(cell(CustomFieldType::Number, json!(1200)), Out::Figure(Decimal::from(1200)));
        assert_eq!(cell(CustomFieldType::Decimal, json!("12.345")), Out::Figure("12.345".parse().unwrap_or_default()));
        assert_eq!(cell(CustomFieldType::SingleSelect, json!("south")), text("华南"));
        assert_eq!(cell(CustomFieldType::MultiSelect, json!(["east", "gone", "south"])), text("华东，gone，华南"));
        assert_eq!(cell(CustomFieldType::Date, json!("2024-05-01")), text("2024-05-01"));
        assert_eq!(cell(CustomFieldType::Text, json!("=1+1")), text("=1+1"));
        assert_eq!(column(CustomFieldType::Text).cell(&Map::new()), text(""));
    }
}
