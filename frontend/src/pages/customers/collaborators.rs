//! Collaborators (协作人) in the 360° view: colleagues who see, or see and edit, the customer; those
//! who may edit the customer add, change and remove them.

use crm_types::api::{Nothing, RemoveCollaborator, SetCollaborator};
use crm_types::customer::{Collaborator, CollaboratorAccess, CollaboratorInput};
use crm_types::{CustomerId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::user_options::user_options;
use super::vocab::Vocab;
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::pages::error_message;

fn access_label(locale: Locale, access: CollaboratorAccess) -> &'static str {
    match access {
        CollaboratorAccess::View => td_string!(locale, customers.access_view),
        CollaboratorAccess::Edit => td_string!(locale, customers.access_edit),
    }
}

/// The collaborators of `customer`, owned by `owner`.
#[component]
pub fn Collaborators(
    customer: CustomerId,
    owner: Option<UserId>,
    collaborators: Vec<Collaborator>,
    vocab: StoredValue<Vocab>,
    may_edit: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let user = RwSignal::new(String::new());
    let access = RwSignal::new(CollaboratorAccess::View);
    let done = move |result: Result<(), ApiError>| match result {
        Ok(()) => on_change(),
        Err(e) => error.set(Some(e)),
    };
    let remove = move |user: UserId| {
        spawn_local(async move { done(api::act::<RemoveCollaborator>(&(customer, user), &Nothing {}).await) });
    };
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(user) = user.get_untracked().parse().map(UserId) else { return };
        let body = CollaboratorInput { access: access.get_untracked() };
        spawn_local(async move { done(api::act::<SetCollaborator>(&(customer, user), &body).await) });
    };
    let shared: Vec<UserId> = collaborators.iter().map(|c| c.user_id).collect();
    view! {
        <h3>{t!(i18n, customers.collaborators)}</h3>
        <ul class="plain" data-testid="collaborators">
            {collaborators.iter().map(|c| {
                let id = c.user_id;
                view! {
                    <li data-collaborator=c.display_name.clone() data-access=c.access.as_str()>
                        {c.display_name.clone()}
                        <span class="badge">{let access = c.access; move || access_label(i18n.get_locale(), access)}</span>
                        {may_edit.then(|| view! {
                            <button type="button" class="link-button" data-action="remove" on:click=move |_| remove(id)>
                                {t!(i18n, customers.remove)}
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {collaborators.is_empty().then(|| view! { <p class="muted">{t!(i18n, customers.no_collaborators)}</p> })}
        {may_edit.then(|| view! {
            <form class="stack-form" data-testid="add-collaborator" on:submit=add>
                <label>
                    <span>{t!(i18n, customers.add_collaborator)}</span>
                    <select name="collaborator" required on:change=move |e| user.set(event_target_value(&e))>
                        <option value="">{t!(i18n, customers.choose)}</option>
                        {user_options(vocab, move |u| Some(u.id) != owner && !shared.contains(&u.id), None)}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, customers.access)}</span>
                    <select name="access" on:change=move |e| access.set(if event_target_value(&e) == "edit" { CollaboratorAccess::Edit } else { CollaboratorAccess::View })>
                        <option value="view">{move || access_label(i18n.get_locale(), CollaboratorAccess::View)}</option>
                        <option value="edit">{move || access_label(i18n.get_locale(), CollaboratorAccess::Edit)}</option>
                    </select>
                </label>
                <button type="submit" class="small">{t!(i18n, customers.add_collaborator)}</button>
            </form>
        })}
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
    }
}
