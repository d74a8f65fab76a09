//! `/customers`: the list with search, filters, sortable columns, a pager and bulk handover.

use crm_types::access::Permission;
use crm_types::customer::{CustomerPage, CustomerQuery, CustomerSummary, Handover, HandoverRequest};
use crm_types::dictionary::DictionaryKind;
use crm_types::{CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::columns::Column;
use super::export::ExportButton;
use super::views::{Chosen, ViewBar};
use super::vocab::{Vocab, label_of};
use crate::api::{self, ApiError, Method};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;
use crate::shell::{Forbidden, use_me};

/// The filters and order of the list, as the query string of `GET /customers`.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    q: String,
    industry: String,
    stage: String,
    grade: String,
    customer_type: String,
    tag: String,
    no_followup_days: String,
    sort: String,
}

impl Filters {
    fn pairs(&self) -> [(&'static str, &String); 7] {
        [
            ("q", &self.q),
            ("industry", &self.industry),
            ("stage", &self.stage),
            ("grade", &self.grade),
            ("customer_type", &self.customer_type),
            ("tag", &self.tag),
            ("no_followup_days", &self.no_followup_days),
        ]
    }

    /// The filters alone, as a saved view keeps them.
    fn view_string(&self) -> String {
        let parts: Vec<String> = self
            .pairs()
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| format!("{name}={}", js_sys::encode_uri_component(value.trim())))
            .collect();
        parts.join("&")
    }

    /// The filters of a saved view.
    fn from_view(text: &str, sort: Option<String>) -> Self {
        let mut filters = Self { sort: sort.unwrap_or_else(|| "-created_at".into()), ..Self::default() };
        for pair in text.trim_start_matches('?').split('&') {
            let Some((name, value)) = pair.split_once('=') else { continue };
            let value = js_sys::decode_uri_component(&value.replace('+', " "))
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match name {
                "q" => filters.q = value,
                "industry" => filters.industry = value,
                "stage" => filters.stage = value,
                "grade" => filters.grade = value,
                "customer_type" => filters.customer_type = value,
                "tag" => filters.tag = value,
                "no_followup_days" => filters.no_followup_days = value,
                _ => {}
            }
        }
        filters
    }

    /// The filters and order as the export's `filter`.
    fn customer_query(&self) -> CustomerQuery {
        let text = |value: &String| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        CustomerQuery {
            q: text(&self.q),
            industry: text(&self.industry),
            stage: text(&self.stage),
            grade: text(&self.grade),
            customer_type: text(&self.customer_type),
            tag: text(&self.tag),
            no_followup_days: self.no_followup_days.trim().parse().ok(),
            sort: text(&self.sort),
            ..CustomerQuery::default()
        }
    }

    fn query(&self, cursor: Option<&str>) -> String {
        let mut parts = vec!["limit=20".to_owned(), "with_total=true".to_owned()];
        let pairs = [
            ("q", &self.q),
            ("industry", &self.industry),
            ("stage", &self.stage),
            ("grade", &self.grade),
            ("customer_type", &self.customer_type),
            ("tag", &self.tag),
            ("no_followup_days", &self.no_followup_days),
            ("sort", &self.sort),
        ];
        for (name, value) in pairs {
            let value = value.trim();
            if !value.is_empty() {
                parts.push(format!("{name}={}", js_sys::encode_uri_component(value)));
            }
        }
        if let Some(cursor) = cursor {
            parts.push(format!("cursor={}", js_sys::encode_uri_component(cursor)));
        }
        format!("/customers?{}", parts.join("&"))
    }
}

