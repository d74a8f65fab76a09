//! API keys for integrations: create with a role and an expiry (the secret is shown once), revoke.

use chrono::{NaiveDate, TimeZone, Utc};
use crm_types::admin::{ApiKey, NewApiKey, Role};
use crm_types::api::{CreateApiKey, ListApiKeys, ListRoles, Nothing, RevokeApiKey};
use crm_types::{ApiKeyId, RoleId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::lists::LoadError;
use crate::pages::{error_message, local_time};

/// `/admin/api-keys`.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    guarded(Section::ApiKeys, || view! { <ApiKeys /> }.into_any())
}

async fn load() -> Result<(Vec<ApiKey>, Vec<Role>), ApiError> {
    Ok((api::get::<ListApiKeys>(&(), &Nothing {}).await?, api::get::<ListRoles>(&(), &Nothing {}).await?))
}

#[component]
fn ApiKeys() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load()
    });
    let error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(String::new());
    let expires = RwSignal::new(String::new());
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let expires_at = NaiveDate::parse_from_str(&expires.get_untracked(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|t| Utc.from_utc_datetime(&t))
            .unwrap_or_else(Utc::now);
        let body = NewApiKey {
            name: name.get_untracked(),
            role_id: RoleId(role.get_untracked().parse().unwrap_or_default()),
            expires_at,
        };
        spawn_local(async move {
            match api::send::<CreateApiKey>(&(), &body).await {
                Ok(key) => {
                    error.set(None);
                    created.set(Some(key.key));
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let revoke = move |id: ApiKeyId| {
        spawn_local(async move {
            match api::act::<RevokeApiKey>(&id, &Nothing {}).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.api_keys)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        {move || created.get().map(|key| view! {
            <div class="notice" data-testid="created-key"><p>{t!(i18n, admin.key_shown_once)}</p><code>{key}</code></div>
        })}
        <Transition fallback=|| ()>
            {move || data.get().map(|loaded| {
                let (keys, roles) = match loaded {
                    Ok(loaded) => loaded,
                    Err(error) => return view! { <LoadError error=error /> }.into_any(),
                };
                if role.get_untracked().is_empty() {
                    role.set(roles.first().map(|r| r.id.0.to_string()).unwrap_or_default());
                }
                let role_name = {
                    let roles = roles.clone();
                    move |id: RoleId| roles.iter().find(|r| r.id == id).map(|r| r.name.clone()).unwrap_or_default()
                };
                view! {
                    <form class="inline-form panel" on:submit=create>
                        <input required placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.key_name) on:input=move |e| name.set(event_target_value(&e)) />
                        <select name="role" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), admin.role) prop:value=role on:change=move |e| role.set(event_target_value(&e))>
                            {roles.into_iter().map(|r| view! { <option value=r.id.0.to_string()>{r.name}</option> }).collect_view()}
                        </select>
                        <input type="date" name="expires_at" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), admin.expires_at) required on:input=move |e| expires.set(event_target_value(&e)) />
                        <button type="submit" class="primary">{t!(i18n, admin.new_key)}</button>
                    </form>
                    <table class="data-table">
                        <thead><tr>
                            <th>{t!(i18n, admin.key_name)}</th><th>"ID"</th><th>{t!(i18n, admin.role)}</th>
                            <th>{t!(i18n, admin.expires_at)}</th><th>{t!(i18n, admin.last_used)}</th><th>{t!(i18n, admin.actions)}</th>
                        </tr></thead>
                        <tbody>
                            {keys.into_iter().map(|key| {
                                let id = key.id;
                                view! {
                                    <tr>
                                        <td>{key.name.clone()}</td>
                                        <td><code>{format!("{}…", key.prefix)}</code></td>
                                        <td>{role_name(key.role_id)}</td>
                                        <td>{local_time(key.expires_at)}</td>
                                        <td>{key.last_used_at.map(local_time).unwrap_or_default()}</td>
                                        <td>{match key.revoked_at {
                                            Some(_) => t!(i18n, admin.revoked).into_any(),
                                            None => view! { <button type="button" class="link-button" on:click=move |_| revoke(id)>{t!(i18n, admin.revoke)}</button> }.into_any(),
                                        }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })}
        </Transition>
    }
}
