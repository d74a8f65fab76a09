//! Customer settings: the code format, what the duplicate check does, and custom fields.

use crm_types::api::{GetCustomerSettings, Nothing, UpdateCustomerSettings};
use crm_types::settings::{CustomerSettings, DuplicateMode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::pages::error_message;

/// `/admin/settings`.
#[component]
pub fn SettingsPage() -> impl IntoView {
    guarded(Section::Settings, || view! { <Settings /> }.into_any())
}

#[component]
fn Settings() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(|| api::get::<GetCustomerSettings>(&(), &Nothing {}));
    view! {
        <h2>{t!(i18n, settings.customers)}</h2>
        <Transition fallback=|| ()>
            {move || loaded.get().map(|result| match result {
                Ok(settings) => view! { <CustomerSettingsForm settings=settings /> }.into_any(),
                Err(e) => view! { <p class="form-error">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
            })}
        </Transition>
        <super::custom_fields::CustomFields />
    }
}

#[component]
fn CustomerSettingsForm(settings: CustomerSettings) -> impl IntoView {
    let i18n = use_i18n();
    let format = RwSignal::new(settings.code_format);
    let mode = RwSignal::new(settings.duplicate_mode);
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = CustomerSettings { code_format: format.get_untracked(), duplicate_mode: mode.get_untracked() };
        saved.set(false);
        spawn_local(async move {
            match api::send::<UpdateCustomerSettings>(&(), &body).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="grid-form" data-testid="customer-settings" on:submit=submit>
            <label>
                <span>{t!(i18n, settings.code_format)}</span>
                <input name="code_format" required prop:value=format on:input=move |e| format.set(event_target_value(&e)) />
                <small class="muted">{t!(i18n, settings.code_format_hint)}</small>
            </label>
            <label>
                <span>{t!(i18n, settings.duplicate_mode)}</span>
                <select name="duplicate_mode" on:change=move |e| mode.set(if event_target_value(&e) == "block" { DuplicateMode::Block } else { DuplicateMode::Warn })>
                    <option value="warn" selected=mode.get_untracked() == DuplicateMode::Warn>{t!(i18n, settings.duplicate_warn)}</option>
                    <option value="block" selected=mode.get_untracked() == DuplicateMode::Block>{t!(i18n, settings.duplicate_block)}</option>
                </select>
            </label>
            <div class="form-actions">
                <button type="submit" class="primary">{t!(i18n, admin.save)}</button>
                {move || saved.get().then(|| view! { <span class="muted" role="status">{t!(i18n, admin.saved)}</span> })}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        </form>
    }
}
