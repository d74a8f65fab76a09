//! The audit log viewer: filters, entries newest first with their diff, and the integrity check.

use crm_types::audit::{AuditEntry, AuditPage, AuditVerification};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::pages::{error_message, local_time};

/// `/admin/audit-log`.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    guarded(Section::AuditLog, || view! { <AuditLog /> }.into_any())
}

fn query(filters: &[(&str, String)], cursor: Option<i64>) -> String {
    let mut parts: Vec<String> = filters
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", js_sys_encode(v.trim())))
        .collect();
    if let Some(cursor) = cursor {
        parts.push(format!("cursor={cursor}"));
    }
    format!("/admin/audit-log?{}", parts.join("&"))
}

/// Percent-encodes a query value.
fn js_sys_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let actor_id = RwSignal::new(String::new());
    let entity_type = RwSignal::new(String::new());
    let entity_id = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<ApiError>);
    let verification = RwSignal::new(None::<AuditVerification>);
    let fetch = move |cursor: Option<i64>| {
        let filters = [
            ("actor_id", actor_id.get_untracked()),
            ("entity_type", entity_type.get_untracked()),
            ("entity_id", entity_id.get_untracked()),
            ("action", action.get_untracked()),
        ];
        let path = query(&filters, cursor);
        spawn_local(async move {
            match api::get::<AuditPage>(&path).await {
                Ok(page) => {
                    error.set(None);
                    if cursor.is_some() {
                        entries.update(|e| e.extend(page.items));
                    } else {
                        entries.set(page.items);
                    }
                    next.set(page.next_cursor);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    fetch(None);
    let verify = move |_| {
        spawn_local(async move {
            match api::get::<AuditVerification>("/admin/audit-log/verify").await {
                Ok(result) => verification.set(Some(result)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.audit_log)}</h2>
        <form class="inline-form panel" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); fetch(None); }>
            <input placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.actor_id) on:input=move |e| actor_id.set(event_target_value(&e)) />
            <input placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.entity_type) on:input=move |e| entity_type.set(event_target_value(&e)) />
            <input placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.entity_id) on:input=move |e| entity_id.set(event_target_value(&e)) />
            <input placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.action) on:input=move |e| action.set(event_target_value(&e)) />
            <button type="submit" class="primary">{t!(i18n, admin.search)}</button>
            <button type="button" class="link-button" data-testid="verify-audit" on:click=verify>{t!(i18n, admin.verify)}</button>
        </form>
        {move || verification.get().map(|v| match v.first_broken_id {
            None => view! { <p class="notice" role="status">{t!(i18n, admin.chain_intact, count = v.checked)}</p> }.into_any(),
            Some(id) => view! { <p class="form-error" role="alert">{t!(i18n, admin.chain_broken, id = id)}</p> }.into_any(),
        })}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <table class="data-table" data-testid="audit-entries">
            <thead><tr>
                <th>{t!(i18n, admin.occurred_at)}</th><th>{t!(i18n, admin.actor)}</th><th>{t!(i18n, admin.action)}</th>
                <th>{t!(i18n, admin.entity)}</th><th>{t!(i18n, admin.ip)}</th><th>{t!(i18n, admin.details)}</th>
            </tr></thead>
            <tbody>
                {move || entries.get().into_iter().map(|entry| {
                    let has_diff = entry.before.is_some() || entry.after.is_some();
                    let before = entry.before.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default();
                    let after = entry.after.as_ref().map(|v| serde_json::to_string_pretty(v).unwrap_or_default()).unwrap_or_default();
                    view! {
                        <tr>
                            <td>{local_time(entry.occurred_at)}</td>
                            <td>{entry.actor_name.clone()}</td>
                            <td><code>{entry.action.clone()}</code></td>
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
        <Show when=move || next.get().is_some()>
            <button type="button" class="link-button" on:click=move |_| fetch(next.get_untracked())>{t!(i18n, admin.more)}</button>
        </Show>
    }
}
