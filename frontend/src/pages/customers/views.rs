//! Saved views of the customer list (named filters, columns and sort), private or shared with the
//! department.

use crm_types::SavedViewId;
use crm_types::api::{CreateSavedView, DeleteSavedView, ListSavedViews, Nothing};
use crm_types::saved_view::{NewSavedView, SavedViewQuery, ViewResource, ViewVisibility};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::confirm::ConfirmPrompt;
use crate::i18n::{t, td_string, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;
use crate::toast::use_toasts;

/// What a view holds, as the list applies it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chosen {
    /// The query string of the filters.
    pub filters: String,
    /// Column keys.
    pub columns: Vec<String>,
    /// The sort.
    pub sort: Option<String>,
}

/// The view bar: pick a view, save the current list as one, delete one of one's own.
#[component]
pub fn ViewBar(
    current: impl Fn() -> Chosen + Copy + Send + Sync + 'static,
    apply: impl Fn(Chosen) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let views = LocalResource::new(move || {
        version.track();
        api::get::<ListSavedViews>(&(), &SavedViewQuery { resource: ViewResource::Customers })
    });
    let chosen = RwSignal::new(None::<SavedViewId>);
    let name = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let name_error = RwSignal::new(None::<&'static str>);
    let question = RwSignal::new(None::<String>);
    let toasts = use_toasts();
    let reload = move || version.update(|v| *v += 1);
    let pick = move |id: String| {
        let id = id.parse::<i64>().ok().map(SavedViewId);
        chosen.set(id);
        let found =
            views.get_untracked().and_then(Result::ok).and_then(|list| list.into_iter().find(|v| Some(v.id) == id));
        if let Some(view) = found {
            apply(Chosen { filters: view.filters, columns: view.columns, sort: view.sort });
        }
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let view_name = name.get_untracked().trim().to_owned();
        if view_name.is_empty() {
            name_error.set(Some(td_string!(locale, views.name_required)));
            return;
        }
        name_error.set(None);
        let Chosen { filters, columns, sort } = current();
        let body = NewSavedView {
            resource: ViewResource::Customers,
            name: view_name,
            filters,
            columns,
            sort,
            visibility: if shared.get_untracked() { ViewVisibility::Department } else { ViewVisibility::Private },
        };
        spawn_local(async move {
            match api::send::<CreateSavedView>(&(), &body).await {
                Ok(view) => {
                    error.set(None);
                    name.set(String::new());
                    chosen.set(Some(view.id));
                    toasts.success(td_string!(i18n.get_locale_untracked(), views.saved).replace("{name}", &view.name));
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let ask_remove = move |_| {
        let id = chosen.get_untracked();
        let list = views.get_untracked().and_then(Result::ok).unwrap_or_default();
        if let Some(view) = list.into_iter().find(|v| Some(v.id) == id) {
            question
                .set(Some(td_string!(i18n.get_locale_untracked(), views.confirm_delete).replace("{name}", &view.name)));
        }
    };
    let remove = move || {
        let Some(id) = chosen.get_untracked() else { return };
        spawn_local(async move {
            match api::act::<DeleteSavedView>(&id, &Nothing {}).await {
                Ok(()) => {
                    chosen.set(None);
                    toasts.success(td_string!(i18n.get_locale_untracked(), views.deleted));
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let mine = move || {
        let id = chosen.get();
        views.get().and_then(Result::ok).is_some_and(|list| list.iter().any(|v| Some(v.id) == id && v.is_mine))
    };
    view! {
        <div class="view-bar" data-testid="saved-views">
            <select name="view" aria-label=move || td_string!(i18n.get_locale(), views.choose) on:change=move |e| pick(event_target_value(&e))>
                <option value="">{t!(i18n, views.choose)}</option>
                {move || views.get().and_then(Result::ok).map(|list| list.into_iter().map(|v| {
                    let label = if v.is_mine { v.name.clone() } else { format!("{} · {}", v.name, v.owner_name) };
                    view! { <option value=v.id.to_string() selected=move || chosen.get() == Some(v.id)>{label}</option> }
                }).collect_view())}
            </select>
            <Show when=mine>
                <button type="button" class="link-button" data-testid="delete-view" on:click=ask_remove>{t!(i18n, views.delete)}</button>
            </Show>
            <ConfirmPrompt question=question on_confirm=remove />
            <form class="inline-form" data-testid="save-view" novalidate on:submit=save>
                <input name="view_name" maxlength="50" placeholder=move || td_string!(i18n.get_locale(), views.name)
                    aria-label=move || td_string!(i18n.get_locale(), views.name)
                    aria-invalid=move || name_error.get().map(|_| "true") prop:value=name
                    on:input=move |e| name.set(event_target_value(&e)) />
                {move || name_error.get().map(|m| view! { <small class="field-error" role="alert">{m}</small> })}
                <label class="check"><input type="checkbox" name="shared" on:change=move |e| shared.set(event_target_checked(&e)) />{t!(i18n, views.share)}</label>
                <button type="submit" class="small">{t!(i18n, views.save)}</button>
            </form>
            {move || views.get().and_then(Result::err).map(|error| view! { <LoadError error=error /> })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        </div>
    }
}
