//! Custom fields as import targets. Every active custom field is a target field under the key
//! `custom_fields.<key>` (the name `customers::create` gives its validation errors), listed after the
//! standard fields with the administrator's labels, proposed for a column whose header is one of those
//! labels, and read by its type with `crm_domain::import::custom_field`. The values go into
//! `NewCustomer.custom_fields`, so they are checked (required fields, defaults, options) exactly as
//! for a customer typed into the form. A select field's options are a list of [`Lookups`] under the
//! field's mapping key: the mapping's table of texts applies first, to each part of a multi-select
//! cell too, and texts no option matches are reported for the wizard's value mapping like a
//! dictionary's.

use crm_domain::custom_field::FieldType;
use crm_domain::import::CellError;
use crm_domain::import::custom_field as read_cell;
use crm_domain::import::date::DateOrder;
use crm_domain::import::header::Names;
use crm_types::custom_field::CustomFieldOption;
use crm_types::customer::CustomValue;
use crm_types::import::TargetField;
use sea_orm::ConnectionTrait;

use super::cells::Lookups;
use crate::custom_fields as definitions;
use crate::error::ApiResult;

/// The prefix of a custom field's key in mappings.
pub const PREFIX: &str = "custom_fields.";

/// An active custom field as an import target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTarget {
    /// The key in mappings: `custom_fields.<key>`.
    pub key: String,
    /// The field's own key, under which the customer carries the value.
    pub field: String,
    /// The zh-CN label.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// The type.
    pub field_type: FieldType,
    /// Whether a new customer must have a value, none being given by default.
    pub required: bool,
    /// The options of a select field.
    pub options: Vec<CustomFieldOption>,
}

impl CustomTarget {
    /// Reads one cell of a column mapped to this field, a select field's texts looked up in `lookups`.
    pub fn read(
        &self,
        lookups: &mut Lookups,
        header: &str,
        cell: &str,
        order: DateOrder,
    ) -> Result<Option<CustomValue>, CellError> {
        let mut option = |text: &str| lookups.code(&self.key, &self.key, text);
        Ok(read_cell::read(self.field_type, &mut option, header, cell, order)?.map(definitions::to_wire))
    }

    /// Whether its values are options.
    fn is_select(&self) -> bool {
        matches!(self.field_type, FieldType::SingleSelect | FieldType::MultiSelect)
    }

    /// What headers are compared with: the labels and the key.
    fn names(&self) -> Names<'_> {
        Names { key: &self.key, label_zh: &self.label_zh, label_en: &self.label_en, synonyms: &[] }
    }
}

/// A column of the file mapped to a custom field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomColumn {
    /// The column's position.
    pub index: usize,
    /// Its header.
    pub header: String,
    /// The field.
    pub field: CustomTarget,
}

impl CustomColumn {
    /// Reads this column's cell of a row.
    pub fn read(
        &self,
        lookups: &mut Lookups,
        cells: &[String],
        order: DateOrder,
    ) -> Result<Option<CustomValue>, CellError> {
        let cell = cells.get(self.index).map(String::as_str).unwrap_or_default();
        self.field.read(lookups, &self.header, cell, order)
    }
}

/// The active custom fields, in display order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomTargets(Vec<CustomTarget>);

impl CustomTargets {
    /// Reads the active definitions.
    pub async fn load(db: &impl ConnectionTrait) -> ApiResult<Self> {
        let fields = definitions::definitions(db)
            .await?
            .into_iter()
            .filter(|dto| dto.is_active)
            .map(|dto| CustomTarget {
                key: format!("{PREFIX}{}", dto.key),
                field: dto.key,
                label_zh: dto.label_zh,
                label_en: dto.label_en,
                field_type: definitions::domain_type(dto.field_type),
                required: dto.required && dto.default_value.is_none(),
                options: dto.options,
            })
            .collect();
        Ok(Self(fields))
    }

    /// The select fields.
    pub fn selects(&self) -> impl Iterator<Item = &CustomTarget> {
        self.0.iter().filter(|f| f.is_select())
    }

