//! `/tasks`: 我的任务 by default (tasks owned by the user), or every task the user sees; filtered by
//! status, overdue, and due by a day; soonest planned finish first, paged by cursor, with the quick
//! status changes on each row.

use crm_types::TaskId;
use crm_types::UserId;
use crm_types::admin::Colleague;
use crm_types::task::{Task, TaskPage, TaskStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::history::TaskHistory;
use super::task_actions::TaskActions;
use super::{ModuleTabs, TaskStatusBadge, sees_tasks, task_status_label};
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;
use crate::shell::{Forbidden, use_me};

/// The filters, as chosen.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    everyone: bool,
    status: Option<TaskStatus>,
    overdue: bool,
    due_to: String,
}

/// The `GET /tasks` path for the filters.
fn query(filters: &Filters, me: UserId, cursor: Option<&str>) -> String {
    let mut parts = vec!["limit=50".to_owned()];
    if !filters.everyone {
        parts.push(format!("owner_id={}", me.0));
    }
    if let Some(status) = filters.status {
        parts.push(format!("status={}", status.as_str()));
    }
    if filters.overdue {
        parts.push("overdue=true".to_owned());
    }
    if !filters.due_to.trim().is_empty() {
        parts.push(format!("due_to={}", js_sys::encode_uri_component(filters.due_to.trim())));
    }
    if let Some(cursor) = cursor {
        parts.push(format!("cursor={}", js_sys::encode_uri_component(cursor)));
    }
    format!("/tasks?{}", parts.join("&"))
}

/// `/tasks`.
#[component]
pub fn TasksPage() -> impl IntoView {
    let Some(me) = use_me().filter(sees_tasks) else {
        return view! { <Forbidden /> }.into_any();
    };
    let i18n = use_i18n();
    let users = LocalResource::new(|| api::get::<Vec<Colleague>>("/users"));
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
    let items = RwSignal::new(Vec::<Task>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let history = RwSignal::new(None::<TaskId>);
    // Only the latest request may fill the list.
    let latest = StoredValue::new(0_u32);
    let fetch = move |more: bool| {
        let cursor = if more { next.get_untracked() } else { None };
        let path = query(&filters.get_untracked(), me, cursor.as_deref());
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        loading.set(true);
        spawn_local(async move {
            let answer = api::get::<TaskPage>(&path).await;
            if latest.get_value() != ticket {
                return;
            }
            match answer {
                Ok(page) => {
                    if more {
                        items.update(|list| list.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        filters.track();
        fetch(false);
    });
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
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
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
                                        <p class="reason">{t!(i18n, tasks.delay_reason)}{": "}{r}</p>
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
        <Show when=move || items.with(Vec::is_empty) && !loading.get()>
            <p class="empty" data-testid="no-tasks">{t!(i18n, tasks.empty_list)}</p>
        </Show>
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="load-more" on:click=move |_| fetch(true)>{t!(i18n, tasks.more)}</button>
        </Show>
    }
}
