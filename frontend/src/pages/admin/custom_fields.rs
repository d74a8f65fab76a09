//! Custom fields on customers: define, relabel, require, disable (never delete).

use crm_types::custom_field::{CustomField, CustomFieldOption, CustomFieldPatch, CustomFieldType, NewCustomField};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Method};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::error_message;

const TYPES: [CustomFieldType; 8] = [
    CustomFieldType::Text,
    CustomFieldType::LongText,
    CustomFieldType::Number,
    CustomFieldType::Decimal,
    CustomFieldType::Date,
    CustomFieldType::SingleSelect,
    CustomFieldType::MultiSelect,
    CustomFieldType::Boolean,
];

fn type_label(locale: Locale, field_type: CustomFieldType) -> &'static str {
    match field_type {
        CustomFieldType::Text => td_string!(locale, custom_fields.text),
        CustomFieldType::LongText => td_string!(locale, custom_fields.long_text),
        CustomFieldType::Number => td_string!(locale, custom_fields.number),
        CustomFieldType::Decimal => td_string!(locale, custom_fields.decimal),
        CustomFieldType::Date => td_string!(locale, custom_fields.date),
        CustomFieldType::SingleSelect => td_string!(locale, custom_fields.single_select),
        CustomFieldType::MultiSelect => td_string!(locale, custom_fields.multi_select),
        CustomFieldType::Boolean => td_string!(locale, custom_fields.boolean),
    }
}

/// Options typed one per line as `code 中文名 English name`.
fn parse_options(text: &str) -> Vec<CustomFieldOption> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let code = parts.next()?.to_owned();
            let zh = parts.next().unwrap_or(&code).to_owned();
            let rest: Vec<&str> = parts.collect();
            let en = if rest.is_empty() { zh.clone() } else { rest.join(" ") };
            Some(CustomFieldOption { code, label_zh: zh, label_en: en })
        })
        .collect()
}

/// The custom field section of the settings page.
#[component]
pub fn CustomFields() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let fields = LocalResource::new(move || {
        version.track();
        api::get::<Vec<CustomField>>("/admin/custom-fields")
    });
    let error = RwSignal::new(None::<ApiError>);
    let reload = move || version.update(|v| *v += 1);
    let change = move |id: i64, patch: CustomFieldPatch| {
        spawn_local(async move {
            match api::write::<_, CustomField>(Method::Patch, &format!("/admin/custom-fields/{id}"), &patch).await {
                Ok(_) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, custom_fields.title)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <NewField on_done=reload error=error />
        <Transition fallback=|| ()>
            <table class="data-table" data-testid="custom-field-list">
                <thead>
                    <tr>
                        <th>{t!(i18n, custom_fields.key)}</th>
                        <th>{t!(i18n, dictionary.label_zh)}</th>
                        <th>{t!(i18n, dictionary.label_en)}</th>
                        <th>{t!(i18n, custom_fields.field_type)}</th>
                        <th>{t!(i18n, custom_fields.options)}</th>
                        <th>{t!(i18n, custom_fields.required)}</th>
                        <th>{t!(i18n, admin.status)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || fields.get().and_then(Result::ok).map(|list| list.into_iter().map(|field| {
                        let id = field.id;
                        let locale = i18n.get_locale_untracked();
                        let options: Vec<String> = field.options.iter().map(|o| o.label_zh.clone()).collect();
                        view! {
                            <tr data-key=field.key.clone()>
                                <td>{field.key.clone()}</td>
                                <td><input class="cell-input" prop:value=field.label_zh.clone()
                                    on:change=move |e| change(id, CustomFieldPatch { label_zh: Some(event_target_value(&e)), ..Default::default() }) /></td>
                                <td><input class="cell-input" prop:value=field.label_en.clone()
                                    on:change=move |e| change(id, CustomFieldPatch { label_en: Some(event_target_value(&e)), ..Default::default() }) /></td>
                                <td>{type_label(locale, field.field_type)}</td>
                                <td>{options.join("、")}</td>
                                <td><input type="checkbox" prop:checked=field.required
                                    on:change=move |e| change(id, CustomFieldPatch { required: Some(event_target_checked(&e)), ..Default::default() }) /></td>
                                <td><input type="checkbox" prop:checked=field.is_active
                                    on:change=move |e| change(id, CustomFieldPatch { is_active: Some(event_target_checked(&e)), ..Default::default() }) /></td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
        </Transition>
    }
}

#[component]
fn NewField(on_done: impl Fn() + Copy + Send + Sync + 'static, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let key = RwSignal::new(String::new());
    let zh = RwSignal::new(String::new());
    let en = RwSignal::new(String::new());
    let field_type = RwSignal::new(CustomFieldType::Text);
    let required = RwSignal::new(false);
    let options = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let kind = field_type.get_untracked();
        let with_options = matches!(kind, CustomFieldType::SingleSelect | CustomFieldType::MultiSelect);
        let body = NewCustomField {
            key: key.get_untracked(),
            label_zh: zh.get_untracked(),
            label_en: en.get_untracked(),
            field_type: kind,
            required: required.get_untracked(),
            default_value: None,
            options: if with_options { parse_options(&options.get_untracked()) } else { Vec::new() },
            sort_order: None,
        };
        spawn_local(async move {
            match api::write::<_, CustomField>(Method::Post, "/admin/custom-fields", &body).await {
                Ok(_) => {
                    error.set(None);
                    on_done();
                }
                Err(e) => error.set(Some(e)),
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
                        }
                    }>
                        {TYPES.into_iter().map(|t| view! { <option value=t.as_str()>{move || type_label(i18n.get_locale(), t)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check"><input type="checkbox" name="required" on:change=move |e| required.set(event_target_checked(&e)) />{t!(i18n, custom_fields.required)}</label>
                <Show when=move || matches!(field_type.get(), CustomFieldType::SingleSelect | CustomFieldType::MultiSelect)>
                    <label class="wide">
                        <span>{t!(i18n, custom_fields.options)}</span>
                        <textarea name="options" placeholder=move || td_string!(i18n.get_locale(), custom_fields.options_hint) on:input=move |e| options.set(event_target_value(&e))></textarea>
                    </label>
                </Show>
                <div class="form-actions"><button type="submit" class="primary">{t!(i18n, admin.create)}</button></div>
            </form>
        </details>
    }
}
