//! Dictionaries (数据字典): the value lists of dictionary fields — industry, grade, source channel…
//! Values are stable codes with a zh-CN and an English label.

use crate::ids::DictionaryItemId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Which dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DictionaryKind {
    /// 所属行业: GB/T 4754-2017 sections (`C`) and divisions (`C39`).
    Industry,
    /// 客户类型: `potential`, `won`, `lost` (fixed codes).
    CustomerType,
    /// 客户等级: `S`, `A`, `B`, `C` (fixed codes).
    Grade,
    /// 企业规模.
    CompanySize,
    /// 客户来源.
    SourceChannel,
    /// 决策链角色.
    DecisionRole,
    /// 跟进阶段 (sales stages, in order).
    SalesStage,
    /// 客户状态 (lifecycle).
    LifecycleStatus,
    /// 联系人状态.
    ContactStatus,
    /// 标签.
    Tag,
    /// 跟进方式 (电话, 拜访, 邮件, 线上会议, 客户活动, 节日关怀).
    FollowupType,
}

impl DictionaryKind {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Industry => "industry",
            Self::CustomerType => "customer_type",
            Self::Grade => "grade",
            Self::CompanySize => "company_size",
            Self::SourceChannel => "source_channel",
            Self::DecisionRole => "decision_role",
            Self::SalesStage => "sales_stage",
            Self::LifecycleStatus => "lifecycle_status",
            Self::ContactStatus => "contact_status",
            Self::Tag => "tag",
            Self::FollowupType => "followup_type",
        }
    }

    /// Kinds whose codes the product's rules depend on: labels can change, codes cannot be added.
    pub fn is_fixed(self) -> bool {
        matches!(self, Self::CustomerType | Self::Grade | Self::ContactStatus)
    }
}

/// One value of a dictionary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DictionaryItem {
    /// The id.
    pub id: DictionaryItemId,
    /// The dictionary.
    pub kind: DictionaryKind,
    /// The stable code stored in records (`I65`, `initial_contact`).
    pub code: String,
    /// The zh-CN label.
    pub label_zh: String,
    /// The English label.
    pub label_en: String,
    /// The parent value's code, for hierarchical dictionaries (an industry division's section).
    pub parent_code: Option<String>,
    /// Position within the dictionary.
    pub sort_order: i32,
    /// A disabled value stays on existing records but cannot be chosen for new ones.
    pub is_active: bool,
}

/// Body of `POST /api/v1/admin/dictionaries/{kind}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDictionaryItem {
    /// The code: letters, digits and `_`.
    #[schema(min_length = 1, max_length = 40, pattern = "^[A-Za-z0-9_]+$")]
    pub code: String,
    /// The zh-CN label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_zh: String,
    /// The English label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_en: String,
    /// The parent value's code.
    #[serde(default)]
    #[schema(max_length = 40)]
    pub parent_code: Option<String>,
    /// Position (default: after the last value).
    #[serde(default)]
    pub sort_order: Option<i32>,
}

/// Body of `PATCH /api/v1/admin/dictionaries/{kind}/{id}`: only the fields present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DictionaryItemPatch {
    /// A new zh-CN label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_zh: Option<String>,
    /// A new English label.
    #[schema(min_length = 1, max_length = 100)]
    pub label_en: Option<String>,
    /// A new position.
    pub sort_order: Option<i32>,
    /// Enable or disable.
    pub is_active: Option<bool>,
}
