//! The vocabulary of access control: permissions, the resources that have a data scope, scopes, field
//! rules and the modules an administrator can switch off.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One thing a role allows. Roles are sets of these; handlers require them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum Permission {
    /// See customers (within the data scope).
    #[serde(rename = "customer.view")]
    CustomerView,
    /// Create customers.
    #[serde(rename = "customer.create")]
    CustomerCreate,
    /// Edit customers and their contacts (within the data scope, minus read-only fields).
    #[serde(rename = "customer.edit")]
    CustomerEdit,
    /// Delete customers (soft delete).
    #[serde(rename = "customer.delete")]
    CustomerDelete,
    /// Hand customers over from one user to another (客户交接).
    #[serde(rename = "customer.handover")]
    CustomerHandover,
    /// Override a customer's computed grade.
    #[serde(rename = "customer.change_grade")]
    CustomerChangeGrade,
    /// Export customer lists.
    #[serde(rename = "customer.export")]
    CustomerExport,
    /// Import customers from files.
    #[serde(rename = "customer.import")]
    CustomerImport,
    /// Record follow-ups (跟进记录).
    #[serde(rename = "followup.create")]
    FollowupCreate,
    /// Review follow-ups of the team (审核).
    #[serde(rename = "followup.review")]
    FollowupReview,
    /// Create demands and their tasks.
    #[serde(rename = "demand.create")]
    DemandCreate,
    /// Approve the task plans of demands.
    #[serde(rename = "demand.approve_tasks")]
    DemandApproveTasks,
    /// Work with leads.
    #[serde(rename = "lead.manage")]
    LeadManage,
    /// Work with opportunities.
    #[serde(rename = "opportunity.manage")]
    OpportunityManage,
    /// Work with service tickets, service records and satisfaction.
    #[serde(rename = "ticket.manage")]
    TicketManage,
    /// Work with marketing campaigns.
    #[serde(rename = "campaign.manage")]
    CampaignManage,
    /// See one's own reports.
    #[serde(rename = "report.personal")]
    ReportPersonal,
    /// See the team's reports (funnel, performance).
    #[serde(rename = "report.team")]
    ReportTeam,
    /// Export reports.
    #[serde(rename = "report.export")]
    ReportExport,
    /// Manage users.
    #[serde(rename = "admin.users")]
    AdminUsers,
    /// Manage the department tree.
    #[serde(rename = "admin.departments")]
    AdminDepartments,
    /// Manage roles and their permissions.
    #[serde(rename = "admin.roles")]
    AdminRoles,
    /// Manage dictionaries, custom fields and code formats.
    #[serde(rename = "admin.settings")]
    AdminSettings,
    /// Switch modules on and off.
    #[serde(rename = "admin.modules")]
    AdminModules,
    /// Manage API keys for integrations.
    #[serde(rename = "admin.api_keys")]
    AdminApiKeys,
    /// Read and verify the audit log.
    #[serde(rename = "admin.audit")]
    AdminAudit,
    /// Back up and restore the database.
    #[serde(rename = "admin.backup")]
    AdminBackup,
}

impl Permission {
    /// Every permission, in documentation order.
    pub const ALL: [Self; 27] = [
        Self::CustomerView,
        Self::CustomerCreate,
        Self::CustomerEdit,
        Self::CustomerDelete,
        Self::CustomerHandover,
        Self::CustomerChangeGrade,
        Self::CustomerExport,
        Self::CustomerImport,
        Self::FollowupCreate,
        Self::FollowupReview,
        Self::DemandCreate,
        Self::DemandApproveTasks,
        Self::LeadManage,
        Self::OpportunityManage,
        Self::TicketManage,
        Self::CampaignManage,
        Self::ReportPersonal,
        Self::ReportTeam,
        Self::ReportExport,
        Self::AdminUsers,
        Self::AdminDepartments,
        Self::AdminRoles,
        Self::AdminSettings,
        Self::AdminModules,
        Self::AdminApiKeys,
        Self::AdminAudit,
        Self::AdminBackup,
    ];
}

/// A kind of record whose visibility is limited by a data scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Customers and their contacts.
    Customers,
    /// Follow-up records.
    Followups,
    /// Demands and tasks.
    Demands,
    /// Leads.
    Leads,
    /// Opportunities.
    Opportunities,
    /// Service tickets.
    Tickets,
    /// Reports (whose rows they aggregate).
    Reports,
}

