//! Administration pages under `/admin`: users, departments, roles, dictionaries, settings, the
//! working-day calendar, modules, API keys, audit log. Each section appears only to roles holding its
//! permission.

mod api_keys;
mod audit_actions;
mod audit_log;
mod calendar;
mod custom_fields;
mod departments;
mod dictionaries;
mod labels;
mod modules;
mod roles;
mod settings;
mod users;

pub use api_keys::ApiKeysPage;
pub use audit_log::AuditLogPage;
pub use calendar::CalendarPage;
pub use departments::DepartmentsPage;
pub use dictionaries::DictionariesPage;
pub use modules::ModulesPage;
pub use roles::RolesPage;
pub use settings::SettingsPage;
pub use users::UsersPage;

use crm_types::access::Permission;
use crm_types::auth::Me;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

use crate::i18n::{Locale, td_string, use_i18n};
use crate::shell::{Forbidden, use_me};

/// A section of the administration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Users.
    Users,
    /// Departments.
    Departments,
    /// Roles.
    Roles,
    /// Module switches.
    Modules,
    /// API keys.
    ApiKeys,
    /// Audit log.
    AuditLog,
    /// Dictionaries.
    Dictionaries,
    /// Customer settings: code format, duplicate check.
    Settings,
    /// The working-day calendar: holidays and make-up working days.
    Calendar,
}

impl Section {
    /// Every section, in tab order.
    pub const ALL: [Self; 9] = [
        Self::Users,
        Self::Departments,
        Self::Roles,
        Self::Dictionaries,
        Self::Settings,
        Self::Calendar,
        Self::Modules,
        Self::ApiKeys,
        Self::AuditLog,
    ];

    fn permission(self) -> Permission {
        match self {
            Self::Users => Permission::AdminUsers,
            Self::Departments => Permission::AdminDepartments,
            Self::Roles => Permission::AdminRoles,
            Self::Modules => Permission::AdminModules,
            Self::ApiKeys => Permission::AdminApiKeys,
            Self::AuditLog => Permission::AdminAudit,
            Self::Dictionaries | Self::Settings | Self::Calendar => Permission::AdminSettings,
        }
    }

    /// Whether the user may open the section.
    pub fn visible(self, me: &Me) -> bool {
        me.permissions.contains(&self.permission())
    }

    fn path(self) -> &'static str {
        match self {
            Self::Users => "/admin/users",
            Self::Departments => "/admin/departments",
            Self::Roles => "/admin/roles",
            Self::Modules => "/admin/modules",
            Self::ApiKeys => "/admin/api-keys",
            Self::AuditLog => "/admin/audit-log",
            Self::Dictionaries => "/admin/dictionaries",
            Self::Settings => "/admin/settings",
            Self::Calendar => "/admin/calendar",
        }
    }

    fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Users => td_string!(locale, admin.users),
            Self::Departments => td_string!(locale, admin.departments),
            Self::Roles => td_string!(locale, admin.roles),
            Self::Modules => td_string!(locale, admin.modules),
            Self::ApiKeys => td_string!(locale, admin.api_keys),
            Self::AuditLog => td_string!(locale, admin.audit_log),
            Self::Dictionaries => td_string!(locale, admin.dictionaries),
            Self::Settings => td_string!(locale, admin.settings),
            Self::Calendar => td_string!(locale, admin.calendar),
        }
    }
}

/// The frame of the administration: a tab per section the user may open.
#[component]
pub fn AdminLayout() -> impl IntoView {
    let i18n = use_i18n();
    let Some(me) = use_me() else { return view! { <Forbidden /> }.into_any() };
    let sections: Vec<Section> = Section::ALL.into_iter().filter(|s| s.visible(&me)).collect();
    if sections.is_empty() {
        return view! { <Forbidden /> }.into_any();
    }
    view! {
        <section class="page admin" data-testid="admin">
            <nav class="tabs">
                {sections
                    .into_iter()
                    .map(|section| view! { <A href=section.path()>{move || section.label(i18n.get_locale())}</A> })
                    .collect_view()}
            </nav>
            <Outlet />
        </section>
    }
    .into_any()
}

/// `/admin`: opens the first section the user may use.
#[component]
pub fn AdminHome() -> impl IntoView {
    let first = use_me().and_then(|me| Section::ALL.into_iter().find(|s| s.visible(&me)));
    match first {
        Some(section) => view! { <Redirect path=section.path() /> }.into_any(),
        None => view! { <Forbidden /> }.into_any(),
    }
}

/// Shows the page only to users with `section`'s permission.
pub fn guarded(section: Section, page: impl FnOnce() -> AnyView) -> AnyView {
    if use_me().is_some_and(|me| section.visible(&me)) { page() } else { view! { <Forbidden /> }.into_any() }
}
