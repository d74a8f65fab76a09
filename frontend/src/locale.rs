//! The chosen language: zh-CN unless the user switched to English, remembered in local storage.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};

const KEY: &str = "crm.locale";

/// The locale saved by the user, or zh-CN.
pub fn saved() -> Locale {
    match LocalStorage::get::<String>(KEY).as_deref() {
        Ok("en") => Locale::en,
        _ => Locale::zh_CN,
    }
}

/// Applies the saved locale; call once under the i18n provider.
pub fn restore() {
    use_i18n().set_locale(saved());
}

/// A button that switches between Chinese and English.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let switch = move |_| {
        let next = match i18n.get_locale() {
            Locale::zh_CN => Locale::en,
            Locale::en => Locale::zh_CN,
        };
        let code = if next == Locale::en { "en" } else { "zh-CN" };
        // Without storage the switch still works for this page view.
        let _ = LocalStorage::set(KEY, code);
        i18n.set_locale(next);
    };
    view! {
        <button type="button" class="link-button" data-testid="language-switch" on:click=switch>
            {crate::i18n::t!(i18n, switch_language)}
        </button>
    }
}
