//! The dictionary and option texts of the file that no value matched (a grade written `VIP`, a source
//! written `朋友介绍`, a select custom field's option written its own way), under the cleaning report:
//! per field, each text with the rows that hold it and a choice among the dictionary's active values or
//! the field's options, the server's suggestions first. The choices go into the
//! mapping's value tables (`mapping.values`) and the dry run runs again, so the report shows what they
//! change; texts mapped earlier (here or by a template) are listed and can be taken out again.

use std::collections::{BTreeMap, BTreeSet};

use crm_domain::import::customer::CUSTOMER;
use crm_domain::import::header::FieldKind;
use crm_types::api::{ListCustomFields, ListDictionaryItems, Nothing};
use crm_types::dictionary::{DictionaryItem, DictionaryKind};
use crm_types::import::UnmatchedValue;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::field_label;
use super::wizard::Wizard;
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::error_message;

/// The prefix of a custom field's key in mappings.
const CUSTOM: &str = "custom_fields.";

/// The list a field takes its values from: the dictionary of a field of the customer target
/// (`tags` → `tag`), or a custom field's options under the field's own key.
fn list_of(field: &str) -> Option<String> {
    if field.starts_with(CUSTOM) {
        return Some(field.to_owned());
    }
    match CUSTOMER.field(field)?.kind {
        FieldKind::Dictionary(name) | FieldKind::DictionaryList(name) => Some(name.to_owned()),
        _ => None,
    }
}

/// A value a text can be mapped to: a dictionary value or a custom field's option.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choice {
    code: String,
    label_zh: String,
    label_en: String,
}

impl From<DictionaryItem> for Choice {
    fn from(item: DictionaryItem) -> Self {
        Self { code: item.code, label_zh: item.label_zh, label_en: item.label_en }
    }
}

/// A value's label in the interface's language.
fn value_label(locale: Locale, choice: &Choice) -> String {
    if locale == Locale::en && !choice.label_en.is_empty() { choice.label_en.clone() } else { choice.label_zh.clone() }
}

/// The values of list `name`: a dictionary's active values, or (for `custom_fields.<key>`) the options
/// of every active select custom field, by list name.
async fn load_list(name: &str) -> Result<Vec<(String, Vec<Choice>)>, ApiError> {
    if name.starts_with(CUSTOM) {
        let fields = api::get::<ListCustomFields>(&(), &Nothing {}).await?;
        return Ok(fields
            .into_iter()
            .filter(|f| f.is_active)
            .map(|f| {
                let options = f
                    .options
                    .into_iter()
                    .map(|o| Choice { code: o.code, label_zh: o.label_zh, label_en: o.label_en })
                    .collect();
                (format!("{CUSTOM}{}", f.key), options)
            })
            .collect());
    }
    // The domain names only dictionaries the API has; another name has no values to offer.
    let Ok(kind) = serde_json::from_value::<DictionaryKind>(serde_json::Value::from(name)) else {
        return Ok(vec![(name.to_owned(), Vec::new())]);
    };
    let items = api::get::<ListDictionaryItems>(&kind, &Nothing {}).await?;
    Ok(vec![(name.to_owned(), items.into_iter().filter(|i| i.is_active).map(Choice::from).collect())])
}

/// The unmatched texts grouped by field, in the report's order.
fn by_field(unmatched: &[UnmatchedValue]) -> Vec<(String, Vec<UnmatchedValue>)> {
    let mut groups: Vec<(String, Vec<UnmatchedValue>)> = Vec::new();
    for value in unmatched {
        match groups.iter_mut().find(|(field, _)| *field == value.field) {
            Some((_, list)) => list.push(value.clone()),
            None => groups.push((value.field.clone(), vec![value.clone()])),
        }
    }
    groups
}

