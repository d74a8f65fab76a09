//! The signed-in frame: top bar, side navigation and the page outlet. Signed-out visitors are sent to
//! the sign-in page, and users who must change their password to the password page.

use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};
use leptos_router::hooks::use_location;

use crm_types::access::{ModuleKey, Permission};
use crm_types::auth::Me;

use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::locale::LanguageSwitch;
use crate::session::{SessionState, use_session};

/// A module of the product, with its place in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// The user's working day.
    Home,
    /// 客户
    Customers,
    /// 跟进记录
    Followups,
    /// 需求与任务
    Demands,
    /// 线索
    Leads,
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
    /// 系统管理
    Admin,
}

impl Module {
    /// Every module, in navigation order.
    pub const ALL: [Self; 11] = [
        Self::Home,
        Self::Customers,
        Self::Followups,
        Self::Demands,
        Self::Leads,
        Self::Opportunities,
        Self::Tickets,
        Self::Orders,
        Self::Campaigns,
        Self::Reports,
        Self::Admin,
    ];

    /// The module's route.
    pub fn path(self) -> &'static str {
        match self {
            Self::Home => "/",
            Self::Customers => "/customers",
            Self::Followups => "/followups",
            Self::Demands => "/demands",
            Self::Leads => "/leads",
            Self::Opportunities => "/opportunities",
            Self::Tickets => "/tickets",
            Self::Orders => "/orders",
            Self::Campaigns => "/campaigns",
            Self::Reports => "/reports",
            Self::Admin => "/admin",
        }
    }

    /// The module's name.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Home => td_string!(locale, nav.home),
            Self::Customers => td_string!(locale, nav.customers),
            Self::Followups => td_string!(locale, nav.followups),
            Self::Demands => td_string!(locale, nav.demands),
            Self::Leads => td_string!(locale, nav.leads),
            Self::Opportunities => td_string!(locale, nav.opportunities),
            Self::Tickets => td_string!(locale, nav.tickets),
            Self::Orders => td_string!(locale, nav.orders),
            Self::Campaigns => td_string!(locale, nav.campaigns),
            Self::Reports => td_string!(locale, nav.reports),
            Self::Admin => td_string!(locale, nav.admin),
        }
    }

    /// Whether the signed-in user sees the module: its switch is on and the role allows it.
    pub fn visible(self, me: &Me) -> bool {
        use Permission as P;
        let has = |p: Permission| me.permissions.contains(&p);
        let on = |m: ModuleKey| me.modules.contains(&m);
        match self {
            Self::Home => true,
            Self::Customers => has(P::CustomerView),
            Self::Followups => on(ModuleKey::Followups) && (has(P::FollowupCreate) || has(P::FollowupReview)),
            Self::Demands => on(ModuleKey::Demands) && (has(P::DemandCreate) || has(P::DemandApproveTasks)),
            Self::Leads => on(ModuleKey::Leads) && has(P::LeadManage),
            Self::Opportunities => on(ModuleKey::Opportunities) && has(P::OpportunityManage),
            Self::Tickets => on(ModuleKey::Tickets) && has(P::TicketManage),
            Self::Orders => on(ModuleKey::Orders) && has(P::CustomerView),
            Self::Campaigns => on(ModuleKey::Campaigns) && has(P::CampaignManage),
            Self::Reports => on(ModuleKey::Reports) && (has(P::ReportPersonal) || has(P::ReportTeam)),
            Self::Admin => crate::pages::admin::Section::ALL.iter().any(|section| section.visible(me)),
        }
    }

    /// What the module is for.
    pub fn description(self, locale: Locale) -> &'static str {
        match self {
            Self::Home => td_string!(locale, module.home),
            Self::Customers => td_string!(locale, module.customers),
            Self::Followups => td_string!(locale, module.followups),
            Self::Demands => td_string!(locale, module.demands),
            Self::Leads => td_string!(locale, module.leads),
            Self::Opportunities => td_string!(locale, module.opportunities),
            Self::Tickets => td_string!(locale, module.tickets),
            Self::Orders => td_string!(locale, module.orders),
            Self::Campaigns => td_string!(locale, module.campaigns),
            Self::Reports => td_string!(locale, module.reports),
            Self::Admin => td_string!(locale, module.admin),
        }
    }
}

