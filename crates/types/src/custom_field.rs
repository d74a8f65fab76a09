//! Custom fields (自定义字段) on customers: administrators define them, every user fills them in.
//! A customer's values are a map from field key to [`CustomValue`].

use crate::ids::CustomFieldId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::customer::CustomValue;

/// The kind of value a custom field holds, and so the shape of its [`CustomValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomFieldType {
    /// One line of text (a string of at most 200 characters).
    Text,
    /// A paragraph (a string of at most 2000 characters).
    LongText,
    /// A whole number (a JSON integer).
    Number,
    /// A decimal number as a string with at most 4 decimal places (`"12.50"`).
    Decimal,
    /// A day as an ISO 8601 string (`"2024-05-01"`).
    Date,
    /// One option code (a string).
    SingleSelect,
    /// Option codes (a list of strings).
    MultiSelect,
    /// `true` or `false`.
    Boolean,
}

impl CustomFieldType {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::LongText => "long_text",
            Self::Number => "number",
            Self::Decimal => "decimal",
            Self::Date => "date",
            Self::SingleSelect => "single_select",
            Self::MultiSelect => "multi_select",
            Self::Boolean => "boolean",
        }
    }
}

/// An option of a single- or multi-select field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldOption {
    /// The stable code stored in customers: letters, digits and `_`.
    #[schema(min_length = 1, max_length = 40, pattern = "^[A-Za-z0-9_]+$")]
    pub code: String,
    /// The zh-CN label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_zh: String,
    /// The English label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_en: String,
}

/// The definition of a custom field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomField {
    /// The id.
    pub id: CustomFieldId,
    /// The key under which customers carry the value (`budget_year`); never changes.
    pub key: String,
    /// The zh-CN label.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// The type; never changes.
    pub field_type: CustomFieldType,
    /// Whether every new customer must have a value (an existing one may not clear it).
    pub required: bool,
    /// The value a new customer gets when none is given.
    pub default_value: Option<CustomValue>,
    /// The options of a select field, in display order; empty for other types.
    pub options: Vec<CustomFieldOption>,
    /// Position among the fields.
    pub sort_order: i32,
    /// A disabled field keeps its values on customers but takes no new ones.
    pub is_active: bool,
}

/// Body of `POST /api/v1/admin/custom-fields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCustomField {
    /// The key: a lowercase letter, then lowercase letters, digits and `_`.
    #[schema(min_length = 1, max_length = 40, pattern = "^[a-z][a-z0-9_]{0,39}$")]
    pub key: String,
    /// The zh-CN label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_zh: String,
    /// The English label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_en: String,
    /// The type.
    pub field_type: CustomFieldType,
    /// Whether new customers must have a value.
    #[serde(default)]
    pub required: bool,
    /// The value a new customer gets when none is given; must fit the type and options.
    #[serde(default)]
    pub default_value: Option<CustomValue>,
    /// The options of a select field (at least one); none for other types.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub options: Vec<CustomFieldOption>,
    /// Position (default: after the last field).
    #[serde(default)]
    pub sort_order: Option<i32>,
}

/// Body of `PATCH /api/v1/admin/custom-fields/{id}`: only the fields present change. The key and the
/// type never change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomFieldPatch {
    /// A new zh-CN label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_zh: Option<String>,
    /// A new English label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_en: Option<String>,
    /// Make the field required or optional.
    pub required: Option<bool>,
    /// A new default value; `null` removes it.
    #[serde(default, with = "crate::patch::double_option", skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<CustomValue>)]
    pub default_value: Option<Option<CustomValue>>,
    /// The whole new option list: options are added, relabelled and reordered; one that a customer
    /// uses cannot be left out (409).
    #[schema(max_items = 100)]
    pub options: Option<Vec<CustomFieldOption>>,
    /// A new position.
    pub sort_order: Option<i32>,
    /// Enable or disable the field.
    pub is_active: Option<bool>,
}
