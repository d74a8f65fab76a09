//! The follow-ups on a customer's 360° page: newest first, paged by cursor, each with its to-dos, its
//! review and its files (opened on demand); the form to write one, and its author's correction of a
//! pending or returned one.

use crm_types::access::Permission;
use crm_types::api::ListFollowups;
use crm_types::attachment::OwnerType;
use crm_types::customer::Customer;
use crm_types::dictionary::DictionaryKind;
use crm_types::followup::{Followup, FollowupQuery, ReviewStatus};
use crm_types::{FollowupId, UserId};
use leptos::prelude::*;

use super::followup_form::{FollowupForm, Subject};
use super::vocab::Vocab;
use crate::api;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::{ListState, use_cursor_list};
use crate::pages::attachments::AttachmentSection;
use crate::pages::followups::{FilesToggle, ReviewBadge, channel_label, task_status_label};
use crate::pages::local_time;
use crate::shell::use_me;

/// How many follow-ups a page of the section holds.
const PAGE: u32 = 10;

/// The follow-up section; `on_change` reloads the page after a new follow-up (it may have moved the
/// customer to another stage and always adds to the timeline).
#[component]
pub fn FollowupSection(
    customer: StoredValue<Customer>,
    vocab: StoredValue<Vocab>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let has = |p: Permission| me.as_ref().is_some_and(|me| me.permissions.contains(&p));
    let (may_write, may_change_stage) = (has(Permission::FollowupCreate), has(Permission::CustomerEdit));
    let me = me.map(|me| me.id);
    let subject = StoredValue::new(customer.with_value(|c| Subject {
        customer_id: c.id,
        stage: c.stage.clone(),
        contacts: c.contacts.clone(),
        may_change_stage,
    }));
    let customer_id = customer.with_value(|c| c.id);
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<FollowupId>);
    let followups = use_cursor_list(move |cursor| {
        let query =
            FollowupQuery { customer_id: Some(customer_id), limit: Some(PAGE), cursor, ..FollowupQuery::default() };
        async move { api::get::<ListFollowups>(&(), &query).await }
    });
    let items = followups.items;

    let written = move |_: Followup| {
        adding.set(false);
        on_change();
    };
    let corrected = move |followup: Followup| {
        editing.set(None);
        items.update(|list| {
            if let Some(old) = list.iter_mut().find(|f| f.id == followup.id) {
                *old = followup;
            }
        });
    };

    view! {
        <section class="card" data-testid="followups">
            <div class="page-head">
                <h2>{t!(i18n, followups.title)}</h2>
                <span class="spacer"></span>
                {may_write.then(|| view! {
                    <Show when=move || !adding.get()>
                        <button type="button" class="primary small" data-testid="add-followup" on:click=move |_| adding.set(true)>
                            {t!(i18n, followups.add)}
                        </button>
                    </Show>
                })}
            </div>
            <Show when=move || adding.get()>
                <FollowupForm vocab=vocab subject=subject on_saved=written on_cancel=move || adding.set(false) />
            </Show>
            <ListState list=followups name="followups" empty=|l| td_string!(l, followups.empty)>
            <ol class="followup-list" data-testid="followup-list">
                <For each=move || items.get() key=|f| (f.id, f.version) let:followup>
                    <FollowupItem followup=followup vocab=vocab subject=subject me=me may_attach=may_write editing=editing on_saved=corrected />
                </For>
            </ol>
            </ListState>
        </section>
    }
}

