//! A task's history, oldest first: creation, status changes with the reason of each delay, planned
//! finish, owner, name and plan approval.

use crm_types::TaskId;
use crm_types::admin::Colleague;
use crm_types::api::{GetTaskHistory, Nothing};
use crm_types::task::TaskStatus;
use leptos::prelude::*;

use super::task_status_label;
use crate::api;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::{error_message, local_time};

fn field_label(locale: Locale, field: &str) -> &'static str {
    match field {
        "created" => td_string!(locale, tasks.history_created),
        "status" => td_string!(locale, tasks.status),
        "planned_finish" => td_string!(locale, tasks.planned_finish),
        "owner" => td_string!(locale, tasks.owner),
        "name" => td_string!(locale, tasks.name),
        "plan_approved" => td_string!(locale, tasks.history_plan_approved),
        _ => td_string!(locale, tasks.history_changed),
    }
}

/// A recorded value in words: statuses by name, owners by their name.
fn value(locale: Locale, field: &str, raw: &str, users: &[Colleague]) -> String {
    match field {
        "status" => TaskStatus::parse(raw).map_or_else(|| raw.to_owned(), |s| task_status_label(locale, s).to_owned()),
        "owner" => raw
            .parse::<i64>()
            .ok()
            .and_then(|id| users.iter().find(|u| u.id.0 == id))
            .map_or_else(|| raw.to_owned(), |u| u.display_name.clone()),
        "plan_approved" => td_string!(locale, tasks.history_approved).to_owned(),
        _ => raw.to_owned(),
    }
}

/// The history of task `id`, read when shown.
#[component]
pub fn TaskHistory(id: TaskId, users: StoredValue<Vec<Colleague>>) -> impl IntoView {
    let i18n = use_i18n();
    let entries = LocalResource::new(move || async move { api::get::<GetTaskHistory>(&id, &Nothing {}).await });
    view! {
        <Transition fallback=|| view! { <crate::shell::Loading /> }>
            {move || entries.get().map(|loaded| match loaded {
                Ok(entries) => {
                    let locale = i18n.get_locale();
                    view! {
                        <ol class="timeline task-history" data-testid="task-history">
                            {entries.into_iter().map(|entry| {
                                let show = |raw: &Option<String>| {
                                    raw.as_deref().map(|r| users.with_value(|u| value(locale, &entry.field, r, u))).unwrap_or_default()
                                };
                                let change = (entry.field != "created" && entry.field != "plan_approved"
                                    && (entry.from.is_some() || entry.to.is_some()))
                                    .then(|| format!("{} → {}", show(&entry.from), show(&entry.to)));
                                view! {
                                    <li data-field=entry.field.clone()>
                                        <time>{local_time(entry.at)}</time>
                                        <strong>{field_label(locale, &entry.field)}</strong>
                                        {(entry.field == "plan_approved").then(|| view! { <span>{td_string!(locale, tasks.history_approved)}</span> })}
                                        {change.map(|c| view! { <span>{c}</span> })}
                                        {entry.reason.clone().map(|r| view! {
                                            <span class="reason" data-testid="history-reason">{t!(i18n, tasks.reason)}{t!(i18n, colon)}{r}</span>
                                        })}
                                        {entry.actor_name.clone().map(|a| view! { <span class="muted">{a}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
                Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
            })}
        </Transition>
    }
}
