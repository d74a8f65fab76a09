//! `/demands/:id`: one demand — its details and response deadline, the status flow (待处理 › 处理中 ›
//! 待客户确认 › 已完成, and back from 待客户确认 to 处理中) with each step sent under `If-Match`, the
//! customer's confirmation that closing needs, its files, and its task plan.

use crm_types::DemandId;
use crm_types::access::Permission;
use crm_types::admin::Colleague;
use crm_types::api::{GetDemand, ListColleagues, ListTasks, Nothing, UpdateDemand};
use crm_types::attachment::OwnerType;
use crm_types::demand::{Demand, DemandPatch, DemandStatus};
use crm_types::task::{Task, TaskQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::plan::TaskPlan;
use super::{ModuleTabs, PriorityBadge, SlaBadge, StatusBadge, kind_label, status_label};
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::attachments::AttachmentSection;
use crate::pages::{error_message, local_time};
use crate::route_id::with_route_id;
use crate::shell::{Forbidden, Module, use_me};

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    demand: Demand,
    tasks: Vec<Task>,
    users: Vec<Colleague>,
}

async fn load(id: DemandId) -> Result<Loaded, ApiError> {
    let demand = api::get::<GetDemand>(&id, &Nothing {}).await?;
    let plan = TaskQuery { demand_id: Some(id), limit: Some(200), ..TaskQuery::default() };
    let tasks = api::get::<ListTasks>(&(), &plan).await?;
    Ok(Loaded { demand, tasks: tasks.items, users: api::get::<ListColleagues>(&(), &Nothing {}).await? })
}

/// `/demands/:id`.
#[component]
pub fn DemandPage() -> impl IntoView {
    if !use_me().is_some_and(|me| Module::Demands.visible(&me)) {
        return view! { <Forbidden /> }.into_any();
    }
    with_route_id(|id: DemandId| view! { <DemandView id=id /> }).into_any()
}

