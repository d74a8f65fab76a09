//! A manager's decision on one follow-up of the review queue: 通过 at once, or 退回 with a comment
//! the author will read.

use crm_types::FieldErrorCode;
use crm_types::FollowupId;
use crm_types::api::ReviewFollowup;
use crm_types::followup::{Followup, ReviewDecision, ReviewInput};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::messages::{FieldErrors, for_code, from_problem};
use crate::pages::error_message;

/// The 通过 / 退回 buttons of a queued follow-up; `on_done` gets the reviewed record.
#[component]
pub fn ReviewActions(id: FollowupId, on_done: impl Fn(Followup) + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let returning = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let send = move |decision: ReviewDecision| {
        let locale = i18n.get_locale_untracked();
        let text = comment.get_untracked().trim().to_owned();
        // The server's rule, checked here first: a follow-up is never returned without a reason.
        if decision == ReviewDecision::Return && text.is_empty() {
            errors.set(FieldErrors::from([(
                "comment".to_owned(),
                for_code(locale, FieldErrorCode::Required).to_owned(),
            )]));
            return;
        }
        errors.set(FieldErrors::new());
        failure.set(None);
        busy.set(true);
        let body = ReviewInput { decision, comment: Some(text).filter(|c| !c.is_empty()) };
        spawn_local(async move {
            match api::send::<ReviewFollowup>(&id, &body).await {
                Ok(reviewed) => on_done(reviewed),
                Err(e) => {
                    errors.set(from_problem(locale, &e));
                    failure.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    let send_back = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        send(ReviewDecision::Return);
    };
    view! {
        <div class="row-actions">
            <button type="button" class="primary small" disabled=move || busy.get()
                on:click=move |_| send(ReviewDecision::Approve)>
                {t!(i18n, followups.approve)}
            </button>
            <button type="button" class="small" disabled=move || busy.get() on:click=move |_| returning.set(true)>
                {t!(i18n, followups.send_back)}
            </button>
        </div>
        <Show when=move || returning.get()>
            <form class="stack-form" data-testid="send-back-form" novalidate on:submit=send_back>
                <label class="required">
                    <span>{t!(i18n, followups.send_back_comment)}</span>
                    <textarea name="comment" maxlength="1000" on:input=move |e| comment.set(event_target_value(&e))></textarea>
                    {move || errors.with(|e| e.get("comment").cloned()).map(|m| view! { <small class="field-error">{m}</small> })}
                </label>
                <button type="submit" class="danger small" disabled=move || busy.get()>
                    {t!(i18n, followups.confirm_send_back)}
                </button>
            </form>
        </Show>
        {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
    }
}
