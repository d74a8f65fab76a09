//! The follow-up form of the customer's 360° page: a new follow-up (with an optional stage change,
//! to-dos that become tasks and files uploaded to it once it is saved), or its author's correction of
//! a pending or returned one. Checked with the server's rules before sending; the server's 422 lands
//! next to the fields it names. A file that fails to upload after the follow-up was saved is reported
//! by name, and the form closes only when the user has read it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crm_types::FieldErrorCode;
use crm_types::api::{CreateFollowup, UpdateFollowup};
use crm_types::attachment::{OwnerType, Purpose};
use crm_types::customer::{Contact, ContactStatus};
use crm_types::dictionary::DictionaryKind;
use crm_types::followup::{Followup, FollowupPatch, NewFollowup, NewTodo, ReviewStatus};
use crm_types::notification::Channel;
use crm_types::{ContactId, CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::vocab::{Vocab, label_of};
use crate::api::{self, ApiError};
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::attachments::{PendingFiles, upload_file};
use crate::pages::followups::channel_label;
use crate::pages::{error_message, input_time, parse_input_time, today};
use crate::shell::use_me;

/// The reminder channels one may add to the in-app bell, which is always on.
const EXTRA_CHANNELS: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Im];

/// How far ahead of the clock a follow-up's time may be, as the server allows (a fast phone clock).
const CLOCK_SKEW_MINUTES: i64 = 5;

/// What the form needs to know about the customer.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    /// The customer.
    pub customer_id: CustomerId,
    /// Its sales stage now.
    pub stage: Option<String>,
    /// Its contacts.
    pub contacts: Vec<Contact>,
    /// Whether the user may move the customer to another stage.
    pub may_change_stage: bool,
}

/// One to-do row.
#[derive(Debug, Clone, Copy)]
struct TodoRow {
    key: usize,
    name: RwSignal<String>,
    owner: RwSignal<String>,
    finish: RwSignal<String>,
}

