//! The audit log viewer: filters, entries newest first with their diff, and the integrity check.

use crm_domain::china_time;
use crm_types::api::{ListColleagues, Nothing, SearchAuditLog, VerifyAuditLog};
use crm_types::audit::{AuditQuery, AuditVerification};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::audit_actions::{ACTIONS, action_label};
use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::{error_message, local_time};

/// `/admin/audit-log`.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    guarded(Section::AuditLog, || view! { <AuditLog /> }.into_any())
}

/// The filters as typed: an empty box filters nothing.
#[derive(Debug, Clone, Copy)]
struct Filters {
    actor_id: RwSignal<String>,
    entity_type: RwSignal<String>,
    entity_id: RwSignal<String>,
    action: RwSignal<String>,
    /// First and last day (China time), `YYYY-MM-DD`.
    from: RwSignal<String>,
    to: RwSignal<String>,
}

impl Filters {
    /// The query of the page after `cursor`.
    fn query(self, cursor: Option<String>) -> AuditQuery {
        let text = |signal: RwSignal<String>| Some(signal.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let day = |signal: RwSignal<String>| {
            text(signal).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        };
        AuditQuery {
            actor_id: text(self.actor_id).and_then(|id| id.parse().ok()),
            entity_type: text(self.entity_type),
            entity_id: text(self.entity_id),
            action: text(self.action),
            from: day(self.from).map(china_time::day_start),
            to: day(self.to).map(|d| china_time::day_start(d + chrono::Duration::days(1))),
            cursor: cursor.and_then(|c| c.parse().ok()),
            ..AuditQuery::default()
        }
    }
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let filters = Filters {
        actor_id: RwSignal::new(String::new()),
        entity_type: RwSignal::new(String::new()),
        entity_id: RwSignal::new(String::new()),
        action: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
    };
    let Filters { actor_id, entity_type, entity_id, action, from, to } = filters;
    let colleagues = LocalResource::new(|| api::get::<ListColleagues>(&(), &Nothing {}));
    let entries = use_cursor_list(move |cursor| {
        let query = filters.query(cursor);
        async move { api::get::<SearchAuditLog>(&(), &query).await }
    });
    let error = RwSignal::new(None::<ApiError>);
    let verification = RwSignal::new(None::<AuditVerification>);
    let verify = move |_| {
        spawn_local(async move {
            match api::get::<VerifyAuditLog>(&(), &Nothing {}).await {
                Ok(result) => verification.set(Some(result)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.audit_log)}</h2>
        <form class="inline-form panel" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); entries.reload(); }>
            <select name="actor_id" aria-label=move || td_string!(i18n.get_locale(), admin.actor) on:change=move |e| actor_id.set(event_target_value(&e))>
                <option value="">{t!(i18n, admin.all_actors)}</option>
                {move || colleagues.get().and_then(Result::ok).map(|users| users.into_iter().map(|u| {
                    view! { <option value=u.id.0.to_string()>{u.display_name}</option> }
                }).collect_view())}
            </select>
            <select name="action" aria-label=move || td_string!(i18n.get_locale(), admin.action) on:change=move |e| action.set(event_target_value(&e))>
                <option value="">{t!(i18n, admin.all_actions)}</option>
                {ACTIONS.iter().map(|code| view! {
                    <option value=*code>{move || action_label(i18n.get_locale(), code).unwrap_or(code)}</option>
                }).collect_view()}
            </select>
            <label class="check"><span>{t!(i18n, admin.from)}</span>
                <input type="date" name="from" on:change=move |e| from.set(event_target_value(&e)) /></label>
            <label class="check"><span>{t!(i18n, admin.to)}</span>
                <input type="date" name="to" on:change=move |e| to.set(event_target_value(&e)) /></label>
            <input aria-label=move || td_string!(i18n.get_locale(), admin.entity_type) placeholder=move || td_string!(i18n.get_locale(), admin.entity_type) on:input=move |e| entity_type.set(event_target_value(&e)) />
            <input aria-label=move || td_string!(i18n.get_locale(), admin.entity_id) placeholder=move || td_string!(i18n.get_locale(), admin.entity_id) on:input=move |e| entity_id.set(event_target_value(&e)) />
            <button type="submit" class="primary">{t!(i18n, admin.search)}</button>
            <button type="button" class="link-button" data-testid="verify-audit" on:click=verify>{t!(i18n, admin.verify)}</button>
        </form>
        {move || verification.get().map(|v| match v.first_broken_id {
            None => view! { <p class="notice" role="status">{t!(i18n, admin.chain_intact, count = v.checked)}</p> }.into_any(),
            Some(id) => view! { <p class="form-error" role="alert">{t!(i18n, admin.chain_broken, id = id)}</p> }.into_any(),
        })}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <ListState list=entries name="audit-entries" empty=|l| td_string!(l, admin.audit_empty)>
        <table class="data-table" data-testid="audit-entries">
            <thead><tr>
                <th>{t!(i18n, admin.occurred_at)}</th><th>{t!(i18n, admin.actor)}</th><th>{t!(i18n, admin.action)}</th>
                <th>{t!(i18n, admin.entity)}</th><th>{t!(i18n, admin.ip)}</th><th>{t!(i18n, admin.details)}</th>
            </tr></thead>
            <tbody>
                {move || entries.items.get().into_iter().map(|entry| {
                    let has_diff = entry.before.is_some() || entry.after.is_some();
                    let before = entry.before.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default();
                    let after = entry.after.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default();
                    view! {
                        <tr>
                            <td>{local_time(entry.occurred_at)}</td>
                            <td>{entry.actor_name.clone()}</td>
                            <td data-action=entry.action.clone()>
                                {let action = entry.action.clone(); move || match action_label(i18n.get_locale(), &action) {
                                    Some(words) => view! { <span title=action.clone()>{words}</span> }.into_any(),
                                    None => view! { <code>{action.clone()}</code> }.into_any(),
                                }}
                            </td>
                            <td>{format!("{} {}", entry.entity_type, entry.entity_id.clone().unwrap_or_default())}</td>
                            <td>{entry.ip.clone().unwrap_or_default()}</td>
                            <td>
                                {has_diff.then(|| view! {
                                    <details class="diff">
                                        <summary>{t!(i18n, admin.details)}</summary>
                                        <div class="diff-columns">
                                            <div><h4>{t!(i18n, admin.before)}</h4><pre>{before}</pre></div>
                                            <div><h4>{t!(i18n, admin.after)}</h4><pre>{after}</pre></div>
                                        </div>
                                    </details>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </ListState>
    }
}
