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
