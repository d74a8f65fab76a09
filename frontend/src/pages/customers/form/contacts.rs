//! The contacts of a new customer in the form: one row each, one of them primary, checked with the
//! server's rules before sending.

use crm_domain::{Email, Mobile};
use crm_types::FieldErrorCode;
use crm_types::access::CustomerField as F;
use crm_types::customer::NewContact;
use crm_types::dictionary::DictionaryKind;
use leptos::prelude::*;

use super::super::field_rules::FieldRules;
use super::super::vocab::{Vocab, label_of};
use super::text;
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::FieldErrors;

/// One contact row of the form.
#[derive(Debug, Clone, Copy)]
pub struct ContactRow {
    key: usize,
    name: RwSignal<String>,
    position: RwSignal<String>,
    mobile: RwSignal<String>,
    email: RwSignal<String>,
    role: RwSignal<String>,
}

impl ContactRow {
    /// An empty row.
    pub fn new(key: usize) -> Self {
        Self {
            key,
            name: RwSignal::new(String::new()),
            position: RwSignal::new(String::new()),
            mobile: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            role: RwSignal::new(String::new()),
        }
    }
}

/// The rows as the create request's contacts; problems go to `fail` as `contacts[i].field`. Fields the
/// role may not write are neither judged nor sent.
pub fn collect(
    rows: &[ContactRow],
    primary: usize,
    rules: &FieldRules,
    fail: &mut impl FnMut(&str, FieldErrorCode),
) -> Vec<NewContact> {
    let mine = |field: F, signal: RwSignal<String>| if rules.locked(field) { None } else { text(signal) };
    let mut new_contacts = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if text(row.name).is_none() {
            fail(&format!("contacts[{i}].name"), FieldErrorCode::Required);
        }
        if let Some(value) = mine(F::ContactMobile, row.mobile)
            && let Err(e) = Mobile::parse(&value)
        {
            fail(&format!("contacts[{i}].mobile"), e.code);
        }
        if let Some(value) = mine(F::ContactEmail, row.email)
            && let Err(e) = Email::parse(&value)
        {
            fail(&format!("contacts[{i}].email"), e.code);
        }
        let mut contact = NewContact {
            name: row.name.get_untracked(),
            position: text(row.position),
            mobile: text(row.mobile),
            email: text(row.email),
            decision_role: text(row.role),
            is_primary: row.key == primary,
        };
        rules.leave_out_contact(&mut contact);
        new_contacts.push(contact);
    }
    new_contacts
}

/// The contact rows, with a button that adds one.
#[component]
pub fn ContactRows(
    rows: RwSignal<Vec<ContactRow>>,
    primary: RwSignal<usize>,
    errors: RwSignal<FieldErrors>,
    vocab: StoredValue<Vocab>,
    rules: StoredValue<FieldRules>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locked = move |field: F| rules.with_value(|r| r.locked(field));
    let bind = |signal: RwSignal<String>| move |e: leptos::ev::Event| signal.set(event_target_value(&e));
    let roles = move || {
        let locale = i18n.get_locale_untracked();
        vocab.with_value(|v| {
            v.choices(DictionaryKind::DecisionRole)
                .into_iter()
                .map(|item| view! { <option value=item.code.clone()>{label_of(locale, &item).to_owned()}</option> })
                .collect_view()
        })
    };
    view! {
        <fieldset data-testid="contacts-fieldset">
            <legend>{t!(i18n, customers.contacts)}</legend>
            {move || errors.with(|e| e.get("contacts").cloned()).map(|m| view! { <small class="field-error">{m}</small> })}
            <table class="data-table compact">
                <thead>
                    <tr>
                        <th class="required">{t!(i18n, customers.contact_name)}</th>
                        <th>{t!(i18n, customers.position)}</th>
                        <th>{t!(i18n, customers.mobile)}</th>
                        <th>{t!(i18n, customers.email)}</th>
                        <th>{t!(i18n, customers.decision_role)}</th>
                        <th>{t!(i18n, customers.primary)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each={move || rows.get().into_iter().enumerate().collect::<Vec<_>>()} key={|(_, row): &(usize, ContactRow)| row.key} let:item>
                        {
                            let (i, row) = item;
                            let field = move |name: &str| format!("contacts[{i}].{name}");
                            let name_error = field("name");
                            let mobile_error = field("mobile");
                            let email_error = field("email");
                            view! {
                                <tr data-contact-row=i.to_string()>
                                    <td><input name="contact_name" class="cell-input" aria-label=move || td_string!(i18n.get_locale(), customers.contact_name) on:input=bind(row.name) />
                                        {move || errors.with(|e| e.get(&name_error).cloned()).map(|m| view! { <small class="field-error">{m}</small> })}</td>
                                    <td><input name="contact_position" class="cell-input" aria-label=move || td_string!(i18n.get_locale(), customers.position) disabled=locked(F::ContactPosition) on:input=bind(row.position) /></td>
                                    <td><input name="contact_mobile" class="cell-input" aria-label=move || td_string!(i18n.get_locale(), customers.mobile) disabled=locked(F::ContactMobile) type="tel" on:input=bind(row.mobile) />
                                        {move || errors.with(|e| e.get(&mobile_error).cloned()).map(|m| view! { <small class="field-error">{m}</small> })}</td>
                                    <td><input name="contact_email" class="cell-input" aria-label=move || td_string!(i18n.get_locale(), customers.email) disabled=locked(F::ContactEmail) type="email" on:input=bind(row.email) />
                                        {move || errors.with(|e| e.get(&email_error).cloned()).map(|m| view! { <small class="field-error">{m}</small> })}</td>
                                    <td>
                                        <select name="contact_role" class="cell-input" aria-label=move || td_string!(i18n.get_locale(), customers.decision_role) disabled=locked(F::ContactDecisionRole) on:change=bind(row.role)>
                                            <option value="">{t!(i18n, customers.choose)}</option>
                                            {roles()}
                                        </select>
                                    </td>
                                    <td><input type="radio" name="primary_contact" aria-label=move || td_string!(i18n.get_locale(), customers.primary) prop:checked=move || primary.get() == row.key on:change=move |_| primary.set(row.key) /></td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <button type="button" class="link-button" data-testid="add-contact"
                on:click=move |_| rows.update(|rows| { let key = rows.iter().map(|r| r.key + 1).max().unwrap_or(0); rows.push(ContactRow::new(key)); })>
                {t!(i18n, customers.add_contact)}
            </button>
        </fieldset>
    }
}