    /// The field with mapping key `key` (`custom_fields.<key>`).
    pub fn get(&self, key: &str) -> Option<&CustomTarget> {
        self.0.iter().find(|f| f.key == key)
    }

    /// The fields as the mapping step lists them.
    pub fn target_fields(&self) -> Vec<TargetField> {
        self.0
            .iter()
            .map(|f| TargetField {
                key: f.key.clone(),
                label_zh: f.label_zh.clone(),
                label_en: f.label_en.clone(),
                required: f.required,
            })
            .collect()
    }

    /// What headers are compared with, field by field.
    pub fn names(&self) -> Vec<Names<'_>> {
        self.0.iter().map(CustomTarget::names).collect()
    }

    /// The field at `index` of [`Self::names`].
    pub fn at(&self, index: usize) -> Option<&CustomTarget> {
        self.0.get(index)
    }
}

/// Why a mapping's `key` is no target field: a custom field no longer active, or no field at all.
pub fn unknown_field(key: &str) -> String {
    match key.strip_prefix(PREFIX) {
        Some(field) => format!("{key} is not a field: there is no active custom field {field}"),
        None => format!("{key} is not a field"),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crm_types::import::Mapping;

    use super::*;

    fn region() -> CustomTarget {
        CustomTarget {
            key: "custom_fields.region".into(),
            field: "region".into(),
            label_zh: "大区".into(),
            label_en: "Region".into(),
            field_type: FieldType::SingleSelect,
            required: false,
            options: vec![CustomFieldOption {
                code: "east".into(), label_zh: "华东".into(), label_en: "East".into()
            }],
        }
    }

    fn lookups_for(field: &CustomTarget, table: &[(&str, &str)]) -> Lookups {
        let table = table.iter().map(|(text, code)| ((*text).to_owned(), (*code).to_owned())).collect();
        let mapping = Mapping { columns: Vec::new(), values: BTreeMap::from([(field.key.clone(), table)]) };
        Lookups::with_lists(&mapping, &CustomTargets(vec![field.clone()]))
    }

    #[test]
    fn a_select_cell_reads_by_label_or_by_the_mappings_table() {
        let field = region();
        let mut lookups = lookups_for(&field, &[("江浙沪", "east")]);
        assert_eq!(
            field.read(&mut lookups, "大区", "华东", DateOrder::Auto),
            Ok(Some(CustomValue::Text("east".into())))
        );
        assert_eq!(
            field.read(&mut lookups, "大区", "江浙沪", DateOrder::Auto),
            Ok(Some(CustomValue::Text("east".into())))
        );
        let mut plain = lookups_for(&field, &[]);
        assert!(field.read(&mut plain, "大区", "江浙沪", DateOrder::Auto).is_err());
    }

    #[test]
    fn each_part_of_a_multi_select_cell_takes_the_table_and_misses_are_reported() {
        let field = CustomTarget { field_type: FieldType::MultiSelect, ..region() };
        let mut lookups = lookups_for(&field, &[("江浙沪", "east")]);
        assert_eq!(
            field.read(&mut lookups, "大区", "江浙沪、华东", DateOrder::Auto),
            Ok(Some(CustomValue::List(vec!["east".into()])))
        );
        assert!(field.read(&mut lookups, "大区", "华东、东三省", DateOrder::Auto).is_err());
        assert!(field.read(&mut lookups, "大区", "东三省", DateOrder::Auto).is_err());
        let unmatched = lookups.unmatched_values();
        assert_eq!(unmatched.len(), 1);
        assert_eq!((unmatched[0].field.as_str(), unmatched[0].text.as_str()), ("custom_fields.region", "东三省"));
        assert_eq!(unmatched[0].rows, 2);
    }

    #[test]
    fn an_unknown_custom_key_says_the_field_is_gone() {
        assert_eq!(
            unknown_field("custom_fields.budget"),
            "custom_fields.budget is not a field: there is no active custom field budget"
        );
        assert_eq!(unknown_field("nonsense"), "nonsense is not a field");
    }
}
