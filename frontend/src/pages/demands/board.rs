//! `/demands`: the demand board — a column per status (待处理, 处理中, 待客户确认, 已完成), each card with
//! its code, customer, priority, response-deadline badge and owner — filtered by priority, by owner
//! (mine only) and to those past their deadline.

use crm_types::UserId;
use crm_types::demand::{Demand, DemandPage, DemandStatus, Priority};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::{ModuleTabs, PriorityBadge, SlaBadge, priority_label, status_label};
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::{error_message, local_time};
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

/// The `GET /demands` path of one column.
fn query(status: DemandStatus, filters: Filters, me: UserId, cursor: Option<&str>) -> String {
    let mut path = format!("/demands?status={}&limit={COLUMN}", status.as_str());
    if let Some(priority) = filters.priority {
        path.push_str(&format!("&priority={}", priority.as_str()));
    }
    if filters.mine {
        path.push_str(&format!("&owner_id={}", me.0));
    }
    if filters.overdue {
        path.push_str("&overdue=true");
    }
    if let Some(cursor) = cursor {
        path.push_str(&format!("&cursor={}", js_sys::encode_uri_component(cursor)));
    }
    path
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
    let items = RwSignal::new(Vec::<Demand>::new());
    let next = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(true);
    // Only the latest request may fill the column: an answer for filters left behind is dropped.
    let latest = StoredValue::new(0_u32);
    let fetch = move |more: bool| {
        let cursor = if more { next.get_untracked() } else { None };
        let path = query(status, filters.get_untracked(), me, cursor.as_deref());
        latest.update_value(|n| *n += 1);
        let ticket = latest.get_value();
        loading.set(true);
        spawn_local(async move {
            let answer = api::get::<DemandPage>(&path).await;
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
    view! {
        <section class="board-column" data-testid="demand-column" data-status=status.as_str()>
            <h2>
                {move || status_label(i18n.get_locale(), status)}
                <span class="count">{move || items.with(Vec::len)}{move || next.with(Option::is_some).then_some("+")}</span>
            </h2>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <ul class="plain cards">
                <For each=move || items.get() key=|d| (d.id, d.version) let:demand>
                    <li><Card demand=demand /></li>
                </For>
            </ul>
            <Show when=move || items.with(Vec::is_empty) && !loading.get()>
                <p class="empty">{t!(i18n, demands.column_empty)}</p>
            </Show>
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="load-more" on:click=move |_| fetch(true)>{t!(i18n, demands.more)}</button>
            </Show>
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
                {t!(i18n, demands.owner)}{": "}{demand.owner.name.clone()}
                {" · "}{t!(i18n, demands.due_at)}{": "}{local_time(demand.due_at)}
            </p>
        </A>
    }
}
