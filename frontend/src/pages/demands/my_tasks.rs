//! `/tasks`: 我的任务 by default (tasks owned by the user), or every task the user sees; filtered by
//! status, overdue, and due by a day; soonest planned finish first, paged by cursor, with the quick
//! status changes on each row.

use crm_types::TaskId;
use crm_types::UserId;
use crm_types::admin::Colleague;
use crm_types::api::{ListColleagues, ListTasks, Nothing};
use crm_types::task::{Task, TaskQuery, TaskStatus};
use leptos::prelude::*;
use leptos_router::components::A;

use super::history::TaskHistory;
use super::task_actions::TaskActions;
use super::{ModuleTabs, TaskStatusBadge, sees_tasks, task_status_label};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::error_message;
use crate::shell::{Forbidden, use_me};

/// How many tasks a page of the list holds.
const PAGE: u32 = 50;

/// The filters, as chosen.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    everyone: bool,
    status: Option<TaskStatus>,
    overdue: bool,
    due_to: String,
}

/// The query of a page of tasks for the filters.
fn query(filters: &Filters, me: UserId, cursor: Option<String>) -> TaskQuery {
    TaskQuery {
        owner_id: (!filters.everyone).then_some(me),
        status: filters.status,
        overdue: filters.overdue.then_some(true),
        due_to: filters.due_to.trim().parse().ok(),
        limit: Some(PAGE),
        cursor,
        ..TaskQuery::default()
    }
}

/// `/tasks`.
#[component]
pub fn TasksPage() -> impl IntoView {
    let Some(me) = use_me().filter(sees_tasks) else {
        return view! { <Forbidden /> }.into_any();
    };
    let i18n = use_i18n();
    let users = LocalResource::new(|| api::get::<ListColleagues>(&(), &Nothing {}));
    view! {
        <section class="page" data-testid="tasks-page">
            <h1>{t!(i18n, tasks.title)}</h1>
            <ModuleTabs />
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || users.get().map(|loaded| match loaded {
                    Ok(users) => view! { <TaskList me=me.id users=users /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn TaskList(me: UserId, users: Vec<Colleague>) -> impl IntoView {
    let i18n = use_i18n();
    let users = StoredValue::new(users);
    let filters = RwSignal::new(Filters::default());
    let history = RwSignal::new(None::<TaskId>);
    let tasks = use_cursor_list(move |cursor| {
        let query = filters.with_untracked(|f| query(f, me, cursor));
        async move { api::get::<ListTasks>(&(), &query).await }
    });
    let items = tasks.items;
    Effect::watch(move || filters.get(), move |_, _, _| tasks.reload(), false);
    let saved = move |task: Task| {
        items.update(|list| {
            if let Some(old) = list.iter_mut().find(|t| t.id == task.id) {
                *old = task;
            }
        });
    };
    view! {
        <div class="filter-bar" data-testid="task-filters">
            <select name="whose" aria-label=move || td_string!(i18n.get_locale(), tasks.whose)
                on:change=move |e| { let everyone = event_target_value(&e) == "all"; filters.update(|f| f.everyone = everyone); }>
                <option value="mine">{t!(i18n, tasks.title)}</option>
                <option value="all">{t!(i18n, tasks.all_visible)}</option>
            </select>
            <select name="status" aria-label=move || td_string!(i18n.get_locale(), tasks.status)
                on:change=move |e| { let status = TaskStatus::parse(&event_target_value(&e)); filters.update(|f| f.status = status); }>
                <option value="">{t!(i18n, tasks.all_statuses)}</option>
                {TaskStatus::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str()>{move || task_status_label(i18n.get_locale(), s)}</option>
                }).collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" name="overdue" on:change=move |e| { let on = event_target_checked(&e); filters.update(|f| f.overdue = on); } />
                {t!(i18n, tasks.only_overdue)}
            </label>
            <label class="check">
                <span>{t!(i18n, tasks.due_by)}</span>
                <input type="date" name="due_to" on:change=move |e| { let day = event_target_value(&e); filters.update(|f| f.due_to = day); } />
            </label>
        </div>
        <ListState list=tasks name="tasks" empty=|l| td_string!(l, tasks.empty_list)>
        <table class="data-table" data-testid="task-list">
            <thead>
                <tr>
                    <th>{t!(i18n, tasks.name)}</th>
                    <th>{t!(i18n, tasks.customer)}</th>
                    <th>{t!(i18n, tasks.source)}</th>
                    <th>{t!(i18n, tasks.owner)}</th>
                    <th>{t!(i18n, tasks.planned_finish)}</th>
                    <th>{t!(i18n, tasks.status)}</th>
                    <th>{t!(i18n, tasks.actions)}</th>
                </tr>
            </thead>
            <For each=move || items.get() key=|t| (t.id, t.version) let:task>
                {
                    let id = task.id;
                    let (customer_href, customer_name) = (format!("/customers/{}", task.customer_id.0), task.customer_name.clone());
                    let source = match (task.demand_id, task.followup_id) {
                        (Some(demand), _) => view! {
                            <A href=format!("/demands/{}", demand.0)>{t!(i18n, tasks.from_demand)}</A>
                        }.into_any(),
                        (None, Some(_)) => view! { <span>{t!(i18n, tasks.from_followup)}</span> }.into_any(),
                        (None, None) => ().into_any(),
                    };
                    view! {
                        <tbody data-task=task.name.clone()>
                            <tr>
                                <td>
                                    {task.name.clone()}
                                    {task.delay_reason.clone().filter(|_| task.status == TaskStatus::Delayed).map(|r| view! {
                                        <p class="reason">{t!(i18n, tasks.delay_reason)}{t!(i18n, colon)}{r}</p>
                                    })}
                                </td>
                                <td><A href=customer_href>{customer_name}</A></td>
                                <td>{source}</td>
                                <td>{task.owner_name.clone()}</td>
                                <td class="nowrap">{task.planned_finish.to_string()}</td>
                                <td><TaskStatusBadge status=task.status overdue=task.overdue /></td>
                                <td>
                                    <TaskActions task=task.clone() on_saved=saved />
                                    <button type="button" class="link-button" data-testid="show-history"
                                        on:click=move |_| history.update(|h| *h = if *h == Some(id) { None } else { Some(id) })>
                                        {t!(i18n, tasks.history)}
                                    </button>
                                </td>
                            </tr>
                            <Show when=move || history.get() == Some(id)>
                                <tr class="history-row">
                                    <td colspan="7"><TaskHistory id=id users=users /></td>
                                </tr>
                            </Show>
                        </tbody>
                    }
                }
            </For>
        </table>
        </ListState>
    }
}
