//! The password change page, forced after a first sign-in or a reset.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;
use crate::session::{SessionState, use_session};
use crate::shell::Loading;

/// Change the signed-in user's password.
#[component]
pub fn ChangePassword() -> impl IntoView {
    let session = use_session();
    move || match session.0.get() {
        SessionState::Loading => view! { <Loading /> }.into_any(),
        SessionState::SignedOut => view! { <Redirect path="/login" /> }.into_any(),
        SessionState::SignedIn(me) => view! { <PasswordForm forced=me.must_change_password /> }.into_any(),
    }
}

#[component]
fn PasswordForm(forced: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let message = RwSignal::new(None::<&'static str>);
    let busy = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        if let Err(_rule) = crm_domain::Password::parse(&new.get_untracked()) {
            message.set(Some(td_string!(locale, password.rule)));
            return;
        }
        if new.get_untracked() != confirm.get_untracked() {
            message.set(Some(td_string!(locale, password.mismatch)));
            return;
        }
        busy.set(true);
        message.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::change_password(&current.get_untracked(), &new.get_untracked()).await {
                Ok(pair) => {
                    session.start(&pair);
                    navigate("/", Default::default());
                }
                Err(ApiError::Problem(problem)) if problem.errors.iter().any(|e| e.field == "current_password") => {
                    message.set(Some(td_string!(locale, password.wrong_current)));
                }
                Err(failure) => message.set(Some(error_message(locale, &failure))),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="login-page">
            <form class="card login-card" data-testid="change-password-form" on:submit=submit>
                <h2>{t!(i18n, password.title)}</h2>
                <Show when=move || forced>
                    <p class="notice">{t!(i18n, password.required_notice)}</p>
                </Show>
                <label>
                    <span>{t!(i18n, password.current)}</span>
                    <input
                        name="current_password"
                        type="password"
                        autocomplete="current-password"
                        required
                        on:input=move |e| current.set(event_target_value(&e))
                    />
                </label>
                <label>
                    <span>{t!(i18n, password.new)}</span>
                    <input
                        name="new_password"
                        type="password"
                        autocomplete="new-password"
                        required
                        aria-describedby="password-rule"
                        on:input=move |e| new.set(event_target_value(&e))
                    />
                </label>
                <small id="password-rule" class="muted hint">{t!(i18n, password.rule)}</small>
                <label>
                    <span>{t!(i18n, password.confirm)}</span>
                    <input
                        name="confirm_password"
                        type="password"
                        autocomplete="new-password"
                        required
                        on:input=move |e| confirm.set(event_target_value(&e))
                    />
                </label>
                {move || message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <button type="submit" class="primary" disabled=busy>
                    {t!(i18n, password.submit)}
                </button>
            </form>
        </div>
    }
}
