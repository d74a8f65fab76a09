//! How the custom field pages read and show what administrators type: type names, options written one
//! per line, and default values checked with the same rules as the server (`crm_domain::custom_field`).

use crm_domain::custom_field::{self as rules, Definition, FieldType, Value};
use crm_types::FieldErrorCode;
use crm_types::custom_field::{CustomFieldOption, CustomFieldType};
use crm_types::customer::CustomValue;
use leptos::prelude::*;

use crate::i18n::{Locale, t, td_string, use_i18n};

/// Every type, in the order the type list offers them.
pub const TYPES: [CustomFieldType; 8] = [
    CustomFieldType::Text,
    CustomFieldType::LongText,
    CustomFieldType::Number,
    CustomFieldType::Decimal,
    CustomFieldType::Date,
    CustomFieldType::SingleSelect,
    CustomFieldType::MultiSelect,
    CustomFieldType::Boolean,
];

/// The name of a type.
pub fn type_label(locale: Locale, field_type: CustomFieldType) -> &'static str {
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

/// Whether fields of this type have options.
pub fn has_options(field_type: CustomFieldType) -> bool {
    matches!(field_type, CustomFieldType::SingleSelect | CustomFieldType::MultiSelect)
}

/// Options typed one per line as `code 中文名 English name`.
pub fn parse_options(text: &str) -> Vec<CustomFieldOption> {
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

/// Options as they are typed: one per line.
pub fn format_options(options: &[CustomFieldOption]) -> String {
    let lines: Vec<String> = options.iter().map(|o| format!("{} {} {}", o.code, o.label_zh, o.label_en)).collect();
    lines.join("\n")
}

/// A default value as it is typed (the codes of a multi-select separated by commas).
pub fn format_default(value: Option<&CustomValue>) -> String {
    match value {
        None => String::new(),
        Some(CustomValue::Bool(b)) => b.to_string(),
        Some(CustomValue::Integer(n)) => n.to_string(),
        Some(CustomValue::Text(text)) => text.clone(),
        Some(CustomValue::List(codes)) => codes.join(","),
    }
}

/// The default value typed for a field of `field_type` with `options`: `Ok(None)` when empty, the
/// rule's error code when the server would refuse it.
pub fn parse_default(
    field_type: CustomFieldType,
    options: &[CustomFieldOption],
    text: &str,
) -> Result<Option<CustomValue>, FieldErrorCode> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let raw = match field_type {
        CustomFieldType::Number => Value::Integer(text.parse().map_err(|_| FieldErrorCode::InvalidFormat)?),
        CustomFieldType::Boolean => Value::Bool(text.parse().map_err(|_| FieldErrorCode::InvalidFormat)?),
        CustomFieldType::MultiSelect => {
            Value::List(text.split([',', '，', '、', ' ']).filter(|c| !c.is_empty()).map(str::to_owned).collect())
        }
        _ => Value::Text(text.to_owned()),
    };
    let definition = Definition {
        key: String::new(),
        field_type: FieldType::parse(field_type.as_str()).unwrap_or(FieldType::Text),
        required: false,
        options: options.iter().map(|o| o.code.clone()).collect(),
        is_active: true,
    };
    match rules::check(&definition, &raw).map_err(|e| e.code)? {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(CustomValue::Bool(b))),
        Some(Value::Integer(n)) => Ok(Some(CustomValue::Integer(n))),
        Some(Value::Text(text)) => Ok(Some(CustomValue::Text(text))),
        Some(Value::List(codes)) => Ok(Some(CustomValue::List(codes))),
    }
}

/// The default value's control, fitting the type: a choice for yes/no and single-select fields, a
/// date picker for dates, text otherwise.
#[component]
pub fn DefaultInput(
    field_type: Signal<CustomFieldType>,
    options: Signal<Vec<CustomFieldOption>>,
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bind = move |e: leptos::ev::Event| value.set(event_target_value(&e));
    // A single-select default goes when its option goes, rather than linger unseen.
    Effect::new(move |_| {
        let codes: Vec<String> = options.with(|o| o.iter().map(|o| o.code.clone()).collect());
        let current = value.get_untracked();
        if field_type.get_untracked() == CustomFieldType::SingleSelect
            && !current.is_empty()
            && !codes.contains(&current)
        {
            value.set(String::new());
        }
    });
    view! {
        <label>
            <span>{t!(i18n, custom_fields.default_value)}</span>
            {move || {
                let locale = i18n.get_locale();
                match field_type.get() {
                    CustomFieldType::Boolean => view! {
                        <select name="default_value" on:change=bind>
                            <option value="">{t!(i18n, custom_fields.no_default)}</option>
                            <option value="true" selected=move || value.get() == "true">{td_string!(locale, customers.yes)}</option>
                            <option value="false" selected=move || value.get() == "false">{td_string!(locale, customers.no)}</option>
                        </select>
                    }.into_any(),
                    CustomFieldType::SingleSelect => view! {
                        <select name="default_value" on:change=bind>
                            <option value="">{t!(i18n, custom_fields.no_default)}</option>
                            {move || options.get().into_iter().map(|o| {
                                let label = if locale == Locale::zh_CN { o.label_zh } else { o.label_en };
                                let chosen = o.code.clone();
                                view! { <option value=o.code selected=move || value.get() == chosen>{label}</option> }
                            }).collect_view()}
                        </select>
                    }.into_any(),
                    CustomFieldType::Date => view! { <input name="default_value" type="date" prop:value=value on:input=bind /> }.into_any(),
                    CustomFieldType::MultiSelect => view! {
                        <input name="default_value" prop:value=value on:input=bind placeholder=td_string!(locale, custom_fields.default_codes_hint) />
                    }.into_any(),
                    _ => view! { <input name="default_value" prop:value=value on:input=bind /> }.into_any(),
                }
            }}
        </label>
    }
}
