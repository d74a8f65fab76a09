//! `/customers/:id`: the 360° view — header, details, contacts, collaborators, follow-ups, demands,
//! attachments, timeline, stage change with a reason, and handover. Contacts, collaborators and the
//! timeline have modules of their own.

use crm_types::access::Permission;
use crm_types::api::{GetCustomer, HandOverCustomers, Nothing, UpdateCustomer};
use crm_types::attachment::OwnerType;
use crm_types::customer::{Customer, CustomerPatch, HandoverRequest};
use crm_types::dictionary::DictionaryKind;
use crm_types::{CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::collaborators::Collaborators;
use super::contacts::ContactSection;
use super::custom;
use super::demands::DemandSection;
use super::followups::FollowupSection;
use super::timeline::Timeline;
use super::user_options::user_options;
use super::vocab::{Vocab, label_of};
use crate::api::{self, ApiError};
use crate::confirm::ConfirmPrompt;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::attachments::AttachmentSection;
use crate::pages::error_message;
use crate::route_id::with_route_id;
use crate::shell::{Forbidden, Module, use_me};
use crate::tel::Tel;
use crate::toast::use_toasts;

#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    vocab: Vocab,
    customer: Customer,
}

async fn load(id: CustomerId) -> Result<Loaded, ApiError> {
    let customer = api::get::<GetCustomer>(&id, &Nothing {}).await?;
    Ok(Loaded { vocab: Vocab::load().await?, customer })
}

/// `/customers/:id`.
#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    if !use_me().is_some_and(|me| me.permissions.contains(&Permission::CustomerView)) {
        return view! { <Forbidden /> }.into_any();
    }
    with_route_id(|id: CustomerId| view! { <CustomerDetail id=id /> }).into_any()
}

