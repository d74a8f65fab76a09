//! `/customers`: the list with search, filters, saved views, sortable columns, a pager, and bulk
//! handover and tagging of the selected rows.

use crm_types::CustomerId;
use crm_types::access::Permission;
use crm_types::api::ListCustomers;
use crm_types::customer::CustomerQuery;
use leptos::prelude::*;
use leptos_router::components::A;

use super::bulk::{BulkHandover, BulkTag};
use super::columns::Column;
use super::export::ExportButton;
use super::filter_panel::FilterPanel;
use super::filters::Filters;
use super::views::{Chosen, ViewBar};
use super::vocab::Vocab;
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::error_message;
use crate::shell::{Forbidden, use_me};

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
    let has = |p: Permission| me.as_ref().is_some_and(|me| me.permissions.contains(&p));
    let (may_create, may_edit) = (has(Permission::CustomerCreate), has(Permission::CustomerEdit));
    let (may_hand_over, may_export) = (has(Permission::CustomerHandover), has(Permission::CustomerExport));
    let may_import = me.as_ref().is_some_and(crate::pages::imports::may_import);
    let vocab = StoredValue::new(vocab);
    let filters = RwSignal::new(Filters::default());
    let selected = RwSignal::new(Vec::<CustomerId>::new());
    let columns = RwSignal::new(Column::DEFAULT.to_vec());
    let customers = use_cursor_list(move |cursor| {
        let query = filters.with_untracked(|f| f.page_query(cursor));
        async move { api::get::<ListCustomers>(&(), &query).await }
    });
    let items = customers.items;
    // A new first page starts a new selection.
    let fetch = move || {
        selected.set(Vec::new());
        customers.reload();
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
        fetch();
    };
    let sort_by = move |column: &'static str| {
        filters.update(|f| {
            f.sort = if f.sort == format!("-{column}") { column.to_owned() } else { format!("-{column}") };
        });
        fetch();
    };
    let arrow = move |column: &'static str| {
        let sort = filters.with(|f| f.sort.clone());
        if sort == column {
            " ↑"
        } else if sort == format!("-{column}") {
            " ↓"
        } else {
            ""
        }
    };
    let all_selected =
        move || items.with(|list| !list.is_empty() && selected.with(|s| list.iter().all(|c| s.contains(&c.id))));
    let select_all = move |on: bool| {
        let visible: Vec<CustomerId> = items.with_untracked(|list| list.iter().map(|c| c.id).collect());
        selected.update(|s| {
            s.retain(|id| !visible.contains(id));
            if on {
                s.extend(visible);
            }
        });
    };

    // An export takes the rows chosen, when there are any, else everything the filters find.
    let export_filter = move || {
        let chosen = selected.with(|s| s.iter().map(|id| id.0.to_string()).collect::<Vec<_>>());
        if chosen.is_empty() {
            filters.with(Filters::customer_query)
        } else {
            CustomerQuery { ids: Some(chosen.join(",")), ..CustomerQuery::default() }
        }
    };

    view! {
        <div class="page-head">
            <h1>{t!(i18n, customers.title)}</h1>
            <span class="spacer"></span>
            {may_export.then(|| view! { <ExportButton filter=Signal::derive(export_filter) columns=columns /> })}
            {may_import.then(|| view! { <A href="/customers/import" attr:class="button" attr:data-testid="import-customers">{t!(i18n, imports.import_customers)}</A> })}
            {may_create.then(|| view! { <A href="/customers/new" attr:class="button primary" attr:data-testid="new-customer">{t!(i18n, customers.new)}</A> })}
        </div>
        <ViewBar current=current apply=apply />
        <FilterPanel filters=filters vocab=vocab on_apply=move || fetch() />
        <p class="muted" data-testid="customer-total">
            {move || customers.total().map(|n| td_string!(i18n.get_locale(), customers.total).replace("{n}", &n.to_string()))}
        </p>
        <Show when=move || !selected.with(Vec::is_empty)>
            <p class="muted" data-testid="selected-count">
                {move || td_string!(i18n.get_locale(), customers.selected).replace("{n}", &selected.with(Vec::len).to_string())}
            </p>
        </Show>
        {may_hand_over.then(|| view! { <BulkHandover vocab=vocab selected=selected on_done=move || fetch() /> })}
        {may_edit.then(|| view! { <BulkTag vocab=vocab selected=selected items=items on_done=move || fetch() /> })}
        <ColumnChooser columns=columns />
        <ListState list=customers name="customers" empty=|l| td_string!(l, customers.empty) loading=|l| td_string!(l, customers.loading)>
        <table class="data-table" data-testid="customer-list" aria-busy=move || customers.loading().to_string()>
            <thead>
                <tr>
                    <th>
                        <input type="checkbox" data-testid="select-all" aria-label=move || td_string!(i18n.get_locale(), customers.select_all)
                            prop:checked=all_selected on:change=move |e| select_all(event_target_checked(&e)) />
                    </th>
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
        </ListState>
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
