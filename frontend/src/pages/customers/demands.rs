//! The demands (需求) on a customer's 360° page: code, description, priority, status, owner, response
//! deadline with its badge, and tasks; and the quick form that raises one.

use crm_types::FieldErrorCode;
use crm_types::UserId;
use crm_types::access::Permission;
use crm_types::api::{CreateDemand, ListDemands};
use crm_types::customer::Customer;
use crm_types::demand::{Demand, DemandKind, DemandQuery, NewDemand, Priority};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::vocab::Vocab;
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::demands::{PriorityBadge, SlaBadge, StatusBadge, TaskStatusBadge, kind_label, priority_label};
use crate::pages::{error_message, local_time};
use crate::shell::use_me;

/// The most a description may say, as the server allows.
const DESCRIPTION_MAX: usize = 5000;

/// The demand section; `on_change` reloads the page after a demand was raised (the timeline gains it).
#[component]
pub fn DemandSection(
    customer: StoredValue<Customer>,
    vocab: StoredValue<Vocab>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let may_raise = use_me().is_some_and(|me| me.permissions.contains(&Permission::DemandCreate));
    let query =
        DemandQuery { customer_id: Some(customer.with_value(|c| c.id)), limit: Some(100), ..DemandQuery::default() };
    let data = LocalResource::new(move || {
        let query = query.clone();
        async move { api::get::<ListDemands>(&(), &query).await }
    });
    let adding = RwSignal::new(false);
    view! {
        <section class="card" data-testid="demands">
            <div class="page-head">
                <h2>{t!(i18n, demands.title)}</h2>
                <span class="spacer"></span>
                {may_raise.then(|| view! {
                    <Show when=move || !adding.get()>
                        <button type="button" class="primary small" data-testid="raise-demand" on:click=move |_| adding.set(true)>
                            {t!(i18n, demands.raise)}
                        </button>
                    </Show>
                })}
            </div>
            <Show when=move || adding.get()>
                <RaiseForm customer=customer vocab=vocab on_saved=on_change on_cancel=move || adding.set(false) />
            </Show>
            <Transition fallback=|| ()>
                {move || data.get().map(|loaded| match loaded {
                    Ok(page) if page.items.is_empty() => {
                        view! { <p class="empty" data-testid="no-demands">{t!(i18n, demands.empty)}</p> }.into_any()
                    }
                    Ok(page) => view! { <DemandTable demands=page.items /> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DemandTable(demands: Vec<Demand>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="data-table" data-testid="demand-list">
            <thead>
                <tr>
                    <th>{t!(i18n, demands.code)}</th>
                    <th>{t!(i18n, demands.description)}</th>
                    <th>{t!(i18n, demands.priority)}</th>
                    <th>{t!(i18n, demands.status)}</th>
                    <th>{t!(i18n, demands.owner)}</th>
                    <th>{t!(i18n, demands.due_at)}</th>
                    <th>{t!(i18n, demands.tasks)}</th>
                </tr>
            </thead>
            <tbody>
                {demands.into_iter().map(|d| {
                    let code = d.code.clone();
                    view! {
                    <tr data-demand=d.code.clone()>
                        <td class="nowrap"><A href=format!("/demands/{}", d.id.0)>{code}</A></td>
                        <td class="pre-line">{d.description.clone()}</td>
                        <td><PriorityBadge priority=d.priority /></td>
                        <td><StatusBadge status=d.status /></td>
                        <td>{d.owner.name.clone()}</td>
                        <td class="nowrap">{local_time(d.due_at)}<SlaBadge sla=d.sla_state /></td>
                        <td>
                            <ul class="plain">
                                {d.tasks.iter().map(|task| view! {
                                    <li data-task=task.name.clone()>
                                        {task.name.clone()}{" · "}{task.owner_name.clone()}{" · "}{task.planned_finish.to_string()}
                                        <TaskStatusBadge status=task.status overdue=task.overdue />
                                    </li>
                                }).collect_view()}
                            </ul>
                        </td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The quick form: description, kind (现有/潜在), priority and owner (the user unless chosen).
#[component]
fn RaiseForm(
    customer: StoredValue<Customer>,
    vocab: StoredValue<Vocab>,
    on_saved: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me().map(|me| me.id.0.to_string()).unwrap_or_default();
    let description = RwSignal::new(String::new());
    let kind = RwSignal::new(DemandKind::Existing);
    let priority = RwSignal::new(Priority::Medium);
    let owner = RwSignal::new(me.clone());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let text = description.get_untracked().trim().to_owned();
        let problem = if text.is_empty() {
            Some(FieldErrorCode::Required)
        } else if text.chars().count() > DESCRIPTION_MAX {
            Some(FieldErrorCode::TooLong)
        } else {
            None
        };
        if let Some(code) = problem {
            errors.set(FieldErrors::from([("description".to_owned(), for_code(locale, code).to_owned())]));
            return;
        }
        errors.set(FieldErrors::new());
        failure.set(None);
        saving.set(true);
        let body = NewDemand {
            customer_id: customer.with_value(|c| c.id),
            description: text,
            kind: Some(kind.get_untracked()),
            priority: Some(priority.get_untracked()),
            owner_id: owner.get_untracked().parse().ok().map(UserId),
        };
        spawn_local(async move {
            match api::send::<CreateDemand>(&(), &body).await {
                Ok(_) => on_saved(),
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                    saving.set(false);
                }
            }
        });
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    view! {
        <form class="grid-form raise-demand" data-testid="demand-form" novalidate on:submit=submit>
            <label class="required wide">
                <span>{t!(i18n, demands.description)}</span>
                <textarea name="description" maxlength="5000" prop:value=description
                    on:input=move |e| description.set(event_target_value(&e))></textarea>
                {error_of("description")}
            </label>
            <label>
                <span>{t!(i18n, demands.kind)}</span>
                <select name="kind" on:change=move |e| kind.set(DemandKind::parse(&event_target_value(&e)).unwrap_or(DemandKind::Existing))>
                    {DemandKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=*k == DemandKind::Existing>{move || kind_label(i18n.get_locale(), *k)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{t!(i18n, demands.priority)}</span>
                <select name="priority" on:change=move |e| priority.set(Priority::parse(&event_target_value(&e)).unwrap_or(Priority::Medium))>
                    {Priority::ALL.iter().map(|p| view! {
                        <option value=p.as_str() selected=*p == Priority::Medium>{move || priority_label(i18n.get_locale(), *p)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{t!(i18n, demands.owner)}</span>
                <select name="owner" on:change=move |e| owner.set(event_target_value(&e))>
                    {vocab.with_value(|v| v.users.iter().map(|u| {
                        let value = u.id.0.to_string();
                        let selected = value == me;
                        view! { <option value=value selected=selected>{u.display_name.clone()}</option> }
                    }).collect_view())}
                </select>
                {error_of("owner_id")}
            </label>
            <div class="form-actions">
                <button type="button" class="link-button" on:click=move |_| on_cancel()>{t!(i18n, demands.cancel)}</button>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, demands.save)}</button>
                {move || failure.get().map(|e| view! { <span class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</span> })}
            </div>
        </form>
    }
}
