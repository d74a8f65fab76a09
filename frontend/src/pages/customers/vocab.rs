//! What the customer pages show codes with: dictionary labels in the user's language, and colleagues'
//! names.

use std::collections::HashMap;

use crm_types::admin::{Colleague, Department};
use crm_types::api::{ListColleagues, ListCustomFields, ListDepartments, ListDictionaryItems, Nothing};
use crm_types::custom_field::CustomField;
use crm_types::dictionary::{DictionaryItem, DictionaryKind};

use crate::api::{self, ApiError};
use crate::i18n::Locale;

/// The dictionaries a customer's pages use (follow-up types for its follow-ups).
pub const KINDS: [DictionaryKind; 10] = [
    DictionaryKind::Industry,
    DictionaryKind::CustomerType,
    DictionaryKind::Grade,
    DictionaryKind::CompanySize,
    DictionaryKind::SourceChannel,
    DictionaryKind::SalesStage,
    DictionaryKind::LifecycleStatus,
    DictionaryKind::Tag,
    DictionaryKind::DecisionRole,
    DictionaryKind::FollowupType,
];

/// Dictionary values and colleagues, loaded once per page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vocab {
    items: HashMap<DictionaryKind, Vec<DictionaryItem>>,
    /// Active colleagues, for owner and handover pickers.
    pub users: Vec<Colleague>,
    /// Custom field definitions, disabled ones included (old values keep their labels).
    pub fields: Vec<CustomField>,
    /// The department tree, in its order, for grouping colleagues.
    pub departments: Vec<Department>,
}

impl Vocab {
    /// Loads the dictionaries and the staff directory.
    pub async fn load() -> Result<Self, ApiError> {
        let mut items = HashMap::new();
        for kind in KINDS {
            let values = api::get::<ListDictionaryItems>(&kind, &Nothing {}).await?;
            items.insert(kind, values);
        }
        let users = api::get::<ListColleagues>(&(), &Nothing {}).await?;
        let fields = api::get::<ListCustomFields>(&(), &Nothing {}).await?;
        let departments = api::get::<ListDepartments>(&(), &Nothing {}).await?;
        Ok(Self { items, users, fields, departments })
    }

    /// The values of `kind` that can be chosen now.
    pub fn choices(&self, kind: DictionaryKind) -> Vec<DictionaryItem> {
        self.items.get(&kind).map(|v| v.iter().filter(|i| i.is_active).cloned().collect()).unwrap_or_default()
    }

    /// The industry sections (门类), without their divisions.
    pub fn industry_sections(&self) -> Vec<DictionaryItem> {
        self.choices(DictionaryKind::Industry).into_iter().filter(|i| i.parent_code.is_none()).collect()
    }

    /// The label of `code` in `kind`, or the code itself when unknown.
    pub fn label(&self, locale: Locale, kind: DictionaryKind, code: &str) -> String {
        self.items
            .get(&kind)
            .and_then(|values| values.iter().find(|v| v.code == code))
            .map(|v| label_of(locale, v).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }

    /// The colleagues `keep` offers, grouped by department in the tree's order, those without a
    /// department last (named `None`).
    pub fn users_by_department(&self, keep: impl Fn(&Colleague) -> bool) -> Vec<(Option<String>, Vec<Colleague>)> {
        let offered: Vec<&Colleague> = self.users.iter().filter(|u| keep(u)).collect();
        let mut groups: Vec<(Option<String>, Vec<Colleague>)> = self
            .departments
            .iter()
            .map(|d| {
                let members = offered.iter().filter(|u| u.department_id == Some(d.id)).map(|u| (*u).clone());
                (Some(d.name.clone()), members.collect::<Vec<_>>())
            })
            .filter(|(_, members)| !members.is_empty())
            .collect();
        let known = |u: &&Colleague| u.department_id.is_some_and(|id| self.departments.iter().any(|d| d.id == id));
        let others: Vec<Colleague> = offered.iter().filter(|u| !known(u)).map(|u| (*u).clone()).collect();
        if !others.is_empty() {
            groups.push((None, others));
        }
        groups
    }

    /// A colleague's name.
    pub fn user_name(&self, id: Option<crm_types::UserId>) -> String {
        id.and_then(|id| self.users.iter().find(|u| u.id == id)).map(|u| u.display_name.clone()).unwrap_or_default()
    }
}

/// A value's label in `locale`.
pub fn label_of(locale: Locale, item: &DictionaryItem) -> &str {
    match locale {
        Locale::zh_CN => &item.label_zh,
        Locale::en => &item.label_en,
    }
}
