//! The duplicate check (查重) of the customer form: 400 ms after the user stops typing a name, phone or
//! credit code, the server is asked for customers that look the same, and the form lists them with
//! links, so that nobody enters a customer twice. Saving checks once more and asks before it saves
//! beside a look-alike.

use std::time::Duration;

use crm_types::CustomerId;
use crm_types::api::FindDuplicateCustomers;
use crm_types::customer::{DuplicateMatch, DuplicateQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::LoadError;

/// How long typing must pause before the check runs.
const PAUSE: Duration = Duration::from_millis(400);

/// The look-alikes of what the form holds, kept up to date as the user types.
#[derive(Debug, Clone, Copy)]
pub struct DuplicateCheck {
    /// What the server found for the latest values.
    pub found: RwSignal<Vec<DuplicateMatch>>,
    /// Why the latest check could not be made.
    pub failed: RwSignal<Option<ApiError>>,
    /// The name, phone and credit code as typed.
    fields: [RwSignal<String>; 3],
    except: Option<CustomerId>,
    timer: StoredValue<Option<TimeoutHandle>>,
    latest: StoredValue<u32>,
}

impl DuplicateCheck {
    /// Checks `name`, `phone` and `uscc`; `except` is the customer being edited.
    pub fn new(
        name: RwSignal<String>,
        phone: RwSignal<String>,
        uscc: RwSignal<String>,
        except: Option<CustomerId>,
    ) -> Self {
        let check = Self {
            found: RwSignal::new(Vec::new()),
            failed: RwSignal::new(None),
            fields: [name, phone, uscc],
            except,
            timer: StoredValue::new(None),
            latest: StoredValue::new(0),
        };
        on_cleanup(move || check.cancel());
        check
    }

    fn cancel(self) {
        if let Some(Some(handle)) = self.timer.try_get_value() {
            handle.clear();
        }
    }

    /// Runs the check once typing pauses (each call restarts the wait).
    pub fn schedule(self) {
        self.cancel();
        let handle = set_timeout_with_handle(move || self.run(), PAUSE).ok();
        self.timer.set_value(handle);
    }

    /// Runs the check now.
    pub fn run(self) {
        spawn_local(async move {
            let _ = self.now().await;
        });
    }

    /// Checks the values as they are now and waits for the answer, which the warning also shows: a
    /// save asks about look-alikes before it sends.
    pub async fn now(self) -> Result<Vec<DuplicateMatch>, ApiError> {
        self.cancel();
        let value = |signal: RwSignal<String>| {
            signal.try_get_untracked().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
        };
        let [name, phone, uscc] = self.fields;
        let query = DuplicateQuery { name: value(name), phone: value(phone), uscc: value(uscc), except: None };
        let Some(request) = self.latest.try_get_value().map(|n| n.wrapping_add(1)) else { return Ok(Vec::new()) };
        self.latest.set_value(request);
        if query == DuplicateQuery::default() {
            let _ = self.found.try_set(Vec::new());
            let _ = self.failed.try_set(None);
            return Ok(Vec::new());
        }
        let query = DuplicateQuery { except: self.except.map(|id| id.0), ..query };
        let answer = api::get::<FindDuplicateCustomers>(&(), &query).await;
        // An answer to an older request than the latest is stale: it is returned, not shown.
        if self.latest.try_get_value() == Some(request) {
            match &answer {
                Ok(found) => {
                    let _ = self.found.try_set(found.clone());
                    let _ = self.failed.try_set(None);
                }
                Err(error) => {
                    let _ = self.failed.try_set(Some(error.clone()));
                }
            }
        }
        answer
    }
}

fn matched_label(locale: Locale, key: &str) -> &'static str {
    match key {
        "name" => td_string!(locale, customers.same_name),
        "phone" => td_string!(locale, customers.same_phone),
        "uscc" => td_string!(locale, customers.same_uscc),
        _ => "",
    }
}

/// The warning with links to the look-alikes, shown while there are any; a check that failed says so.
#[component]
pub fn DuplicateWarning(check: DuplicateCheck) -> impl IntoView {
    let i18n = use_i18n();
    let found = check.found;
    view! {
        {move || check.failed.get().map(|error| view! {
            <div class="notice warning" data-testid="duplicate-check-failed">
                <strong>{t!(i18n, customers.duplicate_check_failed)}</strong>
                <LoadError error=error />
            </div>
        })}
        <Show when=move || !found.with(Vec::is_empty)>
            <div class="notice warning" role="alert" data-testid="duplicate-warning">
                <strong>{t!(i18n, customers.duplicate_warning)}</strong>
                <ul>
                    {move || {
                        let locale = i18n.get_locale();
                        found.get().into_iter().map(|m| {
                            let why: Vec<&str> = m.matched_on.iter().map(|k| matched_label(locale, k)).filter(|s| !s.is_empty()).collect();
                            view! {
                                <li data-duplicate=m.id.0.to_string()>
                                    <A href=format!("/customers/{}", m.id.0)>{format!("{} {}", m.code, m.name)}</A>
                                    {m.owner_name.map(|o| view! { <span class="muted">{format!(" · {o}")}</span> })}
                                    {(!why.is_empty()).then(|| view! { <span class="muted">{format!(" ({})", why.join("、"))}</span> })}
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
