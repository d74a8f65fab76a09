//! A module's landing page: its name and purpose.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::shell::{Forbidden, Module, use_me};

/// The landing page of `module`.
#[component]
pub fn ModulePage(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    if !use_me().is_some_and(|me| module.visible(&me)) {
        return view! { <Forbidden /> }.into_any();
    }
    view! {
        <section class="page" data-testid="module-page">
            <h1>{move || module.label(i18n.get_locale())}</h1>
            <p class="muted">{move || module.description(i18n.get_locale())}</p>
        </section>
    }
    .into_any()
}
