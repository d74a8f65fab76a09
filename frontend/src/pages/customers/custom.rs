//! Custom fields in the customer form and the 360° view, rendered from their definitions and checked
//! with the same rules as the server (`crm_domain::custom_field`).

use std::collections::BTreeMap;

use crm_domain::custom_field::{self as rules, Definition, FieldType, Value};
use crm_types::FieldErrorCode;
use crm_types::custom_field::{CustomField, CustomFieldType};
use crm_types::customer::CustomValue;
use leptos::prelude::*;

use crate::i18n::{Locale, t, use_i18n};
use crate::messages::{FieldErrors, for_code};

/// One field's input state: the text of text-like fields, the chosen options of a multi-select.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    text: RwSignal<String>,
    chosen: RwSignal<Vec<String>>,
}

/// The inputs of the active fields, prefilled from `values` (or the defaults for a new customer).
pub fn inputs(fields: &[CustomField], values: &BTreeMap<String, CustomValue>, new: bool) -> Vec<(CustomField, Input)> {
    fields
        .iter()
        .filter(|f| f.is_active)
        .map(|field| {
            let value =
                values.get(&field.key).cloned().or_else(|| if new { field.default_value.clone() } else { None });
            let (text, chosen) = match value {
                Some(CustomValue::Text(t)) => (t, Vec::new()),
                Some(CustomValue::Integer(n)) => (n.to_string(), Vec::new()),
                Some(CustomValue::Bool(b)) => (b.to_string(), Vec::new()),
                Some(CustomValue::List(codes)) => (String::new(), codes),
                None => (String::new(), Vec::new()),
            };
            (field.clone(), Input { text: RwSignal::new(text), chosen: RwSignal::new(chosen) })
        })
        .collect()
}

fn definition(field: &CustomField) -> Definition {
    Definition {
        key: field.key.clone(),
        field_type: FieldType::parse(field.field_type.as_str()).unwrap_or(FieldType::Text),
        required: field.required,
        options: field.options.iter().map(|o| o.code.clone()).collect(),
        is_active: field.is_active,
    }
}

fn wire(value: Value) -> CustomValue {
    match value {
        Value::Bool(b) => CustomValue::Bool(b),
        Value::Integer(n) => CustomValue::Integer(n),
        Value::Text(text) => CustomValue::Text(text),
        Value::List(codes) => CustomValue::List(codes),
    }
}

/// The values the user entered, checked; problems go into `errors` as `custom_fields.<key>`.
pub fn collect(
    locale: Locale,
    inputs: &[(CustomField, Input)],
    errors: &mut FieldErrors,
) -> BTreeMap<String, CustomValue> {
    let mut values = BTreeMap::new();
    for (field, input) in inputs {
        let name = format!("custom_fields.{}", field.key);
        let text = input.text.get_untracked();
        let raw = match field.field_type {
            CustomFieldType::MultiSelect => Some(Value::List(input.chosen.get_untracked())),
            CustomFieldType::Boolean => Some(Value::Bool(text == "true")),
            CustomFieldType::Number if text.trim().is_empty() => None,
            CustomFieldType::Number => match text.trim().parse() {
                Ok(n) => Some(Value::Integer(n)),
                Err(_) => {
                    errors.insert(name, for_code(locale, FieldErrorCode::InvalidFormat).to_owned());
                    continue;
                }
            },
            _ => Some(Value::Text(text)),
        };
        let checked = match raw {
            Some(raw) => rules::check(&definition(field), &raw),
            None => Ok(None),
        };
        match checked {
            Ok(Some(value)) => {
                values.insert(field.key.clone(), wire(value));
            }
            Ok(None) if field.required => {
                errors.insert(name, for_code(locale, FieldErrorCode::Required).to_owned());
            }
            Ok(None) => {}
            Err(error) => {
                errors.insert(name, for_code(locale, error.code).to_owned());
            }
        }
    }
    values
}

fn label(locale: Locale, field: &CustomField) -> String {
    match locale {
        Locale::zh_CN => field.label_zh.clone(),
        Locale::en => field.label_en.clone(),
    }
}

