//! The bell's state, shared by the header and the pages: the unread count (polled), the newest
//! notification to pop up when the count grows, and marking notifications read.

use std::time::Duration;

use crm_types::api::{GetUnreadCount, ListNotifications, MarkAllNotificationsRead, MarkNotificationRead, Nothing};
use crm_types::notification::{Notification, NotificationQuery};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};

/// How often the header asks for the unread count.
pub const POLL: Duration = Duration::from_secs(30);

/// How long the popup of a new notification stays.
const POPUP: Duration = Duration::from_secs(8);

/// The bell, provided by the shell so that the header and the pages share one count.
#[derive(Debug, Clone, Copy)]
pub struct BellState {
    /// The unread count, once the server has told it.
    pub unread: RwSignal<Option<u64>>,
    /// The notification shown in the popup.
    pub popup: RwSignal<Option<Notification>>,
    /// Only the latest count request may set the count.
    latest: StoredValue<u32>,
    /// Marks in flight: until they are stored, the server's count is behind ours.
    writing: StoredValue<u32>,
}

impl BellState {
    /// Provides the bell's state to everything under the caller.
    pub fn provide() -> Self {
        let state = Self {
            unread: RwSignal::new(None),
            popup: RwSignal::new(None),
            latest: StoredValue::new(0),
            writing: StoredValue::new(0),
        };
        provide_context(state);
        state
    }

    /// Forgets what the previous user had (after signing in again).
    pub fn reset(self) {
        self.latest.update_value(|n| *n += 1);
        self.unread.set(None);
        self.popup.set(None);
    }

    /// Asks the server for the unread count; when it grew since the last answer, pops up the newest.
    pub fn refresh(self) {
        if self.writing.get_value() > 0 {
            return;
        }
        self.latest.update_value(|n| *n += 1);
        let ticket = self.latest.get_value();
        spawn_local(async move {
            // A failed poll keeps the last count; the next one tries again.
            let Ok(answer) = api::get::<GetUnreadCount>(&(), &Nothing {}).await else { return };
            if self.latest.try_get_value() != Some(ticket) || self.writing.try_get_value() != Some(0) {
                return;
            }
            let before = self.unread.get_untracked();
            self.unread.set(Some(answer.unread));
            if before.is_some_and(|before| answer.unread > before) {
                self.pop_newest().await;
            }
        });
    }

    async fn pop_newest(self) {
        let newest = NotificationQuery { unread: Some(true), limit: Some(1), cursor: None };
        let Ok(page) = api::get::<ListNotifications>(&(), &newest).await else { return };
        let Some(newest) = page.items.into_iter().next() else { return };
        let id = newest.id;
        self.popup.set(Some(newest));
        set_timeout(
            move || {
                if self.popup.try_get_untracked().flatten().is_some_and(|shown| shown.id == id) {
                    self.popup.set(None);
                }
            },
            POPUP,
        );
    }

    /// Marks `notification` read: the count drops at once, the server is told in the background.
    pub fn mark_read(self, notification: &Notification) {
        if self.popup.get_untracked().is_some_and(|shown| shown.id == notification.id) {
            self.popup.set(None);
        }
        if notification.read_at.is_some() {
            return;
        }
        let id = notification.id;
        self.unread.update(|count| {
            if let Some(count) = count {
                *count = count.saturating_sub(1);
            }
        });
        self.write(async move { api::act::<MarkNotificationRead>(&id, &Nothing {}).await });
    }

    /// Marks every notification read.
    pub fn mark_all_read(self) {
        self.popup.set(None);
        self.unread.set(Some(0));
        self.write(async { api::act::<MarkAllNotificationsRead>(&(), &Nothing {}).await });
    }

    fn write(self, mark: impl Future<Output = Result<(), ApiError>> + 'static) {
        self.latest.update_value(|n| *n += 1);
        self.writing.update_value(|n| *n += 1);
        spawn_local(async move {
            // If the mark is lost, the next count shows the notification unread again.
            let _ = mark.await;
            if self.writing.try_update_value(|n| *n = n.saturating_sub(1)).is_some() {
                self.refresh();
            }
        });
    }
}

/// The bell's state from context (a detached one outside the shell).
pub fn use_bell() -> BellState {
    use_context::<BellState>().unwrap_or_else(BellState::provide)
}
