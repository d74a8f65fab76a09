//! `/customers/new` and `/customers/:id/edit`: the customer form, in the sections of the customer
//! record, checked with the server's own rules before sending, warning about look-alikes while the
//! user types.

mod checks;
mod contacts;
mod duplicates;
mod pages;
mod patch;

use chrono::{NaiveDate, Utc};
use crm_domain::{Email, IdCardNo, Phone, Uscc, money};
use crm_types::FieldErrorCode;
use crm_types::access::{CustomerField as F, Permission};
use crm_types::api::{CreateCustomer, UpdateCustomer};
use crm_types::customer::{Address, Customer, CustomerKind, NewCustomer};
use crm_types::dictionary::{DictionaryItem, DictionaryKind};
use crm_types::{CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use self::checks::CodeChecks;
use self::contacts::ContactRow;
use self::duplicates::{DuplicateCheck, DuplicateWarning};
pub use self::pages::{EditCustomerPage, NewCustomerPage};
use self::patch::{blank, patch_of};
use super::custom;
use super::field_rules::FieldRules;
use super::user_options::user_options;
use super::vocab::{Vocab, label_of};
use crate::api::{self, ApiError};
use crate::confirm::ConfirmPrompt;
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::error_message;
use crate::shell::use_me;

fn text(signal: RwSignal<String>) -> Option<String> {
    Some(signal.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
}

/// The form for a new customer (`existing` is `None`) or for editing one.
#[component]
pub fn CustomerForm(vocab: Vocab, #[prop(optional)] existing: Option<Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let vocab = StoredValue::new(vocab);
    let editing = existing.is_some();
    let me = use_me();
    // Fields the role may not write are shown disabled (hidden ones not at all) and never sent.
    let rules = StoredValue::new(FieldRules::of(me.as_ref()));
    let locked = move |field: F| rules.with_value(|r| r.locked(field));
    let hidden = move |field: F| rules.with_value(|r| r.hidden(field));
    // Giving a new customer to someone else needs the handover permission.
    let may_assign = !editing && me.as_ref().is_some_and(|me| me.permissions.contains(&Permission::CustomerHandover));
    let old = StoredValue::new(existing.clone());
    let c = existing.unwrap_or_else(blank);
    let field = |value: &Option<String>| RwSignal::new(value.clone().unwrap_or_default());
    let kind = RwSignal::new(c.kind);
    let (name, uscc, id_card) = (RwSignal::new(c.name.clone()), field(&c.uscc), field(&c.id_card_no));
    let (phone, email, website) = (field(&c.phone), field(&c.email), field(&c.website));
    let (customer_type, industry, grade) =
        (field(&c.customer_type), RwSignal::new(c.industry.clone()), field(&c.grade));
    let (size, source) = (field(&c.company_size), field(&c.source_channel));
    let a = &c.address;
    let (province, city, district, detail) = (field(&a.province), field(&a.city), field(&a.district), field(&a.detail));
    let date = |d: Option<NaiveDate>| RwSignal::new(d.map(|d| d.to_string()).unwrap_or_default());
    let (first_date, last_date) = (date(c.first_coop_date), date(c.last_coop_date));
    let money = |m: Option<rust_decimal::Decimal>| RwSignal::new(m.map(|m| m.to_string()).unwrap_or_default());
    let (cumulative, annual) = (money(c.cumulative_amount), money(c.annual_amount));
    let (need, notes) = (field(&c.initial_need), field(&c.notes));
    let reason = RwSignal::new(String::new());
    let tags = RwSignal::new(c.tags.clone());
    let roles = RwSignal::new(c.decision_roles.clone().unwrap_or_default());
    let lifecycle = field(&c.lifecycle_status);
    let owner = RwSignal::new(me.as_ref().map(|me| me.id.0.to_string()).unwrap_or_default());
    let custom_inputs = vocab.with_value(|v| custom::inputs(&v.fields, &c.custom_fields, !editing));
    let custom_values = StoredValue::new(custom_inputs.clone());
    let contacts = RwSignal::new(if editing { Vec::new() } else { vec![ContactRow::new(0)] });
    let primary = RwSignal::new(0_usize);
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let duplicates = DuplicateCheck::new(name, phone, uscc, editing.then_some(c.id));
    let saving = RwSignal::new(false);
    // Look-alikes found on save are shown and asked about; the answer holds for exactly those.
    let look_alikes = RwSignal::new(Vec::<CustomerId>::new());
    let saved_beside = RwSignal::new(None::<Vec<CustomerId>>);
    let question = RwSignal::new(None::<String>);
    let form = NodeRef::<leptos::html::Form>::new();
    let save_anyway = move || {
        saved_beside.set(Some(look_alikes.get_untracked()));
        if let Some(form) = form.get_untracked() {
            let _ = form.request_submit();
        }
    };

    // The same rules as the server, so that most mistakes never leave the browser.
    let validate = move || -> Result<NewCustomer, FieldErrors> {
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let mut fail = |field: &str, code: FieldErrorCode| {
            found.entry(field.to_owned()).or_insert_with(|| for_code(locale, code).to_owned());
        };
        let today: NaiveDate = Utc::now().date_naive();
        // A field the role may not write is not judged here: it is not sent.
        let mine = |field: F, signal: RwSignal<String>| if locked(field) { None } else { text(signal) };
        if !locked(F::Name) && text(name).is_none() {
            fail("name", FieldErrorCode::Required);
        }
        if !locked(F::Phone) {
            match text(phone) {
                None => fail("phone", FieldErrorCode::Required),
                Some(value) => {
                    if let Err(e) = Phone::parse_for("phone", &value) {
                        fail("phone", e.code);
                    }
                }
            }
        }
        if !locked(F::Industry) && text(industry).is_none() {
            fail("industry", FieldErrorCode::Required);
        }
        if let Some(value) = mine(F::Uscc, uscc).filter(|_| kind.get_untracked() == CustomerKind::Enterprise)
            && let Err(e) = Uscc::parse(&value)
        {
            fail("uscc", e.code);
        }
        if let Some(value) = mine(F::IdCardNo, id_card).filter(|_| kind.get_untracked() == CustomerKind::Individual)
            && let Err(e) = IdCardNo::parse(&value, today)
        {
            fail("id_card_no", e.code);
        }
        if let Some(value) = mine(F::Email, email)
            && let Err(e) = Email::parse(&value)
        {
            fail("email", e.code);
        }
        let mut amount = |field: F, signal: RwSignal<String>| {
            let value = mine(field, signal)?;
            let field = field.as_str();
            match value.replace(',', "").parse::<rust_decimal::Decimal>() {
                Ok(decimal) => match money::to_fen("amount", decimal) {
                    Ok(_) => Some(decimal),
                    Err(e) => {
                        fail(field, e.code);
                        None
                    }
                },
                Err(_) => {
                    fail(field, FieldErrorCode::InvalidFormat);
                    None
                }
            }
        };
        let cumulative_amount = amount(F::CumulativeAmount, cumulative);
        let annual_amount = amount(F::AnnualAmount, annual);
        let date = |signal: RwSignal<String>| text(signal).and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
        let (first, last) = (
            date(first_date).filter(|_| !locked(F::FirstCoopDate)),
            date(last_date).filter(|_| !locked(F::LastCoopDate)),
        );
        if let (Some(first), Some(last)) = (first, last)
            && last < first
        {
            fail("last_coop_date", FieldErrorCode::BeforeFirst);
        }
        let new_contacts =
            rules.with_value(|r| contacts::collect(&contacts.get_untracked(), primary.get_untracked(), r, &mut fail));
        let custom_fields = if locked(F::CustomFields) {
            Default::default()
        } else {
            custom_values.with_value(|inputs| custom::collect(locale, inputs, &mut found))
        };
        if !found.is_empty() {
            return Err(found);
        }
        let individual = kind.get_untracked() == CustomerKind::Individual;
        let mut body = NewCustomer {
            kind: Some(kind.get_untracked()),
            name: name.get_untracked(),
            uscc: text(uscc).filter(|_| !individual),
            id_card_no: text(id_card).filter(|_| individual),
            phone: phone.get_untracked(),
            email: text(email),
            address: Address {
                province: text(province),
                city: text(city),
                district: text(district),
                detail: text(detail),
            },
            website: text(website),
            customer_type: text(customer_type),
            industry: industry.get_untracked(),
            grade: text(grade),
            company_size: text(size),
            source_channel: text(source),
            lifecycle_status: text(lifecycle),
            first_coop_date: first,
            last_coop_date: last,
            cumulative_amount,
            annual_amount,
            decision_roles: roles.get_untracked(),
            tags: tags.get_untracked(),
            initial_need: text(need),
            notes: text(notes),
            owner_id: if may_assign { owner.get_untracked().parse().ok().map(UserId) } else { None },
            contacts: new_contacts,
            custom_fields,
        };
        rules.with_value(|r| r.leave_out_new(&mut body));
        Ok(body)
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = match validate() {
            Ok(body) => body,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(FieldErrors::new());
        saving.set(true);
        let navigate = navigate.clone();
        let old = old.get_value();
        let reason = text(reason);
        // A new customer, or a new name, phone or credit code, is checked for look-alikes first.
        let identity_changed = old.as_ref().is_none_or(|o| {
            o.name != body.name || o.phone.as_deref() != Some(body.phone.as_str()) || o.uscc != body.uscc
        });
        spawn_local(async move {
            if identity_changed {
                // A check that fails does not stop the save: the server checks again.
                let found = duplicates.now().await.unwrap_or_default();
                let ids: Vec<CustomerId> = found.iter().map(|m| m.id).collect();
                if !ids.is_empty() && saved_beside.get_untracked().as_ref() != Some(&ids) {
                    let locale = i18n.get_locale_untracked();
                    look_alikes.set(ids);
                    question.set(Some(
                        td_string!(locale, customers.confirm_duplicate).replace("{n}", &found.len().to_string()),
                    ));
                    saving.set(false);
                    return;
                }
            }
            let saved = match &old {
                None => api::send::<CreateCustomer>(&(), &body).await,
                Some(old) => {
                    let mut patch = patch_of(old, body, reason);
                    rules.with_value(|r| r.leave_out_patch(&mut patch));
                    api::send_if_match::<UpdateCustomer>(&old.id, old.version, &patch).await
                }
            };
            match saved {
                Ok(customer) => navigate(&format!("/customers/{}", customer.id.0), Default::default()),
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                    saving.set(false);
                }
            }
        });
    };

    // Whether the form changes a field whose change needs a reason.
    let changes = move |signal: RwSignal<String>, of: fn(&Customer) -> &Option<String>| {
        let now = signal.get();
        !now.is_empty() && old.with_value(|o| o.as_ref().is_some_and(|o| of(o).as_deref() != Some(now.as_str())))
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    // Labels follow a language switch at once; the chosen values stay.
    let label = move |item: &DictionaryItem| {
        let item = item.clone();
        move || label_of(i18n.get_locale(), &item).to_owned()
    };
    let choices = move |kind: DictionaryKind, current: RwSignal<String>| {
        let current = current.get_untracked();
        vocab.with_value(|v| {
            v.choices(kind)
                .into_iter()
                .map(|item| {
                    let selected = item.code == current;
                    view! { <option value=item.code.clone() selected=selected>{label(&item)}</option> }
                })
                .collect_view()
        })
    };
    let industries = move || {
        let current = industry.get_untracked();
        vocab.with_value(|v| {
            let all = v.choices(DictionaryKind::Industry);
            v.industry_sections()
                .into_iter()
                .map(|section| {
                    let divisions: Vec<_> =
                        all.iter().filter(|d| d.parent_code.as_deref() == Some(section.code.as_str())).cloned().collect();
                    view! {
                        <optgroup label=label(&section)>
                            <option value=section.code.clone() selected=section.code == current>{label(&section)}</option>
                            {divisions.into_iter().map(|d| {
                                let selected = d.code == current;
                                view! { <option value=d.code.clone() selected=selected>{"· "}{label(&d)}</option> }
                            }).collect_view()}
                        </optgroup>
                    }
                })
                .collect_view()
        })
    };
    let bind = |signal: RwSignal<String>| move |e: leptos::ev::Event| signal.set(event_target_value(&e));

    view! {
        <form class="record-form" data-testid="customer-form" novalidate node_ref=form on:submit=submit>
            <fieldset>
                <legend>{t!(i18n, customers.section_basic)}</legend>
                <label>
                    <span>{t!(i18n, customers.kind)}</span>
                    <select name="kind" disabled=editing on:change=move |e| kind.set(if event_target_value(&e) == "individual" { CustomerKind::Individual } else { CustomerKind::Enterprise })>
                        <option value="enterprise">{t!(i18n, customers.enterprise)}</option>
                        <option value="individual" selected=kind.get_untracked() == CustomerKind::Individual>{t!(i18n, customers.individual)}</option>
                    </select>
                </label>
                <label class="required" hidden=hidden(F::Name)>
                    <span>{t!(i18n, customers.name)}</span>
                    <input name="name" disabled=locked(F::Name) prop:value=name on:input=move |e| { name.set(event_target_value(&e)); duplicates.schedule(); } />
                    {error_of("name")}
                </label>
                <Show when=move || kind.get() == CustomerKind::Enterprise
                    fallback=move || view! {
                        <label hidden=hidden(F::IdCardNo)><span>{t!(i18n, customers.id_card_no)}</span><input name="id_card_no" disabled=locked(F::IdCardNo) prop:value=id_card on:input=bind(id_card) />{error_of("id_card_no")}</label>
                    }>
                    <label hidden=hidden(F::Uscc)><span>{t!(i18n, customers.uscc)}</span><input name="uscc" disabled=locked(F::Uscc) prop:value=uscc on:input=move |e| { uscc.set(event_target_value(&e)); duplicates.schedule(); } />{error_of("uscc")}</label>
                </Show>
                <label class="required" hidden=hidden(F::Phone)>
                    <span>{t!(i18n, customers.phone)}</span>
                    <input name="phone" disabled=locked(F::Phone) type="tel" prop:value=phone on:input=move |e| { phone.set(event_target_value(&e)); duplicates.schedule(); } />
                    {error_of("phone")}
                </label>
                <label hidden=hidden(F::Email)><span>{t!(i18n, customers.email)}</span><input name="email" disabled=locked(F::Email) type="email" prop:value=email on:input=bind(email) />{error_of("email")}</label>
                <label hidden=hidden(F::Website)><span>{t!(i18n, customers.website)}</span><input name="website" disabled=locked(F::Website) prop:value=website on:input=bind(website) />{error_of("website")}</label>
            </fieldset>
            <DuplicateWarning check=duplicates />
            <ConfirmPrompt question=question on_confirm=save_anyway />
            <fieldset>
                <legend>{t!(i18n, customers.section_classification)}</legend>
                <label hidden=hidden(F::CustomerType)>
                    <span>{t!(i18n, customers.customer_type)}</span>
                    <select name="customer_type" disabled=locked(F::CustomerType) on:change=bind(customer_type)>{choices(DictionaryKind::CustomerType, customer_type)}</select>
                </label>
                <label class="required" hidden=hidden(F::Industry)>
                    <span>{t!(i18n, customers.industry)}</span>
                    <select name="industry" disabled=locked(F::Industry) on:change=bind(industry)>
                        <option value="">{t!(i18n, customers.choose)}</option>
                        {industries()}
                    </select>
                    {error_of("industry")}
                </label>
                <label hidden=hidden(F::Grade)>
                    <span>{t!(i18n, customers.grade)}</span>
                    <select name="grade" disabled=locked(F::Grade) on:change=bind(grade)><option value="">{t!(i18n, customers.default_grade)}</option>{choices(DictionaryKind::Grade, grade)}</select>
                </label>
                <label hidden=hidden(F::CompanySize)>
                    <span>{t!(i18n, customers.company_size)}</span>
                    <select name="company_size" disabled=locked(F::CompanySize) on:change=bind(size)><option value="">{t!(i18n, customers.choose)}</option>{choices(DictionaryKind::CompanySize, size)}</select>
                </label>
                <label hidden=hidden(F::SourceChannel)>
                    <span>{t!(i18n, customers.source_channel)}</span>
                    <select name="source_channel" disabled=locked(F::SourceChannel) on:change=bind(source)><option value="">{t!(i18n, customers.choose)}</option>{choices(DictionaryKind::SourceChannel, source)}</select>
                </label>
                <label hidden=hidden(F::LifecycleStatus)>
                    <span>{t!(i18n, customers.lifecycle_status)}</span>
                    <select name="lifecycle_status" disabled=locked(F::LifecycleStatus) on:change=bind(lifecycle)>
                        {lifecycle.with_untracked(String::is_empty).then(|| view! { <option value="">{t!(i18n, customers.default_lifecycle)}</option> })}
                        {choices(DictionaryKind::LifecycleStatus, lifecycle)}
                    </select>
                    {error_of("lifecycle_status")}
                </label>
                {may_assign.then(|| view! {
                    <label hidden=hidden(F::OwnerId)>
                        <span>{t!(i18n, customers.owner)}</span>
                        <select name="owner_id" disabled=locked(F::OwnerId) on:change=bind(owner)>
                            {
                                let current = owner.get_untracked().parse().ok().map(UserId);
                                user_options(vocab, move |u| u.holds_customers || Some(u.id) == current, current)
                            }
                        </select>
                        {error_of("owner_id")}
                    </label>
                })}
                <div class="wide" data-testid="decision-roles" hidden=hidden(F::DecisionRoles)>
                    <span>{t!(i18n, customers.decision_roles)}</span>
                    <CodeChecks kind=DictionaryKind::DecisionRole chosen=roles vocab=vocab name="decision_roles" disabled=locked(F::DecisionRoles) />
                    {error_of("decision_roles")}
                </div>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, customers.section_address)}</legend>
                <label hidden=hidden(F::Address)><span>{t!(i18n, customers.province)}</span><input name="province" disabled=locked(F::Address) prop:value=province on:input=bind(province) /></label>
                <label hidden=hidden(F::Address)><span>{t!(i18n, customers.city)}</span><input name="city" disabled=locked(F::Address) prop:value=city on:input=bind(city) /></label>
                <label hidden=hidden(F::Address)><span>{t!(i18n, customers.district)}</span><input name="district" disabled=locked(F::Address) prop:value=district on:input=bind(district) /></label>
                <label class="wide" hidden=hidden(F::Address)><span>{t!(i18n, customers.address_detail)}</span><input name="address_detail" disabled=locked(F::Address) prop:value=detail on:input=bind(detail) /></label>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, customers.section_cooperation)}</legend>
                <label hidden=hidden(F::FirstCoopDate)><span>{t!(i18n, customers.first_coop_date)}</span><input name="first_coop_date" disabled=locked(F::FirstCoopDate) type="date" prop:value=first_date on:input=bind(first_date) /></label>
                <label hidden=hidden(F::LastCoopDate)><span>{t!(i18n, customers.last_coop_date)}</span><input name="last_coop_date" disabled=locked(F::LastCoopDate) type="date" prop:value=last_date on:input=bind(last_date) />{error_of("last_coop_date")}</label>
                <label hidden=hidden(F::CumulativeAmount)><span>{t!(i18n, customers.cumulative_amount)}</span><input name="cumulative_amount" disabled=locked(F::CumulativeAmount) inputmode="decimal" prop:value=cumulative on:input=bind(cumulative) />{error_of("cumulative_amount")}</label>
                <label hidden=hidden(F::AnnualAmount)><span>{t!(i18n, customers.annual_amount)}</span><input name="annual_amount" disabled=locked(F::AnnualAmount) inputmode="decimal" prop:value=annual on:input=bind(annual) />{error_of("annual_amount")}</label>
            </fieldset>
            <fieldset hidden=hidden(F::Tags)>
                <legend>{t!(i18n, customers.tags)}</legend>
                <CodeChecks kind=DictionaryKind::Tag chosen=tags vocab=vocab name="tags" disabled=locked(F::Tags) />
            </fieldset>
            <Show when=move || !editing>
                <contacts::ContactRows rows=contacts primary=primary errors=errors vocab=vocab rules=rules />
            </Show>
            <Show when=move || editing && (changes(customer_type, |o| &o.customer_type) || changes(lifecycle, |o| &o.lifecycle_status))>
                <label class="required">
                    <span>{t!(i18n, customers.type_change_reason)}</span>
                    <input name="reason" on:input=bind(reason) />
                    {error_of("reason")}
                </label>
            </Show>
            {(!hidden(F::CustomFields)).then(|| view! { <custom::CustomFieldset inputs=custom_inputs errors=errors disabled=locked(F::CustomFields) /> })}
            <fieldset>
                <legend>{t!(i18n, customers.section_other)}</legend>
                <label class="wide" hidden=hidden(F::InitialNeed)><span>{t!(i18n, customers.initial_need)}</span><textarea name="initial_need" disabled=locked(F::InitialNeed) prop:value=need on:input=bind(need)></textarea></label>
                <label class="wide" hidden=hidden(F::Notes)><span>{t!(i18n, customers.notes)}</span><textarea name="notes" disabled=locked(F::Notes) prop:value=notes on:input=bind(notes)></textarea></label>
            </fieldset>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <div class="form-actions">
                <A href=old.with_value(|o| o.as_ref().map_or_else(|| "/customers".to_owned(), |o| format!("/customers/{}", o.id.0)))>{t!(i18n, customers.cancel)}</A>
                <button type="submit" class="primary" disabled=move || saving.get()>{t!(i18n, customers.save)}</button>
            </div>
        </form>
    }
}