/// Demand `id`, loaded with its task plan.
#[component]
fn DemandView(id: DemandId) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load(id)
    });
    let reload = move || version.update(|v| *v += 1);
    view! {
        <section class="page" data-testid="demand-page">
            <ModuleTabs />
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    data.get().map(|loaded| match loaded {
                        Ok(loaded) => view! { <Detail loaded=loaded on_change=reload /> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

/// The steps offered from `status`, in the order the buttons show them: the server's own flow
/// (`crm_domain::workflow::demand`).
fn steps(status: DemandStatus) -> &'static [DemandStatus] {
    crm_domain::workflow::demand::next_steps(status)
}

/// The button text for moving from `from` to `to`.
fn step_label(locale: Locale, from: DemandStatus, to: DemandStatus) -> &'static str {
    match (from, to) {
        (DemandStatus::AwaitingConfirmation, DemandStatus::InProgress) => td_string!(locale, demands.step_back),
        (_, DemandStatus::InProgress) => td_string!(locale, demands.step_start),
        (_, DemandStatus::AwaitingConfirmation) => td_string!(locale, demands.step_confirm),
        (_, DemandStatus::Done) => td_string!(locale, demands.step_close),
        (_, DemandStatus::Open) => td_string!(locale, demands.status_open),
    }
}

/// Why a status change failed, in words: the confirmation that closing needs is the usual one.
fn step_error(locale: Locale, error: &ApiError) -> String {
    let field_code = match error {
        ApiError::Problem(problem) => problem.errors.iter().find(|e| e.field == "status").map(|e| e.code.as_str()),
        ApiError::Network => None,
    };
    match field_code {
        Some("confirmation_required") => td_string!(locale, demands.confirmation_required).to_owned(),
        Some("not_allowed") => td_string!(locale, demands.step_not_allowed).to_owned(),
        _ => error_message(locale, error).to_owned(),
    }
}

#[component]
fn Detail(loaded: Loaded, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let may_edit = use_me().is_some_and(|me| me.permissions.contains(&Permission::DemandCreate));
    let Loaded { demand, tasks, users } = loaded;
    let status = demand.status;
    let stored = StoredValue::new(demand.clone());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let move_to = move |to: DemandStatus| {
        let (id, version) = stored.with_value(|d| (d.id, d.version));
        let body = DemandPatch { status: Some(to), ..DemandPatch::default() };
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::send_if_match::<UpdateDemand>(&id, version, &body).await {
                Ok(_) => on_change(),
                Err(e) => {
                    error.set(Some(step_error(i18n.get_locale_untracked(), &e)));
                    busy.set(false);
                }
            }
        });
    };
    let closed = status == DemandStatus::Done;
    let users = StoredValue::new(users);
    view! {
        <header class="record-head">
            <div>
                <p class="muted" data-testid="demand-code">{demand.code.clone()}</p>
                <h1>
                    <A href=format!("/customers/{}", demand.customer_id.0) attr:data-testid="demand-customer">{demand.customer_name.clone()}</A>
                </h1>
            </div>
            <dl class="badges">
                <div><dt>{t!(i18n, demands.status)}</dt><dd><StatusBadge status=status /></dd></div>
                <div><dt>{t!(i18n, demands.priority)}</dt><dd><PriorityBadge priority=demand.priority /></dd></div>
                <div><dt>{t!(i18n, demands.sla)}</dt><dd><SlaBadge sla=demand.sla_state /></dd></div>
                <div><dt>{t!(i18n, demands.owner)}</dt><dd data-testid="demand-owner">{demand.owner.name.clone()}</dd></div>
            </dl>
        </header>
        <ol class="flow" data-testid="demand-flow">
            {DemandStatus::ALL.iter().map(|s| {
                let current = *s == status;
                view! {
                    <li class:current=current aria-current=current.then_some("step")>
                        {move || status_label(i18n.get_locale(), *s)}
                    </li>
                }
            }).collect_view()}
        </ol>
        <div class="record-grid">
            <section class="card">
                <h2>{t!(i18n, demands.details)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, demands.description)}</dt><dd class="pre-line" data-testid="demand-description">{demand.description.clone()}</dd>
                    <dt>{t!(i18n, demands.kind)}</dt><dd>{move || kind_label(i18n.get_locale(), demand.kind)}</dd>
                    <dt>{t!(i18n, demands.due_at)}</dt><dd data-testid="demand-due">{local_time(demand.due_at)}</dd>
                    <dt>{t!(i18n, demands.responded_at)}</dt><dd>{demand.responded_at.map(local_time).unwrap_or_default()}</dd>
                    <dt>{t!(i18n, demands.closed_at)}</dt><dd>{demand.closed_at.map(local_time).unwrap_or_default()}</dd>
                    <dt>{t!(i18n, demands.created_by)}</dt><dd>{demand.created_by.name.clone()}{" · "}{local_time(demand.created_at)}</dd>
                </dl>
            </section>
            <section class="card" data-testid="demand-steps">
                <h2>{t!(i18n, demands.progress)}</h2>
                {closed.then(|| view! { <p class="muted">{t!(i18n, demands.closed_hint)}</p> })}
                {(may_edit && status == DemandStatus::AwaitingConfirmation).then(|| view! {
                    <p class="hint muted">{t!(i18n, demands.close_hint)}</p>
                })}
                <div class="button-row">
                    {may_edit.then(|| steps(status).iter().map(|to| {
                        let to = *to;
                        let class = if to == DemandStatus::Done || to == DemandStatus::AwaitingConfirmation || status == DemandStatus::Open { "primary" } else { "" };
                        view! {
                            <button type="button" class=class data-step=to.as_str() disabled=move || busy.get() on:click=move |_| move_to(to)>
                                {move || step_label(i18n.get_locale(), status, to)}
                            </button>
                        }
                    }).collect_view())}
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="step-error">{e}</p> })}
            </section>
        </div>
        <TaskPlan demand=stored tasks=tasks users=users on_change=on_change />
        <AttachmentSection owner_type=OwnerType::Demand owner_id=demand.id.0 may_upload=may_edit confirmations=true
            on_uploaded=move || error.set(None) />
    }
}
