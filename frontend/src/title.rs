//! The browser tab's title: the page's name and the product's, in the user's language, from the
//! address — one place for every route, so that no page is left called "CRM".

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{Locale, td_string, use_i18n};

/// The name of the page at `path`.
fn page_name(locale: Locale, path: &str) -> &'static str {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [] => td_string!(locale, my_day.title),
        ["login"] => td_string!(locale, login.title),
        ["change-password"] => td_string!(locale, password.title),
        ["forgot-password"] => td_string!(locale, forgot.title),
        ["reset-password"] => td_string!(locale, reset.title),
        ["me", "notifications"] => td_string!(locale, notify_prefs.title),
        ["customers"] => td_string!(locale, customers.title),
        ["customers", "new"] => td_string!(locale, customers.new),
        ["customers", "import", ..] => td_string!(locale, imports.title),
        ["customers", _, "edit"] => td_string!(locale, titles.customer_edit),
        ["customers", _] => td_string!(locale, titles.customer),
        ["followups"] => td_string!(locale, followups.title),
        ["demands"] => td_string!(locale, demands.board),
        ["demands", _] => td_string!(locale, titles.demand),
        ["tasks"] => td_string!(locale, tasks.title),
        ["leads"] => td_string!(locale, nav.leads),
        ["opportunities"] => td_string!(locale, nav.opportunities),
        ["tickets"] => td_string!(locale, nav.tickets),
        ["orders"] => td_string!(locale, nav.orders),
        ["campaigns"] => td_string!(locale, nav.campaigns),
        ["reports"] => td_string!(locale, nav.reports),
        ["admin", "users"] => td_string!(locale, admin.users),
        ["admin", "departments"] => td_string!(locale, admin.departments),
        ["admin", "roles"] => td_string!(locale, admin.roles),
        ["admin", "modules"] => td_string!(locale, admin.modules),
        ["admin", "api-keys"] => td_string!(locale, admin.api_keys),
        ["admin", "audit-log"] => td_string!(locale, admin.audit_log),
        ["admin", "dictionaries"] => td_string!(locale, admin.dictionaries),
        ["admin", "settings"] => td_string!(locale, admin.settings),
        ["admin", "calendar"] => td_string!(locale, admin.calendar),
        ["admin", ..] => td_string!(locale, nav.admin),
        _ => td_string!(locale, not_found.title),
    }
}

/// Keeps `document.title` as "page - product"; place it once inside the router.
#[component]
pub fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    Effect::new(move |_| {
        let locale = i18n.get_locale();
        let title = format!("{} - {}", page_name(locale, &location.pathname.get()), td_string!(locale, app_name));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&title);
        }
    });
}
