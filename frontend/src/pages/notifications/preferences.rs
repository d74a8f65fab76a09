//! `/me/notifications` (提醒设置): the channels that reach the user besides the bell — e-mail, SMS,
//! the enterprise IM robot (企业微信 / 钉钉 / 飞书) with its webhook — and the server's reasons when
//! one cannot be used (no e-mail on the account, no webhook…), next to the field they concern.

use crm_types::FieldErrorCode;
use crm_types::api::{GetNotificationPreferences, Nothing, UpdateNotificationPreferences};
use crm_types::notification::{Channel, ImKind, NotificationPreferences};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::LoadError;
use crate::messages::for_code;
use crate::pages::error_message;
use crate::shell::use_me;

/// The outside channels, in the order shown.
const CHANNELS: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Im];

/// The IMs whose robots can receive reminders.
const IM_KINDS: [ImKind; 3] = [ImKind::Wecom, ImKind::Dingtalk, ImKind::Feishu];

fn channel_label(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::Email => td_string!(locale, notify_prefs.email),
        Channel::Sms => td_string!(locale, notify_prefs.sms),
        Channel::Im => td_string!(locale, notify_prefs.im),
        Channel::InApp => td_string!(locale, followups.channel_in_app),
    }
}

fn im_label(locale: Locale, kind: ImKind) -> &'static str {
    match kind {
        ImKind::Wecom => td_string!(locale, notify_prefs.wecom),
        ImKind::Dingtalk => td_string!(locale, notify_prefs.dingtalk),
        ImKind::Feishu => td_string!(locale, notify_prefs.feishu),
    }
}

/// The message of one of the server's rules, by field and code.
fn rule_message(locale: Locale, field: &str, code: FieldErrorCode) -> &'static str {
    match (field, code) {
        ("channels", FieldErrorCode::NoEmail) => td_string!(locale, notify_prefs.no_email),
        ("channels", FieldErrorCode::NoMobile) => td_string!(locale, notify_prefs.no_mobile),
        ("im_webhook", FieldErrorCode::Required) => td_string!(locale, notify_prefs.webhook_required),
        ("im_webhook", FieldErrorCode::Invalid | FieldErrorCode::TooLong) => {
            td_string!(locale, notify_prefs.webhook_invalid)
        }
        _ => for_code(locale, code),
    }
}

/// `/me/notifications`.
#[component]
pub fn PreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    let saved = LocalResource::new(|| api::get::<GetNotificationPreferences>(&(), &Nothing {}));
    view! {
        <section class="page narrow-page" data-testid="notification-preferences">
            <h1>{t!(i18n, notify_prefs.title)}</h1>
            <p class="muted">{t!(i18n, notify_prefs.intro)}</p>
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    saved.get().map(|loaded| match loaded {
                        Ok(saved) => view! { <PreferencesForm saved=saved /> }.into_any(),
                        Err(e) => view! { <LoadError error=e /> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn PreferencesForm(saved: NotificationPreferences) -> impl IntoView {
    let i18n = use_i18n();
    let email = use_me().and_then(|me| me.email);
    let channels = RwSignal::new(saved.channels);
    let im_kind = RwSignal::new(saved.im_kind);
    let webhook = RwSignal::new(saved.im_webhook.unwrap_or_default());
    // The server's rule breaks, by field, as (field, code).
    let problems = RwSignal::new(Vec::<(String, FieldErrorCode)>::new());
    let failure = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    let busy = RwSignal::new(false);

    let toggle = move |channel: Channel, on: bool| {
        channels.update(|list| {
            list.retain(|c| *c != channel);
            if on {
                list.push(channel);
            }
        });
        done.set(false);
    };
    let messages = move |field: &'static str| {
        let locale = i18n.get_locale();
        problems.with(|all| {
            all.iter()
                .filter(|(f, _)| f == field)
                .map(|(_, code)| view! { <small class="field-error" data-field=field>{rule_message(locale, field, *code)}</small> })
                .collect_view()
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NotificationPreferences {
            channels: channels.get_untracked(),
            im_kind: im_kind.get_untracked(),
            im_webhook: Some(webhook.get_untracked().trim().to_owned()).filter(|w| !w.is_empty()),
        };
        busy.set(true);
        done.set(false);
        failure.set(None);
        spawn_local(async move {
            match api::send::<UpdateNotificationPreferences>(&(), &body).await {
                Ok(stored) => {
                    problems.set(Vec::new());
                    channels.set(stored.channels);
                    im_kind.set(stored.im_kind);
                    webhook.set(stored.im_webhook.unwrap_or_default());
                    done.set(true);
                }
                Err(e) => {
                    let found = match &e {
                        ApiError::Problem(p) => p.errors.iter().map(|f| (f.field.clone(), f.code)).collect(),
                        ApiError::Network => Vec::new(),
                    };
                    problems.set(found);
                    failure.set(Some(e));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <form class="stack-form prefs-form" data-testid="preferences-form" novalidate on:submit=submit>
            <fieldset class="channel-set">
                <legend>{t!(i18n, notify_prefs.channels)}</legend>
                {CHANNELS.into_iter().map(|channel| {
                    let hint = (channel == Channel::Email).then(|| {
                        let email = email.clone();
                        move || match &email {
                            Some(address) => td_string!(i18n.get_locale(), notify_prefs.email_to).replace("{email}", address),
                            None => td_string!(i18n.get_locale(), notify_prefs.email_missing).to_owned(),
                        }
                    });
                    view! {
                        <label class="check">
                            <input type="checkbox" name="channel" value=channel.as_str()
                                prop:checked=move || channels.with(|list| list.contains(&channel))
                                on:change=move |e| toggle(channel, event_target_checked(&e)) />
                            <span>{move || channel_label(i18n.get_locale(), channel)}</span>
                            {hint.map(|hint| view! { <small class="muted">{hint}</small> })}
                        </label>
                    }
                }).collect_view()}
                {move || messages("channels")}
            </fieldset>
            <label>
                <span>{t!(i18n, notify_prefs.im_kind)}</span>
                <select name="im_kind" aria-label=move || td_string!(i18n.get_locale(), notify_prefs.im_kind) on:change=move |e| {
                    im_kind.set(ImKind::parse(&event_target_value(&e)));
                    done.set(false);
                }>
                    <option value="" selected=move || im_kind.get().is_none()>{t!(i18n, notify_prefs.choose)}</option>
                    {IM_KINDS.into_iter().map(|kind| view! {
                        <option value=kind.as_str() selected=move || im_kind.get() == Some(kind)>
                            {move || im_label(i18n.get_locale(), kind)}
                        </option>
                    }).collect_view()}
                </select>
                {move || messages("im_kind")}
            </label>
            <label>
                <span>{t!(i18n, notify_prefs.webhook)}</span>
                <input type="url" name="im_webhook" maxlength="500" autocomplete="off" prop:value=move || webhook.get()
                    aria-label=move || td_string!(i18n.get_locale(), notify_prefs.webhook)
                    on:input=move |e| {
                        webhook.set(event_target_value(&e));
                        done.set(false);
                    } />
                <small class="muted">{t!(i18n, notify_prefs.webhook_hint)}</small>
                {move || messages("im_webhook")}
            </label>
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            {move || done.get().then(|| view! { <p class="notice" role="status" data-testid="preferences-saved">{t!(i18n, notify_prefs.saved)}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { t!(i18n, notify_prefs.saving).into_any() } else { t!(i18n, notify_prefs.save).into_any() }}
            </button>
        </form>
    }
}
