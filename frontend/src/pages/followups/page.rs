//! `/followups`: follow-ups in tabs — 我的跟进 (written by me), 团队跟进 (everything the role's scope
//! shows) and, for reviewers, 待审核 (pending follow-ups of others) with 通过 / 退回 on each row —
//! filtered by type and date range, newest first, paged by cursor; each row opens its files below it.

use crm_types::UserId;
use crm_types::access::Permission;
use crm_types::api::{ListDictionaryItems, ListFollowups, Nothing};
use crm_types::attachment::OwnerType;
use crm_types::dictionary::{DictionaryItem, DictionaryKind};
use crm_types::followup::{Followup, FollowupQuery, ReviewStatus};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::correct::Correction;
use super::review::ReviewActions;
use super::{FilesToggle, ReviewBadge};
use crate::api;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::attachments::AttachmentSection;
use crate::pages::{error_message, local_time};
use crate::shell::{Forbidden, Module, use_me};
use crate::toast::use_toasts;

/// How many follow-ups a page of the list holds.
const PAGE: u32 = 20;

/// A tab of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Mine,
    Team,
    Review,
}

impl Tab {
    /// The tab named by `?tab=` in the address (`/followups?tab=review` from the home page).
    fn from_param(param: &str) -> Option<Self> {
        match param {
            "mine" => Some(Self::Mine),
            "team" => Some(Self::Team),
            "review" => Some(Self::Review),
            _ => None,
        }
    }

    fn param(self) -> &'static str {
        match self {
            Self::Mine => "mine",
            Self::Team => "team",
            Self::Review => "review",
        }
    }

    fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Mine => td_string!(locale, followups.tab_mine),
            Self::Team => td_string!(locale, followups.tab_team),
            Self::Review => td_string!(locale, followups.tab_review),
        }
    }
}

/// The filters, as the user typed them.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    kind: String,
    from: String,
    to: String,
}

/// The query of a page of a tab with its filters.
fn query(tab: Tab, me: UserId, filters: &Filters, cursor: Option<String>) -> FollowupQuery {
    let text = |value: &str| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    FollowupQuery {
        author_id: (tab == Tab::Mine).then_some(me),
        reviewable: (tab == Tab::Review).then_some(true),
        kind: text(&filters.kind),
        from: filters.from.trim().parse().ok(),
        to: filters.to.trim().parse().ok(),
        limit: Some(PAGE),
        cursor,
        ..FollowupQuery::default()
    }
}

