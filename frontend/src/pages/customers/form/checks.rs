//! A group of checkboxes choosing several codes of one dictionary (tags, decision roles).

use crm_types::dictionary::DictionaryKind;
use leptos::prelude::*;

use super::super::vocab::{Vocab, label_of};
use crate::i18n::use_i18n;

/// One checkbox per active value of `kind`; `chosen` holds the checked codes.
#[component]
pub fn CodeChecks(
    kind: DictionaryKind,
    chosen: RwSignal<Vec<String>>,
    vocab: StoredValue<Vocab>,
    name: &'static str,
    /// Shown but not changeable (a field the role may not write).
    #[prop(optional)]
    disabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="checkbox-grid">
            {move || {
                let locale = i18n.get_locale();
                vocab.with_value(|v| v.choices(kind)).into_iter().map(|item| {
                    let code = item.code.clone();
                    view! {
                        <label class="check">
                            <input type="checkbox" name=name disabled=disabled value=item.code.clone() prop:checked=chosen.get_untracked().contains(&code)
                                on:change=move |e| {
                                    let on = event_target_checked(&e);
                                    let code = code.clone();
                                    chosen.update(|c| if on { c.push(code) } else { c.retain(|x| *x != code) });
                                } />
                            {label_of(locale, &item).to_owned()}
                        </label>
                    }
                }).collect_view()
            }}
        </div>
    }
}