/// The section; nothing shows when no text is unmatched and none is mapped.
#[component]
pub fn ValueMapping(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let unmatched =
        Memo::new(move |_| w.job.with(|j| j.report.as_ref().map(|r| r.unmatched_values.clone()).unwrap_or_default()));
    // The values of each list involved, by list name (`list_of`).
    let lists = RwSignal::new(BTreeMap::<String, Vec<Choice>>::new());
    let requested = StoredValue::new(BTreeSet::<String>::new());
    let failure = RwSignal::new(None::<ApiError>);
    // Per (field, text), the value code chosen.
    let choices = RwSignal::new(BTreeMap::<(String, String), String>::new());
    // A mapped text was taken out since the last dry run.
    let removed = RwSignal::new(false);

    Effect::new(move |_| {
        let fields: BTreeSet<String> = unmatched
            .with(|list| list.iter().map(|u| u.field.clone()).collect::<BTreeSet<_>>())
            .into_iter()
            .chain(w.values.with(|v| v.keys().cloned().collect::<Vec<_>>()))
            .collect();
        for name in fields.iter().filter_map(|f| list_of(f)) {
            // One request brings every custom field's options.
            let request = if name.starts_with(CUSTOM) { CUSTOM.to_owned() } else { name };
            if requested.with_value(|r| r.contains(&request)) {
                continue;
            }
            requested.update_value(|r| {
                r.insert(request.clone());
            });
            spawn_local(async move {
                match load_list(&request).await {
                    Ok(loaded) => lists.update(|l| l.extend(loaded)),
                    Err(e) => {
                        requested.update_value(|r| {
                            r.remove(&request);
                        });
                        failure.set(Some(e));
                    }
                }
            });
        }
    });

    let label_of_field = move |locale: Locale, field: &str| {
        w.preview.with(|p| {
            p.fields.iter().find(|f| f.key == field).map_or_else(|| field.to_owned(), |f| field_label(locale, f))
        })
    };
    let label_of_code = move |locale: Locale, field: &str, code: &str| {
        let name = list_of(field).unwrap_or_default();
        lists.with(|l| {
            l.get(&name)
                .and_then(|items| items.iter().find(|i| i.code == code))
                .map_or_else(|| code.to_owned(), |item| value_label(locale, item))
        })
    };
    let apply = move |_| {
        let picked = choices.get_untracked();
        w.values.update(|values| {
            for ((field, text), code) in picked {
                values.entry(field).or_default().insert(text, code);
            }
        });
        choices.set(BTreeMap::new());
        removed.set(false);
        failure.set(None);
        w.dry_run(i18n.get_locale_untracked());
    };
    let take_out = move |field: String, text: String| {
        w.values.update(|values| {
            if let Some(table) = values.get_mut(&field) {
                table.remove(&text);
                if table.is_empty() {
                    values.remove(&field);
                }
            }
        });
        removed.set(true);
    };
    let shown = move || !unmatched.with(Vec::is_empty) || !w.values.with(BTreeMap::is_empty) || removed.get();

    view! {
        <Show when=shown>
            <section class="value-mapping" data-testid="value-mapping">
                <h3>{t!(i18n, imports.values_title)}</h3>
                <Show when=move || !unmatched.with(Vec::is_empty)>
                    <p class="muted">{t!(i18n, imports.values_hint)}</p>
                </Show>
                {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
                {move || {
                    let locale = i18n.get_locale();
                    by_field(&unmatched.get()).into_iter().map(|(field, texts)| {
                        let name = list_of(&field).unwrap_or_default();
                        let error_key = format!("mapping.values.{field}");
                        view! {
                            <div class="unmatched" data-testid="unmatched-values" data-field=field.clone()>
                                <h4>{label_of_field(locale, &field)}</h4>
                                <table class="data-table compact">
                                    <thead>
                                        <tr>
                                            <th>{t!(i18n, imports.values_text)}</th>
                                            <th>{t!(i18n, imports.values_rows)}</th>
                                            <th>{t!(i18n, imports.values_value)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {texts.into_iter().map(|u| view! { <UnmatchedRow u=u list=name.clone() lists=lists choices=choices /> }).collect_view()}
                                    </tbody>
                                </table>
                                {w.error(&error_key).map(|m| view! { <p class="field-error">{m}</p> })}
                            </div>
                        }
                    }).collect_view()
                }}
                <Show when=move || !w.values.with(BTreeMap::is_empty)>
                    <h4>{t!(i18n, imports.values_mapped)}</h4>
                    <ul class="plain" data-testid="mapped-values">
                        {move || {
                            let locale = i18n.get_locale();
                            w.values.get().into_iter().flat_map(|(field, table)| {
                                table.into_iter().map(move |(text, code)| (field.clone(), text, code))
                            }).map(|(field, text, code)| {
                                let line = format!("{}{}{text} → {}", label_of_field(locale, &field), td_string!(locale, colon), label_of_code(locale, &field, &code));
                                let (f, x) = (field.clone(), text.clone());
                                view! {
                                    <li data-field=field data-text=text data-code=code>
                                        {line}{" "}
                                        <button type="button" class="link-button" on:click=move |_| take_out(f.clone(), x.clone())>
                                            {t!(i18n, imports.values_remove)}
                                        </button>
                                    </li>
                                }
                            }).collect_view()
                        }}
                    </ul>
                </Show>
                <div class="button-row">
                    <button type="button" class="primary" data-testid="apply-values"
                        disabled=move || w.busy.get() || (choices.with(BTreeMap::is_empty) && !removed.get())
                        on:click=apply>
                        {t!(i18n, imports.values_apply)}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// One unmatched text: the text, its rows, and the choice of a value (suggestions first).
#[component]
fn UnmatchedRow(
    u: UnmatchedValue,
    list: String,
    lists: RwSignal<BTreeMap<String, Vec<Choice>>>,
    choices: RwSignal<BTreeMap<(String, String), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new((u.field.clone(), u.text.clone()));
    let suggested: Vec<String> = u.suggestions.iter().map(|s| s.code.clone()).collect();
    let suggested = StoredValue::new(suggested);
    let is_chosen = move |code: &str| choices.with(|c| key.with_value(|k| c.get(k).is_some_and(|x| x == code)));
    let on_change = move |e: leptos::ev::Event| {
        let code = event_target_value(&e);
        choices.update(|c| {
            let key = key.get_value();
            if code.is_empty() {
                c.remove(&key);
            } else {
                c.insert(key, code);
            }
        });
    };
    let list = StoredValue::new(list);
    // The server names suggestions with their zh-CN label; the loaded list gives the English one.
    let suggestion_label = move |locale: Locale, code: &str, zh: &str| {
        lists.with(|l| {
            list.with_value(|name| l.get(name))
                .and_then(|items| items.iter().find(|i| i.code == code))
                .map_or_else(|| zh.to_owned(), |item| value_label(locale, item))
        })
    };
    let suggestions = u.suggestions.clone();
    view! {
        <tr data-text=u.text.clone()>
            <td>{u.text.clone()}</td>
            <td class="nowrap">{u.rows.to_string()}</td>
            <td>
                <select name="value" aria-label=u.text.clone() on:change=on_change>
                    <option value="">{t!(i18n, imports.values_unmapped)}</option>
                    {(!suggestions.is_empty()).then(|| view! {
                        <optgroup label=move || td_string!(i18n.get_locale(), imports.values_suggested)>
                            {suggestions.into_iter().map(|s| {
                                let (code, value) = (s.code.clone(), s.code.clone());
                                view! {
                                    <option value=value selected=move || is_chosen(&code)>
                                        {move || suggestion_label(i18n.get_locale(), &s.code, &s.label)}
                                    </option>
                                }
                            }).collect_view()}
                        </optgroup>
                    })}
                    <optgroup label=move || td_string!(i18n.get_locale(), imports.values_all)>
                        {move || {
                            let locale = i18n.get_locale();
                            lists.with(|l| list.with_value(|name| l.get(name).cloned()).unwrap_or_default())
                                .into_iter()
                                .filter(|item| suggested.with_value(|s| !s.contains(&item.code)))
                                .map(|item| {
                                    let code = item.code.clone();
                                    view! {
                                        <option value=item.code.clone() selected=move || is_chosen(&code)>
                                            {value_label(locale, &item)}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </optgroup>
                </select>
            </td>
        </tr>
    }
}
