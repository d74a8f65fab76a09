//! Users: create with an initial password, change department and role, disable, reset the password.

use crm_types::admin::{Department, NewUser, PasswordReset, Role, User, UserPatch};
use crm_types::api::{CreateUser, ListAdminDepartments, ListRoles, ListUsers, Nothing, ResetUserPassword, UpdateUser};
use crm_types::{DepartmentId, RoleId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::i18n::{t, use_i18n};
use crate::pages::error_message;

#[derive(Debug, Clone)]
struct Data {
    users: Vec<User>,
    departments: Vec<Department>,
    roles: Vec<Role>,
}

async fn load() -> Result<Data, ApiError> {
    Ok(Data {
        users: api::get::<ListUsers>(&(), &Nothing {}).await?,
        departments: api::get::<ListAdminDepartments>(&(), &Nothing {}).await?,
        roles: api::get::<ListRoles>(&(), &Nothing {}).await?,
    })
}

/// `/admin/users`.
#[component]
pub fn UsersPage() -> impl IntoView {
    guarded(Section::Users, || view! { <Users /> }.into_any())
}

#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let version = RwSignal::new(0_u32);
    let data = LocalResource::new(move || {
        version.track();
        load()
    });
    let error = RwSignal::new(None::<ApiError>);
    let reload = move || version.update(|v| *v += 1);
    view! {
        <h2>{t!(i18n, admin.users)}</h2>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Transition fallback=|| ()>
            {move || {
                data.get()
                    .map(|loaded| match loaded {
                        Ok(data) => {
                            view! {
                                <NewUserForm departments=data.departments.clone() roles=data.roles.clone() on_done=reload error=error />
                                <UserTable data=data on_done=reload error=error />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="form-error">{error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn NewUserForm(
    departments: Vec<Department>,
    roles: Vec<Role>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let role = RwSignal::new(roles.first().map(|r| r.id.0.to_string()).unwrap_or_default());
    let password = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let optional = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let body = NewUser {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            email: optional(email),
            mobile: optional(mobile),
            department_id: department.get_untracked().parse().ok().map(DepartmentId),
            role_id: RoleId(role.get_untracked().parse().unwrap_or_default()),
            initial_password: password.get_untracked(),
        };
        spawn_local(async move {
            match api::send::<CreateUser>(&(), &body).await {
                Ok(_) => {
                    error.set(None);
                    on_done();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <details class="panel">
            <summary data-testid="new-user">{t!(i18n, admin.new_user)}</summary>
            <form class="grid-form" data-testid="new-user-form" on:submit=submit>
                <label><span>{t!(i18n, admin.username)}</span><input name="username" required on:input=move |e| username.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, admin.display_name)}</span><input name="display_name" required on:input=move |e| display_name.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, admin.email)}</span><input name="email" type="email" on:input=move |e| email.set(event_target_value(&e)) /></label>
                <label><span>{t!(i18n, admin.mobile)}</span><input name="mobile" type="tel" on:input=move |e| mobile.set(event_target_value(&e)) /></label>
                <label>
                    <span>{t!(i18n, admin.department)}</span>
                    <select name="department" on:change=move |e| department.set(event_target_value(&e))>
                        <option value="">{t!(i18n, admin.none)}</option>
                        {departments.into_iter().filter(|d| d.is_active).map(|d| view! { <option value=d.id.0.to_string()>{d.name}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, admin.role)}</span>
                    <select name="role" prop:value=role on:change=move |e| role.set(event_target_value(&e))>
                        {roles.into_iter().map(|r| view! { <option value=r.id.0.to_string()>{r.name}</option> }).collect_view()}
                    </select>
                </label>
                <label><span>{t!(i18n, admin.initial_password)}</span><input name="initial_password" type="password" autocomplete="new-password" required on:input=move |e| password.set(event_target_value(&e)) /></label>
                <div class="form-actions"><button type="submit" class="primary">{t!(i18n, admin.create)}</button></div>
            </form>
        </details>
    }
}

#[component]
fn UserTable(
    data: Data,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Data { users, departments, roles } = data;
    let patch = move |id: UserId, body: UserPatch| {
        spawn_local(async move {
            match api::send::<UpdateUser>(&id, &body).await {
                Ok(_) => {
                    error.set(None);
                    on_done();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <table class="data-table" data-testid="users">
            <thead>
                <tr>
                    <th>{t!(i18n, admin.username)}</th>
                    <th>{t!(i18n, admin.display_name)}</th>
                    <th>{t!(i18n, admin.department)}</th>
                    <th>{t!(i18n, admin.role)}</th>
                    <th>{t!(i18n, admin.status)}</th>
                    <th>{t!(i18n, admin.actions)}</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .into_iter()
                    .map(|user| {
                        let id = user.id;
                        let departments = departments.clone();
                        let roles = roles.clone();
                        let current_department = user.department_id.map(|d| d.0.to_string()).unwrap_or_default();
                        let current_role = user.role_id.0.to_string();
                        let active = user.is_active;
                        view! {
                            <tr data-username=user.username.clone()>
                                <td>{user.username.clone()}</td>
                                <td>{user.display_name.clone()}</td>
                                <td>
                                    <select prop:value=current_department on:change=move |e| {
                                        let value = event_target_value(&e);
                                        patch(id, UserPatch { department_id: Some(value.parse().ok().map(DepartmentId)), ..Default::default() });
                                    }>
                                        <option value="">{t!(i18n, admin.none)}</option>
                                        {departments.into_iter().map(|d| view! { <option value=d.id.0.to_string()>{d.name}</option> }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    <select prop:value=current_role on:change=move |e| {
                                        if let Ok(role) = event_target_value(&e).parse() {
                                            patch(id, UserPatch { role_id: Some(RoleId(role)), ..Default::default() });
                                        }
                                    }>
                                        {roles.into_iter().map(|r| view! { <option value=r.id.0.to_string()>{r.name}</option> }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    {if active { t!(i18n, admin.enabled).into_any() } else { t!(i18n, admin.disabled).into_any() }}
                                    {user.must_change_password.then(|| view! { <span class="badge">{t!(i18n, admin.must_change)}</span> })}
                                </td>
                                <td class="row-actions">
                                    <button type="button" class="link-button" on:click=move |_| patch(id, UserPatch { is_active: Some(!active), ..Default::default() })>
                                        {if active { t!(i18n, admin.disable).into_any() } else { t!(i18n, admin.enable).into_any() }}
                                    </button>
                                    <ResetPassword id=id error=error />
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ResetPassword(id: UserId, error: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = PasswordReset { new_password: password.get_untracked() };
        spawn_local(async move {
            match api::act::<ResetUserPassword>(&id, &body).await {
                Ok(()) => {
                    error.set(None);
                    done.set(true);
                    open.set(false);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <button type="button" class="link-button" on:click=move |_| open.update(|o| *o = !*o)>{t!(i18n, admin.reset_password)}</button>
        <Show when=move || open.get()>
            <form class="inline-form" on:submit=submit>
                <input type="password" autocomplete="new-password" placeholder=move || crate::i18n::td_string!(i18n.get_locale(), admin.new_password) on:input=move |e| password.set(event_target_value(&e)) />
                <button type="submit" class="primary small">{t!(i18n, admin.save)}</button>
            </form>
        </Show>
        <Show when=move || done.get()>
            <span class="muted">{t!(i18n, admin.password_was_reset)}</span>
        </Show>
    }
}