/// The 360° view of customer `id`.
#[component]
fn CustomerDetail(id: CustomerId) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load(id)
    });
    let reload = move || version.update(|v| *v += 1);
    view! {
        <section class="page" data-testid="customer-detail">
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

fn amount(value: Option<rust_decimal::Decimal>) -> String {
    value.map(crm_domain::money::display).unwrap_or_default()
}

#[component]
fn Detail(loaded: Loaded, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let has = |p: Permission| me.as_ref().is_some_and(|me| me.permissions.contains(&p));
    let (may_edit, may_hand_over) = (has(Permission::CustomerEdit), has(Permission::CustomerHandover));
    let sees_followups = me.as_ref().is_some_and(|me| Module::Followups.visible(me));
    let sees_demands = me.as_ref().is_some_and(|me| Module::Demands.visible(me));
    let Loaded { vocab, customer } = loaded;
    let vocab = StoredValue::new(vocab);
    // Every label is drawn in the current language, so a switch shows at once.
    let label = move |kind: DictionaryKind, code: &Option<String>| {
        let code = code.clone();
        move || code.as_deref().map(|c| vocab.with_value(|v| v.label(i18n.get_locale(), kind, c))).unwrap_or_default()
    };
    let address: Vec<String> =
        [&customer.address.province, &customer.address.city, &customer.address.district, &customer.address.detail]
            .into_iter()
            .flatten()
            .cloned()
            .collect();
    let tag_codes = customer.tags.clone();
    let tags = move || {
        let locale = i18n.get_locale();
        tag_codes.iter().map(|t| vocab.with_value(|v| v.label(locale, DictionaryKind::Tag, t))).collect::<Vec<_>>()
    };
    let owner = vocab.with_value(|v| v.user_name(customer.owner_id));
    let role_codes: Vec<String> = customer.decision_roles.iter().flatten().cloned().collect();
    let roles = move || {
        let locale = i18n.get_locale();
        role_codes
            .iter()
            .map(|r| vocab.with_value(|v| v.label(locale, DictionaryKind::DecisionRole, r)))
            .collect::<Vec<_>>()
    };
    let stored = StoredValue::new(customer.clone());
    view! {
        <header class="record-head">
            <div>
                <p class="muted" data-testid="customer-code">{customer.code.clone()}</p>
                <h1>{customer.name.clone()}</h1>
            </div>
            {may_edit.then(|| view! { <A href=format!("/customers/{}/edit", customer.id.0) attr:class="button" attr:data-testid="edit-customer">{t!(i18n, customers.edit)}</A> })}
            <dl class="badges">
                <div><dt>{t!(i18n, customers.grade)}</dt><dd class="badge">{label(DictionaryKind::Grade, &customer.grade)}</dd></div>
                <div><dt>{t!(i18n, customers.stage)}</dt><dd class="badge" data-testid="customer-stage">{label(DictionaryKind::SalesStage, &customer.stage)}</dd></div>
                <div><dt>{t!(i18n, customers.customer_type)}</dt><dd class="badge">{label(DictionaryKind::CustomerType, &customer.customer_type)}</dd></div>
                <div><dt>{t!(i18n, customers.owner)}</dt><dd data-testid="customer-owner">{owner}</dd></div>
            </dl>
        </header>
        <div class="record-grid">
            <section class="card">
                <h2>{t!(i18n, customers.section_basic)}</h2>
                <dl class="facts">
                    <dt>{t!(i18n, customers.phone)}</dt><dd><Tel number=customer.phone.clone() /></dd>
                    <dt>{t!(i18n, customers.email)}</dt><dd>{customer.email.clone().unwrap_or_default()}</dd>
                    <dt>{t!(i18n, customers.uscc)}</dt><dd>{customer.uscc.clone().or(customer.id_card_no.clone()).unwrap_or_default()}</dd>
                    <dt>{t!(i18n, customers.industry)}</dt><dd>{label(DictionaryKind::Industry, &Some(customer.industry.clone()))}</dd>
                    <dt>{t!(i18n, customers.company_size)}</dt><dd>{label(DictionaryKind::CompanySize, &customer.company_size)}</dd>
                    <dt>{t!(i18n, customers.source_channel)}</dt><dd>{label(DictionaryKind::SourceChannel, &customer.source_channel)}</dd>
                    <dt>{t!(i18n, customers.lifecycle_status)}</dt><dd data-testid="customer-lifecycle">{label(DictionaryKind::LifecycleStatus, &customer.lifecycle_status)}</dd>
                    <dt>{t!(i18n, customers.section_address)}</dt><dd>{address.join(" ")}</dd>
                    <dt>{t!(i18n, customers.cumulative_amount)}</dt><dd>{amount(customer.cumulative_amount)}</dd>
                    <dt>{t!(i18n, customers.annual_amount)}</dt><dd>{amount(customer.annual_amount)}</dd>
                    <dt>{t!(i18n, customers.decision_roles)}</dt><dd data-testid="customer-decision-roles">{move || roles().join("、")}</dd>
                    <dt>{t!(i18n, customers.tags)}</dt><dd>{move || tags().into_iter().map(|t| view! { <span class="badge">{t}</span> }).collect_view()}</dd>
                    <dt>{t!(i18n, customers.initial_need)}</dt><dd data-testid="customer-initial-need">{customer.initial_need.clone().unwrap_or_default()}</dd>
                    <dt>{t!(i18n, customers.notes)}</dt><dd>{customer.notes.clone().unwrap_or_default()}</dd>
                    {
                        let values = customer.custom_fields.clone();
                        move || {
                            let locale = i18n.get_locale();
                            vocab.with_value(|v| v.fields.clone()).into_iter().filter_map(|field| {
                                let value = values.get(&field.key)?;
                                let shown = custom::show(locale, &field, value);
                                Some(view! { <dt>{custom::field_label(locale, &field)}</dt><dd data-field=field.key.clone()>{shown}</dd> })
                            }).collect_view()
                        }
                    }
                </dl>
            </section>
            <section class="card">
                <h2>{t!(i18n, customers.actions)}</h2>
                {may_edit.then(|| view! { <StageChange customer=stored vocab=vocab on_change=on_change /> })}
                {may_hand_over.then(|| view! { <HandOver customer=stored vocab=vocab on_change=on_change /> })}
                <Collaborators customer=customer.id owner=customer.owner_id collaborators=customer.collaborators.clone()
                    vocab=vocab may_edit=may_edit on_change=on_change />
            </section>
        </div>
        <ContactSection customer_id=customer.id contacts=customer.contacts.clone() vocab=vocab may_edit=may_edit on_change=on_change />
        {sees_followups.then(|| view! { <FollowupSection customer=stored vocab=vocab on_change=on_change /> })}
        {sees_demands.then(|| view! { <DemandSection customer=stored vocab=vocab on_change=on_change /> })}
        <AttachmentSection owner_type=OwnerType::Customer owner_id=customer.id.0 may_upload=may_edit on_uploaded=|| () />
        <Timeline customer_id=customer.id vocab=vocab />
    }
}

#[component]
fn StageChange(
    customer: StoredValue<Customer>,
    vocab: StoredValue<Vocab>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(customer.with_value(|c| c.stage.clone().unwrap_or_default()));
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (id, version) = customer.with_value(|c| (c.id, c.version));
        let body = CustomerPatch {
            stage: Some(stage.get_untracked()),
            reason: Some(reason.get_untracked()),
            ..CustomerPatch::default()
        };
        spawn_local(async move {
            match api::send_if_match::<UpdateCustomer>(&id, version, &body).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let current = stage.get_untracked();
    view! {
        <form class="stack-form" data-testid="stage-change" on:submit=submit>
            <label>
                <span>{t!(i18n, customers.change_stage)}</span>
                <select name="stage" on:change=move |e| stage.set(event_target_value(&e))>
                    {vocab.with_value(|v| v.choices(DictionaryKind::SalesStage)).into_iter().map(|s| {
                        let selected = s.code == current;
                        view! { <option value=s.code.clone() selected=selected>{let item = s.clone(); move || label_of(i18n.get_locale(), &item).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                <span>{t!(i18n, customers.reason)}</span>
                <input name="reason" required on:input=move |e| reason.set(event_target_value(&e)) />
            </label>
            <button type="submit" class="primary small">{t!(i18n, customers.save)}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        </form>
    }
}

#[component]
fn HandOver(
    customer: StoredValue<Customer>,
    vocab: StoredValue<Vocab>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let question = RwSignal::new(None::<String>);
    let name_of = move |id: i64| Some(vocab.with_value(|v| v.user_name(Some(UserId(id))))).filter(|n| !n.is_empty());
    // The form only asks; the customer moves after the user confirms whom to.
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(to_name) = to.get_untracked().parse::<i64>().ok().and_then(name_of) else { return };
        let locale = i18n.get_locale_untracked();
        let customer_name = customer.with_value(|c| c.name.clone());
        question.set(Some(
            td_string!(locale, customers.confirm_handover)
                .replace("{customer}", &customer_name)
                .replace("{to}", &to_name),
        ));
    };
    let hand_over = move || {
        let Ok(to_user) = to.get_untracked().parse::<i64>() else { return };
        let body = HandoverRequest {
            customer_ids: vec![customer.with_value(|c| c.id)],
            to_user_id: UserId(to_user),
            reason: reason.get_untracked().trim().to_owned(),
        };
        spawn_local(async move {
            match api::send::<HandOverCustomers>(&(), &body).await {
                Ok(_) => {
                    error.set(None);
                    to.set(String::new());
                    reason.set(String::new());
                    let locale = i18n.get_locale_untracked();
                    let to_name = name_of(to_user).unwrap_or_default();
                    toasts.success(td_string!(locale, customers.handover_done).replace("{to}", &to_name));
                    on_change();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let owner = customer.with_value(|c| c.owner_id);
    view! {
        <form class="stack-form" data-testid="handover" on:submit=submit>
            <label>
                <span>{t!(i18n, customers.hand_over_to)}</span>
                <select name="to_user" required prop:value=to on:change=move |e| to.set(event_target_value(&e))>
                    <option value="">{t!(i18n, customers.choose)}</option>
                    {user_options(vocab, move |u| u.holds_customers && Some(u.id) != owner, None)}
                </select>
            </label>
            <label>
                <span>{t!(i18n, customers.handover_reason)}</span>
                <input name="handover_reason" required prop:value=reason on:input=move |e| reason.set(event_target_value(&e)) />
            </label>
            <button type="submit" class="small">{t!(i18n, customers.hand_over)}</button>
            <ConfirmPrompt question=question on_confirm=hand_over />
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        </form>
    }
}
