//! A demand's task plan (任务): the tasks with owner, planned finish and status, each with its quick
//! status changes and history; the form to add a task; and, for managers, approving the plan while
//! tasks wait for it.

use chrono::NaiveDate;
use crm_types::FieldErrorCode;
use crm_types::access::Permission;
use crm_types::admin::Colleague;
use crm_types::api::{AddDemandTask, ApproveDemandTasks, Nothing};
use crm_types::demand::{Demand, DemandStatus, NewTask};
use crm_types::task::Task;
use crm_types::{TaskId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::TaskStatusBadge;
use super::history::TaskHistory;
use super::task_actions::TaskActions;
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::{error_message, today};
use crate::shell::use_me;

/// The plan of `demand`; `on_change` reloads the page after the plan was approved.
#[component]
pub fn TaskPlan(
    demand: StoredValue<Demand>,
    tasks: Vec<Task>,
    users: StoredValue<Vec<Colleague>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let has = |p: Permission| me.as_ref().is_some_and(|me| me.permissions.contains(&p));
    let (may_plan, may_approve) = (has(Permission::DemandCreate), has(Permission::DemandApproveTasks));
    let open = demand.with_value(|d| d.status != DemandStatus::Done);
    let tasks = RwSignal::new(tasks);
    let history = RwSignal::new(None::<TaskId>);
    let error = RwSignal::new(None::<ApiError>);
    let waiting = move || tasks.with(|list| list.iter().any(|t| !t.plan_approved));
    let saved = move |task: Task| {
        tasks.update(|list| {
            if let Some(old) = list.iter_mut().find(|t| t.id == task.id) {
                *old = task;
            }
        });
    };
    let added = move |task: Task| tasks.update(|list| list.push(task));
    let approve = move |_| {
        let id = demand.with_value(|d| d.id);
        error.set(None);
        spawn_local(async move {
            match api::get::<ApproveDemandTasks>(&id, &Nothing {}).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card" data-testid="task-plan">
            <div class="page-head">
                <h2>{t!(i18n, tasks.plan)}</h2>
                <span class="spacer"></span>
                {may_approve.then(|| view! {
                    <Show when=waiting>
                        <button type="button" class="primary small" data-testid="approve-plan" on:click=approve>
                            {t!(i18n, tasks.approve_plan)}
                        </button>
                    </Show>
                })}
            </div>
            <Show when=waiting>
                <p class="notice" data-testid="plan-waiting">{t!(i18n, tasks.plan_waiting)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <table class="data-table" data-testid="tasks">
                <thead>
                    <tr>
                        <th>{t!(i18n, tasks.name)}</th>
                        <th>{t!(i18n, tasks.owner)}</th>
                        <th>{t!(i18n, tasks.planned_finish)}</th>
                        <th>{t!(i18n, tasks.status)}</th>
                        <th>{t!(i18n, tasks.actions)}</th>
                    </tr>
                </thead>
                <For each=move || tasks.get() key=|t| (t.id, t.version) let:task>
                    {
                        let id = task.id;
                        let row = task.clone();
                        view! {
                            <tbody data-task=task.name.clone()>
                                <tr>
                                    <td>
                                        {task.name.clone()}
                                        {(!task.plan_approved).then(|| view! { <span class="badge" data-testid="awaiting-approval">{t!(i18n, tasks.awaiting_approval)}</span> })}
                                        {task.delay_reason.clone().filter(|_| task.status == crm_types::task::TaskStatus::Delayed).map(|r| view! {
                                            <p class="reason" data-testid="delay-reason">{t!(i18n, tasks.delay_reason)}{t!(i18n, colon)}{r}</p>
                                        })}
                                    </td>
                                    <td>{task.owner_name.clone()}</td>
                                    <td class="nowrap">{task.planned_finish.to_string()}</td>
                                    <td><TaskStatusBadge status=task.status overdue=task.overdue /></td>
                                    <td>
                                        <TaskActions task=row on_saved=saved />
                                        <button type="button" class="link-button" data-testid="show-history"
                                            on:click=move |_| history.update(|h| *h = if *h == Some(id) { None } else { Some(id) })>
                                            {t!(i18n, tasks.history)}
                                        </button>
                                    </td>
                                </tr>
                                <Show when=move || history.get() == Some(id)>
                                    <tr class="history-row">
                                        <td colspan="5"><TaskHistory id=id users=users /></td>
                                    </tr>
                                </Show>
                            </tbody>
                        }
                    }
                </For>
            </table>
            <Show when=move || tasks.with(Vec::is_empty)>
                <p class="empty" data-testid="no-tasks">{t!(i18n, tasks.empty)}</p>
            </Show>
            {(may_plan && open).then(|| view! { <AddTask demand=demand users=users on_added=added /> })}
        </section>
    }
}

/// The form that adds a task to the plan: name, owner (the demand's owner unless chosen), planned
/// finish. Checked with the server's rules first; the server's 422 lands next to its field.
#[component]
fn AddTask(
    demand: StoredValue<Demand>,
    users: StoredValue<Vec<Colleague>>,
    on_added: impl Fn(Task) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let default_owner = demand.with_value(|d| d.owner.id.0.to_string());
    let name = RwSignal::new(String::new());
    let owner = RwSignal::new(default_owner.clone());
    let finish = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let task_name = name.get_untracked().trim().to_owned();
        if task_name.is_empty() {
            found.insert("name".into(), for_code(locale, FieldErrorCode::Required).into());
        } else if task_name.chars().count() > 200 {
            found.insert("name".into(), for_code(locale, FieldErrorCode::TooLong).into());
        }
        let planned = NaiveDate::parse_from_str(finish.get_untracked().trim(), "%Y-%m-%d").ok();
        match planned {
            None => {
                found.insert("planned_finish".into(), for_code(locale, FieldErrorCode::Required).into());
            }
            Some(day) if day < today() => {
                found.insert("planned_finish".into(), for_code(locale, FieldErrorCode::InPast).into());
            }
            Some(_) => {}
        }
        let (Some(planned_finish), true) = (planned, found.is_empty()) else {
            errors.set(found);
            return;
        };
        errors.set(FieldErrors::new());
        failure.set(None);
        saving.set(true);
        let body =
            NewTask { name: task_name, owner_id: owner.get_untracked().parse().ok().map(UserId), planned_finish };
        let id = demand.with_value(|d| d.id);
        spawn_local(async move {
            match api::send::<AddDemandTask>(&id, &body).await {
                Ok(task) => {
                    name.set(String::new());
                    finish.set(String::new());
                    on_added(task);
                }
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                }
            }
            saving.set(false);
        });
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    view! {
        <form class="grid-form add-task" data-testid="add-task-form" novalidate on:submit=submit>
            <label class="required">
                <span>{t!(i18n, tasks.name)}</span>
                <input name="task_name" maxlength="200" prop:value=name on:input=move |e| name.set(event_target_value(&e)) />
                {error_of("name")}
            </label>
            <label>
                <span>{t!(i18n, tasks.owner)}</span>
                <select name="task_owner" on:change=move |e| owner.set(event_target_value(&e))>
                    {users.with_value(|all| all.iter().map(|u| {
                        let value = u.id.0.to_string();
                        let selected = value == default_owner;
                        view! { <option value=value selected=selected>{u.display_name.clone()}</option> }
                    }).collect_view())}
                </select>
                {error_of("owner_id")}
            </label>
            <label class="required">
                <span>{t!(i18n, tasks.planned_finish)}</span>
                <input type="date" name="task_finish" prop:value=finish on:input=move |e| finish.set(event_target_value(&e)) />
                {error_of("planned_finish")}
            </label>
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, tasks.add)}</button>
                {move || failure.get().map(|e| view! { <span class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</span> })}
            </div>
        </form>
    }
}
