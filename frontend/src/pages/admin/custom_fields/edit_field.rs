//! Changing a custom field: its labels, its options (added, relabelled, reordered; one in use cannot
//! go) and its default value. The key and the type never change.

use crm_types::api::UpdateCustomField;
use crm_types::custom_field::{CustomField, CustomFieldPatch};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::problem_message;
use super::values::{DefaultInput, format_default, format_options, has_options, parse_default, parse_options};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::for_code;

/// The form that edits `field`; `on_done` after saving or cancelling.
#[component]
pub fn EditField(field: CustomField, on_done: impl Fn(bool) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let id = field.id;
    let field_type = field.field_type;
    let zh = RwSignal::new(field.label_zh.clone());
    let en = RwSignal::new(field.label_en.clone());
    let options = RwSignal::new(format_options(&field.options));
    let default = RwSignal::new(format_default(field.default_value.as_ref()));
    let error = RwSignal::new(None::<String>);
    let parsed = Signal::derive(move || options.with(|o| parse_options(o)));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let new_options = has_options(field_type).then(|| parsed.get_untracked());
        let default_value =
            match parse_default(field_type, &new_options.clone().unwrap_or_default(), &default.get_untracked()) {
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
        let patch = CustomFieldPatch {
            label_zh: Some(zh.get_untracked()),
            label_en: Some(en.get_untracked()),
            options: new_options,
            default_value: Some(default_value),
            ..CustomFieldPatch::default()
        };
        spawn_local(async move {
            match api::send::<UpdateCustomField>(&id, &patch).await {
                Ok(_) => on_done(true),
                Err(e) => error.set(Some(problem_message(i18n.get_locale_untracked(), &e))),
            }
        });
    };
    let key = field.key.clone();
    let bind = |signal: RwSignal<String>| move |e: leptos::ev::Event| signal.set(event_target_value(&e));
    view! {
        <form class="grid-form panel" data-testid="edit-custom-field-form" data-key=field.key.clone() on:submit=submit>
            <h3 class="wide">{move || td_string!(i18n.get_locale(), custom_fields.editing).replace("{key}", &key)}</h3>
            <label><span>{t!(i18n, dictionary.label_zh)}</span><input name="label_zh" required prop:value=zh on:input=bind(zh) /></label>
            <label><span>{t!(i18n, dictionary.label_en)}</span><input name="label_en" required prop:value=en on:input=bind(en) /></label>
            {has_options(field_type).then(|| view! {
                <label class="wide">
                    <span>{t!(i18n, custom_fields.options)}</span>
                    <textarea name="options" prop:value=options placeholder=move || td_string!(i18n.get_locale(), custom_fields.options_hint)
                        on:input=bind(options)></textarea>
                </label>
            })}
            <DefaultInput field_type=Signal::stored(field_type) options=parsed value=default />
            {move || error.get().map(|m| view! { <p class="form-error wide" role="alert">{m}</p> })}
            <div class="form-actions">
                <button type="submit" class="primary">{t!(i18n, custom_fields.save)}</button>
                <button type="button" class="link-button" on:click=move |_| on_done(false)>{t!(i18n, custom_fields.cancel)}</button>
            </div>
        </form>
    }
}
