//! The columns the customer list can show, chosen by the user and kept in saved views.

use crm_types::customer::CustomerSummary;
use crm_types::dictionary::DictionaryKind;

use super::vocab::Vocab;
use crate::i18n::{Locale, td_string};
use crate::pages::local_time;

/// A column of the customer list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Name,
    PrimaryContact,
    Phone,
    Industry,
    Grade,
    Stage,
    CustomerType,
    LifecycleStatus,
    SourceChannel,
    City,
    CumulativeAmount,
    Tags,
    Owner,
    LastFollowup,
    CreatedAt,
    UpdatedAt,
}

impl Column {
    /// Every column, in the chooser's order.
    pub const ALL: [Self; 17] = [
        Self::Code,
        Self::Name,
        Self::PrimaryContact,
        Self::Phone,
        Self::Industry,
        Self::Grade,
        Self::Stage,
        Self::CustomerType,
        Self::LifecycleStatus,
        Self::SourceChannel,
        Self::City,
        Self::CumulativeAmount,
        Self::Tags,
        Self::Owner,
        Self::LastFollowup,
        Self::CreatedAt,
        Self::UpdatedAt,
    ];

    /// What the list shows when nothing was chosen.
    pub const DEFAULT: [Self; 8] = [
        Self::Code,
        Self::Name,
        Self::PrimaryContact,
        Self::Industry,
        Self::Grade,
        Self::Stage,
        Self::Owner,
        Self::CreatedAt,
    ];

    /// The stable name, as kept in saved views.
    pub fn key(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Name => "name",
            Self::PrimaryContact => "primary_contact",
            Self::Phone => "phone",
            Self::Industry => "industry",
            Self::Grade => "grade",
            Self::Stage => "stage",
            Self::CustomerType => "customer_type",
            Self::LifecycleStatus => "lifecycle_status",
            Self::SourceChannel => "source_channel",
            Self::City => "city",
            Self::CumulativeAmount => "cumulative_amount",
            Self::Tags => "tags",
            Self::Owner => "owner",
            Self::LastFollowup => "last_followup_at",
            Self::CreatedAt => "created_at",
            Self::UpdatedAt => "updated_at",
        }
    }

    /// The column of a stable name.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The server's sort key: every column but the tags sorts, under its own name.
    pub fn sort_key(self) -> Option<&'static str> {
        (self != Self::Tags).then(|| self.key())
    }

    /// The header.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Code => td_string!(locale, customers.code),
            Self::Name => td_string!(locale, customers.name),
            Self::PrimaryContact => td_string!(locale, customers.primary_contact),
            Self::Phone => td_string!(locale, customers.phone),
            Self::Industry => td_string!(locale, customers.industry),
            Self::Grade => td_string!(locale, customers.grade),
            Self::Stage => td_string!(locale, customers.stage),
            Self::CustomerType => td_string!(locale, customers.customer_type),
            Self::LifecycleStatus => td_string!(locale, customers.lifecycle_status),
            Self::SourceChannel => td_string!(locale, customers.source_channel),
            Self::City => td_string!(locale, customers.city),
            Self::CumulativeAmount => td_string!(locale, customers.cumulative_amount),
            Self::Tags => td_string!(locale, customers.tags),
            Self::Owner => td_string!(locale, customers.owner),
            Self::LastFollowup => td_string!(locale, customers.last_followup),
            Self::CreatedAt => td_string!(locale, customers.created_at),
            Self::UpdatedAt => td_string!(locale, customers.updated_at),
        }
    }

    /// The cell's text for a row (the name column is a link, drawn by the list).
    pub fn cell(self, locale: Locale, vocab: &Vocab, row: &CustomerSummary) -> String {
        let dictionary = |kind: DictionaryKind, code: &Option<String>| {
            code.as_deref().map(|c| vocab.label(locale, kind, c)).unwrap_or_default()
        };
        match self {
            Self::Code => row.code.clone(),
            Self::Name => row.name.clone(),
            Self::PrimaryContact => row.primary_contact.clone().unwrap_or_default(),
            Self::Phone => row.phone.clone().unwrap_or_default(),
            Self::Industry => vocab.label(locale, DictionaryKind::Industry, &row.industry),
            Self::Grade => dictionary(DictionaryKind::Grade, &row.grade),
            Self::Stage => dictionary(DictionaryKind::SalesStage, &row.stage),
            Self::CustomerType => dictionary(DictionaryKind::CustomerType, &row.customer_type),
            Self::LifecycleStatus => dictionary(DictionaryKind::LifecycleStatus, &row.lifecycle_status),
            Self::SourceChannel => dictionary(DictionaryKind::SourceChannel, &row.source_channel),
            Self::City => [&row.province, &row.city].into_iter().flatten().cloned().collect::<Vec<_>>().join(" "),
            Self::CumulativeAmount => row.cumulative_amount.map(crm_domain::money::display).unwrap_or_default(),
            Self::Tags => {
                row.tags.iter().map(|t| vocab.label(locale, DictionaryKind::Tag, t)).collect::<Vec<_>>().join("、")
            }
            Self::Owner => vocab.user_name(row.owner_id),
            Self::LastFollowup => row.last_followup_at.map(local_time).unwrap_or_default(),
            Self::CreatedAt => local_time(row.created_at),
            Self::UpdatedAt => local_time(row.updated_at),
        }
    }
}