/// One follow-up: its head line, then either its content or, while its author corrects it, the form;
/// its files below when opened (`may_attach`: the user may add and remove them).
#[component]
fn FollowupItem(
    followup: Followup,
    vocab: StoredValue<Vocab>,
    subject: StoredValue<Subject>,
    me: Option<UserId>,
    may_attach: bool,
    editing: RwSignal<Option<FollowupId>>,
    on_saved: impl Fn(Followup) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = followup.id;
    let may_edit = Some(followup.author.id) == me && followup.review_status != ReviewStatus::Approved;
    let kind = {
        let code = followup.kind.clone();
        move || vocab.with_value(|v| v.label(i18n.get_locale(), DictionaryKind::FollowupType, &code))
    };
    let (at, topic, author) = (local_time(followup.occurred_at), followup.topic.clone(), followup.author.name.clone());
    let row_topic = topic.clone();
    let status = followup.review_status;
    let stored = StoredValue::new(followup);
    let files_open = RwSignal::new(false);
    view! {
        <li class="followup" data-followup=id.0.to_string() data-topic=row_topic>
            <div class="followup-head">
                <time>{at}</time>
                <span class="badge">{kind}</span>
                <strong>{topic}</strong>
                <span class="muted">{author}</span>
                <ReviewBadge status=status />
                <FilesToggle open=files_open />
                {may_edit.then(|| view! {
                    <Show when=move || editing.get() != Some(id)>
                        <button type="button" class="link-button" data-testid="edit-followup" on:click=move |_| editing.set(Some(id))>
                            {t!(i18n, followups.edit)}
                        </button>
                    </Show>
                })}
            </div>
            <Show
                when=move || editing.get() == Some(id)
                fallback=move || view! { <FollowupBody followup=stored.get_value() vocab=vocab /> }
            >
                <FollowupForm vocab=vocab subject=subject existing=stored.get_value() on_saved=on_saved
                    on_cancel=move || editing.set(None) />
            </Show>
            <Show when=move || files_open.get()>
                <AttachmentSection owner_type=OwnerType::Followup owner_id=id.0 may_upload=may_attach nested=true on_uploaded=|| () />
            </Show>
        </li>
    }
}

/// What a follow-up says: content, feedback, people, stage change, next step, to-dos, review.
#[component]
fn FollowupBody(followup: Followup, vocab: StoredValue<Vocab>) -> impl IntoView {
    let i18n = use_i18n();
    // Drawn again on a language switch.
    move || {
        let locale = i18n.get_locale();
        let stage = |code: &Option<String>| {
            code.as_deref()
                .map(|c| vocab.with_value(|v| v.label(locale, DictionaryKind::SalesStage, c)))
                .unwrap_or_default()
        };
        let stage_change = (followup.stage_from.is_some() || followup.stage_to.is_some())
            .then(|| format!("{} → {}", stage(&followup.stage_from), stage(&followup.stage_to)));
        let names = |list: Vec<String>| (!list.is_empty()).then(|| list.join("、"));
        let contacts = names(followup.contacts.iter().map(|c| c.name.clone()).collect());
        let participants = names(followup.participants.iter().map(|u| u.name.clone()).collect());
        let next = followup.next_followup_at.map(|at| {
            let channels: Vec<&str> = followup.next_channels.iter().map(|c| channel_label(locale, *c)).collect();
            format!("{} · {}", local_time(at), channels.join("、"))
        });
        let review = followup.review_comment.clone().map(|comment| {
            let reviewer = followup.reviewer.as_ref().map(|r| format!("({})", r.name)).unwrap_or_default();
            (reviewer, comment)
        });
        view! {
            <p class="pre-line" data-testid="followup-summary">{followup.summary.clone()}</p>
            <dl class="facts">
                {followup.feedback.clone().map(|f| view! { <dt>{t!(i18n, followups.feedback)}</dt><dd>{f}</dd> })}
                {contacts.map(|c| view! { <dt>{t!(i18n, followups.contacts)}</dt><dd data-testid="followup-contact-names">{c}</dd> })}
                {participants.map(|p| view! { <dt>{t!(i18n, followups.participants)}</dt><dd>{p}</dd> })}
                {stage_change.map(|s| view! { <dt>{t!(i18n, followups.stage_change)}</dt><dd data-testid="followup-stage-change">{s}</dd> })}
                {next.map(|n| view! { <dt>{t!(i18n, followups.next_followup_at)}</dt><dd data-testid="followup-next">{n}</dd> })}
                {(!followup.tasks.is_empty()).then(|| view! {
                    <dt>{t!(i18n, followups.todos)}</dt>
                    <dd>
                        <ul class="plain" data-testid="followup-tasks">
                            {followup.tasks.iter().map(|task| view! {
                                <li data-task=task.name.clone() data-status=task.status.as_str()>
                                    {task.name.clone()}{" · "}{task.owner_name.clone()}{" · "}
                                    {t!(i18n, followups.planned_finish)}{" "}{task.planned_finish.to_string()}
                                    <span class="badge">{task_status_label(locale, task.status)}</span>
                                    {task.overdue.then(|| view! { <span class="badge overdue">{t!(i18n, followups.overdue)}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </dd>
                })}
            </dl>
            {review.map(|(reviewer, comment)| view! {
                <p class="review-comment" data-testid="review-comment">
                    {t!(i18n, followups.review_comment)}{reviewer}{t!(i18n, colon)}{comment}
                </p>
            })}
        }
    }
}