/// The fieldset of custom fields.
#[component]
pub fn CustomFieldset(
    inputs: Vec<(CustomField, Input)>,
    errors: RwSignal<FieldErrors>,
    /// Shown but not changeable (the role may not write custom fields).
    #[prop(optional)]
    disabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if inputs.is_empty() {
        return ().into_any();
    }
    // Labels are drawn in the current language; the entered values live in signals and stay.
    let in_locale =
        move |zh: String, en: String| move || if i18n.get_locale() == Locale::zh_CN { zh.clone() } else { en.clone() };
    view! {
        <fieldset data-testid="custom-fields" disabled=disabled>
            <legend>{t!(i18n, customers.section_custom)}</legend>
            {inputs.into_iter().map(|(field, input)| {
                let name = format!("custom_fields.{}", field.key);
                let error_key = name.clone();
                let error = move || errors.with(|e| e.get(&error_key).cloned()).map(|m| view! { <small class="field-error">{m}</small> });
                let text = input.text;
                let bind = move |e: leptos::ev::Event| text.set(event_target_value(&e));
                let control = match field.field_type {
                    CustomFieldType::LongText => view! { <textarea name=name prop:value=text on:input=bind></textarea> }.into_any(),
                    CustomFieldType::Number => view! { <input name=name type="number" step="1" prop:value=text on:input=bind /> }.into_any(),
                    CustomFieldType::Decimal => view! { <input name=name inputmode="decimal" prop:value=text on:input=bind /> }.into_any(),
                    CustomFieldType::Date => view! { <input name=name type="date" prop:value=text on:input=bind /> }.into_any(),
                    CustomFieldType::Boolean => view! {
                        <input name=name type="checkbox" class="inline-check" prop:checked=move || text.get() == "true"
                            on:change=move |e| text.set(event_target_checked(&e).to_string()) />
                    }.into_any(),
                    CustomFieldType::SingleSelect => {
                        let current = text.get_untracked();
                        view! {
                            <select name=name on:change=bind>
                                <option value="">"—"</option>
                                {field.options.iter().map(|o| {
                                    let selected = o.code == current;
                                    let text = in_locale(o.label_zh.clone(), o.label_en.clone());
                                    view! { <option value=o.code.clone() selected=selected>{text}</option> }
                                }).collect_view()}
                            </select>
                        }.into_any()
                    }
                    CustomFieldType::MultiSelect => {
                        let chosen = input.chosen;
                        view! {
                            <div class="checkbox-grid">
                                {field.options.iter().map(|o| {
                                    let code = o.code.clone();
                                    let on = chosen.get_untracked().contains(&code);
                                    let text = in_locale(o.label_zh.clone(), o.label_en.clone());
                                    view! {
                                        <label class="check">
                                            <input type="checkbox" prop:checked=on on:change=move |e| {
                                                let on = event_target_checked(&e);
                                                let code = code.clone();
                                                chosen.update(|c| if on { c.push(code) } else { c.retain(|x| *x != code) });
                                            } />
                                            {text}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    CustomFieldType::Text => view! { <input name=name prop:value=text on:input=bind /> }.into_any(),
                };
                view! {
                    <label class:required=field.required class:wide=matches!(field.field_type, CustomFieldType::LongText | CustomFieldType::MultiSelect)>
                        <span>{in_locale(field.label_zh.clone(), field.label_en.clone())}</span>
                        {control}
                        {error}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}

/// A stored value as text for the 360° view.
pub fn show(locale: Locale, field: &CustomField, value: &CustomValue) -> String {
    let option = |code: &str| {
        field
            .options
            .iter()
            .find(|o| o.code == code)
            .map(|o| if locale == Locale::zh_CN { o.label_zh.clone() } else { o.label_en.clone() })
            .unwrap_or_else(|| code.to_owned())
    };
    match value {
        CustomValue::Bool(true) => "✓".into(),
        CustomValue::Bool(false) => "✗".into(),
        CustomValue::Integer(n) => n.to_string(),
        CustomValue::Text(text) if field.field_type == CustomFieldType::SingleSelect => option(text),
        CustomValue::Text(text) => text.clone(),
        CustomValue::List(codes) => codes.iter().map(|c| option(c)).collect::<Vec<_>>().join("、"),
    }
}

/// The label of a field in `locale`.
pub fn field_label(locale: Locale, field: &CustomField) -> String {
    label(locale, field)
}
