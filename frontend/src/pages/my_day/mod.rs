//! `/` for people who write follow-ups: 我的一天 — today's follow-ups, my tasks due today or overdue,
//! my demands past their deadline, unread reminders and, for reviewers, the team's review queue.
//! Everyone else keeps the plain home page.

mod inbox;
mod mine;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use crm_types::access::{ModuleKey, Permission};
use crm_types::auth::Me;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::{ModulePage, error_message, local_time, today};
use crate::shell::{Module, use_me};

/// `/`: my day, or the plain home page for those who do not write follow-ups.
#[component]
pub fn HomePage() -> impl IntoView {
    match use_me().filter(has_a_day) {
        Some(me) => view! { <MyDay me=me /> }.into_any(),
        None => view! { <ModulePage module=Module::Home /> }.into_any(),
    }
}

/// Whether `me` gets "my day": they write follow-ups and the module is on.
fn has_a_day(me: &Me) -> bool {
    me.permissions.contains(&Permission::FollowupCreate) && me.modules.contains(&ModuleKey::Followups)
}

#[component]
fn MyDay(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let day = today();
    let has = |p: Permission| me.permissions.contains(&p);
    let demands_on = me.modules.contains(&ModuleKey::Demands);
    let sees_demands = demands_on && (has(Permission::DemandCreate) || has(Permission::DemandApproveTasks));
    let may_review = has(Permission::FollowupReview);
    view! {
        <section class="my-day" data-testid="my-day">
            <div class="page-head">
                <h1>{t!(i18n, my_day.title)}</h1>
                <span class="muted" data-testid="my-day-date">{move || day_line(i18n.get_locale(), day)}</span>
            </div>
            <div class="day-grid">
                <mine::FollowupsDue me=me.id day=day />
                {demands_on.then(|| view! { <mine::TasksDue me=me.id day=day /> })}
                {sees_demands.then(|| view! { <mine::DemandsOverdue me=me.id /> })}
                <inbox::Reminders />
                {may_review.then(|| view! { <inbox::ReviewQueue /> })}
            </div>
        </section>
    }
}

/// "今天是 2026-03-09 星期一".
fn day_line(locale: Locale, day: NaiveDate) -> String {
    let weekday = match day.weekday().number_from_monday() {
        1 => td_string!(locale, my_day.weekday_1),
        2 => td_string!(locale, my_day.weekday_2),
        3 => td_string!(locale, my_day.weekday_3),
        4 => td_string!(locale, my_day.weekday_4),
        5 => td_string!(locale, my_day.weekday_5),
        6 => td_string!(locale, my_day.weekday_6),
        _ => td_string!(locale, my_day.weekday_7),
    };
    td_string!(locale, my_day.today).replace("{date}", &day.to_string()).replace("{weekday}", weekday)
}

/// The time of day of `at` in China Standard Time ("14:30").
fn clock(at: DateTime<Utc>) -> String {
    local_time(at).split_once(' ').map(|(_, time)| time.to_owned()).unwrap_or_default()
}

/// A card of the page: its heading, then what `body` shows once `load` has answered — an error in
/// the user's language if it failed.
#[component]
fn Card<T>(
    testid: &'static str,
    title: fn(Locale) -> &'static str,
    load: LocalResource<Result<T, ApiError>>,
    body: fn(T) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    let i18n = use_i18n();
    view! {
        <section class="card day-card" data-testid=testid>
            <h2>{move || title(i18n.get_locale())}</h2>
            <Transition fallback=|| view! { <p class="muted">{t!(use_i18n(), loading)}</p> }>
                {move || {
                    load.get().map(|loaded| match loaded {
                        Ok(value) => body(value),
                        Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

/// The empty state of a card.
#[component]
fn Empty(text: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="empty" data-testid="empty">{move || text(i18n.get_locale())}</p> }
}
