//! A customer's timeline in the 360° view: the newest page first, older pages on demand (the
//! server's cursor), each entry with its labels in the user's language.

use crm_types::customer::{TimelineEntry, TimelinePage};
use crm_types::demand::DemandStatus;
use crm_types::dictionary::DictionaryKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::vocab::Vocab;
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::demands::status_label;
use crate::pages::{error_message, local_time};

/// How many entries a page of the timeline holds.
pub const PAGE: u32 = 20;

/// The path of a page of customer `id`'s timeline.
pub fn page_path(id: i64, cursor: Option<&str>) -> String {
    match cursor {
        Some(cursor) => {
            format!("/customers/{id}/timeline?limit={PAGE}&cursor={}", js_sys::encode_uri_component(cursor))
        }
        None => format!("/customers/{id}/timeline?limit={PAGE}"),
    }
}

/// The timeline card: `first` is the newest page, already loaded with the customer.
#[component]
pub fn Timeline(customer_id: i64, first: TimelinePage, vocab: StoredValue<Vocab>) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(first.items);
    let next = RwSignal::new(first.next_cursor);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let more = move |_| {
        let Some(cursor) = next.get_untracked() else { return };
        loading.set(true);
        spawn_local(async move {
            match api::get::<TimelinePage>(&page_path(customer_id, Some(&cursor))).await {
                Ok(page) => {
                    entries.update(|list| list.extend(page.items));
                    next.set(page.next_cursor);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    view! {
        <section class="card">
            <h2>{t!(i18n, customers.timeline)}</h2>
            <ol class="timeline" data-testid="timeline">
                // Pages only ever append, so an entry's position is a stable key.
                <For each=move || entries.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                    <TimelineItem entry=item.1 vocab=vocab />
                </For>
            </ol>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <Show when=move || next.with(Option::is_some)>
                <button type="button" class="load-more" data-testid="timeline-more" disabled=move || loading.get() on:click=more>
                    {t!(i18n, customers.older_entries)}
                </button>
            </Show>
        </section>
    }
}

fn event_label(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "created" => td_string!(locale, timeline.created),
        "stage_changed" => td_string!(locale, timeline.stage_changed),
        "customer_type_changed" => td_string!(locale, timeline.customer_type_changed),
        "lifecycle_status_changed" => td_string!(locale, timeline.lifecycle_status_changed),
        "grade_changed" => td_string!(locale, timeline.grade_changed),
        "handover" => td_string!(locale, timeline.handover),
        "contact_added" => td_string!(locale, timeline.contact_added),
        "contact_updated" => td_string!(locale, timeline.contact_updated),
        "contact_left" => td_string!(locale, timeline.contact_left),
        "collaborator_added" => td_string!(locale, timeline.collaborator_added),
        "collaborator_removed" => td_string!(locale, timeline.collaborator_removed),
        "deleted" => td_string!(locale, timeline.deleted),
        "restored" => td_string!(locale, timeline.restored),
        "followup_added" => td_string!(locale, timeline.followup_added),
        "demand_created" => td_string!(locale, timeline.demand_created),
        "demand_status_changed" => td_string!(locale, timeline.demand_status_changed),
        _ => td_string!(locale, timeline.updated),
    }
}

#[component]
fn TimelineItem(entry: TimelineEntry, vocab: StoredValue<Vocab>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kind = match entry.field.as_deref() {
        Some("stage") => Some(DictionaryKind::SalesStage),
        Some("customer_type") => Some(DictionaryKind::CustomerType),
        Some("lifecycle_status") => Some(DictionaryKind::LifecycleStatus),
        Some("grade") => Some(DictionaryKind::Grade),
        _ => None,
    };
    let demand_status = entry.kind == "demand_status_changed";
    let show = |value: &Option<String>| match (kind, value) {
        (_, Some(code)) if demand_status => {
            DemandStatus::parse(code).map_or_else(|| code.clone(), |s| status_label(locale, s).to_owned())
        }
        (Some(kind), Some(code)) => vocab.with_value(|v| v.label(locale, kind, code)),
        (None, Some(text)) => text.clone(),
        (_, None) => String::new(),
    };
    let change =
        (entry.from.is_some() || entry.to.is_some()).then(|| format!("{} → {}", show(&entry.from), show(&entry.to)));
    view! {
        <li data-kind=entry.kind.clone()>
            <time>{local_time(entry.at)}</time>
            <strong>{event_label(locale, &entry.kind)}</strong>
            {change.map(|c| view! { <span>{c}</span> })}
            {entry.detail.clone().filter(|_| entry.from.is_none() || demand_status).map(|d| view! { <span class="muted">{d}</span> })}
            {entry.reason.clone().map(|r| view! { <span class="reason">{td_string!(locale, customers.reason)}{": "}{r}</span> })}
            {entry.actor_name.clone().map(|a| view! { <span class="muted">{a}</span> })}
        </li>
    }
}
