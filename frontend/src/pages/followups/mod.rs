//! Follow-ups (跟进记录): the `/followups` page — the author's own, the team's, and the manager's
//! review queue — and the labels the customer's 360° page shows follow-ups with.

mod correct;
mod page;
mod review;

pub use page::FollowupsPage;

use crm_types::followup::ReviewStatus;
use crm_types::notification::Channel;
use crm_types::task::TaskStatus;
use leptos::prelude::*;

use crate::i18n::{Locale, td_string, use_i18n};

/// The name of a review state.
pub fn review_label(locale: Locale, status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Pending => td_string!(locale, followups.pending),
        ReviewStatus::Approved => td_string!(locale, followups.approved),
        ReviewStatus::Returned => td_string!(locale, followups.returned),
    }
}

/// The name of a task state.
pub fn task_status_label(locale: Locale, status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Pending => td_string!(locale, followups.task_pending),
        TaskStatus::InProgress => td_string!(locale, followups.task_in_progress),
        TaskStatus::Done => td_string!(locale, followups.task_done),
        TaskStatus::Delayed => td_string!(locale, followups.task_delayed),
    }
}

/// The name of a reminder channel.
pub fn channel_label(locale: Locale, channel: Channel) -> &'static str {
    match channel {
        Channel::InApp => td_string!(locale, followups.channel_in_app),
        Channel::Email => td_string!(locale, followups.channel_email),
        Channel::Sms => td_string!(locale, followups.channel_sms),
        Channel::Im => td_string!(locale, followups.channel_im),
    }
}

/// The button that shows or hides a follow-up's files.
#[component]
pub fn FilesToggle(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="button" class="link-button" data-testid="toggle-files" aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)>
            {move || {
                let locale = i18n.get_locale();
                if open.get() { td_string!(locale, followups.hide_files) } else { td_string!(locale, followups.show_files) }
            }}
        </button>
    }
}

/// The review state as a badge (`data-status` carries the code).
#[component]
pub fn ReviewBadge(status: ReviewStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge review-{}", status.as_str()) data-testid="review-status" data-status=status.as_str()>
            {move || review_label(i18n.get_locale(), status)}
        </span>
    }
}
