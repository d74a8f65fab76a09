//! The sign-in page, with the server's version in the footer.

use crm_types::api::{GetVersion, Nothing};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api;
use crate::i18n::{t, use_i18n};
use crate::lists::LoadError;
use crate::locale::LanguageSwitch;
use crate::pages::error_message;
use crate::session::{SessionState, use_session};

/// Sign in with a username or e-mail and a password.
#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::ApiError>);
    let busy = RwSignal::new(false);

    // Once signed in, go where the user was heading (only to a path inside the app).
    Effect::new(move |_| {
        if let SessionState::SignedIn(me) = session.0.get() {
            let next = query.with_untracked(|q| q.get("next")).filter(|n| n.starts_with('/') && !n.starts_with("//"));
            let target =
                if me.must_change_password { "/change-password".to_owned() } else { next.unwrap_or("/".into()) };
            navigate(&target, Default::default());
        }
    });

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::login(&username.get_untracked(), &password.get_untracked()).await {
                Ok(pair) => session.start(&pair),
                Err(failure) => error.set(Some(failure)),
            }
            busy.set(false);
        });
    };

    view! {
        <div class="login-page">
            <form class="card login-card" data-testid="login-form" on:submit=submit>
                <div class="login-head">
                    <h1>{t!(i18n, app_name)}</h1>
                    <LanguageSwitch />
                </div>
                <h2>{t!(i18n, login.title)}</h2>
                <label>
                    <span>{t!(i18n, login.username)}</span>
                    <input
                        name="username"
                        autocomplete="username"
                        required
                        prop:value=username
                        on:input=move |e| username.set(event_target_value(&e))
                    />
                </label>
                <label>
                    <span>{t!(i18n, login.password)}</span>
                    <input
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=password
                        on:input=move |e| password.set(event_target_value(&e))
                    />
                </label>
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="form-error" role="alert">
                                    {error_message(i18n.get_locale(), &e)}
                                </p>
                            }
                        })
                }}
                <button type="submit" class="primary" disabled=busy>
                    {move || if busy.get() { t!(i18n, login.submitting).into_any() } else { t!(i18n, login.submit).into_any() }}
                </button>
                <p class="form-footer">
                    <A href="/forgot-password">{t!(i18n, forgot.link)}</A>
                </p>
            </form>
            <ServerVersion />
        </div>
    }
}

/// The server's version, fetched through the typed client.
#[component]
fn ServerVersion() -> impl IntoView {
    let i18n = use_i18n();
    let version = LocalResource::new(|| api::get::<GetVersion>(&(), &Nothing {}));
    view! {
        <footer class="server-version" data-testid="server-version">
            <Transition fallback=|| ()>
                {move || {
                    version.get().map(|answer| match answer {
                        Ok(info) => {
                            let version = info.version;
                            view! { <span>{t!(i18n, server_version, version = version.clone())}</span> }.into_any()
                        }
                        Err(error) => view! { <LoadError error=error /> }.into_any(),
                    })
                }}
            </Transition>
        </footer>
    }
}
