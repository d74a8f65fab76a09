//! The chosen language: zh-CN unless the user switched to English. The choice is kept in the cookie
//! that `leptos_i18n` reads at start-up, so the browser's own language never overrides the product's
//! Chinese default.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlDocument;

use leptos_i18n::context::CookieOptions;

use crate::i18n::{Locale, t, use_i18n};

/// The cookie `leptos_i18n` keeps the locale in.
const COOKIE: &str = "i18n_pref_locale";

/// A year, in milliseconds.
const A_YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

/// The locale cookie belongs to the whole site: a switch made on `/customers/52` holds after a reload
/// anywhere (without a path the browser would scope it to `/customers`).
pub fn cookie_options() -> CookieOptions<Locale> {
    CookieOptions::default().path("/").max_age(A_YEAR_MS)
}

/// Makes zh-CN the starting locale when the user has not chosen one. Call before mounting the app.
pub fn default_to_chinese() {
    let document = web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<HtmlDocument>().ok());
    let Some(document) = document else { return };
    forget_nested_cookies(&document);
    let chosen = document.cookie().unwrap_or_default().split(';').any(|c| c.trim().starts_with(COOKIE));
    if !chosen {
        // Without cookies the app still starts, in the browser's language.
        let _ = document.set_cookie(&format!("{COOKIE}={}; path=/; max-age=31536000; samesite=lax", Locale::zh_CN));
    }
}

/// A button that switches between Chinese and English; `testid` tells the top bar's from the phone
/// menu's.
#[component]
pub fn LanguageSwitch(#[prop(optional)] testid: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    let switch = move |_| {
        let next = match i18n.get_locale() {
            Locale::zh_CN => Locale::en,
            Locale::en => Locale::zh_CN,
        };
        i18n.set_locale(next);
    };
    view! {
        <button type="button" class="link-button" data-testid=testid.unwrap_or("language-switch") on:click=switch>
            {t!(i18n, switch_language)}
        </button>
    }
}

/// Removes locale cookies that earlier versions wrote at the page's own path (`/customers`), which
/// would shadow the site-wide one.
fn forget_nested_cookies(document: &HtmlDocument) {
    let Some(path) = web_sys::window().and_then(|w| w.location().pathname().ok()) else { return };
    let mut prefix = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        prefix.push('/');
        prefix.push_str(segment);
        let _ = document.set_cookie(&format!("{COOKIE}=; path={prefix}; max-age=0"));
    }
}
