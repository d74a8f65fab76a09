//! A phone number a rep can tap to call (`tel:`); a masked number (138****8000) stays plain text.

use leptos::prelude::*;

/// `number` as a call link, or nothing when there is none.
#[component]
pub fn Tel(number: Option<String>) -> impl IntoView {
    number.map(|number| {
        if number.contains('*') {
            view! { <span>{number}</span> }.into_any()
        } else {
            let href = format!("tel:{}", number.replace(['-', ' '], ""));
            view! { <a class="tel" href=href data-testid="tel">{number}</a> }.into_any()
        }
    })
}
