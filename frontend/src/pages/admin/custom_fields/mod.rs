//! Custom fields on customers: define them (with a default), change their labels, options and default,
//! require, disable (never delete).

mod edit_field;
mod new_field;
mod values;

use crm_types::api::{ListAdminCustomFields, Nothing, UpdateCustomField};
use crm_types::custom_field::{CustomField, CustomFieldPatch};
use crm_types::{CustomFieldId, ErrorCode};
use leptos::prelude::*;
use leptos::task::spawn_local;

use self::edit_field::EditField;
use self::new_field::NewField;
use self::values::{format_default, type_label};
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::LoadError;
use crate::messages::for_code;
use crate::pages::error_message;

/// What to tell the administrator when the server refuses a definition: an option still in use, or
/// the field it names and why.
fn problem_message(locale: Locale, error: &ApiError) -> String {
    let field_label = |field: &str| match field.split(['.', '[']).next().unwrap_or_default() {
        "key" => td_string!(locale, custom_fields.key),
        "label_zh" => td_string!(locale, dictionary.label_zh),
        "label_en" => td_string!(locale, dictionary.label_en),
        "options" => td_string!(locale, custom_fields.options),
        "default_value" => td_string!(locale, custom_fields.default_value),
        _ => "",
    };
    match error {
        ApiError::Problem(problem) if problem.code == ErrorCode::InUse => {
            td_string!(locale, custom_fields.option_in_use).to_owned()
        }
        ApiError::Problem(problem) if !problem.errors.is_empty() => {
            let parts: Vec<String> = problem
                .errors
                .iter()
                .map(|e| format!("{}{}{}", field_label(&e.field), td_string!(locale, colon), for_code(locale, e.code)))
                .collect();
            parts.join(" ")
        }
        _ => error_message(locale, error).to_owned(),
    }
}

/// The custom field section of the settings page.
#[component]
pub fn CustomFields() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let fields = LocalResource::new(move || {
        version.track();
        api::get::<ListAdminCustomFields>(&(), &Nothing {})
    });
    let error = RwSignal::new(None::<ApiError>);
    let editing = RwSignal::new(None::<CustomField>);
    let saved = RwSignal::new(false);
    let reload = move || version.update(|v| *v += 1);
    let change = move |id: CustomFieldId, patch: CustomFieldPatch| {
        spawn_local(async move {
            match api::send::<UpdateCustomField>(&id, &patch).await {
                Ok(_) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let edited = move |changed: bool| {
        editing.set(None);
        saved.set(changed);
        if changed {
            reload();
        }
    };
    view! {
        <h2>{t!(i18n, custom_fields.title)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <NewField on_done=reload />
        <Show when=move || saved.get()>
            <p class="notice" role="status" data-testid="custom-field-saved">{t!(i18n, custom_fields.saved)}</p>
        </Show>
        {move || editing.get().map(|field| view! { <EditField field=field on_done=edited /> })}
        <Transition fallback=|| ()>
            <table class="data-table" data-testid="custom-field-list">
                <thead>
                    <tr>
                        <th>{t!(i18n, custom_fields.key)}</th>
                        <th>{t!(i18n, dictionary.label_zh)}</th>
                        <th>{t!(i18n, dictionary.label_en)}</th>
                        <th>{t!(i18n, custom_fields.field_type)}</th>
                        <th>{t!(i18n, custom_fields.options)}</th>
                        <th>{t!(i18n, custom_fields.default_value)}</th>
                        <th>{t!(i18n, custom_fields.required)}</th>
                        <th>{t!(i18n, admin.status)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {move || fields.get().map(|loaded| match loaded {
                        Err(error) => view! { <tr><td colspan="9"><LoadError error=error /></td></tr> }.into_any(),
                        Ok(list) => list.into_iter().map(|field| {
                        let id = field.id;
                        let locale = i18n.get_locale_untracked();
                        let options: Vec<String> = field.options.iter().map(|o| o.label_zh.clone()).collect();
                        let row = StoredValue::new(field.clone());
                        view! {
                            <tr data-key=field.key.clone()>
                                <td>{field.key.clone()}</td>
                                <td data-column="label_zh">{field.label_zh.clone()}</td>
                                <td data-column="label_en">{field.label_en.clone()}</td>
                                <td>{type_label(locale, field.field_type)}</td>
                                <td data-column="options">{options.join("、")}</td>
                                <td data-column="default">{format_default(field.default_value.as_ref())}</td>
                                <td><input type="checkbox" name="required" prop:checked=field.required
                                    on:change=move |e| change(id, CustomFieldPatch { required: Some(event_target_checked(&e)), ..Default::default() }) /></td>
                                <td><input type="checkbox" name="is_active" prop:checked=field.is_active
                                    on:change=move |e| change(id, CustomFieldPatch { is_active: Some(event_target_checked(&e)), ..Default::default() }) /></td>
                                <td>
                                    <button type="button" class="link-button" data-action="edit"
                                        on:click=move |_| { saved.set(false); editing.set(Some(row.get_value())); }>
                                        {t!(i18n, custom_fields.edit)}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view().into_any(),
                    })}
                </tbody>
            </table>
        </Transition>
    }
}
