//! Toasts: the short message that tells the user an action worked (or why it did not), shown for a few
//! seconds above the page. Every save, delete, handover and switch reports through them.

use std::time::Duration;

use leptos::prelude::*;

/// How long a toast stays.
const SHOWN_FOR: Duration = Duration::from_secs(5);

/// What a toast reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The action worked.
    Success,
    /// The action failed.
    Error,
}

#[derive(Debug, Clone)]
struct Toast {
    id: u64,
    tone: Tone,
    text: String,
}

/// The app's toasts; `Toasts::provide` once at the root, `use_toasts()` anywhere below.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    shown: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    /// Makes the toasts available to the whole app.
    pub fn provide() {
        provide_context(Self { shown: RwSignal::new(Vec::new()), next_id: StoredValue::new(0) });
    }

    /// Reports a successful action.
    pub fn success(self, text: impl Into<String>) {
        self.show(Tone::Success, text.into());
    }

    /// Reports a failed action.
    pub fn error(self, text: impl Into<String>) {
        self.show(Tone::Error, text.into());
    }

    fn show(self, tone: Tone, text: String) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.shown.update(|shown| shown.push(Toast { id, tone, text }));
        let shown = self.shown;
        set_timeout(move || shown.update(|shown| shown.retain(|toast| toast.id != id)), SHOWN_FOR);
    }

    fn dismiss(self, id: u64) {
        self.shown.update(|shown| shown.retain(|toast| toast.id != id));
    }
}

/// The app's toasts.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear: a live region read out by screen readers, fixed above the page.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" data-testid="toasts" aria-live="polite">
            <For each=move || toasts.shown.get() key=|toast| toast.id let:toast>
                {
                    let id = toast.id;
                    let (class, role) = match toast.tone {
                        Tone::Success => ("toast success", "status"),
                        Tone::Error => ("toast error", "alert"),
                    };
                    view! {
                        <p class=class role=role data-testid="toast" on:click=move |_| toasts.dismiss(id)>
                            {toast.text}
                        </p>
                    }
                }
            </For>
        </div>
    }
}
