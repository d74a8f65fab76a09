//! The contacts card of the 360° view: the contacts with their status, and for those who may edit,
//! marking a contact as having left (or back), making one primary, and adding one.

use crm_domain::Mobile;
use crm_types::access::CustomerField;
use crm_types::api::{AddContact, UpdateContact};
use crm_types::customer::{Contact, ContactPatch, ContactStatus, NewContact};
use crm_types::dictionary::DictionaryKind;
use crm_types::{ContactId, CustomerId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::field_rules::FieldRules;
use super::vocab::Vocab;
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::{for_field, from_problem};
use crate::pages::error_message;
use crate::shell::use_me;
use crate::tel::Tel;

/// The contacts card.
#[component]
pub fn ContactSection(
    customer_id: CustomerId,
    contacts: Vec<Contact>,
    vocab: StoredValue<Vocab>,
    may_edit: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let change = move |contact_id: ContactId, patch: ContactPatch| {
        spawn_local(async move {
            match api::send::<UpdateContact>(&(customer_id, contact_id), &patch).await {
                Ok(_) => on_change(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, customers.contacts)}</h2>
            <table class="data-table compact" data-testid="contacts">
                <thead>
                    <tr>
                        <th>{t!(i18n, customers.contact_name)}</th>
                        <th>{t!(i18n, customers.position)}</th>
                        <th>{t!(i18n, customers.mobile)}</th>
                        <th>{t!(i18n, customers.email)}</th>
                        <th>{t!(i18n, customers.decision_role)}</th>
                        <th>{t!(i18n, customers.status)}</th>
                        {may_edit.then(|| view! { <th></th> })}
                    </tr>
                </thead>
                <tbody>
                    {contacts.into_iter().map(|c| {
                        let role_code = c.decision_role.clone();
                        let role = move || role_code.as_deref().map(|r| vocab.with_value(|v| v.label(i18n.get_locale(), DictionaryKind::DecisionRole, r))).unwrap_or_default();
                        let (id, left, primary) = (c.id, c.status == ContactStatus::Left, c.is_primary);
                        view! {
                            <tr data-contact=c.name.clone() data-status=c.status.as_str()>
                                <td>{c.name.clone()}{primary.then(|| view! { <span class="badge" data-testid="primary-badge">{t!(i18n, customers.primary)}</span> })}</td>
                                <td>{c.position.clone().unwrap_or_default()}</td>
                                <td><Tel number=c.mobile.clone() /></td>
                                <td>{c.email.clone().unwrap_or_default()}</td>
                                <td>{role}</td>
                                <td>{if left { t!(i18n, customers.left).into_any() } else { t!(i18n, customers.active).into_any() }}</td>
                                {may_edit.then(|| view! {
                                    <td class="row-actions">
                                        {(!left && !primary).then(|| view! {
                                            <button type="button" class="link-button" data-action="make-primary"
                                                on:click=move |_| change(id, ContactPatch { is_primary: Some(true), ..ContactPatch::default() })>
                                                {t!(i18n, customers.make_primary)}
                                            </button>
                                        })}
                                        {if left {
                                            view! {
                                                <button type="button" class="link-button" data-action="mark-active"
                                                    on:click=move |_| change(id, ContactPatch { status: Some(ContactStatus::Active), ..ContactPatch::default() })>
                                                    {t!(i18n, customers.mark_active)}
                                                </button>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" class="link-button" data-action="mark-left"
                                                    on:click=move |_| change(id, ContactPatch { status: Some(ContactStatus::Left), ..ContactPatch::default() })>
                                                    {t!(i18n, customers.mark_left)}
                                                </button>
                                            }.into_any()
                                        }}
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            {may_edit.then(|| view! { <AddContactForm customer_id=customer_id on_change=on_change /> })}
        </section>
    }
}

#[component]
fn AddContactForm(customer_id: CustomerId, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let (name, mobile) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    // A role that may not write contacts' mobiles adds contacts without one.
    let mobile_locked = FieldRules::of(use_me().as_ref()).locked(CustomerField::ContactMobile);
    // A field the server or the client refuses is named in the message.
    let field_message = move |field: &str, why: &str| {
        let locale = i18n.get_locale_untracked();
        let label = if field.ends_with("mobile") {
            td_string!(locale, customers.mobile)
        } else {
            td_string!(locale, customers.contact_name)
        };
        format!("{label}{}{why}", td_string!(locale, colon))
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let mobile = Some(mobile.get_untracked().trim().to_owned()).filter(|m| !m.is_empty() && !mobile_locked);
        if let Some(Err(e)) = mobile.as_deref().map(Mobile::parse) {
            // The rule's own words name the field ("手机号应为 11 位数字").
            error.set(Some(for_field(locale, "mobile", e.code).to_owned()));
            return;
        }
        let body = NewContact { name: name.get_untracked(), mobile, ..NewContact::default() };
        spawn_local(async move {
            match api::send::<AddContact>(&customer_id, &body).await {
                Ok(_) => on_change(),
                Err(e) => {
                    let message = match from_problem(locale, &e).into_iter().next() {
                        Some((field, why)) => field_message(&field, &why),
                        None => error_message(locale, &e).to_owned(),
                    };
                    error.set(Some(message));
                }
            }
        });
    };
    view! {
        <form class="inline-form" data-testid="add-contact-form" on:submit=submit>
            <input name="contact_name" required placeholder=move || td_string!(i18n.get_locale(), customers.contact_name) on:input=move |e| name.set(event_target_value(&e)) />
            <input name="contact_mobile" type="tel" disabled=mobile_locked placeholder=move || td_string!(i18n.get_locale(), customers.mobile) on:input=move |e| mobile.set(event_target_value(&e)) />
            <button type="submit" class="small">{t!(i18n, customers.add_contact)}</button>
        </form>
        {move || error.get().map(|m| view! { <p class="form-error" role="alert" data-testid="add-contact-error">{m}</p> })}
    }
}