/// `/customers`.
#[component]
pub fn CustomersPage() -> impl IntoView {
    if !use_me().is_some_and(|me| me.permissions.contains(&Permission::CustomerView)) {
        return view! { <Forbidden /> }.into_any();
    }
    let i18n = use_i18n();
    let vocab = LocalResource::new(Vocab::load);
    view! {
        <section class="page" data-testid="customers-page">
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    vocab.get().map(|loaded| match loaded {
                        Ok(vocab) => view! { <CustomerList vocab=vocab /> }.into_any(),
                        Err(e) => view! { <p class="form-error">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn CustomerList(vocab: Vocab) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let may_create = me.as_ref().is_some_and(|me| me.permissions.contains(&Permission::CustomerCreate));
    let may_hand_over = me.as_ref().is_some_and(|me| me.permissions.contains(&Permission::CustomerHandover));
    let may_import = me.as_ref().is_some_and(crate::pages::imports::may_import);
    let may_export = me.as_ref().is_some_and(|me| me.permissions.contains(&Permission::CustomerExport));
    let vocab = StoredValue::new(vocab);
    let filters = RwSignal::new(Filters { sort: "-created_at".into(), ..Filters::default() });
    let items = RwSignal::new(Vec::<CustomerSummary>::new());
    let next = RwSignal::new(None::<String>);
    let total = RwSignal::new(None::<u64>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let selected = RwSignal::new(Vec::<CustomerId>::new());
    let columns = RwSignal::new(Column::DEFAULT.to_vec());

    let fetch = move |more: bool| {
        let cursor = if more { next.get_untracked() } else { None };
        let path = filters.get_untracked().query(cursor.as_deref());
        loading.set(true);
        spawn_local(async move {
            match api::get::<CustomerPage>(&path).await {
                Ok(page) => {
                    if more {
                        items.update(|list| list.extend(page.items));
                    } else {
                        items.set(page.items);
                        selected.set(Vec::new());
                    }
                    next.set(page.next_cursor);
                    total.set(page.total);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    fetch(false);

    let set = move |apply: fn(&mut Filters, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            filters.update(|f| apply(f, value));
            fetch(false);
        }
    };
    let current = move || Chosen {
        filters: filters.with_untracked(Filters::view_string),
        columns: columns.get_untracked().iter().map(|c| c.key().to_owned()).collect(),
        sort: Some(filters.with_untracked(|f| f.sort.clone())),
    };
    let apply = move |chosen: Chosen| {
        filters.set(Filters::from_view(&chosen.filters, chosen.sort));
        let picked: Vec<Column> = chosen.columns.iter().filter_map(|k| Column::from_key(k)).collect();
        columns.set(if picked.is_empty() { Column::DEFAULT.to_vec() } else { picked });
        fetch(false);
    };
    let sort_by = move |column: &'static str| {
        filters.update(|f| {
            f.sort = if f.sort == format!("-{column}") { column.to_owned() } else { format!("-{column}") };
        });
        fetch(false);
    };
    let arrow = move |column: &'static str| {
        let sort = filters.get().sort;
        if sort == column {
            " ↑"
        } else if sort == format!("-{column}") {
            " ↓"
        } else {
            ""
        }
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

    view! {
        <div class="page-head">
            <h1>{t!(i18n, customers.title)}</h1>
            <span class="spacer"></span>
            {may_export.then(|| view! { <ExportButton filter=Signal::derive(move || filters.with(Filters::customer_query)) columns=columns /> })}
            {may_import.then(|| view! { <A href="/customers/import" attr:class="button" attr:data-testid="import-customers">{t!(i18n, imports.import_customers)}</A> })}
            {may_create.then(|| view! { <A href="/customers/new" attr:class="button primary" attr:data-testid="new-customer">{t!(i18n, customers.new)}</A> })}
        </div>
        <ViewBar current=current apply=apply />
        <form class="filter-bar" data-testid="customer-filters" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); fetch(false); }>
            <input type="search" name="q" placeholder=move || td_string!(i18n.get_locale(), customers.search_placeholder)
                prop:value=move || filters.with(|f| f.q.clone()) on:input=move |e| filters.update(|f| f.q = event_target_value(&e)) />
            <select name="industry" prop:value=move || filters.with(|f| f.industry.clone()) on:change=set(|f, v| f.industry = v)>
                <option value="">{t!(i18n, customers.all_industries)}</option>
                {options(DictionaryKind::Industry)}
            </select>
            <select name="stage" prop:value=move || filters.with(|f| f.stage.clone()) on:change=set(|f, v| f.stage = v)>
                <option value="">{t!(i18n, customers.all_stages)}</option>
                {options(DictionaryKind::SalesStage)}
            </select>
            <select name="grade" prop:value=move || filters.with(|f| f.grade.clone()) on:change=set(|f, v| f.grade = v)>
                <option value="">{t!(i18n, customers.all_grades)}</option>
                {options(DictionaryKind::Grade)}
            </select>
            <select name="customer_type" prop:value=move || filters.with(|f| f.customer_type.clone()) on:change=set(|f, v| f.customer_type = v)>
                <option value="">{t!(i18n, customers.all_types)}</option>
                {options(DictionaryKind::CustomerType)}
            </select>
            <select name="tag" prop:value=move || filters.with(|f| f.tag.clone()) on:change=set(|f, v| f.tag = v)>
                <option value="">{t!(i18n, customers.all_tags)}</option>
                {options(DictionaryKind::Tag)}
            </select>
            <select name="no_followup_days" prop:value=move || filters.with(|f| f.no_followup_days.clone()) on:change=set(|f, v| f.no_followup_days = v)>
                <option value="">{t!(i18n, customers.any_followup)}</option>
                <option value="7">{t!(i18n, customers.no_followup_7)}</option>
                <option value="30">{t!(i18n, customers.no_followup_30)}</option>
            </select>
            <button type="submit" class="primary">{t!(i18n, customers.search)}</button>
        </form>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <p class="muted" data-testid="customer-total">
            {move || total.get().map(|n| td_string!(i18n.get_locale(), customers.total).replace("{n}", &n.to_string()))}
        </p>
        {may_hand_over.then(|| view! { <BulkHandover vocab=vocab selected=selected on_done=move || fetch(false) /> })}
        <ColumnChooser columns=columns />
        <table class="data-table" data-testid="customer-list">
            <thead>
                <tr>
                    <th></th>
                    {move || columns.get().into_iter().map(|column| {
                        let label = column.label(i18n.get_locale());
                        match column.sort_key() {
                            Some(key) => view! {
                                <th><button type="button" class="link-button" on:click=move |_| sort_by(key)>{label}{move || arrow(key)}</button></th>
                            }.into_any(),
                            None => view! { <th>{label}</th> }.into_any(),
                        }
                    }).collect_view()}
                </tr>
            </thead>
            <tbody>
                <For each=move || items.get() key=|c| c.id let:customer>
                    {
                        let id = customer.id;
                        let (row_name, box_name) = (customer.name.clone(), customer.name.clone());
                        let row = StoredValue::new(customer);
                        view! {
                            <tr data-customer=row_name>
                                <td>
                                    <input type="checkbox" aria-label=box_name
                                        prop:checked=move || selected.get().contains(&id)
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            selected.update(|s| if on { s.push(id) } else { s.retain(|x| *x != id) });
                                        } />
                                </td>
                                {move || {
                                    let locale = i18n.get_locale();
                                    columns.get().into_iter().map(|column| {
                                        if column == Column::Name {
                                            let name = row.with_value(|r| r.name.clone());
                                            view! { <td><A href=format!("/customers/{}", id.0)>{name}</A></td> }.into_any()
                                        } else {
                                            let text = vocab.with_value(|v| row.with_value(|r| column.cell(locale, v, r)));
                                            view! { <td>{text}</td> }.into_any()
                                        }
                                    }).collect_view()
                                }}
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
        <Show when=move || items.with(Vec::is_empty) && !loading.get()>
            <p class="empty" data-testid="no-customers">{t!(i18n, customers.empty)}</p>
        </Show>
        <Show when=move || next.with(Option::is_some)>
            <button type="button" class="load-more" on:click=move |_| fetch(true)>{t!(i18n, customers.load_more)}</button>
        </Show>
    }
}

#[component]
fn BulkHandover(
    vocab: StoredValue<Vocab>,
    selected: RwSignal<Vec<CustomerId>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<u32>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(to_user) = to.get_untracked().parse::<i64>() else { return };
        let body = HandoverRequest {
            customer_ids: selected.get_untracked(),
            to_user_id: UserId(to_user),
            reason: reason.get_untracked(),
        };
        spawn_local(async move {
            match api::write::<_, Handover>(Method::Post, "/customers/handover", &body).await {
                Ok(handover) => {
                    error.set(None);
                    done.set(Some(handover.customer_count));
                    on_done();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            <form class="inline-form bulk-bar" data-testid="bulk-handover" on:submit=submit>
                <span>{move || td_string!(i18n.get_locale(), customers.selected).replace("{n}", &selected.with(Vec::len).to_string())}</span>
                <select name="to_user" required on:change=move |e| to.set(event_target_value(&e))>
                    <option value="">{t!(i18n, customers.hand_over_to)}</option>
                    {vocab.with_value(|v| v.users.iter().map(|u| view! { <option value=u.id.0.to_string()>{u.display_name.clone()}</option> }).collect_view())}
                </select>
                <input name="reason" required placeholder=move || td_string!(i18n.get_locale(), customers.handover_reason)
                    on:input=move |e| reason.set(event_target_value(&e)) />
                <button type="submit" class="primary small">{t!(i18n, customers.hand_over)}</button>
            </form>
        </Show>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        {move || done.get().map(|n| view! { <p class="notice" role="status">{td_string!(i18n.get_locale(), customers.handed_over).replace("{n}", &n.to_string())}</p> })}
    }
}

#[component]
fn ColumnChooser(columns: RwSignal<Vec<Column>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="column-chooser" data-testid="column-chooser">
            <summary>{t!(i18n, customers.columns)}</summary>
            <div class="checkbox-grid">
                {Column::ALL.into_iter().filter(|c| *c != Column::Name).map(|column| view! {
                    <label class="check">
                        <input type="checkbox" name=column.key() prop:checked=move || columns.with(|c| c.contains(&column))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                // Keep the chooser's order whatever the order of clicks.
                                columns.update(|list| {
                                    list.retain(|c| *c != column);
                                    if on {
                                        list.push(column);
                                    }
                                    list.sort_by_key(|c| Column::ALL.iter().position(|x| x == c));
                                });
                            } />
                        {move || column.label(i18n.get_locale())}
                    </label>
                }).collect_view()}
            </div>
        </details>
    }
}
