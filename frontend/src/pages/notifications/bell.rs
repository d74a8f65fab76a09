//! The bell in the header: the unread count, polled every 30 s and whenever the page comes back to
//! the front; a dropdown of the latest notifications, paged by cursor, with "mark all read"; and a
//! popup of the newest one when the count grows.

use crm_types::api::ListNotifications;
use crm_types::notification::NotificationQuery;
use crm_types::page::Page;
use leptos::ev;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::POLL;
use super::{NotificationItem, read_in, unread_label, use_bell};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};

/// How many notifications a page of the dropdown holds.
const PAGE: u32 = 10;

/// Whether the page is in front (polls wait while it is in a background tab).
fn in_front() -> bool {
    web_sys::window().and_then(|w| w.document()).is_none_or(|d| !d.hidden())
}

/// The bell: its button with the unread badge, the dropdown and the popup.
#[component]
pub fn Bell() -> impl IntoView {
    let i18n = use_i18n();
    let bell = use_bell();
    let open = RwSignal::new(false);

    bell.reset();
    bell.refresh();
    let poll = set_interval_with_handle(
        move || {
            if in_front() {
                bell.refresh();
            }
        },
        POLL,
    )
    .ok();
    let focus = window_event_listener(ev::focus, move |_| bell.refresh());
    let shown = window_event_listener(ev::visibilitychange, move |_| {
        if in_front() {
            bell.refresh();
        }
    });
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" {
            open.set(false);
        }
    });
    on_cleanup(move || {
        if let Some(poll) = poll {
            poll.clear();
        }
        focus.remove();
        shown.remove();
        escape.remove();
    });

    let count = move || bell.unread.get().unwrap_or_default();
    let name = move || {
        let locale = i18n.get_locale();
        format!("{} · {}", td_string!(locale, bell.label), unread_label(locale, count()))
    };
    view! {
        <div class="bell" data-testid="bell" data-unread=move || count().to_string()>
            <button type="button" class="bell-button" data-testid="bell-button" aria-haspopup="true"
                aria-expanded=move || open.get().to_string() aria-label=name title=name
                on:click=move |_| {
                    // The dropdown shows what the popup would.
                    bell.popup.set(None);
                    open.update(|o| *o = !*o);
                }>
                <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                    <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
                </svg>
                <Show when=move || { count() > 0 }>
                    <span class="bell-badge" data-testid="bell-badge">
                        {move || if count() > 99 { td_string!(i18n.get_locale(), bell.many).to_owned() } else { count().to_string() }}
                    </span>
                </Show>
            </button>
            <Show when=move || open.get()>
                <div class="bell-backdrop" on:click=move |_| open.set(false)></div>
                <BellPanel on_close=move || open.set(false) />
            </Show>
            <Popup />
        </div>
    }
}

/// The dropdown: the latest notifications, newest first.
#[component]
fn BellPanel(on_close: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let bell = use_bell();
    let notifications = use_cursor_list(move |cursor| {
        let query = NotificationQuery { limit: Some(PAGE), cursor, ..NotificationQuery::default() };
        async move { api::get::<ListNotifications>(&(), &query).await.map(|page| Page::new(page.items, page.next_cursor)) }
    });
    let items = notifications.items;
    // A notification that arrives while the dropdown is open joins the list.
    Effect::new(move |before: Option<Option<u64>>| {
        let now = bell.unread.get();
        if let (Some(Some(before)), Some(now)) = (before, now)
            && now > before
        {
            notifications.reload();
        }
        now
    });

    let read_all = move |_| {
        bell.mark_all_read();
        items.update(|list| list.iter_mut().for_each(|n| _ = n.read_at.get_or_insert_with(chrono::Utc::now)));
    };
    let read = move |id: crm_types::NotificationId| {
        items.update(|list| read_in(list, id));
        on_close();
    };
    view! {
        <div class="bell-panel" role="dialog" data-testid="bell-panel"
            aria-label=move || td_string!(i18n.get_locale(), bell.title)>
            <div class="bell-head">
                <strong>{t!(i18n, bell.title)}</strong>
                <span class="spacer"></span>
                <button type="button" class="link-button" data-testid="mark-all-read"
                    disabled=move || bell.unread.get().unwrap_or_default() == 0 on:click=read_all>
                    {t!(i18n, bell.mark_all_read)}
                </button>
            </div>
            <ListState list=notifications name="notifications" empty=|l| td_string!(l, bell.empty)>
                <ul class="notification-list" data-testid="notification-list">
                    <For each=move || items.get() key=|n| (n.id, n.read_at.is_some()) let:notification>
                        <NotificationItem notification=notification on_read=read />
                    </For>
                </ul>
            </ListState>
            <div class="bell-foot" on:click=move |_| on_close()>
                <SettingsLink />
            </div>
        </div>
    }
}

/// The popup of a notification that has just arrived; a click opens it.
#[component]
fn Popup() -> impl IntoView {
    let i18n = use_i18n();
    let bell = use_bell();
    let navigate = use_navigate();
    let open = move |_| {
        let Some(notification) = bell.popup.get_untracked() else { return };
        bell.mark_read(&notification);
        if let Some(link) = notification.link.as_deref() {
            navigate(link, NavigateOptions::default());
        }
    };
    view! {
        <Show when=move || bell.popup.with(Option::is_some)>
            <div class="bell-popup" role="status" data-testid="bell-popup">
                <span class="muted">{t!(i18n, bell.new_notification)}</span>
                <button type="button" class="link-button popup-title" on:click=open.clone()>
                    {move || bell.popup.with(|n| n.as_ref().map(|n| n.title.clone()))}
                </button>
                <button type="button" class="link-button" on:click=move |_| bell.popup.set(None)>
                    {t!(i18n, bell.dismiss)}
                </button>
            </div>
        </Show>
    }
}

/// The link to the reminder settings, for the user's corner of the header.
#[component]
pub fn SettingsLink() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="settings-link" data-testid="notification-settings">
            <A href="/me/notifications">{t!(i18n, bell.settings)}</A>
        </span>
    }
}