/// A trimmed value, `None` when blank.
fn text(signal: RwSignal<String>) -> Option<String> {
    Some(signal.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
}

/// The fields of `new` that differ from `old`: a correction sends only what the author changed.
fn patch_of(old: &Followup, new: NewFollowup) -> FollowupPatch {
    fn sorted<T: Ord>(mut list: Vec<T>) -> Vec<T> {
        list.sort();
        list.dedup();
        list
    }
    let old_contacts = sorted(old.contacts.iter().map(|c| c.id).collect());
    let old_participants = sorted(old.participants.iter().map(|u| u.id).collect());
    let old_channels = sorted(old.next_channels.clone());
    let (contacts, participants) = (sorted(new.contact_ids), sorted(new.participant_ids));
    let channels = sorted(new.next_channels);
    FollowupPatch {
        occurred_at: (new.occurred_at != old.occurred_at).then_some(new.occurred_at),
        kind: (new.kind != old.kind).then_some(new.kind),
        topic: (new.topic.trim() != old.topic).then_some(new.topic),
        summary: (new.summary.trim() != old.summary).then_some(new.summary),
        feedback: (new.feedback != old.feedback).then_some(new.feedback),
        contact_ids: (contacts != old_contacts).then_some(contacts),
        participant_ids: (participants != old_participants).then_some(participants),
        next_followup_at: (new.next_followup_at != old.next_followup_at).then_some(new.next_followup_at),
        next_channels: (channels != old_channels).then_some(channels),
    }
}

/// The form for a new follow-up of the subject (`existing` is `None`) or for correcting one.
#[component]
pub fn FollowupForm(
    vocab: StoredValue<Vocab>,
    subject: StoredValue<Subject>,
    #[prop(optional)] existing: Option<Followup>,
    on_saved: impl Fn(Followup) + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me().map(|me| me.id);
    let editing = existing.is_some();
    let types = vocab.with_value(|v| v.choices(DictionaryKind::FollowupType));
    let first_type = types.first().map(|t| t.code.clone()).unwrap_or_default();
    let old = StoredValue::new(existing.clone());
    let f = existing.as_ref();
    let occurred = RwSignal::new(input_time(f.map_or_else(Utc::now, |f| f.occurred_at)));
    let kind = RwSignal::new(f.map_or(first_type, |f| f.kind.clone()));
    let topic = RwSignal::new(f.map(|f| f.topic.clone()).unwrap_or_default());
    let summary = RwSignal::new(f.map(|f| f.summary.clone()).unwrap_or_default());
    let feedback = RwSignal::new(f.and_then(|f| f.feedback.clone()).unwrap_or_default());
    let contacts = RwSignal::new(f.map(|f| f.contacts.iter().map(|c| c.id).collect::<Vec<_>>()).unwrap_or_default());
    let participants =
        RwSignal::new(f.map(|f| f.participants.iter().map(|u| u.id).collect::<Vec<_>>()).unwrap_or_default());
    let stage_to = RwSignal::new(String::new());
    let next_at = RwSignal::new(f.and_then(|f| f.next_followup_at).map(input_time).unwrap_or_default());
    let channels = RwSignal::new(
        f.map(|f| f.next_channels.iter().copied().filter(|c| *c != Channel::InApp).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let returned_comment =
        f.filter(|f| f.review_status == ReviewStatus::Returned).and_then(|f| f.review_comment.clone());
    let todos = RwSignal::new(Vec::<TodoRow>::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let chosen_files = RwSignal::new_local(Vec::<web_sys::File>::new());
    // A new follow-up saved while some of its files were not: kept until the user has read why.
    let saved_with_failures = RwSignal::new(None::<Followup>);
    let upload_failures = RwSignal::new(Vec::<String>::new());
    let uploading = RwSignal::new(false);

    // The server's rules, so that most mistakes never leave the browser, with the same messages.
    let validate = move || -> Result<NewFollowup, FieldErrors> {
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let mut fail = |field: &str, code: FieldErrorCode| {
            found.entry(field.to_owned()).or_insert_with(|| for_code(locale, code).to_owned());
        };
        let now = Utc::now();
        let occurred_at = parse_input_time(&occurred.get_untracked());
        match occurred_at {
            None => fail("occurred_at", FieldErrorCode::Required),
            Some(at) if at > now + Duration::minutes(CLOCK_SKEW_MINUTES) => {
                fail("occurred_at", FieldErrorCode::InFuture)
            }
            Some(_) => {}
        }
        if text(kind).is_none() {
            fail("kind", FieldErrorCode::Required);
        }
        for (field, signal, max, required) in
            [("topic", topic, 200, true), ("summary", summary, 5000, true), ("feedback", feedback, 2000, false)]
        {
            let value = signal.get_untracked();
            if value.trim().is_empty() {
                if required {
                    fail(field, FieldErrorCode::Required);
                }
            } else if value.trim().chars().count() > max {
                fail(field, FieldErrorCode::TooLong);
            }
        }
        let next_followup_at: Option<DateTime<Utc>> = match text(next_at) {
            None => None,
            Some(value) => {
                let at = parse_input_time(&value);
                match at {
                    None => fail("next_followup_at", FieldErrorCode::InvalidFormat),
                    Some(at) if at <= now || occurred_at.is_some_and(|o| at <= o) => {
                        fail("next_followup_at", FieldErrorCode::NotInFuture);
                    }
                    Some(_) => {}
                }
                at
            }
        };
        let today: NaiveDate = today();
        let mut new_todos = Vec::new();
        for (i, row) in todos.get_untracked().iter().enumerate() {
            let name = text(row.name);
            match &name {
                None => fail(&format!("todos[{i}].name"), FieldErrorCode::Required),
                Some(name) if name.chars().count() > 200 => fail(&format!("todos[{i}].name"), FieldErrorCode::TooLong),
                Some(_) => {}
            }
            let finish = text(row.finish).and_then(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok());
            match finish {
                None => fail(&format!("todos[{i}].planned_finish"), FieldErrorCode::Required),
                Some(day) if day < today => fail(&format!("todos[{i}].planned_finish"), FieldErrorCode::InPast),
                Some(_) => {}
            }
            let owner_id = row.owner.get_untracked().parse::<i64>().ok().map(UserId);
            if let (Some(name), Some(planned_finish)) = (name, finish) {
                new_todos.push(NewTodo { name, owner_id, planned_finish });
            }
        }
        let Some(occurred_at) = occurred_at.filter(|_| found.is_empty()) else { return Err(found) };
        Ok(NewFollowup {
            customer_id: subject.with_value(|s| s.customer_id),
            occurred_at,
            kind: kind.get_untracked(),
            topic: topic.get_untracked().trim().to_owned(),
            summary: summary.get_untracked().trim().to_owned(),
            feedback: text(feedback),
            contact_ids: contacts.get_untracked(),
            participant_ids: participants.get_untracked(),
            stage_to: text(stage_to),
            next_followup_at,
            next_channels: std::iter::once(Channel::InApp).chain(channels.get_untracked()).collect(),
            todos: new_todos,
            demand_id: None,
        })
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        failure.set(None);
        let body = match validate() {
            Ok(body) => body,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(FieldErrors::new());
        saving.set(true);
        let old = old.get_value();
        let files = chosen_files.get_untracked();
        spawn_local(async move {
            let saved = match &old {
                None => api::send::<CreateFollowup>(&(), &body).await,
                Some(old) => {
                    let patch = patch_of(old, body);
                    api::send_if_match::<UpdateFollowup>(&old.id, old.version, &patch).await
                }
            };
            match saved {
                Ok(followup) if old.is_none() && !files.is_empty() => {
                    uploading.set(true);
                    let mut failed = Vec::new();
                    for file in &files {
                        let locale = i18n.get_locale_untracked();
                        if let Err(message) =
                            upload_file(locale, OwnerType::Followup, followup.id.0, Purpose::General, file).await
                        {
                            failed.push(message);
                        }
                    }
                    uploading.set(false);
                    if failed.is_empty() {
                        on_saved(followup);
                    } else {
                        upload_failures.set(failed);
                        saved_with_failures.set(Some(followup));
                    }
                }
                Ok(followup) => on_saved(followup),
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    failure.set(Some(e));
                    saving.set(false);
                }
            }
        });
    };

    let error_of = move |field: String| {
        move || errors.with(|e| e.get(&field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    let bind = |signal: RwSignal<String>| move |e: leptos::ev::Event| signal.set(event_target_value(&e));
    let locale = i18n.get_locale_untracked();
    let current_kind = kind.get_untracked();
    let type_options = types
        .into_iter()
        .map(|item| {
            let selected = item.code == current_kind;
            view! { <option value=item.code.clone() selected=selected>{label_of(locale, &item).to_owned()}</option> }
        })
        .collect_view();
    let (current_stage, may_change_stage) = subject.with_value(|s| (s.stage.clone(), s.may_change_stage));
    let stage_options = vocab.with_value(|v| {
        v.choices(DictionaryKind::SalesStage)
            .into_iter()
            .filter(|s| Some(&s.code) != current_stage.as_ref())
            .map(|s| view! { <option value=s.code.clone()>{label_of(locale, &s).to_owned()}</option> })
            .collect_view()
    });
    let linked = contacts.get_untracked();
    let contact_choices: Vec<Contact> = subject.with_value(|s| {
        s.contacts.iter().filter(|c| c.status != ContactStatus::Left || linked.contains(&c.id)).cloned().collect()
    });
    let colleagues: Vec<_> = vocab.with_value(|v| v.users.iter().filter(|u| Some(u.id) != me).cloned().collect());
    let toggle = |list: RwSignal<Vec<ContactId>>, id: ContactId| {
        move |e: leptos::ev::Event| {
            let on = event_target_checked(&e);
            list.update(|l| if on { l.push(id) } else { l.retain(|x| *x != id) });
        }
    };

    view! {
        <form class="record-form followup-form" data-testid="followup-form" novalidate on:submit=submit>
            {returned_comment.map(|comment| view! {
                <div class="notice warning" role="note" data-testid="returned-comment">
                    <strong>{t!(i18n, followups.returned_hint)}</strong>
                    <p>{comment}</p>
                </div>
            })}
            <fieldset>
                <legend>{if editing { t!(i18n, followups.edit).into_any() } else { t!(i18n, followups.add).into_any() }}</legend>
                <label class="required">
                    <span>{t!(i18n, followups.occurred_at)}</span>
                    <input type="datetime-local" name="occurred_at" prop:value=occurred on:input=bind(occurred) />
                    {error_of("occurred_at".into())}
                </label>
                <label class="required">
                    <span>{t!(i18n, followups.kind)}</span>
                    <select name="kind" on:change=bind(kind)>{type_options}</select>
                    {error_of("kind".into())}
                </label>
                {(may_change_stage && !editing).then(|| view! {
                    <label>
                        <span>{t!(i18n, followups.stage_to)}</span>
                        <select name="stage_to" on:change=bind(stage_to)>
                            <option value="">{t!(i18n, followups.stage_unchanged)}</option>
                            {stage_options}
                        </select>
                        {error_of("stage_to".into())}
                    </label>
                })}
                <label class="required wide">
                    <span>{t!(i18n, followups.topic)}</span>
                    <input name="topic" maxlength="200" prop:value=topic on:input=bind(topic) />
                    {error_of("topic".into())}
                </label>
                <label class="required wide">
                    <span>{t!(i18n, followups.summary)}</span>
                    <textarea name="summary" prop:value=summary on:input=bind(summary)></textarea>
                    {error_of("summary".into())}
                </label>
                <label class="wide">
                    <span>{t!(i18n, followups.feedback)}</span>
                    <textarea name="feedback" prop:value=feedback on:input=bind(feedback)></textarea>
                    {error_of("feedback".into())}
                </label>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, followups.contacts)}</legend>
                <div class="checkbox-grid" data-testid="followup-contacts">
                    {contact_choices.into_iter().map(|c| {
                        let checked = linked.contains(&c.id);
                        view! {
                            <label class="check">
                                <input type="checkbox" name="contact" value=c.id.0.to_string() prop:checked=checked on:change=toggle(contacts, c.id) />
                                {c.name.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <div class="wide">{error_of("contact_ids".into())}</div>
                <details class="wide" data-testid="followup-participants">
                    <summary>{t!(i18n, followups.participants)}</summary>
                    <div class="checkbox-grid">
                        {colleagues.into_iter().map(|u| {
                            let id = u.id;
                            let checked = participants.get_untracked().contains(&id);
                            view! {
                                <label class="check">
                                    <input type="checkbox" name="participant" value=id.0.to_string() prop:checked=checked
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            participants.update(|l| if on { l.push(id) } else { l.retain(|x| *x != id) });
                                        } />
                                    {u.display_name.clone()}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    {error_of("participant_ids".into())}
                </details>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, followups.next_followup_at)}</legend>
                <label>
                    <span>{t!(i18n, followups.next_followup_at)}</span>
                    <input type="datetime-local" name="next_followup_at" prop:value=next_at on:input=bind(next_at) />
                    {error_of("next_followup_at".into())}
                </label>
                <div class="checkbox-grid" role="group" aria-label=move || td_string!(i18n.get_locale(), followups.channels)>
                    <label class="check">
                        <input type="checkbox" name="channel" value="in_app" checked disabled />
                        {move || channel_label(i18n.get_locale(), Channel::InApp)}
                    </label>
                    {EXTRA_CHANNELS.into_iter().map(|channel| view! {
                        <label class="check">
                            <input type="checkbox" name="channel" value=channel.as_str()
                                prop:checked=channels.get_untracked().contains(&channel)
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    channels.update(|l| if on { l.push(channel) } else { l.retain(|c| *c != channel) });
                                } />
                            {move || channel_label(i18n.get_locale(), channel)}
                        </label>
                    }).collect_view()}
                </div>
            </fieldset>
            {(!editing).then(|| view! { <TodoRows todos=todos vocab=vocab me=me errors=errors /> })}
            {(!editing).then(|| view! { <PendingFiles chosen=chosen_files /> })}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <Show when=move || uploading.get()>
                <p class="muted" role="status">{t!(i18n, attachments.uploading)}</p>
            </Show>
            {move || saved_with_failures.get().map(|followup| view! {
                <div class="notice warning" role="alert" data-testid="files-not-uploaded">
                    <strong>{t!(i18n, followups.saved_files_failed)}</strong>
                    <ul class="plain">
                        {upload_failures.get().into_iter().map(|message| view! { <li data-testid="upload-error">{message}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="primary small" data-testid="files-failed-done" on:click=move |_| on_saved(followup.clone())>
                        {t!(i18n, followups.done)}
                    </button>
                </div>
            })}
            <Show when=move || saved_with_failures.with(Option::is_none)>
                <div class="form-actions">
                    <button type="button" class="link-button" on:click=move |_| on_cancel()>{t!(i18n, followups.cancel)}</button>
                    <button type="submit" class="primary" disabled=move || saving.get()>
                        {if editing { t!(i18n, followups.save_changes).into_any() } else { t!(i18n, followups.save).into_any() }}
                    </button>
                </div>
            </Show>
        </form>
    }
}

/// The to-dos of a new follow-up: name, owner (the author unless chosen) and planned finish.
#[component]
fn TodoRows(
    todos: RwSignal<Vec<TodoRow>>,
    vocab: StoredValue<Vocab>,
    me: Option<UserId>,
    errors: RwSignal<FieldErrors>,
) -> impl IntoView {
    let i18n = use_i18n();
    let bind = |signal: RwSignal<String>| move |e: leptos::ev::Event| signal.set(event_target_value(&e));
    let error_at = move |field: String| {
        move || errors.with(|e| e.get(&field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    let add = move |_| {
        todos.update(|rows| {
            let key = rows.iter().map(|r| r.key + 1).max().unwrap_or(0);
            let owner = me.map(|m| m.0.to_string()).unwrap_or_default();
            rows.push(TodoRow {
                key,
                name: RwSignal::new(String::new()),
                owner: RwSignal::new(owner),
                finish: RwSignal::new(String::new()),
            });
        });
    };
    view! {
        <fieldset data-testid="followup-todos">
            <legend>{t!(i18n, followups.todos)}</legend>
            <Show when=move || !todos.with(Vec::is_empty)>
                <table class="data-table compact">
                    <thead>
                        <tr>
                            <th class="required">{t!(i18n, followups.todo_name)}</th>
                            <th>{t!(i18n, followups.todo_owner)}</th>
                            <th class="required">{t!(i18n, followups.planned_finish)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        // Keyed by position too, so that error names follow a row when one above is removed.
                        <For each={move || todos.get().into_iter().enumerate().collect::<Vec<_>>()} key={|(i, row): &(usize, TodoRow)| (*i, row.key)} let:item>
                            {
                                let (i, row) = item;
                                let owner = row.owner.get_untracked();
                                view! {
                                    <tr data-todo-row=i.to_string()>
                                        <td>
                                            <input name="todo_name" class="cell-input" maxlength="200" prop:value=row.name on:input=bind(row.name) />
                                            {error_at(format!("todos[{i}].name"))}
                                        </td>
                                        <td>
                                            <select name="todo_owner" class="cell-input" on:change=bind(row.owner)>
                                                {vocab.with_value(|v| v.users.iter().map(|u| {
                                                    let value = u.id.0.to_string();
                                                    let selected = value == owner;
                                                    view! { <option value=value selected=selected>{u.display_name.clone()}</option> }
                                                }).collect_view())}
                                            </select>
                                            {error_at(format!("todos[{i}].owner_id"))}
                                        </td>
                                        <td>
                                            <input type="date" name="todo_finish" class="cell-input" prop:value=row.finish on:input=bind(row.finish) />
                                            {error_at(format!("todos[{i}].planned_finish"))}
                                        </td>
                                        <td>
                                            <button type="button" class="link-button" on:click=move |_| todos.update(|rows| rows.retain(|r| r.key != row.key))>
                                                {t!(i18n, followups.remove_todo)}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </Show>
            <button type="button" class="link-button" data-testid="add-todo" on:click=add>{t!(i18n, followups.add_todo)}</button>
        </fieldset>
    }
}
