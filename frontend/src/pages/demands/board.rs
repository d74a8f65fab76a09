//! `/demands`: the demand board — a column per status (待处理, 处理中, 待客户确认, 已完成), each card with
//! its code, customer, priority, response-deadline badge and owner — filtered by priority, by owner
//! (mine only) and to those past their deadline.

use crm_types::UserId;
use crm_types::api::ListDemands;
use crm_types::demand::{Demand, DemandQuery, DemandStatus, Priority};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{ModuleTabs, PriorityBadge, SlaBadge, priority_label, status_label};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::local_time;
use crate::shell::{Forbidden, Module, use_me};

/// How many cards a column loads at a time.
const COLUMN: u32 = 50;

/// The filters, as chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Filters {
    priority: Option<Priority>,
    mine: bool,
    overdue: bool,
}

/// The query of a page of one column.
fn query(status: DemandStatus, filters: Filters, me: UserId, cursor: Option<String>) -> DemandQuery {
    DemandQuery {
        status: Some(status),
        priority: filters.priority,
        owner_id: filters.mine.then_some(me),
        overdue: filters.overdue.then_some(true),
        limit: Some(COLUMN),
        cursor,
        ..DemandQuery::default()
    }
}

/// `/demands`.
#[component]
pub fn DemandBoardPage() -> impl IntoView {
    let Some(me) = use_me().filter(|me| Module::Demands.visible(me)) else {
        return view! { <Forbidden /> }.into_any();
    };
    let i18n = use_i18n();
    let filters = RwSignal::new(Filters::default());
    let set_priority = move |event: leptos::ev::Event| {
        let priority = Priority::parse(&event_target_value(&event));
        filters.update(|f| f.priority = priority);
    };
    view! {
        <section class="page" data-testid="demand-board-page">
            <h1>{move || Module::Demands.label(i18n.get_locale())}</h1>
            <ModuleTabs />
            <div class="filter-bar" data-testid="demand-filters">
                <select name="priority" aria-label=move || td_string!(i18n.get_locale(), demands.priority) on:change=set_priority>
                    <option value="">{t!(i18n, demands.all_priorities)}</option>
                    {Priority::ALL.iter().map(|p| view! {
                        <option value=p.as_str()>{move || priority_label(i18n.get_locale(), *p)}</option>
                    }).collect_view()}
                </select>
                <label class="check">
                    <input type="checkbox" name="mine" on:change=move |e| filters.update(|f| f.mine = event_target_checked(&e)) />
                    {t!(i18n, demands.only_mine)}
                </label>
                <label class="check">
                    <input type="checkbox" name="overdue" on:change=move |e| filters.update(|f| f.overdue = event_target_checked(&e)) />
                    {t!(i18n, demands.only_overdue)}
                </label>
            </div>
            <div class="board" data-testid="demand-board">
                {DemandStatus::ALL.iter().map(|status| view! { <Column status=*status filters=filters me=me.id /> }).collect_view()}
            </div>
        </section>
    }
    .into_any()
}

/// One status column; reloads whenever the filters change.
#[component]
fn Column(status: DemandStatus, filters: RwSignal<Filters>, me: UserId) -> impl IntoView {
    let i18n = use_i18n();
    let demands = use_cursor_list(move |cursor| {
        let query = query(status, filters.get_untracked(), me, cursor);
        async move { api::get::<ListDemands>(&(), &query).await }
    });
    let items = demands.items;
    Effect::watch(move || filters.get(), move |_, _, _| demands.reload(), false);
    view! {
        <section class="board-column" data-testid="demand-column" data-status=status.as_str()>
            <h2>
                {move || status_label(i18n.get_locale(), status)}
                <span class="count">{move || items.with(Vec::len)}{move || demands.has_more().then_some("+")}</span>
            </h2>
            <ListState list=demands name="column" empty=|l| td_string!(l, demands.column_empty)>
                <ul class="plain cards">
                    <For each=move || items.get() key=|d| (d.id, d.version) let:demand>
                        <li><Card demand=demand /></li>
                    </For>
                </ul>
            </ListState>
        </section>
    }
}

#[component]
fn Card(demand: Demand) -> impl IntoView {
    let i18n = use_i18n();
    let (href, code) = (format!("/demands/{}", demand.id.0), demand.code.clone());
    view! {
        <A href=href attr:class="demand-card" attr:data-code=code attr:data-testid="demand-card">
            <div class="card-head">
                <strong>{demand.code.clone()}</strong>
                <PriorityBadge priority=demand.priority />
                <SlaBadge sla=demand.sla_state />
            </div>
            <p class="card-customer">{demand.customer_name.clone()}</p>
            <p class="card-text">{demand.description.clone()}</p>
            <p class="muted">
                {t!(i18n, demands.owner)}{t!(i18n, colon)}{demand.owner.name.clone()}
                {" · "}{t!(i18n, demands.due_at)}{t!(i18n, colon)}{local_time(demand.due_at)}
            </p>
        </A>
    }
}
