//! Module switches.

use crm_types::access::ModuleKey;
use crm_types::admin::ModuleSwitch;
use crm_types::api::{ListModules, Nothing, SwitchModule};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded, labels};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;
use crate::session::use_session;

/// `/admin/modules`.
#[component]
pub fn ModulesPage() -> impl IntoView {
    guarded(Section::Modules, || view! { <Modules /> }.into_any())
}

#[component]
fn Modules() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        api::get::<ListModules>(&(), &Nothing {})
    });
    let error = RwSignal::new(None::<ApiError>);
    let session = use_session();
    let switch = move |key: ModuleKey, enabled: bool| {
        spawn_local(async move {
            match api::send::<SwitchModule>(&key, &ModuleSwitch { enabled }).await {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1);
                    // The navigation follows the switches: reload who-am-I and its module list.
                    session.reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.modules)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Transition fallback=|| ()>
            <ul class="switch-list" data-testid="modules">
                {move || data.get().map(|loaded| match loaded {
                    Err(error) => view! { <li><LoadError error=error /></li> }.into_any(),
                    Ok(states) => states.into_iter().map(|state| {
                    let key = state.key;
                    view! {
                        <li>
                            <label class="switch">
                                <input type="checkbox" prop:checked=state.enabled on:change=move |e| switch(key, event_target_checked(&e)) />
                                <span>{move || labels::module(i18n.get_locale(), key)}</span>
                            </label>
                        </li>
                    }
                }).collect_view().into_any(),
                })}
            </ul>
        </Transition>
    }
}
