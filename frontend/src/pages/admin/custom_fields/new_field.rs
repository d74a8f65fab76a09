//! Defining a custom field: key, labels, type, whether it is required, its options and its default.

use crm_types::api::CreateCustomField;
use crm_types::custom_field::{CustomFieldType, NewCustomField};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::problem_message;
use super::values::{DefaultInput, TYPES, has_options, parse_default, parse_options, type_label};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::for_code;

/// The "new custom field" panel.
#[component]
pub fn NewField(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let key = RwSignal::new(String::new());
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let field_type = RwSignal::new(CustomFieldType::Text);
    let required = RwSignal::new(false);
    let options = RwSignal::new(String::new());
    let default = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let parsed =
        Signal::derive(
            move || {
                if has_options(field_type.get()) { options.with(|o| parse_options(o)) } else { Vec::new() }
            },
        );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let kind = field_type.get_untracked();
        let options = parsed.get_untracked();
        let default_value = match parse_default(kind, &options, &default.get_untracked()) {
            Ok(value) => value,
            Err(code) => {
                let message = format!(
                    "{}{}{}",
                    td_string!(locale, custom_fields.default_value),
                    td_string!(locale, colon),
                    for_code(locale, code)
                );
                error.set(Some(message));
                return;
            }
        };
        let body = NewCustomField {
            key: key.get_untracked(),
            label_zh: zh.get_untracked(),
            label_en: en.get_untracked(),
            field_type: kind,
            required: required.get_untracked(),
            default_value,
            options,
            sort_order: None,
        };
        spawn_local(async move {
            match api::send::<CreateCustomField>(&(), &body).await {
                Ok(_) => {
                    error.set(None);
                    default.set(String::new());
                    on_done();
                }
                Err(e) => error.set(Some(problem_message(i18n.get_locale_untracked(), &e))),
            }
        });
    };
    view! {
        <details class="panel">
            <summary data-testid="new-custom-field">{t!(i18n, custom_fields.new)}</summary>
            <form class="grid-form" data-testid="new-custom-field-form" on:submit=submit>
                <label><span>{t!(i18n, custom_fields.key)}</span><input name="key" required pattern="[a-z][a-z0-9_]{0,39}" on:input=move |e| key.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, dictionary.label_zh)}</span><input name="label_zh" required on:input=move |e| zh.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, dictionary.label_en)}</span><input name="label_en" required on:input=move |e| en.set(event_target_value(&e)) /></label>
                <label>
                    <span>{t!(i18n, custom_fields.field_type)}</span>
                    <select name="field_type" on:change=move |e| {
                        let chosen = event_target_value(&e);
                        if let Some(found) = TYPES.into_iter().find(|t| t.as_str() == chosen) {
                            field_type.set(found);
                            default.set(String::new());
                        }
                    }>
                        {TYPES.into_iter().map(|t| view! { <option value=t.as_str()>{move || type_label(i18n.get_locale(), t)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="required" on:change=move |e| required.set(event_target_checked(&e)) />{t!(i18n, custom_fields.required)}</label>
                <Show when=move || has_options(field_type.get())>
                    <label class="wide">
                        <span>{t!(i18n, custom_fields.options)}</span>
                        <textarea name="options" placeholder=move || td_string!(i18n.get_locale(), custom_fields.options_hint) on:input=move |e| options.set(event_target_value(&e))></textarea>
                    </label>
                </Show>
                <DefaultInput field_type=field_type.into() options=parsed value=default />
                {move || error.get().map(|m| view! { <p class="form-error wide" role="alert">{m}</p> })}
                <div class="form-actions"><button type="submit" class="primary">{t!(i18n, admin.create)}</button></div>
            </form>
        </details>
    }
}
