//! Roles and their permission matrix: permissions, a data scope per resource, field rules.

use std::collections::{BTreeMap, BTreeSet};

use crm_types::access::{DataScope, FieldAccess, Permission, Resource};
use crm_types::admin::{Role, RoleInput};
use crm_types::api::{CreateRole, DeleteRole, ListRoles, Nothing, ReplaceRole};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded, labels};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;

/// `/admin/roles`.
#[component]
pub fn RolesPage() -> impl IntoView {
    guarded(Section::Roles, || view! { <Roles /> }.into_any())
}

#[component]
fn Roles() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let roles = LocalResource::new(move || {
        version.track();
        api::get::<ListRoles>(&(), &Nothing {})
    });
    // `None`: nothing open; `Some(None)`: a new role; `Some(Some(role))`: editing.
    let editing = RwSignal::new(None::<Option<Role>>);
    let reload = move || {
        editing.set(None);
        version.update(|v| *v += 1);
    };
    view! {
        <h2>{t!(i18n, admin.roles)}</h2>
        <Transition fallback=|| ()>
            <ul class="role-list" data-testid="roles">
                {move || roles.get().map(|loaded| match loaded {
                    Err(error) => view! { <li><LoadError error=error /></li> }.into_any(),
                    Ok(roles) => roles.into_iter().map(|role| {
                    let name = role.name.clone();
                    let system = role.is_system;
                    view! {
                        <li>
                            <button type="button" class="link-button" on:click=move |_| editing.set(Some(Some(role.clone())))>{name}</button>
                            {system.then(|| view! { <span class="badge">{t!(i18n, admin.system_role)}</span> })}
                        </li>
                    }
                }).collect_view().into_any(),
                })}
                <li><button type="button" class="link-button" on:click=move |_| editing.set(Some(None))>"+ "{t!(i18n, admin.new_role)}</button></li>
            </ul>
        </Transition>
        {move || editing.get().map(|role| view! { <RoleEditor role=role on_done=reload /> })}
    }
}

