//! Bulk actions on the customers selected in the list: hand them over (one request), or add a tag to
//! each (one versioned update per customer, so that each succeeds or fails on its own and every
//! failure is listed with the customer's name and why).

use crm_types::api::{GetCustomer, HandOverCustomers, Nothing, UpdateCustomer};
use crm_types::customer::{CustomerPatch, CustomerSummary, HandoverRequest};
use crm_types::dictionary::DictionaryKind;
use crm_types::{CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::user_options::user_options;
use super::vocab::{Vocab, label_of};
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;

/// Hands the selected customers over to a colleague.
#[component]
pub fn BulkHandover(
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
            match api::send::<HandOverCustomers>(&(), &body).await {
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
                    {user_options(vocab, |u| u.holds_customers, None)}
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

/// What adding a tag to the selection did.
#[derive(Debug, Clone, Default, PartialEq)]
struct Outcome {
    /// Customers that got the tag.
    tagged: usize,
    /// Customers that had it already.
    unchanged: usize,
    /// Customers that could not be changed: name and why.
    failed: Vec<(String, ApiError)>,
}

/// Adds `tag` to customer `id` under the version just read; `false` when it had the tag already.
async fn add_tag(id: CustomerId, tag: &str) -> Result<bool, ApiError> {
    let customer = api::get::<GetCustomer>(&id, &Nothing {}).await?;
    if customer.tags.iter().any(|t| t == tag) {
        return Ok(false);
    }
    let mut tags = customer.tags;
    tags.push(tag.to_owned());
    let patch = CustomerPatch { tags: Some(tags), ..CustomerPatch::default() };
    api::send_if_match::<UpdateCustomer>(&id, customer.version, &patch).await?;
    Ok(true)
}

/// Adds a tag to every selected customer, one at a time.
#[component]
pub fn BulkTag(
    vocab: StoredValue<Vocab>,
    selected: RwSignal<Vec<CustomerId>>,
    items: RwSignal<Vec<CustomerSummary>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let tag = RwSignal::new(String::new());
    let running = RwSignal::new(false);
    let outcome = RwSignal::new(None::<Outcome>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let tag = tag.get_untracked();
        if tag.is_empty() || running.get_untracked() {
            return;
        }
        let targets: Vec<(CustomerId, String)> = items.with_untracked(|list| {
            selected
                .get_untracked()
                .into_iter()
                .map(|id| (id, list.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default()))
                .collect()
        });
        running.set(true);
        outcome.set(None);
        spawn_local(async move {
            let mut result = Outcome::default();
            for (id, name) in targets {
                match add_tag(id, &tag).await {
                    Ok(true) => result.tagged += 1,
                    Ok(false) => result.unchanged += 1,
                    Err(e) => result.failed.push((name, e)),
                }
            }
            running.set(false);
            outcome.set(Some(result));
            on_done();
        });
    };
    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            <form class="inline-form bulk-bar" data-testid="bulk-tag" on:submit=submit>
                <select name="bulk_tag" required on:change=move |e| tag.set(event_target_value(&e))>
                    <option value="">{t!(i18n, customers.choose_tag)}</option>
                    {move || {
                        let locale = i18n.get_locale();
                        vocab.with_value(|v| v.choices(DictionaryKind::Tag)).into_iter().map(|item| {
                            view! { <option value=item.code.clone()>{label_of(locale, &item).to_owned()}</option> }
                        }).collect_view()
                    }}
                </select>
                <button type="submit" class="small" disabled=move || running.get()>{t!(i18n, customers.add_tag)}</button>
            </form>
        </Show>
        <Show when=move || running.get()>
            <p class="muted" role="status" data-testid="bulk-tag-running">{t!(i18n, customers.tagging)}</p>
        </Show>
        {move || outcome.get().map(|o| {
            let locale = i18n.get_locale();
            let summary = td_string!(locale, customers.tagged)
                .replace("{n}", &o.tagged.to_string())
                .replace("{m}", &o.unchanged.to_string());
            view! {
                <div class="notice" role="status" data-testid="bulk-tag-result">
                    <p>{summary}</p>
                    {(!o.failed.is_empty()).then(|| view! {
                        <p class="form-error">{td_string!(locale, customers.tag_failed).replace("{n}", &o.failed.len().to_string())}</p>
                        <ul data-testid="bulk-tag-failures">
                            {o.failed.iter().map(|(name, e)| view! {
                                <li data-customer=name.clone()>{format!("{name}{}{}", td_string!(locale, colon), error_message(locale, e))}</li>
                            }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })}
    }
}
