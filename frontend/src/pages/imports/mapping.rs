//! Step 3: each column of the file onto a field of the customer or one of its custom fields (grouped
//! after the standard fields), or left out. The server's proposals
//! are preselected and marked; the required fields still unmapped are listed; mapping templates are
//! applied, saved, renamed and deleted ([`Templates`]); the order of ambiguous dates is chosen here.

use crm_types::import::{DateOrder, TargetField};
use leptos::prelude::*;

use super::field_label;
use super::templates::Templates;
use super::wizard::{Step, Wizard};
use crate::i18n::{Locale, t, td_string, use_i18n};

/// The key prefix of the administrator's custom fields, listed after the standard fields.
const CUSTOM_PREFIX: &str = "custom_fields.";

/// The requirement groups no mapped column covers, each as its fields' labels.
fn unmet(w: Wizard, locale: Locale) -> Vec<String> {
    let mapped = w.mapping.get();
    w.preview.with(|p| {
        p.required
            .iter()
            .filter(|group| !group.iter().any(|key| mapped.iter().flatten().any(|m| m == key)))
            .map(|group| {
                let labels: Vec<String> = group
                    .iter()
                    .map(|key| {
                        p.fields.iter().find(|f| &f.key == key).map_or_else(|| key.clone(), |f| field_label(locale, f))
                    })
                    .collect();
                labels.join(td_string!(locale, imports.or))
            })
            .collect()
    })
}

fn date_order_label(locale: Locale, order: DateOrder) -> &'static str {
    match order {
        DateOrder::Auto => td_string!(locale, imports.date_auto),
        DateOrder::DayFirst => td_string!(locale, imports.date_day_first),
        DateOrder::MonthFirst => td_string!(locale, imports.date_month_first),
    }
}

#[component]
pub fn MappingStep(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let set = move |position: usize, value: String| {
        w.mapping.update(|m| {
            if let Some(slot) = m.get_mut(position) {
                *slot = Some(value).filter(|v| !v.is_empty());
            }
        });
        w.errors.update(|e| {
            e.remove(&format!("column:{position}"));
        });
    };
    let twice = move |position: usize| {
        let mapping = w.mapping.get();
        mapping.get(position).cloned().flatten().is_some_and(|field| {
            mapping.iter().enumerate().any(|(i, other)| i != position && other.as_deref() == Some(field.as_str()))
        })
    };
    let orders = [DateOrder::Auto, DateOrder::DayFirst, DateOrder::MonthFirst];

    view! {
        <section class="card import-step" data-testid="mapping-step">
            <h2>{t!(i18n, imports.step_mapping)}</h2>
            <p class="muted">{t!(i18n, imports.mapping_hint)}</p>
            <Templates w=w />
            <table class="data-table mapping" data-testid="mapping">
                <thead>
                    <tr>
                        <th>{t!(i18n, imports.source_column)}</th>
                        <th>{t!(i18n, imports.sample)}</th>
                        <th>{t!(i18n, imports.target_field)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || w.preview.with(|p| p.headers.iter().enumerate().map(|(position, header)| {
                        let sample = p.rows.iter().map(|r| r.get(position).cloned().unwrap_or_default())
                            .find(|c| !c.trim().is_empty()).unwrap_or_default();
                        let suggestion = p.suggested.iter().find(|s| s.column == *header).map(|s| (s.field.clone(), s.exact == Some(true)));
                        let fields = p.fields.clone();
                        let suggested_mark = suggestion.clone().map(|(field, exact)| {
                            let shown = move || w.mapping.with(|m| m.get(position).cloned().flatten().as_deref() == Some(field.as_str()));
                            view! {
                                <Show when=shown>
                                    <span class="badge suggested" data-testid="suggested" data-exact=exact.to_string()>
                                        {move || if exact { td_string!(i18n.get_locale(), imports.suggested) } else { td_string!(i18n.get_locale(), imports.guessed) }}
                                    </span>
                                </Show>
                            }
                        });
                        view! {
                            <tr data-column=header.clone()>
                                <td>{header.clone()}</td>
                                <td class="muted">{sample}</td>
                                <td>
                                    <select name="field" aria-label=header.clone()
                                        prop:value=move || w.mapping.with(|m| m.get(position).cloned().flatten().unwrap_or_default())
                                        on:change=move |e| set(position, event_target_value(&e))>
                                        <option value="">{t!(i18n, imports.not_imported)}</option>
                                        {move || {
                                            let locale = i18n.get_locale();
                                            let option = |f: &TargetField| {
                                                let label = if f.required { format!("{} *", field_label(locale, f)) } else { field_label(locale, f) };
                                                view! { <option value=f.key.clone()>{label}</option> }
                                            };
                                            let (custom, standard): (Vec<&TargetField>, Vec<&TargetField>) =
                                                fields.iter().partition(|f| f.key.starts_with(CUSTOM_PREFIX));
                                            let custom = (!custom.is_empty()).then(|| view! {
                                                <optgroup label=td_string!(locale, imports.custom_fields_group) data-testid="custom-field-targets">
                                                    {custom.into_iter().map(option).collect_view()}
                                                </optgroup>
                                            });
                                            view! { {standard.into_iter().map(option).collect_view()} {custom} }
                                        }}
                                    </select>
                                    {suggested_mark}
                                    <Show when=move || twice(position)>
                                        <small class="field-error">{t!(i18n, imports.error_repeated)}</small>
                                    </Show>
                                    {move || w.error(&format!("column:{position}")).map(|m| view! { <small class="field-error">{m}</small> })}
                                </td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            {move || {
                let missing = unmet(w, i18n.get_locale());
                (!missing.is_empty()).then(|| view! {
                    <div class="notice warning" data-testid="unmapped-required">
                        {t!(i18n, imports.required_unmapped)}
                        <ul>{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            {move || w.error("mapping.columns").map(|m| view! { <p class="field-error">{m}</p> })}
            <label class="check date-order">
                <span>{t!(i18n, imports.date_order)}</span>
                <select name="date_order" on:change=move |e| {
                    let value = event_target_value(&e);
                    w.date_order.set(match value.as_str() {
                        "day_first" => DateOrder::DayFirst,
                        "month_first" => DateOrder::MonthFirst,
                        _ => DateOrder::Auto,
                    });
                }>
                    {orders.into_iter().map(|order| {
                        let value = match order {
                            DateOrder::Auto => "auto",
                            DateOrder::DayFirst => "day_first",
                            DateOrder::MonthFirst => "month_first",
                        };
                        view! {
                            <option value=value selected=move || w.date_order.get() == order>
                                {move || date_order_label(i18n.get_locale(), order)}
                            </option>
                        }
                    }).collect_view()}
                </select>
                {move || w.error("date_order").map(|m| view! { <small class="field-error">{m}</small> })}
            </label>
            <div class="button-row wizard-actions">
                <button type="button" on:click=move |_| w.step.set(Step::Preview)>{t!(i18n, imports.back)}</button>
                <button type="button" class="primary" data-testid="start-dry-run"
                    disabled=move || w.busy.get() || !unmet(w, i18n.get_locale()).is_empty()
                    on:click=move |_| w.dry_run(i18n.get_locale_untracked())>
                    {t!(i18n, imports.start_dry_run)}
                </button>
            </div>
        </section>
    }
}
