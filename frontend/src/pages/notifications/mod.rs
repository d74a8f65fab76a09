//! Notifications (提醒): the bell in the header with its unread count, list and popup, the reminder
//! settings page (`/me/notifications`), and the notification row that the bell and "my day" share.

mod bell;
mod preferences;
mod state;

pub use bell::{Bell, SettingsLink};
pub use preferences::PreferencesPage;
pub use state::{BellState, use_bell};

use chrono::{DateTime, Utc};
use crm_types::notification::Notification;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::i18n::{Locale, td_string, use_i18n};
use crate::pages::local_time;

/// When something happened, as people say it: 刚刚, N 分钟前, N 小时前, then the date and time
/// (China Standard Time).
pub fn when(locale: Locale, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let minutes = (now - at).num_minutes();
    let seconds = (now - at).num_seconds();
    match seconds {
        // A time ahead of the browser's clock is shown as it is.
        ..0 => local_time(at),
        0..60 => td_string!(locale, bell.just_now).to_owned(),
        60..3600 => td_string!(locale, bell.minutes_ago).replace("{n}", &minutes.to_string()),
        3600..43_200 => td_string!(locale, bell.hours_ago).replace("{n}", &(minutes / 60).to_string()),
        _ => local_time(at),
    }
}

/// One notification: headline, text, time and an unread marker. A click marks it read, tells
/// `on_read`, and opens the page it points to.
#[component]
pub fn NotificationItem(
    notification: Notification,
    on_read: impl Fn(crm_types::NotificationId) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let bell = use_bell();
    let navigate = use_navigate();
    let unread = notification.read_at.is_none();
    let (id, created_at) = (notification.id, notification.created_at);
    let (title, body) = (notification.title.clone(), notification.body.clone());
    let open = move |_| {
        bell.mark_read(&notification);
        on_read(notification.id);
        if let Some(link) = notification.link.as_deref() {
            navigate(link, NavigateOptions::default());
        }
    };
    view! {
        <li class="notification" class:unread=unread data-notification=id.to_string() data-unread=unread.to_string()>
            <button type="button" class="notification-open" on:click=open>
                <span class="notification-title">
                    {unread.then(|| view! {
                        <span class="unread-dot" role="img" aria-label=move || td_string!(i18n.get_locale(), bell.unread_marker)></span>
                    })}
                    <strong>{title}</strong>
                </span>
                {(!body.is_empty()).then(move || view! { <span class="notification-body">{body}</span> })}
                <time datetime=created_at.to_rfc3339() title=local_time(created_at)>
                    {move || when(i18n.get_locale(), created_at, Utc::now())}
                </time>
            </button>
        </li>
    }
}

/// The notification marked read in a list held by the caller.
pub fn read_in(list: &mut [Notification], id: crm_types::NotificationId) {
    if let Some(item) = list.iter_mut().find(|n| n.id == id) {
        item.read_at.get_or_insert_with(Utc::now);
    }
}

/// The text "N 条未读" for the bell's accessible name.
fn unread_label(locale: Locale, count: u64) -> String {
    td_string!(locale, bell.unread).replace("{n}", &count.to_string())
}