/// The frame around every signed-in page.
#[component]
pub fn Shell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    crate::pages::notifications::BellState::provide();
    // On a phone the navigation is a drawer, opened from the top bar and closed by any choice in it.
    let menu_open = RwSignal::new(false);
    move || match session.0.get() {
        SessionState::Loading => view! { <Loading /> }.into_any(),
        SessionState::SignedOut => {
            let next = location.pathname.get_untracked();
            let target = if next == "/" { "/login".to_owned() } else { format!("/login?next={next}") };
            view! { <Redirect path=target /> }.into_any()
        }
        SessionState::SignedIn(me) if me.must_change_password => {
            view! { <Redirect path="/change-password" /> }.into_any()
        }
        SessionState::SignedIn(me) => view! {
            <div class="shell">
                <TopBar display_name=me.display_name.clone() menu_open=menu_open />
                <div class="shell-body">
                    <SideNav me=me.clone() menu_open=menu_open />
                    <main class="content">
                        <Outlet />
                    </main>
                </div>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn TopBar(display_name: String, menu_open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <header class="top-bar">
            <button type="button" class="menu-button phone-only" data-testid="menu-button"
                aria-controls="side-nav" aria-expanded=move || menu_open.get().to_string()
                aria-label=move || td_string!(i18n.get_locale(), user_menu.menu)
                on:click=move |_| menu_open.update(|open| *open = !*open)>
                <span aria-hidden="true">"☰"</span>
            </button>
            <span class="brand" data-testid="brand">
                <span class="desktop-only">{t!(i18n, app_name)}</span>
                <span class="phone-only">{t!(i18n, app_short)}</span>
            </span>
            <span class="spacer"></span>
            <span class="desktop-only top-bar-items">
                <LanguageSwitch />
            </span>
            <crate::pages::notifications::Bell />
            <span class="desktop-only top-bar-items">
                <span class="user" data-testid="current-user">{display_name}</span>
                <A href="/change-password" attr:class="top-link" attr:data-testid="change-password">{t!(i18n, user_menu.change_password)}</A>
                <crate::pages::notifications::SettingsLink />
                <button type="button" class="link-button" data-testid="sign-out" on:click=move |_| session.end()>
                    {t!(i18n, user_menu.sign_out)}
                </button>
            </span>
        </header>
    }
}

#[component]
fn SideNav(me: Me, menu_open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let close = move |_| menu_open.set(false);
    let display_name = me.display_name.clone();
    view! {
        <div class="nav-backdrop phone-only" class:open=move || menu_open.get() on:click=close></div>
        <nav class="side-nav" id="side-nav" class:open=move || menu_open.get() data-testid="side-nav">
            <ul on:click=close>
                {Module::ALL
                    .into_iter()
                    .filter(|module| module.visible(&me))
                    .map(|module| {
                        view! {
                            <li>
                                <A href=module.path() exact=module == Module::Home>
                                    {move || module.label(i18n.get_locale())}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            // The profile menu, in the drawer on a phone (the top bar holds it on a wide screen).
            <div class="profile-menu phone-only" data-testid="profile-menu">
                <p class="user">{display_name}</p>
                <ul on:click=close>
                    <li><A href="/change-password">{t!(i18n, user_menu.change_password)}</A></li>
                    <li><A href="/me/notifications">{t!(i18n, bell.settings)}</A></li>
                </ul>
                <LanguageSwitch testid="menu-language-switch" />
                <button type="button" class="link-button" data-testid="menu-sign-out" on:click=move |_| session.end()>
                    {t!(i18n, user_menu.sign_out)}
                </button>
            </div>
        </nav>
    }
}

/// A full-page loading indicator.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <div class="loading">{t!(i18n, loading)}</div> }
}

/// The signed-in user, for pages inside the shell.
pub fn use_me() -> Option<Me> {
    match use_session().0.get_untracked() {
        SessionState::SignedIn(me) => Some(me),
        _ => None,
    }
}

/// The page shown when the role does not allow what was asked for.
#[component]
pub fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="centered-page" data-testid="forbidden">
            <h1>{t!(i18n, forbidden.title)}</h1>
            <p>{t!(i18n, forbidden.body)}</p>
            <A href="/">{t!(i18n, not_found.back)}</A>
        </section>
    }
}
