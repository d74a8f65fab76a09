//! How a paged list shows where it stands, the same way on every page: its rows, and below them a
//! failed read in the user's language, "loading", the list's own words when there is nothing, and
//! the button that reads the next page.

use leptos::prelude::*;

use super::CursorList;
use crate::api::ApiError;
use crate::i18n::{Locale, td_string, use_i18n};
use crate::messages::error_message;

/// A failed read, said in the user's language.
#[component]
pub fn LoadError(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="form-error" role="alert">{move || error_message(i18n.get_locale(), &error)}</p> }
}

/// The rows of `list` (`children`) with its state: the failure of the latest read, "loading" while
/// one is under way, `empty` once the list is read and holds nothing, and "load more" while the
/// server has more. `name` names the parts for tests: `{name}-loading`, `no-{name}`, `{name}-more`.
#[component]
pub fn ListState<T>(
    /// The list.
    list: CursorList<T>,
    /// The list's name in its parts' test ids.
    name: &'static str,
    /// What the list says when there is nothing in it.
    empty: fn(Locale) -> &'static str,
    /// What it says while loading, if not the common words.
    #[prop(optional)]
    loading: Option<fn(Locale) -> &'static str>,
    /// The words of the "load more" button, if not the common ones.
    #[prop(optional)]
    more: Option<fn(Locale) -> &'static str>,
    /// The rows.
    children: Children,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    let i18n = use_i18n();
    let loading_text = move || match loading {
        Some(text) => text(i18n.get_locale()),
        None => td_string!(i18n.get_locale(), lists.loading),
    };
    let more_text = move || match more {
        Some(text) => text(i18n.get_locale()),
        None => td_string!(i18n.get_locale(), lists.more),
    };
    view! {
        {move || list.error.get().map(|error| view! { <LoadError error=error /> })}
        {children()}
        <Show when=move || list.loading()>
            <p class="loading inline" role="status" data-testid=format!("{name}-loading")>{loading_text}</p>
        </Show>
        <Show when=move || list.is_empty()>
            <p class="empty" data-testid=format!("no-{name}")>{move || empty(i18n.get_locale())}</p>
        </Show>
        <Show when=move || list.has_more() && !list.loading()>
            <button type="button" class="load-more" data-testid=format!("{name}-more") on:click=move |_| list.load_more()>
                {more_text}
            </button>
        </Show>
    }
}
