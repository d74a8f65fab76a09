//! Asking before a destructive or wide action (disable a user, hand customers over, delete): the
//! question names what will happen, and nothing is sent until the user confirms.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// Shows `question` while it is set, with 确认 and 取消; `on_confirm` runs only on 确认.
#[component]
pub fn ConfirmPrompt(
    /// The question; the prompt is shown while it is `Some` and closes on either answer.
    question: RwSignal<Option<String>>,
    /// The action, run after the user confirms.
    on_confirm: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        question.get().map(|text| {
            let label = text.clone();
            view! {
                <div class="confirm" role="alertdialog" aria-label=label data-testid="confirm">
                    <p>{text}</p>
                    <div class="form-actions">
                        <button
                            type="button"
                            class="primary small"
                            data-testid="confirm-yes"
                            on:click=move |_| {
                                question.set(None);
                                on_confirm();
                            }
                        >
                            {t!(i18n, confirm.yes)}
                        </button>
                        <button type="button" class="small" data-testid="confirm-no" on:click=move |_| question.set(None)>
                            {t!(i18n, confirm.no)}
                        </button>
                    </div>
                </div>
            }
        })
    }
}
