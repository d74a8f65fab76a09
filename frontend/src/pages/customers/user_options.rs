//! The options of a user picker (owner, handover target, collaborator): colleagues grouped by
//! department, only those who may be chosen.

use crm_types::UserId;
use crm_types::admin::Colleague;
use leptos::prelude::*;

use super::vocab::Vocab;
use crate::i18n::{td_string, use_i18n};

/// One `<optgroup>` per department of the colleagues `keep` offers; `selected` is marked.
pub fn user_options(
    vocab: StoredValue<Vocab>,
    keep: impl Fn(&Colleague) -> bool,
    selected: Option<UserId>,
) -> impl IntoView {
    let i18n = use_i18n();
    let groups = vocab.with_value(|v| v.users_by_department(keep));
    groups
        .into_iter()
        .map(|(department, users)| {
            let label = move || department.clone().unwrap_or_else(|| td_string!(i18n.get_locale(), customers.no_department).to_owned());
            view! {
                <optgroup label=label>
                    {users
                        .into_iter()
                        .map(|u| view! { <option value=u.id.0.to_string() selected=Some(u.id) == selected>{u.display_name}</option> })
                        .collect_view()}
                </optgroup>
            }
        })
        .collect_view()
}
