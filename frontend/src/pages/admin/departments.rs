//! The department tree: create, rename, move, disable.

use crm_types::DepartmentId;
use crm_types::admin::{Department, DepartmentPatch, NewDepartment};
use crm_types::api::{CreateDepartment, ListAdminDepartments, Nothing, UpdateDepartment};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::lists::LoadError;
use crate::pages::error_message;

/// `/admin/departments`.
#[component]
pub fn DepartmentsPage() -> impl IntoView {
    guarded(Section::Departments, || view! { <Departments /> }.into_any())
}

/// Departments in tree order with their depth.
fn tree(departments: &[Department]) -> Vec<(usize, Department)> {
    fn walk(all: &[Department], parent: Option<DepartmentId>, depth: usize, out: &mut Vec<(usize, Department)>) {
        let mut children: Vec<&Department> = all.iter().filter(|d| d.parent_id == parent).collect();
        children.sort_by_key(|d| (d.sort_order, d.id.0));
        for child in children {
            out.push((depth, child.clone()));
            walk(all, Some(child.id), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(departments, None, 0, &mut out);
    out
}

#[component]
fn Departments() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        api::get::<ListAdminDepartments>(&(), &Nothing {})
    });
    let error = RwSignal::new(None::<ApiError>);
    let reload = move || version.update(|v| *v += 1);
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = NewDepartment {
            name: name.get_untracked(),
            parent_id: parent.get_untracked().parse().ok().map(DepartmentId),
            sort_order: 0,
        };
        spawn_local(async move {
            match api::send::<CreateDepartment>(&(), &body).await {
                Ok(_) => {
                    error.set(None);
                    name.set(String::new());
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let patch = move |id: DepartmentId, body: DepartmentPatch| {
        spawn_local(async move {
            match api::send::<UpdateDepartment>(&id, &body).await {
                Ok(_) => {
                    error.set(None);
                    reload();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{t!(i18n, admin.departments)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Transition fallback=|| ()>
            {move || {
                data.get().map(|loaded| match loaded {
                    Err(error) => view! { <LoadError error=error /> }.into_any(),
                    Ok(departments) => {
                        let rows = tree(&departments);
                        let parents = rows.clone();
                        view! {
                            <form class="inline-form panel" data-testid="new-department-form" on:submit=create>
                                <input name="department_name" required prop:value=name placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.department_name) on:input=move |e| name.set(event_target_value(&e)) />
                                <select name="parent" aria-label=move || crate::i18n::td_string!(i18n.get_locale(), admin.parent) on:change=move |e| parent.set(event_target_value(&e))>
                                    <option value="">{t!(i18n, admin.top_level)}</option>
                                    {parents.into_iter().map(|(depth, d)| view! { <option value=d.id.0.to_string()>{format!("{}{}", "　".repeat(depth), d.name)}</option> }).collect_view()}
                                </select>
                                <button type="submit" class="primary">{t!(i18n, admin.new_department)}</button>
                            </form>
                            <table class="data-table" data-testid="departments">
                                <thead><tr><th>{t!(i18n, admin.department_name)}</th><th>{t!(i18n, admin.parent)}</th><th>{t!(i18n, admin.status)}</th><th>{t!(i18n, admin.actions)}</th></tr></thead>
                                <tbody>
                                    {rows.iter().map(|(depth, d)| {
                                        let id = d.id;
                                        let active = d.is_active;
                                        let options = rows.iter().filter(|(_, o)| o.id != d.id).map(|(_, o)| (o.id.0, o.name.clone())).collect::<Vec<_>>();
                                        let current_parent = d.parent_id.map(|p| p.0.to_string()).unwrap_or_default();
                                        let rename = RwSignal::new(d.name.clone());
                                        view! {
                                            <tr data-department=d.name.clone()>
                                                <td style=format!("padding-left: {}rem", 0.5 + *depth as f32 * 1.5)>
                                                    <input class="cell-input" prop:value=rename on:input=move |e| rename.set(event_target_value(&e))
                                                        on:change=move |_| patch(id, DepartmentPatch { name: Some(rename.get_untracked()), ..Default::default() }) />
                                                </td>
                                                <td>
                                                    <select aria-label=move || crate::i18n::td_string!(i18n.get_locale(), admin.parent) prop:value=current_parent on:change=move |e| {
                                                        let parent = event_target_value(&e).parse().ok().map(DepartmentId);
                                                        patch(id, DepartmentPatch { parent_id: Some(parent), ..Default::default() });
                                                    }>
                                                        <option value="">{t!(i18n, admin.top_level)}</option>
                                                        {options.into_iter().map(|(oid, oname)| view! { <option value=oid.to_string()>{oname}</option> }).collect_view()}
                                                    </select>
                                                </td>
                                                <td>{if active { t!(i18n, admin.enabled).into_any() } else { t!(i18n, admin.disabled).into_any() }}</td>
                                                <td>
                                                    <button type="button" class="link-button" on:click=move |_| patch(id, DepartmentPatch { is_active: Some(!active), ..Default::default() })>
                                                        {if active { t!(i18n, admin.disable).into_any() } else { t!(i18n, admin.enable).into_any() }}
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any()
                    }
                })
            }}
        </Transition>
    }
}