#[component]
fn RoleEditor(role: Option<Role>, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let id = role.as_ref().map(|r| r.id);
    let system = role.as_ref().is_some_and(|r| r.is_system);
    let code = RwSignal::new(role.as_ref().map(|r| r.code.clone()).unwrap_or_default());
    let name = RwSignal::new(role.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let description = RwSignal::new(role.as_ref().map(|r| r.description.clone()).unwrap_or_default());
    let permissions: RwSignal<BTreeSet<Permission>> =
        RwSignal::new(role.as_ref().map(|r| r.permissions.iter().copied().collect()).unwrap_or_default());
    let scopes: RwSignal<BTreeMap<Resource, DataScope>> =
        RwSignal::new(role.as_ref().map(|r| r.data_scopes.clone()).unwrap_or_default());
    let rules: RwSignal<Vec<(Resource, String, FieldAccess)>> = RwSignal::new(
        role.as_ref()
            .map(|r| {
                r.field_rules
                    .iter()
                    .flat_map(|(res, fields)| fields.iter().map(move |(f, a)| (*res, f.clone(), *a)))
                    .collect()
            })
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<ApiError>);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut field_rules: BTreeMap<Resource, BTreeMap<String, FieldAccess>> = BTreeMap::new();
        for (resource, field, access) in rules.get_untracked() {
            if !field.trim().is_empty() {
                field_rules.entry(resource).or_default().insert(field.trim().to_owned(), access);
            }
        }
        let body = RoleInput {
            code: code.get_untracked(),
            name: name.get_untracked(),
            description: description.get_untracked(),
            permissions: permissions.get_untracked().into_iter().collect(),
            data_scopes: scopes.get_untracked(),
            field_rules,
        };
        spawn_local(async move {
            let result = match id {
                Some(id) => api::send::<ReplaceRole>(&id, &body).await,
                None => api::send::<CreateRole>(&(), &body).await,
            };
            match result {
                Ok(_) => on_done(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |_| {
        let Some(id) = id else { return };
        spawn_local(async move {
            match api::act::<DeleteRole>(&id, &Nothing {}).await {
                Ok(()) => on_done(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="panel role-editor" data-testid="role-editor" on:submit=save>
            <div class="grid-form">
                <label><span>{t!(i18n, admin.role_code)}</span><input name="code" required prop:value=code disabled=system on:input=move |e| code.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, admin.role_name)}</span><input name="name" required prop:value=name on:input=move |e| name.set(event_target_value(&e)) /></label>
                <label class="wide"><span>{t!(i18n, admin.description)}</span><input name="description" prop:value=description on:input=move |e| description.set(event_target_value(&e)) /></label>
            </div>
            <h3>{t!(i18n, admin.permissions)}</h3>
            <div class="checkbox-grid">
                {Permission::ALL.into_iter().map(|permission| view! {
                    <label class="check">
                        <input type="checkbox" prop:checked=move || permissions.with(|p| p.contains(&permission))
                            on:change=move |e| permissions.update(|p| { if event_target_checked(&e) { p.insert(permission); } else { p.remove(&permission); } }) />
                        <span>{move || labels::permission(i18n.get_locale(), permission)}</span>
                    </label>
                }).collect_view()}
            </div>
            <h3>{t!(i18n, admin.data_scopes)}</h3>
            <table class="data-table compact">
                <tbody>
                    {Resource::ALL.into_iter().map(|resource| view! {
                        <tr>
                            <td>{move || labels::resource(i18n.get_locale(), resource)}</td>
                            <td>
                                <select prop:value=move || scope_value(scopes.with(|s| s.get(&resource).copied()))
                                    on:change=move |e| { let value = parse_scope(&event_target_value(&e)); scopes.update(|s| { match value { Some(v) => { s.insert(resource, v); } None => { s.remove(&resource); } } }); }>
                                    {[None, Some(DataScope::Own), Some(DataScope::Department), Some(DataScope::All)].into_iter().map(|scope| view! {
                                        <option value=scope_value(scope)>{move || labels::scope(i18n.get_locale(), scope)}</option>
                                    }).collect_view()}
                                </select>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{t!(i18n, admin.field_rules)}</h3>
            <table class="data-table compact">
                <tbody>
                    {move || rules.get().into_iter().enumerate().map(|(index, (resource, field, access))| view! {
                        <tr>
                            <td>{move || labels::resource(i18n.get_locale(), resource)}</td>
                            <td><input class="cell-input" prop:value=field on:change=move |e| rules.update(|r| if let Some(rule) = r.get_mut(index) { rule.1 = event_target_value(&e); }) /></td>
                            <td>
                                <select prop:value=access_value(access)
                                    on:change=move |e| rules.update(|r| if let Some(rule) = r.get_mut(index) { rule.2 = access_of(&event_target_value(&e)); })>
                                    <option value="hidden">{move || labels::field_access(i18n.get_locale(), FieldAccess::Hidden)}</option>
                                    <option value="read_only">{move || labels::field_access(i18n.get_locale(), FieldAccess::ReadOnly)}</option>
                                    <option value="masked">{move || labels::field_access(i18n.get_locale(), FieldAccess::Masked)}</option>
                                </select>
                            </td>
                            <td><button type="button" class="link-button" on:click=move |_| rules.update(|r| { if index < r.len() { r.remove(index); } })>{t!(i18n, admin.remove)}</button></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="link-button" on:click=move |_| rules.update(|r| r.push((Resource::Customers, String::new(), FieldAccess::Hidden)))>"+ "{t!(i18n, admin.add_rule)}</button>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
            <div class="form-actions">
                <button type="submit" class="primary">{t!(i18n, admin.save)}</button>
                <Show when=move || id.is_some() && !system>
                    <button type="button" class="danger" on:click=remove>{t!(i18n, admin.delete_role)}</button>
                </Show>
            </div>
        </form>
    }
}

fn scope_value(scope: Option<DataScope>) -> &'static str {
    match scope {
        None => "none",
        Some(DataScope::Own) => "own",
        Some(DataScope::Department) => "department",
        Some(DataScope::All) => "all",
    }
}

fn parse_scope(value: &str) -> Option<DataScope> {
    match value {
        "own" => Some(DataScope::Own),
        "department" => Some(DataScope::Department),
        "all" => Some(DataScope::All),
        _ => None,
    }
}

/// The `<option>` value of a field restriction.
fn access_value(access: FieldAccess) -> &'static str {
    match access {
        FieldAccess::Hidden => "hidden",
        FieldAccess::ReadOnly => "read_only",
        FieldAccess::Masked => "masked",
    }
}

/// The field restriction of an `<option>` value.
fn access_of(value: &str) -> FieldAccess {
    match value {
        "read_only" => FieldAccess::ReadOnly,
        "masked" => FieldAccess::Masked,
        _ => FieldAccess::Hidden,
    }
}
