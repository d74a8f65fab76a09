//! The filter bar of the customer list: search and the common filters in one row; owner, department,
//! region, source, status, size, date and amount ranges and custom fields in a panel below; a button
//! that clears them all. A choice applies at once, a typed value when it changes (Enter or leaving
//! the field); values the server would refuse are reported here instead of being sent.

use crm_types::admin::Department;
use crm_types::api::{ListDepartments, Nothing};
use crm_types::custom_field::{CustomField, CustomFieldType};
use crm_types::dictionary::DictionaryKind;
use leptos::prelude::*;

use super::filters::{Filters, Problem};
use super::vocab::{Vocab, label_of};
use crate::api;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::LoadError;

fn problem_message(locale: Locale, problem: Problem) -> &'static str {
    match problem {
        Problem::Amount => td_string!(locale, customers.filter_bad_amount),
        Problem::AmountRange => td_string!(locale, customers.filter_amount_range),
        Problem::DateRange => td_string!(locale, customers.filter_date_range),
    }
}

/// The departments as a tree: each with its name indented by its depth.
fn tree(list: &[Department]) -> Vec<(i64, String)> {
    list.iter()
        .filter(|d| d.is_active)
        .map(|d| {
            let mut depth = 0;
            let mut parent = d.parent_id;
            while let Some(id) = parent.filter(|_| depth < 16) {
                depth += 1;
                parent = list.iter().find(|x| x.id == id).and_then(|x| x.parent_id);
            }
            (d.id.0, format!("{}{}", "· ".repeat(depth), d.name))
        })
        .collect()
}

/// The custom fields the list filters by: active select and yes/no fields.
fn filterable(fields: &[CustomField]) -> Vec<CustomField> {
    let kinds = [CustomFieldType::SingleSelect, CustomFieldType::MultiSelect, CustomFieldType::Boolean];
    fields.iter().filter(|f| f.is_active && kinds.contains(&f.field_type)).cloned().collect()
}

