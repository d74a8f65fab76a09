//! The cards of the user's own work: follow-ups planned for today, tasks due today or overdue, and
//! demands past their response deadline, each with the way to its full list.

use chrono::{NaiveDate, Utc};
use crm_types::UserId;
use crm_types::api::{ListDemands, ListFollowups, ListTasks};
use crm_types::demand::{Demand, DemandQuery};
use crm_types::followup::{Followup, FollowupQuery};
use crm_types::page::Page;
use crm_types::task::{Task, TaskQuery};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{Card, Empty, clock};
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::demands::{PriorityBadge, SlaBadge, TaskStatusBadge};
use crate::pages::local_time;

/// A page of tasks (named: `view!` does not parse generic arguments in closures).
type Tasks = Page<Task>;
/// A page of demands (named: `view!` does not parse generic arguments in closures).
type Demands = Page<Demand>;

/// Follow-ups, tasks and demands listed at most on a card.
const LISTED: u32 = 50;

/// The caller's follow-ups whose next follow-up falls on `day`, soonest first, and whether there
/// are more than the card lists.
async fn due_on(me: UserId, day: NaiveDate) -> Result<(Vec<Followup>, bool), ApiError> {
    let query = FollowupQuery {
        author_id: Some(me),
        next_from: Some(day),
        next_to: Some(day),
        limit: Some(LISTED),
        ..FollowupQuery::default()
    };
    let page = api::get::<ListFollowups>(&(), &query).await?;
    let mut due = page.items;
    due.sort_by_key(|f| f.next_followup_at);
    Ok((due, page.next_cursor.is_some()))
}

/// 今日待跟进.
#[component]
pub fn FollowupsDue(me: UserId, day: NaiveDate) -> impl IntoView {
    let load = LocalResource::new(move || due_on(me, day));
    view! {
        <Card testid="my-followups" title=|l| td_string!(l, my_day.followups_due) load=load body=|(due, more)| {
            let i18n = use_i18n();
            let now = Utc::now();
            view! {
                {due.is_empty().then(|| view! { <Empty text=|l| td_string!(l, my_day.followups_empty) /> })}
                <ul class="day-list">
                    {due.into_iter().map(|f| {
                        let at = f.next_followup_at.unwrap_or(f.occurred_at);
                        let topic = f.topic.clone();
                        view! {
                            <li data-followup=f.id.0.to_string() data-topic=topic>
                                <time class="nowrap">{clock(at)}</time>
                                <A href=format!("/customers/{}", f.customer_id.0)>{f.customer_name}</A>
                                <span class="muted">{f.topic}</span>
                                {(at <= now).then(|| view! { <span class="badge overdue">{t!(i18n, my_day.time_reached)}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {more.then(|| view! { <p class="muted fine-print"><MoreNote text=|l| td_string!(l, my_day.more_followups) /></p> })}
                <p class="card-foot"><A href="/followups">{t!(i18n, my_day.all_followups)}</A></p>
            }
            .into_any()
        } />
    }
}

/// 今日到期及逾期任务.
#[component]
pub fn TasksDue(me: UserId, day: NaiveDate) -> impl IntoView {
    let load = LocalResource::new(move || {
        let query = TaskQuery { owner_id: Some(me), due_to: Some(day), limit: Some(LISTED), ..TaskQuery::default() };
        async move { api::get::<ListTasks>(&(), &query).await }
    });
    view! {
        <Card testid="my-tasks" title=|l| td_string!(l, my_day.tasks) load=load body=|page: Tasks| {
            let i18n = use_i18n();
            view! {
                {page.items.is_empty().then(|| view! { <Empty text=|l| td_string!(l, my_day.tasks_empty) /> })}
                <ul class="day-list">
                    {page.items.into_iter().map(|task| view! { <TaskRow task=task /> }).collect_view()}
                </ul>
                {page.next_cursor.is_some().then(|| view! { <p class="muted fine-print"><MoreNote text=|l| td_string!(l, my_day.more_tasks) /></p> })}
                <p class="card-foot"><A href="/tasks">{t!(i18n, my_day.all_tasks)}</A></p>
            }
            .into_any()
        } />
    }
}

#[component]
fn TaskRow(task: Task) -> impl IntoView {
    let i18n = use_i18n();
    let link = match task.demand_id {
        Some(demand) => format!("/demands/{}", demand.0),
        None => format!("/customers/{}", task.customer_id.0),
    };
    let finish = task.planned_finish;
    let status = task.status;
    let name = task.name.clone();
    view! {
        <li data-task=name data-status=status.as_str()>
            <A href=link>{task.name}</A>
            <span class="muted">{task.customer_name}</span>
            <span class="muted nowrap">
                {move || td_string!(i18n.get_locale(), my_day.planned_finish).replace("{date}", &finish.to_string())}
            </span>
            <TaskStatusBadge status=status overdue=task.overdue />
            {(!task.overdue).then(|| view! { <span class="badge">{t!(i18n, my_day.due_today)}</span> })}
        </li>
    }
}

/// 我负责的超时需求.
#[component]
pub fn DemandsOverdue(me: UserId) -> impl IntoView {
    let load = LocalResource::new(move || {
        let query =
            DemandQuery { owner_id: Some(me), overdue: Some(true), limit: Some(LISTED), ..DemandQuery::default() };
        async move { api::get::<ListDemands>(&(), &query).await }
    });
    view! {
        <Card testid="my-demands" title=|l| td_string!(l, my_day.demands) load=load body=|page: Demands| {
            let i18n = use_i18n();
            view! {
                {page.items.is_empty().then(|| view! { <Empty text=|l| td_string!(l, my_day.demands_empty) /> })}
                <ul class="day-list">
                    {page.items.into_iter().map(|demand| view! { <DemandRow demand=demand /> }).collect_view()}
                </ul>
                {page.next_cursor.is_some().then(|| view! { <p class="muted fine-print"><MoreNote text=|l| td_string!(l, my_day.more_demands) /></p> })}
                <p class="card-foot"><A href="/demands">{t!(i18n, my_day.all_demands)}</A></p>
            }
            .into_any()
        } />
    }
}

#[component]
fn DemandRow(demand: Demand) -> impl IntoView {
    let i18n = use_i18n();
    let due = local_time(demand.due_at);
    let summary: String = demand.description.chars().take(40).collect();
    let code = demand.code.clone();
    view! {
        <li data-demand=code>
            <A href=format!("/demands/{}", demand.id.0)>{demand.code}</A>
            <A href=format!("/customers/{}", demand.customer_id.0)>{demand.customer_name}</A>
            <PriorityBadge priority=demand.priority />
            <SlaBadge sla=demand.sla_state />
            <span class="muted" title=demand.description>{summary}</span>
            <span class="muted nowrap">{move || td_string!(i18n.get_locale(), my_day.due_at).replace("{time}", &due)}</span>
        </li>
    }
}

/// A note that the list goes on.
#[component]
fn MoreNote(text: fn(Locale) -> &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || text(i18n.get_locale())
}
