//! A customer's timeline in the 360° view: the newest page first, older pages on demand (the
//! server's cursor), each entry with its labels in the user's language.

use crm_types::CustomerId;
use crm_types::api::GetCustomerTimeline;
use crm_types::customer::{TimelineEntry, TimelineQuery};
use crm_types::demand::DemandStatus;
use crm_types::dictionary::DictionaryKind;
use leptos::prelude::*;

use super::vocab::Vocab;
use crate::api;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::demands::status_label;
use crate::pages::local_time;

/// How many entries a page of the timeline holds.
const PAGE: u32 = 20;

/// The timeline card of customer `customer_id`: the newest page first, older ones on demand.
#[component]
pub fn Timeline(customer_id: CustomerId, vocab: StoredValue<Vocab>) -> impl IntoView {
    let i18n = use_i18n();
    let entries = use_cursor_list(move |cursor| {
        let query = TimelineQuery { limit: Some(PAGE), cursor };
        async move { api::get::<GetCustomerTimeline>(&customer_id, &query).await }
    });
    view! {
        <section class="card">
            <h2>{t!(i18n, customers.timeline)}</h2>
            <ListState list=entries name="timeline" empty=|l| td_string!(l, customers.timeline_empty)
                more=|l| td_string!(l, customers.older_entries)>
                <ol class="timeline" data-testid="timeline">
                    // Pages only ever append, so an entry's position is a stable key.
                    <For each=move || entries.items.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                        <TimelineItem entry=item.1 vocab=vocab />
                    </For>
                </ol>
            </ListState>
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
    // Drawn again on a language switch: the entry's words and labels follow at once.
    move || {
        let locale = i18n.get_locale();
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
        let change = (entry.from.is_some() || entry.to.is_some())
            .then(|| format!("{} → {}", show(&entry.from), show(&entry.to)));
        view! {
            <li data-kind=entry.kind.clone()>
                <time>{local_time(entry.at)}</time>
                <strong>{event_label(locale, &entry.kind)}</strong>
                {change.map(|c| view! { <span>{c}</span> })}
                {entry.detail.clone().filter(|_| entry.from.is_none() || demand_status).map(|d| view! { <span class="muted">{d}</span> })}
                {entry.reason.clone().map(|r| view! { <span class="reason">{td_string!(locale, customers.reason)}{t!(i18n, colon)}{r}</span> })}
                {entry.actor_name.clone().map(|a| view! { <span class="muted">{a}</span> })}
            </li>
        }
    }
}
