//! Quick status changes of one task — 开始, 完成, 延期 — each sent under `If-Match`. A delay asks for a
//! reason and a new planned finish; a task of a plan that waits for approval cannot start or finish.

use chrono::NaiveDate;
use crm_domain::workflow;
use crm_types::FieldErrorCode;
use crm_types::api::UpdateTask;
use crm_types::task::{Task, TaskPatch, TaskStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::{error_message, today};

/// The most a delay reason may say, as the server allows.
const REASON_MAX: usize = 500;

/// The statuses a task may be moved to from `status` with one click, along the server's own flow
/// (`crm_domain::workflow::task`); a delay has its own form.
fn moves(status: TaskStatus) -> Vec<TaskStatus> {
    workflow::task::next_steps(status).iter().copied().filter(|to| *to != TaskStatus::Delayed).collect()
}

fn move_label(locale: Locale, from: TaskStatus, to: TaskStatus) -> &'static str {
    match (from, to) {
        (TaskStatus::Delayed, TaskStatus::InProgress) => td_string!(locale, tasks.resume),
        (_, TaskStatus::InProgress) => td_string!(locale, tasks.start),
        (_, TaskStatus::Done) => td_string!(locale, tasks.finish),
        _ => td_string!(locale, tasks.delay),
    }
}

/// The buttons of `task`; `on_saved` gets the changed task.
#[component]
pub fn TaskActions(task: Task, on_saved: impl Fn(Task) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let status = task.status;
    // Tasks of a demand wait for the plan's approval before they start or finish.
    let blocked = task.demand_id.is_some() && !task.plan_approved;
    let (id, version, current_finish) = (task.id, task.version, task.planned_finish);
    let delaying = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let finish = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let send = move |body: TaskPatch| {
        failure.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::send_if_match::<UpdateTask>(&id, version, &body).await {
                Ok(task) => on_saved(task),
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    let delay = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let text = reason.get_untracked().trim().to_owned();
        if text.is_empty() {
            found.insert("reason".into(), for_code(locale, FieldErrorCode::Required).into());
        } else if text.chars().count() > REASON_MAX {
            found.insert("reason".into(), for_code(locale, FieldErrorCode::TooLong).into());
        }
        let day = NaiveDate::parse_from_str(finish.get_untracked().trim(), "%Y-%m-%d").ok();
        match day {
            None => {
                found.insert("planned_finish".into(), for_code(locale, FieldErrorCode::Required).into());
            }
            Some(day) if day < today() => {
                found.insert("planned_finish".into(), for_code(locale, FieldErrorCode::InPast).into());
            }
            Some(_) => {}
        }
        errors.set(found.clone());
        if !found.is_empty() {
            return;
        }
        send(TaskPatch {
            status: Some(TaskStatus::Delayed),
            planned_finish: day.filter(|d| *d != current_finish),
            reason: Some(text),
            ..TaskPatch::default()
        });
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    view! {
        <div class="button-row" data-testid="task-actions">
            {moves(status).iter().map(|to| {
                let to = *to;
                view! {
                    <button type="button" class="small" data-move=to.as_str() disabled=move || busy.get() || blocked
                        title=move || if blocked { td_string!(i18n.get_locale(), tasks.plan_waiting) } else { "" }
                        on:click=move |_| send(TaskPatch { status: Some(to), ..TaskPatch::default() })>
                        {move || move_label(i18n.get_locale(), status, to)}
                    </button>
                }
            }).collect_view()}
            {matches!(status, TaskStatus::Pending | TaskStatus::InProgress).then(|| view! {
                <Show when=move || !delaying.get()>
                    <button type="button" class="small" data-move="delayed" disabled=move || busy.get()
                        on:click=move |_| delaying.set(true)>
                        {t!(i18n, tasks.delay)}
                    </button>
                </Show>
            })}
        </div>
        <Show when=move || delaying.get()>
            <form class="stack-form delay-form" data-testid="delay-form" novalidate on:submit=delay>
                <label class="required">
                    <span>{t!(i18n, tasks.delay_reason)}</span>
                    <textarea name="reason" maxlength="500" prop:value=reason on:input=move |e| reason.set(event_target_value(&e))></textarea>
                    {error_of("reason")}
                </label>
                <label class="required">
                    <span>{t!(i18n, tasks.new_planned_finish)}</span>
                    <input type="date" name="new_finish" prop:value=finish on:input=move |e| finish.set(event_target_value(&e)) />
                    {error_of("planned_finish")}
                </label>
                <div class="button-row">
                    <button type="submit" class="primary small" disabled=move || busy.get()>{t!(i18n, tasks.confirm_delay)}</button>
                    <button type="button" class="link-button" on:click=move |_| delaying.set(false)>{t!(i18n, tasks.cancel)}</button>
                </div>
            </form>
        </Show>
        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
    }
}
