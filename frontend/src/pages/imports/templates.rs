//! Mapping templates (映射模板) in the mapping step: apply a saved one, save the current mapping (with
//! its dictionary value tables) as one, rename the chosen one, or delete it after a confirmation.
//! Templates are private to their owner; a name is unique per owner, so a taken name is said so.

use crm_types::api::{CreateImportTemplate, DeleteImportTemplate, ListImportTemplates, Nothing, UpdateImportTemplate};
use crm_types::import::{ColumnMapping, ImportTarget, ImportTemplate, ImportTemplatePatch, Mapping, NewImportTemplate};
use crm_types::{ErrorCode, ImportTemplateId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::wizard::Wizard;
use crate::api::{self, ApiError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::messages::from_problem;
use crate::pages::error_message;

/// What the user is doing with the chosen template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    None,
    Rename,
    Delete,
}

/// Where a failed name goes: beside the name (a taken or invalid name) or in the general error.
fn name_problem(locale: Locale, error: &ApiError) -> Option<String> {
    if error.code() == Some(ErrorCode::AlreadyExists) {
        return Some(td_string!(locale, imports.template_exists).to_owned());
    }
    from_problem(locale, error).get("name").cloned()
}

/// Apply, save, rename and delete templates.
#[component]
pub fn Templates(w: Wizard) -> impl IntoView {
    let i18n = use_i18n();
    let templates = RwSignal::new(Vec::<ImportTemplate>::new());
    let chosen = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<String>);
    let action = RwSignal::new(Action::None);
    let new_name = RwSignal::new(String::new());
    let rename_error = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api::get::<ListImportTemplates>(&(), &Nothing {}).await {
                Ok(list) => {
                    // A template gone meanwhile (deleted in another tab) is no longer chosen.
                    let id = chosen.get_untracked().parse::<i64>().ok().map(ImportTemplateId);
                    if id.is_some_and(|id| !list.iter().any(|t| t.id == id)) {
                        chosen.set(String::new());
                        action.set(Action::None);
                    }
                    templates.set(list);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    load();
    let current = move || {
        let id = chosen.with(|c| c.parse::<i64>().ok().map(ImportTemplateId))?;
        templates.with(|all| all.iter().find(|t| t.id == id).cloned())
    };

    let apply = move |_| {
        let Some(template) = untrack(current) else { return };
        let headers = w.preview.with_untracked(|p| p.headers.clone());
        let mapping: Vec<Option<String>> = headers
            .iter()
            .map(|h| template.mapping.columns.iter().find(|c| c.column.trim() == h.trim()).map(|c| c.field.clone()))
            .collect();
        let absent =
            template.mapping.columns.iter().filter(|c| !headers.iter().any(|h| h.trim() == c.column.trim())).count();
        w.mapping.set(mapping);
        w.values.set(template.mapping.values.clone());
        w.errors.set(Default::default());
        let locale = i18n.get_locale_untracked();
        let mut message = td_string!(locale, imports.template_applied).replace("{name}", &template.name);
        if absent > 0 {
            message.push(' ');
            message.push_str(&td_string!(locale, imports.template_absent).replace("{n}", &absent.to_string()));
        }
        notice.set(Some(message));
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let headers = w.preview.with_untracked(|p| p.headers.clone());
        let columns = w
            .mapping
            .get_untracked()
            .into_iter()
            .zip(headers)
            .filter_map(|(field, column)| field.map(|field| ColumnMapping { column, field, exact: None }))
            .collect();
        let body = NewImportTemplate {
            name: name.get_untracked().trim().to_owned(),
            target: ImportTarget::Customer,
            mapping: Mapping { columns, values: w.values.get_untracked() },
        };
        if body.name.is_empty() {
            name_error.set(Some(td_string!(locale, field_errors.required).to_owned()));
            return;
        }
        name_error.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::send::<CreateImportTemplate>(&(), &body).await {
                Ok(saved) => {
                    notice.set(Some(td_string!(locale, imports.template_saved).replace("{name}", &saved.name)));
                    name.set(String::new());
                    load();
                }
                Err(e) => match name_problem(locale, &e) {
                    Some(message) => name_error.set(Some(message)),
                    None => failure.set(Some(e)),
                },
            }
        });
    };
    let start = move |next: Action| {
        notice.set(None);
        failure.set(None);
        rename_error.set(None);
        if next == Action::Rename {
            new_name.set(untrack(current).map(|t| t.name).unwrap_or_default());
        }
        action.set(next);
    };
    let rename = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let locale = i18n.get_locale_untracked();
        let Some(template) = untrack(current) else { return };
        let wanted = new_name.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            rename_error.set(Some(td_string!(locale, field_errors.required).to_owned()));
            return;
        }
        rename_error.set(None);
        failure.set(None);
        let body = ImportTemplatePatch { name: Some(wanted), mapping: None };
        spawn_local(async move {
            match api::send::<UpdateImportTemplate>(&template.id, &body).await {
                Ok(renamed) => {
                    let message = td_string!(locale, imports.template_renamed)
                        .replace("{old}", &template.name)
                        .replace("{name}", &renamed.name);
                    notice.set(Some(message));
                    action.set(Action::None);
                    load();
                }
                Err(e) => match name_problem(locale, &e) {
                    Some(message) => rename_error.set(Some(message)),
                    None => {
                        failure.set(Some(e));
                        load();
                    }
                },
            }
        });
    };
    let delete = move |_| {
        let locale = i18n.get_locale_untracked();
        let Some(template) = untrack(current) else { return };
        failure.set(None);
        spawn_local(async move {
            match api::act::<DeleteImportTemplate>(&template.id, &Nothing {}).await {
                Ok(()) => {
                    notice.set(Some(td_string!(locale, imports.template_deleted).replace("{name}", &template.name)));
                    chosen.set(String::new());
                    action.set(Action::None);
                }
                Err(e) => failure.set(Some(e)),
            }
            load();
        });
    };

    view! {
        <div class="templates" data-testid="templates">
            <div class="inline-form">
                <select name="template" aria-label=move || td_string!(i18n.get_locale(), imports.template)
                    on:change=move |e| {
                        chosen.set(event_target_value(&e));
                        action.set(Action::None);
                    }>
                    <option value="" selected=move || chosen.with(String::is_empty)>{t!(i18n, imports.choose_template)}</option>
                    {move || templates.get().into_iter().map(|t| {
                        let id = t.id.to_string();
                        let value = id.clone();
                        view! { <option value=value selected=move || chosen.with(|c| *c == id)>{t.name}</option> }
                    }).collect_view()}
                </select>
                <button type="button" data-testid="apply-template" disabled=move || chosen.with(String::is_empty) on:click=apply>
                    {t!(i18n, imports.apply_template)}
                </button>
                <button type="button" data-testid="rename-template" disabled=move || chosen.with(String::is_empty)
                    on:click=move |_| start(Action::Rename)>
                    {t!(i18n, imports.rename_template)}
                </button>
                <button type="button" data-testid="delete-template" disabled=move || chosen.with(String::is_empty)
                    on:click=move |_| start(Action::Delete)>
                    {t!(i18n, imports.delete_template)}
                </button>
            </div>
            <Show when=move || action.get() == Action::Rename && !chosen.with(String::is_empty)>
                <form class="inline-form" data-testid="rename-template-form" on:submit=rename>
                    <label class="check">
                        <span>{t!(i18n, imports.template_new_name)}</span>
                        <input name="template_new_name" prop:value=move || new_name.get()
                            on:input=move |e| new_name.set(event_target_value(&e)) />
                        {move || rename_error.get().map(|m| view! { <small class="field-error">{m}</small> })}
                    </label>
                    <button type="submit" class="primary small" data-testid="confirm-rename">{t!(i18n, imports.save_name)}</button>
                    <button type="button" class="link-button" on:click=move |_| action.set(Action::None)>{t!(i18n, imports.template_cancel)}</button>
                </form>
            </Show>
            <Show when=move || action.get() == Action::Delete && !chosen.with(String::is_empty)>
                <div class="notice warning inline-form" role="alert" data-testid="delete-template-confirm">
                    <span>
                        {move || {
                            let shown = current().map(|t| t.name).unwrap_or_default();
                            td_string!(i18n.get_locale(), imports.delete_template_question).replace("{name}", &shown)
                        }}
                    </span>
                    <button type="button" class="danger small" data-testid="confirm-delete-template" on:click=delete>
                        {t!(i18n, imports.confirm_delete_template)}
                    </button>
                    <button type="button" class="link-button" on:click=move |_| action.set(Action::None)>{t!(i18n, imports.template_cancel)}</button>
                </div>
            </Show>
            <form class="inline-form" on:submit=save>
                <label class="check">
                    <input name="template_name" placeholder=move || td_string!(i18n.get_locale(), imports.template_name)
                        prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e)) />
                    {move || name_error.get().map(|m| view! { <small class="field-error">{m}</small> })}
                </label>
                <button type="submit" data-testid="save-template">{t!(i18n, imports.save_template)}</button>
            </form>
            {move || notice.get().map(|n| view! { <p class="notice" role="status" data-testid="template-notice">{n}</p> })}
            {move || failure.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        </div>
    }
}
