//! The root component: i18n, session and the routes.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::i18n::I18nContextProvider;
use crate::locale::cookie_options;
use crate::pages::{
    ChangePassword, ForgotPassword, Login, ModulePage, NotFound, ResetPassword, admin, customers, demands, followups,
};
use crate::pages::{my_day, notifications};
use crate::session::Session;
use crate::shell::{Module, Shell};
use crate::title::DocumentTitle;
use crate::toast::{ToastHost, Toasts};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider cookie_options=cookie_options()>
            <Root />
        </I18nContextProvider>
    }
}

#[component]
fn Root() -> impl IntoView {
    Session::provide();
    Toasts::provide();
    view! {
        <ToastHost />
        <Router>
            <DocumentTitle />
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/login") view=Login />
                <Route path=path!("/change-password") view=ChangePassword />
                <Route path=path!("/forgot-password") view=ForgotPassword />
                <Route path=path!("/reset-password") view=ResetPassword />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=my_day::HomePage />
                    <Route path=path!("/me/notifications") view=notifications::PreferencesPage />
                    <Route path=path!("/customers") view=customers::CustomersPage />
                    <Route path=path!("/customers/new") view=customers::NewCustomerPage />
                    <Route path=path!("/customers/import") view=crate::pages::imports::ImportPage />
                    <Route path=path!("/customers/import/:id") view=crate::pages::imports::ImportJobPage />
                    <Route path=path!("/customers/:id") view=customers::CustomerDetailPage />
                    <Route path=path!("/customers/:id/edit") view=customers::EditCustomerPage />
                    <Route path=path!("/followups") view=followups::FollowupsPage />
                    <Route path=path!("/demands") view=demands::DemandBoardPage />
                    <Route path=path!("/demands/:id") view=demands::DemandPage />
                    <Route path=path!("/tasks") view=demands::TasksPage />
                    <Route path=path!("/leads") view=|| view! { <ModulePage module=Module::Leads /> } />
                    <Route
                        path=path!("/opportunities")
                        view=|| view! { <ModulePage module=Module::Opportunities /> }
                    />
                    <Route path=path!("/tickets") view=|| view! { <ModulePage module=Module::Tickets /> } />
                    <Route path=path!("/orders") view=|| view! { <ModulePage module=Module::Orders /> } />
                    <Route path=path!("/campaigns") view=|| view! { <ModulePage module=Module::Campaigns /> } />
                    <Route path=path!("/reports") view=|| view! { <ModulePage module=Module::Reports /> } />
                    <ParentRoute path=path!("/admin") view=admin::AdminLayout>
                        <Route path=path!("") view=admin::AdminHome />
                        <Route path=path!("/users") view=admin::UsersPage />
                        <Route path=path!("/departments") view=admin::DepartmentsPage />
                        <Route path=path!("/roles") view=admin::RolesPage />
                        <Route path=path!("/modules") view=admin::ModulesPage />
                        <Route path=path!("/api-keys") view=admin::ApiKeysPage />
                        <Route path=path!("/audit-log") view=admin::AuditLogPage />
                        <Route path=path!("/dictionaries") view=admin::DictionariesPage />
                        <Route path=path!("/settings") view=admin::SettingsPage />
                        <Route path=path!("/calendar") view=admin::CalendarPage />
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