impl Resource {
    /// Every resource.
    pub const ALL: [Self; 7] = [
        Self::Customers,
        Self::Followups,
        Self::Demands,
        Self::Leads,
        Self::Opportunities,
        Self::Tickets,
        Self::Reports,
    ];
}

/// Which records of a resource a role sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataScope {
    /// Records the user owns or collaborates on.
    Own,
    /// Records owned in the user's department and every department below it.
    Department,
    /// Every record.
    All,
}

/// A restriction on one field of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldAccess {
    /// The field is absent from responses and rejected in writes.
    Hidden,
    /// The field is shown but rejected in writes.
    ReadOnly,
    /// The field is shown partly (a mobile as `138****8000`) and rejected in writes.
    Masked,
}

/// A field of the customer record that a role's field rule may name (`field_rules.customers`), by its
/// wire name; `contacts.*` are the fields of every contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub enum CustomerField {
    /// 客户名称.
    #[serde(rename = "name")]
    Name,
    /// 统一社会信用代码.
    #[serde(rename = "uscc")]
    Uscc,
    /// 身份证号.
    #[serde(rename = "id_card_no")]
    IdCardNo,
    /// 联系方式.
    #[serde(rename = "phone")]
    Phone,
    /// 邮箱.
    #[serde(rename = "email")]
    Email,
    /// 地址.
    #[serde(rename = "address")]
    Address,
    /// 网站.
    #[serde(rename = "website")]
    Website,
    /// 客户类型.
    #[serde(rename = "customer_type")]
    CustomerType,
    /// 所属行业.
    #[serde(rename = "industry")]
    Industry,
    /// 客户等级.
    #[serde(rename = "grade")]
    Grade,
    /// 企业规模.
    #[serde(rename = "company_size")]
    CompanySize,
    /// 客户来源.
    #[serde(rename = "source_channel")]
    SourceChannel,
    /// 跟进阶段.
    #[serde(rename = "stage")]
    Stage,
    /// 生命周期状态.
    #[serde(rename = "lifecycle_status")]
    LifecycleStatus,
    /// 首次合作日期.
    #[serde(rename = "first_coop_date")]
    FirstCoopDate,
    /// 最近合作日期.
    #[serde(rename = "last_coop_date")]
    LastCoopDate,
    /// 累计合作金额.
    #[serde(rename = "cumulative_amount")]
    CumulativeAmount,
    /// 年度合作金额.
    #[serde(rename = "annual_amount")]
    AnnualAmount,
    /// 决策链角色.
    #[serde(rename = "decision_roles")]
    DecisionRoles,
    /// 标签.
    #[serde(rename = "tags")]
    Tags,
    /// 初步需求.
    #[serde(rename = "initial_need")]
    InitialNeed,
    /// 备注.
    #[serde(rename = "notes")]
    Notes,
    /// 负责人.
    #[serde(rename = "owner_id")]
    OwnerId,
    /// 自定义字段.
    #[serde(rename = "custom_fields")]
    CustomFields,
    /// 联系人姓名.
    #[serde(rename = "contacts.name")]
    ContactName,
    /// 联系人职位.
    #[serde(rename = "contacts.position")]
    ContactPosition,
    /// 联系人手机.
    #[serde(rename = "contacts.mobile")]
    ContactMobile,
    /// 联系人邮箱.
    #[serde(rename = "contacts.email")]
    ContactEmail,
    /// 联系人决策角色.
    #[serde(rename = "contacts.decision_role")]
    ContactDecisionRole,
}

impl CustomerField {
    /// Every field, in the form's order.
    pub const ALL: [Self; 29] = [
        Self::Name,
        Self::Uscc,
        Self::IdCardNo,
        Self::Phone,
        Self::Email,
        Self::Address,
        Self::Website,
        Self::CustomerType,
        Self::Industry,
        Self::Grade,
        Self::CompanySize,
        Self::SourceChannel,
        Self::Stage,
        Self::LifecycleStatus,
        Self::FirstCoopDate,
        Self::LastCoopDate,
        Self::CumulativeAmount,
        Self::AnnualAmount,
        Self::DecisionRoles,
        Self::Tags,
        Self::InitialNeed,
        Self::Notes,
        Self::OwnerId,
        Self::CustomFields,
        Self::ContactName,
        Self::ContactPosition,
        Self::ContactMobile,
        Self::ContactEmail,
        Self::ContactDecisionRole,
    ];

