//! Forgotten passwords: ask for a reset e-mail, then set a new password with its token.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::error_message;

/// Ask for a reset e-mail with the account's e-mail address and bound mobile number.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        spawn_local(async move {
            match api::request_password_reset(&email.get_untracked(), &mobile.get_untracked()).await {
                Ok(()) => sent.set(true),
                Err(failure) => error.set(Some(failure)),
            }
        });
    };
    view! {
        <div class="login-page">
            <form class="card login-card" data-testid="forgot-password-form" on:submit=submit>
                <h2>{t!(i18n, forgot.title)}</h2>
                <Show
                    when=move || sent.get()
                    fallback=move || {
                        view! {
                            <label>
                                <span>{t!(i18n, forgot.email)}</span>
                                <input type="email" required on:input=move |e| email.set(event_target_value(&e)) />
                            </label>
                            <label>
                                <span>{t!(i18n, forgot.mobile)}</span>
                                <input type="tel" required on:input=move |e| mobile.set(event_target_value(&e)) />
                            </label>
                            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
                            <button type="submit" class="primary">{t!(i18n, forgot.submit)}</button>
                        }
                    }
                >
                    <p class="notice" role="status">{t!(i18n, forgot.sent)}</p>
                </Show>
                <p class="form-footer">
                    <A href="/login">{t!(i18n, forgot.back)}</A>
                </p>
            </form>
        </div>
    }
}

/// Set a new password with the token from the reset e-mail (`/reset-password?token=…`).
#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let message = RwSignal::new(None::<&'static str>);
    let done = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        if crm_domain::Password::parse(&new.get_untracked()).is_err() {
            message.set(Some(td_string!(locale, password.rule)));
            return;
        }
        if new.get_untracked() != confirm.get_untracked() {
            message.set(Some(td_string!(locale, password.mismatch)));
            return;
        }
        let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
        spawn_local(async move {
            match api::confirm_password_reset(&token, &new.get_untracked()).await {
                Ok(()) => done.set(true),
                Err(ApiError::Problem(p)) if p.errors.iter().any(|e| e.field == "token") => {
                    message.set(Some(td_string!(locale, reset.invalid)));
                }
                Err(failure) => message.set(Some(error_message(locale, &failure))),
            }
        });
    };
    view! {
        <div class="login-page">
            <form class="card login-card" data-testid="reset-password-form" on:submit=submit>
                <h2>{t!(i18n, reset.title)}</h2>
                <Show
                    when=move || done.get()
                    fallback=move || {
                        view! {
                            <label>
                                <span>{t!(i18n, password.new)}</span>
                                <input type="password" autocomplete="new-password" required on:input=move |e| new.set(event_target_value(&e)) />
                            </label>
                            <small class="muted hint">{t!(i18n, password.rule)}</small>
                            <label>
                                <span>{t!(i18n, password.confirm)}</span>
                                <input type="password" autocomplete="new-password" required on:input=move |e| confirm.set(event_target_value(&e)) />
                            </label>
                            {move || message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                            <button type="submit" class="primary">{t!(i18n, reset.submit)}</button>
                        }
                    }
                >
                    <p class="notice" role="status">{t!(i18n, reset.done)}</p>
                </Show>
                <p class="form-footer">
                    <A href="/login">{t!(i18n, forgot.back)}</A>
                </p>
            </form>
        </div>
    }
}
