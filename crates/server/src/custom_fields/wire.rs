//! A custom field definition and a value between their three forms: the stored row, the wire DTO
//! (`crm_types::custom_field`) and the domain's (`crm_domain::custom_field`, whose rules check values).

use crm_domain::custom_field::{Definition, FieldType, Value};
use crm_types::custom_field::{CustomField, CustomFieldOption, CustomFieldType};
use crm_types::customer::CustomValue;

use crate::entities::custom_fields;

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
pub(crate) fn row_type(row: &custom_fields::Model) -> FieldType {
    FieldType::parse(&row.field_type).unwrap_or(FieldType::Text)
}

/// A stored row's options.
pub fn row_options(row: &custom_fields::Model) -> Vec<CustomFieldOption> {
    serde_json::from_str(&row.options).unwrap_or_default()
}

/// The wire form of a definition.
pub fn to_dto(row: &custom_fields::Model) -> CustomField {
    CustomField {
        id: crm_types::CustomFieldId(row.id),
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