    /// The wire name (`phone`, `contacts.mobile`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Uscc => "uscc",
            Self::IdCardNo => "id_card_no",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::Address => "address",
            Self::Website => "website",
            Self::CustomerType => "customer_type",
            Self::Industry => "industry",
            Self::Grade => "grade",
            Self::CompanySize => "company_size",
            Self::SourceChannel => "source_channel",
            Self::Stage => "stage",
            Self::LifecycleStatus => "lifecycle_status",
            Self::FirstCoopDate => "first_coop_date",
            Self::LastCoopDate => "last_coop_date",
            Self::CumulativeAmount => "cumulative_amount",
            Self::AnnualAmount => "annual_amount",
            Self::DecisionRoles => "decision_roles",
            Self::Tags => "tags",
            Self::InitialNeed => "initial_need",
            Self::Notes => "notes",
            Self::OwnerId => "owner_id",
            Self::CustomFields => "custom_fields",
            Self::ContactName => "contacts.name",
            Self::ContactPosition => "contacts.position",
            Self::ContactMobile => "contacts.mobile",
            Self::ContactEmail => "contacts.email",
            Self::ContactDecisionRole => "contacts.decision_role",
        }
    }

    /// The field named `name`, if a rule may name it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Whether a rule may hide the field (the record is still whole without it).
    pub fn can_hide(self) -> bool {
        matches!(
            self,
            Self::Uscc
                | Self::IdCardNo
                | Self::Phone
                | Self::Email
                | Self::CustomerType
                | Self::Grade
                | Self::Stage
                | Self::LifecycleStatus
                | Self::CumulativeAmount
                | Self::AnnualAmount
                | Self::DecisionRoles
                | Self::InitialNeed
                | Self::OwnerId
                | Self::CustomFields
                | Self::ContactMobile
                | Self::ContactEmail
        )
    }

    /// Whether a rule may mask the field (a number or address shown in part).
    pub fn can_mask(self) -> bool {
        matches!(
            self,
            Self::Uscc | Self::IdCardNo | Self::Phone | Self::Email | Self::ContactMobile | Self::ContactEmail
        )
    }

    /// Whether `access` can apply to the field.
    pub fn allows(self, access: FieldAccess) -> bool {
        match access {
            FieldAccess::Hidden => self.can_hide(),
            FieldAccess::Masked => self.can_mask(),
            FieldAccess::ReadOnly => true,
        }
    }
}

/// A module that the administrator can switch off; its API answers 404 and its pages disappear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModuleKey {
    /// 线索
    Leads,
    /// 跟进记录
    Followups,
    /// 需求与任务
    Demands,
    /// 商机
    Opportunities,
    /// 服务工单
    Tickets,
    /// 交易记录
    Orders,
    /// 市场活动
    Campaigns,
    /// 报表
    Reports,
    /// 仪表盘
    Dashboard,
}

impl ModuleKey {
    /// Every module.
    pub const ALL: [Self; 9] = [
        Self::Leads,
        Self::Followups,
        Self::Demands,
        Self::Opportunities,
        Self::Tickets,
        Self::Orders,
        Self::Campaigns,
        Self::Reports,
        Self::Dashboard,
    ];

    /// The snake_case name, as stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Leads => "leads",
            Self::Followups => "followups",
            Self::Demands => "demands",
            Self::Opportunities => "opportunities",
            Self::Tickets => "tickets",
            Self::Orders => "orders",
            Self::Campaigns => "campaigns",
            Self::Reports => "reports",
            Self::Dashboard => "dashboard",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_customer_field_is_named_as_on_the_wire_and_parses_back() {
        for field in CustomerField::ALL {
            assert_eq!(serde_json::to_value(field).ok(), Some(serde_json::Value::from(field.as_str())));
            assert_eq!(CustomerField::parse(field.as_str()), Some(field));
            assert!(field.allows(FieldAccess::ReadOnly));
            assert!(!field.can_mask() || field.can_hide(), "{field:?}: what may be masked may be hidden");
        }
        assert_eq!(CustomerField::parse("mobile"), None);
    }
}
