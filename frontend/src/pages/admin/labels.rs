//! Localised names of the access-control vocabulary.

use crm_types::access::{DataScope, FieldAccess, ModuleKey, Permission, Resource};

use crate::i18n::{Locale, td_string};

/// The name of a permission.
pub fn permission(locale: Locale, permission: Permission) -> &'static str {
    use Permission as P;
    match permission {
        P::CustomerView => td_string!(locale, perm.customer_view),
        P::CustomerCreate => td_string!(locale, perm.customer_create),
        P::CustomerEdit => td_string!(locale, perm.customer_edit),
        P::CustomerDelete => td_string!(locale, perm.customer_delete),
        P::CustomerHandover => td_string!(locale, perm.customer_handover),
        P::CustomerChangeGrade => td_string!(locale, perm.customer_change_grade),
        P::CustomerExport => td_string!(locale, perm.customer_export),
        P::CustomerImport => td_string!(locale, perm.customer_import),
        P::FollowupCreate => td_string!(locale, perm.followup_create),
        P::FollowupReview => td_string!(locale, perm.followup_review),
        P::DemandCreate => td_string!(locale, perm.demand_create),
        P::DemandApproveTasks => td_string!(locale, perm.demand_approve_tasks),
        P::LeadManage => td_string!(locale, perm.lead_manage),
        P::OpportunityManage => td_string!(locale, perm.opportunity_manage),
        P::TicketManage => td_string!(locale, perm.ticket_manage),
        P::CampaignManage => td_string!(locale, perm.campaign_manage),
        P::ReportPersonal => td_string!(locale, perm.report_personal),
        P::ReportTeam => td_string!(locale, perm.report_team),
        P::ReportExport => td_string!(locale, perm.report_export),
        P::AdminUsers => td_string!(locale, perm.admin_users),
        P::AdminDepartments => td_string!(locale, perm.admin_departments),
        P::AdminRoles => td_string!(locale, perm.admin_roles),
        P::AdminSettings => td_string!(locale, perm.admin_settings),
        P::AdminModules => td_string!(locale, perm.admin_modules),
        P::AdminApiKeys => td_string!(locale, perm.admin_api_keys),
        P::AdminAudit => td_string!(locale, perm.admin_audit),
        P::AdminBackup => td_string!(locale, perm.admin_backup),
    }
}

/// The name of a resource.
pub fn resource(locale: Locale, resource: Resource) -> &'static str {
    match resource {
        Resource::Customers => td_string!(locale, resource.customers),
        Resource::Followups => td_string!(locale, resource.followups),
        Resource::Demands => td_string!(locale, resource.demands),
        Resource::Leads => td_string!(locale, resource.leads),
        Resource::Opportunities => td_string!(locale, resource.opportunities),
        Resource::Tickets => td_string!(locale, resource.tickets),
        Resource::Reports => td_string!(locale, resource.reports),
    }
}

/// The name of a data scope; `None` is "not visible".
pub fn scope(locale: Locale, scope: Option<DataScope>) -> &'static str {
    match scope {
        None => td_string!(locale, scope.none),
        Some(DataScope::Own) => td_string!(locale, scope.own),
        Some(DataScope::Department) => td_string!(locale, scope.department),
        Some(DataScope::All) => td_string!(locale, scope.all),
    }
}

/// The name of a field restriction.
pub fn field_access(locale: Locale, access: FieldAccess) -> &'static str {
    match access {
        FieldAccess::Hidden => td_string!(locale, field_access.hidden),
        FieldAccess::ReadOnly => td_string!(locale, field_access.read_only),
        FieldAccess::Masked => td_string!(locale, field_access.masked),
    }
}

/// The name of a module.
pub fn module(locale: Locale, module: ModuleKey) -> &'static str {
    match module {
        ModuleKey::Leads => td_string!(locale, module_name.leads),
        ModuleKey::Followups => td_string!(locale, module_name.followups),
        ModuleKey::Demands => td_string!(locale, module_name.demands),
        ModuleKey::Opportunities => td_string!(locale, module_name.opportunities),
        ModuleKey::Tickets => td_string!(locale, module_name.tickets),
        ModuleKey::Orders => td_string!(locale, module_name.orders),
        ModuleKey::Campaigns => td_string!(locale, module_name.campaigns),
        ModuleKey::Reports => td_string!(locale, module_name.reports),
        ModuleKey::Dashboard => td_string!(locale, module_name.dashboard),
    }
}