/// `/followups`.
#[component]
pub fn FollowupsPage() -> impl IntoView {
    let Some(me) = use_me().filter(|me| Module::Followups.visible(me)) else {
        return view! { <Forbidden /> }.into_any();
    };
    let i18n = use_i18n();
    let has = |p: Permission| me.permissions.contains(&p);
    let (me_id, may_review, may_attach) = (me.id, has(Permission::FollowupReview), has(Permission::FollowupCreate));
    let types = LocalResource::new(|| api::get::<ListDictionaryItems>(&DictionaryKind::FollowupType, &Nothing {}));
    view! {
        <section class="page" data-testid="followups-page">
            <h1>{t!(i18n, followups.title)}</h1>
            <Transition fallback=|| view! { <crate::shell::Loading /> }>
                {move || {
                    types.get().map(|loaded| match loaded {
                        Ok(types) => view! { <Board types=types me=me_id may_review=may_review may_attach=may_attach /> }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
                }}
            </Transition>
        </section>
    }
    .into_any()
}

/// The columns of the list without the review queue's actions.
const COLUMNS: usize = 8;

/// The tabs, filters and list; `may_attach`: the user may add and remove files of follow-ups.
#[component]
fn Board(types: Vec<DictionaryItem>, me: UserId, may_review: bool, may_attach: bool) -> impl IntoView {
    let i18n = use_i18n();
    let types = StoredValue::new(types);
    // The tab is in the address, so a link, a reload or the back button opens the same one.
    let from_address = use_query_map().with_untracked(|q| q.get("tab")).and_then(|t| Tab::from_param(&t));
    let tab = RwSignal::new(from_address.filter(|t| *t != Tab::Review || may_review).unwrap_or(Tab::Mine));
    let navigate = use_navigate();
    let filters = RwSignal::new(Filters::default());
    let notice = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let followups = use_cursor_list(move |cursor| {
        let query = filters.with_untracked(|f| query(tab.get_untracked(), me, f, cursor));
        async move { api::get::<ListFollowups>(&(), &query).await }
    });
    let items = followups.items;
    // A list of another tab or other filters starts empty, not with rows that no longer apply.
    let fetch = move || followups.restart();

    let tabs: Vec<Tab> =
        [Tab::Mine, Tab::Team, Tab::Review].into_iter().filter(|t| *t != Tab::Review || may_review).collect();
    let type_label = move |locale: Locale, code: &str| {
        types.with_value(|all| {
            all.iter()
                .find(|item| item.code == code)
                .map(|item| if locale == Locale::en { item.label_en.clone() } else { item.label_zh.clone() })
                .unwrap_or_else(|| code.to_owned())
        })
    };
    let reviewed = move |followup: Followup| {
        items.update(|list| list.retain(|f| f.id != followup.id));
        let locale = i18n.get_locale_untracked();
        let message = match followup.review_status {
            ReviewStatus::Approved => td_string!(locale, followups.approved_notice),
            _ => td_string!(locale, followups.returned_notice),
        };
        notice.set(Some(message.replace("{topic}", &followup.topic)));
    };
    // A corrected follow-up takes its row's place (its new version redraws the row).
    let corrected = move |followup: Followup| {
        items.update(|list| {
            if let Some(row) = list.iter_mut().find(|f| f.id == followup.id) {
                *row = followup;
            }
        });
        toasts.success(td_string!(i18n.get_locale_untracked(), followups.corrected_notice));
    };
    let set = move |apply: fn(&mut Filters, String)| {
        move |event: leptos::ev::Event| {
            let value = event_target_value(&event);
            filters.update(|f| apply(f, value));
            fetch();
        }
    };

    view! {
        <div class="tabs" role="tablist" data-testid="followup-tabs">
            {tabs.into_iter().map(|this| view! {
                <button type="button" role="tab" aria-selected=move || (tab.get() == this).to_string()
                    on:click={
                        let navigate = navigate.clone();
                        move |_| {
                        tab.set(this);
                        navigate(&format!("/followups?tab={}", this.param()), NavigateOptions { replace: true, ..Default::default() });
                        notice.set(None);
                        fetch();
                    }}>
                    {move || this.label(i18n.get_locale())}
                </button>
            }).collect_view()}
        </div>
        <form class="filter-bar" data-testid="followup-filters" on:submit=move |e: leptos::ev::SubmitEvent| { e.prevent_default(); fetch(); }>
            <select name="kind" aria-label=move || td_string!(i18n.get_locale(), followups.kind) on:change=set(|f, v| f.kind = v)>
                <option value="">{t!(i18n, followups.all_kinds)}</option>
                {move || {
                    let locale = i18n.get_locale();
                    types.with_value(|all| all.iter().map(|item| {
                        view! { <option value=item.code.clone()>{type_label(locale, &item.code)}</option> }
                    }).collect_view())
                }}
            </select>
            <label class="check">
                <span>{t!(i18n, followups.from)}</span>
                <input type="date" name="from" on:change=set(|f, v| f.from = v) />
            </label>
            <label class="check">
                <span>{t!(i18n, followups.to)}</span>
                <input type="date" name="to" on:change=set(|f, v| f.to = v) />
            </label>
            <button type="submit" class="primary">{t!(i18n, followups.search)}</button>
        </form>
        {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="review-notice">{n}</p> })}
        <ListState list=followups name="followups" empty=|l| td_string!(l, followups.empty)>
        <table class="data-table" data-testid="followup-list">
            <thead>
                <tr>
                    <th>{t!(i18n, followups.occurred_at)}</th>
                    <th>{t!(i18n, followups.customer)}</th>
                    <th>{t!(i18n, followups.kind)}</th>
                    <th>{t!(i18n, followups.topic)}</th>
                    <th>{t!(i18n, followups.summary)}</th>
                    <th>{t!(i18n, followups.author)}</th>
                    <th>{t!(i18n, followups.status)}</th>
                    <th>{t!(i18n, followups.files)}</th>
                    <Show when=move || tab.get() == Tab::Review>
                        <th>{t!(i18n, followups.actions)}</th>
                    </Show>
                </tr>
            </thead>
            <tbody>
                <For each=move || items.get() key=|f| (f.id, f.version) let:followup>
                    {
                        let reviewing = tab.get_untracked() == Tab::Review;
                        let kind = followup.kind.clone();
                        let files_open = RwSignal::new(false);
                        let correcting = RwSignal::new(false);
                        let id = followup.id.0;
                        // The author corrects what a reviewer has not approved, even once the customer
                        // has moved to someone else.
                        let correctable = followup.author.id == me && followup.review_status != ReviewStatus::Approved;
                        let stored = StoredValue::new(followup.clone());
                        view! {
                            <tr data-followup=followup.id.0.to_string() data-topic=followup.topic.clone()>
                                <td class="nowrap">{local_time(followup.occurred_at)}</td>
                                <td><A href=format!("/customers/{}", followup.customer_id.0)>{followup.customer_name.clone()}</A></td>
                                <td>{move || type_label(i18n.get_locale(), &kind)}</td>
                                <td>{followup.topic.clone()}</td>
                                <td>
                                    <p class="pre-line">{followup.summary.clone()}</p>
                                    {followup.feedback.clone().map(|f| view! {
                                        <p class="muted">{t!(i18n, followups.feedback)}{t!(i18n, colon)}{f}</p>
                                    })}
                                    {followup.review_comment.clone().map(|c| view! {
                                        <p class="review-comment">{t!(i18n, followups.review_comment)}{t!(i18n, colon)}{c}</p>
                                    })}
                                </td>
                                <td>{followup.author.name.clone()}</td>
                                <td><ReviewBadge status=followup.review_status /></td>
                                <td>
                                    <FilesToggle open=files_open />
                                    {correctable.then(|| view! {
                                        <button type="button" class="link-button" data-testid="correct-followup"
                                            on:click=move |_| correcting.update(|c| *c = !*c)>
                                            {t!(i18n, followups.edit)}
                                        </button>
                                    })}
                                </td>
                                {reviewing.then(|| view! { <td><ReviewActions id=followup.id on_done=reviewed /></td> })}
                            </tr>
                            <Show when=move || correcting.get()>
                                <tr class="files-row" data-correcting=id.to_string()>
                                    <td colspan=(COLUMNS + usize::from(reviewing)).to_string()>
                                        <Correction followup=stored.get_value() on_saved=corrected
                                            on_cancel=move || correcting.set(false) />
                                    </td>
                                </tr>
                            </Show>
                            <Show when=move || files_open.get()>
                                <tr class="files-row" data-files-of=id.to_string()>
                                    <td colspan=(COLUMNS + usize::from(reviewing)).to_string()>
                                        <AttachmentSection owner_type=OwnerType::Followup owner_id=id may_upload=may_attach nested=true on_uploaded=|| () />
                                    </td>
                                </tr>
                            </Show>
                        }
                    }
                </For>
            </tbody>
        </table>
        </ListState>
    }
}
