//! The cards of what came in: unread reminders (the bell's, kept in step with it) and, for
//! reviewers, the follow-ups of the team waiting for review.

use crm_types::api::{ListFollowups, ListNotifications};
use crm_types::followup::{Followup, FollowupQuery};
use crm_types::notification::{NotificationPage, NotificationQuery};
use crm_types::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{Card, Empty};
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::pages::local_time;
use crate::pages::notifications::{NotificationItem, use_bell};

/// A page of followups (named: `view!` does not parse generic arguments in closures).
type Followups = Page<Followup>;

/// Unread reminders listed on the card.
const REMINDERS: u32 = 5;
/// Queued follow-ups listed on the card.
const QUEUED: u32 = 5;

/// 未读提醒: reloads whenever the bell's count changes, so reading one anywhere takes it off.
#[component]
pub fn Reminders() -> impl IntoView {
    let bell = use_bell();
    let load = LocalResource::new(move || {
        bell.unread.track();
        let query = NotificationQuery { unread: Some(true), limit: Some(REMINDERS), cursor: None };
        async move { api::get::<ListNotifications>(&(), &query).await }
    });
    view! {
        <Card testid="my-reminders" title=|l| td_string!(l, my_day.reminders) load=load body=|page: NotificationPage| {
            let i18n = use_i18n();
            let (shown, unread) = (page.items.len() as u64, page.unread);
            view! {
                {page.items.is_empty().then(|| view! { <Empty text=|l| td_string!(l, my_day.reminders_empty) /> })}
                <ul class="notification-list">
                    {page.items.into_iter().map(|n| view! { <NotificationItem notification=n on_read=|_| {} /> }).collect_view()}
                </ul>
                {(unread > shown).then(|| view! {
                    <p class="muted fine-print">
                        {move || td_string!(i18n.get_locale(), my_day.reminders_more).replace("{n}", &unread.to_string())}
                    </p>
                })}
            }
            .into_any()
        } />
    }
}

/// 团队待审核: the latest pending follow-ups of others, with the way to the review tab.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let load = LocalResource::new(|| async move {
        let query = FollowupQuery { reviewable: Some(true), limit: Some(QUEUED), ..FollowupQuery::default() };
        api::get::<ListFollowups>(&(), &query).await
    });
    view! {
        <Card testid="review-queue" title=|l| td_string!(l, my_day.review) load=load body=|page: Followups| {
            let i18n = use_i18n();
            view! {
                {page.items.is_empty().then(|| view! { <Empty text=|l| td_string!(l, my_day.review_empty) /> })}
                <ul class="day-list">
                    {page.items.into_iter().map(|f| {
                        let topic = f.topic.clone();
                        view! {
                        <li data-followup=f.id.0.to_string() data-topic=topic>
                            <time class="nowrap">{local_time(f.occurred_at)}</time>
                            <A href=format!("/customers/{}", f.customer_id.0)>{f.customer_name}</A>
                            <span>{f.topic}</span>
                            <span class="muted">{f.author.name}</span>
                        </li>
                        }
                    }).collect_view()}
                </ul>
                {page.next_cursor.is_some().then(|| view! { <p class="muted fine-print">{t!(i18n, my_day.review_more)}</p> })}
                <p class="card-foot"><A href="/followups?tab=review">{t!(i18n, my_day.open_review)}</A></p>
            }
            .into_any()
        } />
    }
}
