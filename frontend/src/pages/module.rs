//! A module's landing page: its name and purpose.

use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::shell::Module;

/// The landing page of `module`.
#[component]
pub fn ModulePage(module: Module) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-testid="module-page">
            <h1>{move || module.label(i18n.get_locale())}</h1>
            <p class="muted">{move || module.description(i18n.get_locale())}</p>
        </section>
    }
}