/// The filter bar; `on_apply` reloads the list once the filters are valid.
#[component]
pub fn FilterPanel(
    filters: RwSignal<Filters>,
    vocab: StoredValue<Vocab>,
    on_apply: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let problems = RwSignal::new(Vec::<(&'static str, Problem)>::new());
    let departments = LocalResource::new(move || async move { api::get::<ListDepartments>(&(), &Nothing {}).await });
    let apply = move || {
        let found = filters.with_untracked(Filters::problems);
        let valid = found.is_empty();
        problems.set(found);
        if valid {
            on_apply();
        }
    };
    // Filters made valid again, by hand or by a saved view, take their message away.
    Effect::new(move |_| {
        if filters.with(Filters::problems).is_empty() && problems.with_untracked(|p| !p.is_empty()) {
            problems.set(Vec::new());
        }
    });
    let value = move |name: &'static str| move || filters.with(|f| f.get(name));
    let choose = move |name: &'static str| {
        move |e: leptos::ev::Event| {
            filters.update(|f| f.set(name, event_target_value(&e)));
            apply();
        }
    };
    let typed =
        move |name: &'static str| move |e: leptos::ev::Event| filters.update(|f| f.set(name, event_target_value(&e)));
    let changed = move |_: leptos::ev::Event| apply();
    let clear = move |_| {
        filters.update(|f| *f = f.cleared());
        apply();
    };
    let options = move |kind: DictionaryKind| {
        let locale = i18n.get_locale_untracked();
        vocab.with_value(|v| {
            let values = if kind == DictionaryKind::Industry { v.industry_sections() } else { v.choices(kind) };
            values
                .into_iter()
                .map(|item| view! { <option value=item.code.clone()>{label_of(locale, &item).to_owned()}</option> })
                .collect_view()
        })
    };
    let invalid = move |name: &'static str| problems.with(|p| p.iter().any(|(n, _)| *n == name)).to_string();
    let owners = vocab.with_value(|v| v.users.clone());
    let custom = vocab.with_value(|v| filterable(&v.fields));

    view! {
        <form class="filter-bar" data-testid="customer-filters" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); apply(); }>
            <input type="search" name="q" placeholder=move || td_string!(i18n.get_locale(), customers.search_placeholder)
                prop:value=value("q") on:input=typed("q") />
            <select name="industry" aria-label=move || td_string!(i18n.get_locale(), customers.industry) prop:value=value("industry") on:change=choose("industry")>
                <option value="">{t!(i18n, customers.all_industries)}</option>
                {options(DictionaryKind::Industry)}
            </select>
            <select name="stage" aria-label=move || td_string!(i18n.get_locale(), customers.stage) prop:value=value("stage") on:change=choose("stage")>
                <option value="">{t!(i18n, customers.all_stages)}</option>
                {options(DictionaryKind::SalesStage)}
            </select>
            <select name="grade" aria-label=move || td_string!(i18n.get_locale(), customers.grade) prop:value=value("grade") on:change=choose("grade")>
                <option value="">{t!(i18n, customers.all_grades)}</option>
                {options(DictionaryKind::Grade)}
            </select>
            <select name="customer_type" aria-label=move || td_string!(i18n.get_locale(), customers.customer_type) prop:value=value("customer_type") on:change=choose("customer_type")>
                <option value="">{t!(i18n, customers.all_types)}</option>
                {options(DictionaryKind::CustomerType)}
            </select>
            <select name="tag" aria-label=move || td_string!(i18n.get_locale(), customers.tags) prop:value=value("tag") on:change=choose("tag")>
                <option value="">{t!(i18n, customers.all_tags)}</option>
                {options(DictionaryKind::Tag)}
            </select>
            <select name="no_followup_days" aria-label=move || td_string!(i18n.get_locale(), customers.last_followup) prop:value=value("no_followup_days") on:change=choose("no_followup_days")>
                <option value="">{t!(i18n, customers.any_followup)}</option>
                <option value="7">{t!(i18n, customers.no_followup_7)}</option>
                <option value="30">{t!(i18n, customers.no_followup_30)}</option>
            </select>
            <button type="submit" class="primary">{t!(i18n, customers.search)}</button>
            <button type="button" class="link-button" data-testid="clear-filters" on:click=clear>{t!(i18n, customers.clear_filters)}</button>
            <details class="more-filters" data-testid="more-filters">
                <summary>
                    {t!(i18n, customers.more_filters)}
                    {move || Some(filters.with(Filters::more_count)).filter(|n| *n > 0).map(|n| view! { <span class="badge" data-testid="more-filters-count">{n}</span> })}
                </summary>
                <div class="grid-form">
                    <label>
                        <span>{t!(i18n, customers.owner)}</span>
                        <select name="owner_id" prop:value=value("owner_id") on:change=choose("owner_id")>
                            <option value="">{t!(i18n, customers.all_owners)}</option>
                            {owners.into_iter().map(|u| view! { <option value=u.id.0.to_string()>{u.display_name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>
                            <span>{t!(i18n, customers.department)}</span>
                            <select name="department_id"
                                prop:value=move || { departments.track(); filters.with(|f| f.get("department_id")) }
                                on:change=choose("department_id")>
                                <option value="">{t!(i18n, customers.all_departments)}</option>
                                {move || departments.get().and_then(Result::ok).map(|list| tree(&list).into_iter().map(|(id, name)| {
                                    view! { <option value=id.to_string()>{name}</option> }
                                }).collect_view())}
                            </select>
                            {move || departments.get().and_then(Result::err).map(|error| view! { <LoadError error=error /> })}
                    </label>
                    <label>
                        <span>{t!(i18n, customers.province)}</span>
                        <input name="province" prop:value=value("province") on:input=typed("province") on:change=changed />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.city)}</span>
                        <input name="city" prop:value=value("city") on:input=typed("city") on:change=changed />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.source_channel)}</span>
                        <select name="source_channel" prop:value=value("source_channel") on:change=choose("source_channel")>
                            <option value="">{t!(i18n, customers.all_sources)}</option>
                            {options(DictionaryKind::SourceChannel)}
                        </select>
                    </label>
                    <label>
                        <span>{t!(i18n, customers.lifecycle_status)}</span>
                        <select name="lifecycle_status" prop:value=value("lifecycle_status") on:change=choose("lifecycle_status")>
                            <option value="">{t!(i18n, customers.all_statuses)}</option>
                            {options(DictionaryKind::LifecycleStatus)}
                        </select>
                    </label>
                    <label>
                        <span>{t!(i18n, customers.company_size)}</span>
                        <select name="company_size" prop:value=value("company_size") on:change=choose("company_size")>
                            <option value="">{t!(i18n, customers.all_sizes)}</option>
                            {options(DictionaryKind::CompanySize)}
                        </select>
                    </label>
                    <label>
                        <span>{t!(i18n, customers.created_from)}</span>
                        <input name="created_from" type="date" prop:value=value("created_from") on:change=choose("created_from") />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.created_to)}</span>
                        <input name="created_to" type="date" prop:value=value("created_to") on:change=choose("created_to") />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.updated_from)}</span>
                        <input name="updated_from" type="date" prop:value=value("updated_from") on:change=choose("updated_from") />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.updated_to)}</span>
                        <input name="updated_to" type="date" prop:value=value("updated_to") on:change=choose("updated_to") />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.amount_min)}</span>
                        <input name="amount_min" inputmode="decimal" aria-invalid=move || invalid("amount_min")
                            prop:value=value("amount_min") on:input=typed("amount_min") on:change=changed />
                    </label>
                    <label>
                        <span>{t!(i18n, customers.amount_max)}</span>
                        <input name="amount_max" inputmode="decimal" aria-invalid=move || invalid("amount_max")
                            prop:value=value("amount_max") on:input=typed("amount_max") on:change=changed />
                    </label>
                    {custom.into_iter().map(|field| view! { <CustomFilter field=field filters=filters apply=apply /> }).collect_view()}
                </div>
            </details>
        </form>
        {move || {
            let locale = i18n.get_locale();
            let mut messages: Vec<&'static str> = problems.get().into_iter().map(|(_, p)| problem_message(locale, p)).collect();
            messages.dedup();
            (!messages.is_empty()).then(|| view! { <p class="form-error" role="alert" data-testid="filter-error">{messages.join(" ")}</p> })
        }}
    }
}

/// The filter of one select or yes/no custom field (`cf=key:value`).
#[component]
fn CustomFilter(
    field: CustomField,
    filters: RwSignal<Filters>,
    apply: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = StoredValue::new(field.key.clone());
    let label = if locale == Locale::zh_CN { field.label_zh.clone() } else { field.label_en.clone() };
    let choices: Vec<(String, String)> = if field.field_type == CustomFieldType::Boolean {
        vec![
            ("true".to_owned(), td_string!(locale, customers.yes).to_owned()),
            ("false".to_owned(), td_string!(locale, customers.no).to_owned()),
        ]
    } else {
        field
            .options
            .iter()
            .map(|o| (o.code.clone(), if locale == Locale::zh_CN { o.label_zh.clone() } else { o.label_en.clone() }))
            .collect()
    };
    view! {
        <label>
            <span>{label}</span>
            <select name=format!("cf.{}", field.key)
                prop:value=move || filters.with(|f| f.custom(&key.read_value()))
                on:change=move |e| {
                    filters.update(|f| f.set_custom(&key.read_value(), event_target_value(&e)));
                    apply();
                }>
                <option value="">{t!(i18n, customers.any_value)}</option>
                {choices.into_iter().map(|(code, text)| view! { <option value=code>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}
