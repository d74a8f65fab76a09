//! Users: create with an initial password, change department and role, disable, reset the password.

use crm_types::admin::{Department, NewUser, PasswordReset, Role, User, UserPatch};
use crm_types::api::{CreateUser, ListAdminDepartments, ListRoles, ListUsers, Nothing, ResetUserPassword, UpdateUser};
use crm_types::{DepartmentId, RoleId, UserId};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crm_domain::{DomainError, Email, Mobile, Password};
use crm_types::FieldErrorCode;

use super::{Section, guarded};
use crate::api::{self, ApiError};
use crate::confirm::ConfirmPrompt;
use crate::i18n::{t, td_string, use_i18n};
use crate::messages::{FieldErrors, for_code, for_field, from_problem};
use crate::pages::error_message;
use crate::toast::use_toasts;

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
    let toasts = use_toasts();
    // Sends only the field that changed, so nothing else of the user is touched.
    let patch = move |user: (UserId, String), body: UserPatch| {
        let (id, name) = user;
        spawn_local(async move {
            let locale = i18n.get_locale_untracked();
            let done = match body.is_active {
                Some(false) => td_string!(locale, admin.user_disabled).replace("{name}", &name),
                Some(true) => td_string!(locale, admin.user_enabled).replace("{name}", &name),
                None => td_string!(locale, admin.user_saved).replace("{name}", &name),
            };
            match api::send::<UpdateUser>(&id, &body).await {
                Ok(_) => {
                    error.set(None);
                    toasts.success(done);
                    reload();
                }
                Err(e) => {
                    toasts.error(error_message(locale, &e));
                    error.set(Some(e));
                }
            }
        });
    };
    // Disabling ends the user's sessions at once: it is asked first. The question lives here, above
    // the table, so that a reload of the list does not drop it.
    let disabling = RwSignal::new(None::<(UserId, String)>);
    let question = RwSignal::new(None::<String>);
    let confirm_disable = move || {
        if let Some(user) = disabling.get_untracked() {
            patch(user, UserPatch { is_active: Some(false), ..Default::default() });
        }
    };
    view! {
        <h2>{t!(i18n, admin.users)}</h2>
        <ConfirmPrompt question=question on_confirm=confirm_disable />
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{error_message(i18n.get_locale(), &e)}</p> })}
        <Transition fallback=|| ()>
            {move || {
                data.get()
                    .map(|loaded| match loaded {
                        Ok(data) => {
                            view! {
                                <NewUserForm departments=data.departments.clone() roles=data.roles.clone() on_done=reload error=error />
                                <UserTable data=data patch=patch disabling=disabling question=question error=error />
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
    let toasts = use_toasts();
    let first_role = StoredValue::new(roles.first().map(|r| r.id.0.to_string()).unwrap_or_default());
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let mobile = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let role = RwSignal::new(first_role.get_value());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::new());
    let clear = move || {
        for field in [username, display_name, email, mobile, department, password] {
            field.set(String::new());
        }
        role.set(first_role.get_value());
        errors.set(FieldErrors::new());
    };
    // The rules the server applies, checked before sending so each field names its own problem.
    let validate = move || -> Result<NewUser, FieldErrors> {
        let locale = i18n.get_locale_untracked();
        let mut found = FieldErrors::new();
        let mut required = |field: &str, value: &str| {
            if value.trim().is_empty() {
                found.insert(field.into(), for_code(locale, FieldErrorCode::Required).into());
            }
        };
        required("username", &username.get_untracked());
        required("display_name", &display_name.get_untracked());
        let optional = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let email = optional(email);
        let mobile = optional(mobile);
        let checks = [
            email.as_deref().and_then(|e| Email::parse(e).err()),
            mobile.as_deref().and_then(|m| Mobile::parse(m).err()),
            Password::parse(&password.get_untracked()).err().map(|e| DomainError { field: "initial_password", ..e }),
        ];
        for broken in checks.into_iter().flatten() {
            found.insert(broken.field.into(), for_field(locale, broken.field, broken.code).into());
        }
        if !found.is_empty() {
            return Err(found);
        }
        Ok(NewUser {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            email,
            mobile,
            department_id: department.get_untracked().parse().ok().map(DepartmentId),
            role_id: RoleId(role.get_untracked().parse().unwrap_or_default()),
            initial_password: password.get_untracked(),
        })
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = match validate() {
            Ok(body) => body,
            Err(found) => {
                errors.set(found);
                return;
            }
        };
        errors.set(FieldErrors::new());
        spawn_local(async move {
            match api::send::<CreateUser>(&(), &body).await {
                Ok(user) => {
                    error.set(None);
                    clear();
                    let locale = i18n.get_locale_untracked();
                    toasts.success(td_string!(locale, admin.user_created).replace("{name}", &user.display_name));
                    on_done();
                }
                Err(e) => {
                    errors.set(from_problem(i18n.get_locale_untracked(), &e));
                    error.set(Some(e));
                }
            }
        });
    };
    let error_of = move |field: &'static str| {
        move || errors.with(|e| e.get(field).cloned()).map(|m| view! { <small class="field-error">{m}</small> })
    };
    let invalid = move |field: &'static str| move || errors.with(|e| e.contains_key(field)).then_some("true");
    view! {
        <details class="panel">
            <summary data-testid="new-user">{t!(i18n, admin.new_user)}</summary>
            <form class="grid-form" data-testid="new-user-form" novalidate on:submit=submit>
                <label>
                    <span>{t!(i18n, admin.username)}</span>
                    <input name="username" autocomplete="off" aria-invalid=invalid("username") prop:value=username on:input=move |e| username.set(event_target_value(&e)) />
                    {error_of("username")}
                </label>
                <label>
                    <span>{t!(i18n, admin.display_name)}</span>
                    <input name="display_name" aria-invalid=invalid("display_name") prop:value=display_name on:input=move |e| display_name.set(event_target_value(&e)) />
                    {error_of("display_name")}
                </label>
                <label>
                    <span>{t!(i18n, admin.email)}</span>
                    <input name="email" type="email" aria-invalid=invalid("email") prop:value=email on:input=move |e| email.set(event_target_value(&e)) />
                    {error_of("email")}
                </label>
                <label>
                    <span>{t!(i18n, admin.mobile)}</span>
                    <input name="mobile" type="tel" aria-invalid=invalid("mobile") prop:value=mobile on:input=move |e| mobile.set(event_target_value(&e)) />
                    {error_of("mobile")}
                </label>
                <label>
                    <span>{t!(i18n, admin.department)}</span>
                    <select name="department" aria-invalid=invalid("department_id") prop:value=department on:change=move |e| department.set(event_target_value(&e))>
                        <option value="">{t!(i18n, admin.none)}</option>
                        {departments.into_iter().filter(|d| d.is_active).map(|d| view! { <option value=d.id.0.to_string()>{d.name}</option> }).collect_view()}
                    </select>
                    {error_of("department_id")}
                </label>
                <label>
                    <span>{t!(i18n, admin.role)}</span>
                    <select name="role" aria-invalid=invalid("role_id") prop:value=role on:change=move |e| role.set(event_target_value(&e))>
                        {roles.into_iter().map(|r| view! { <option value=r.id.0.to_string()>{r.name}</option> }).collect_view()}
                    </select>
                    {error_of("role_id")}
                </label>
                <label>
                    <span>{t!(i18n, admin.initial_password)}</span>
                    <input name="initial_password" type="password" autocomplete="new-password" aria-invalid=invalid("initial_password") prop:value=password on:input=move |e| password.set(event_target_value(&e)) />
                    {error_of("initial_password")}
                </label>
                <div class="form-actions"><button type="submit" class="primary">{t!(i18n, admin.create)}</button></div>
            </form>
        </details>
    }
}

#[component]
fn UserTable(
    data: Data,
    patch: impl Fn((UserId, String), UserPatch) + Copy + Send + Sync + 'static,
    disabling: RwSignal<Option<(UserId, String)>>,
    question: RwSignal<Option<String>>,
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Data { users, departments, roles } = data;
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
                        let who = (user.id, user.display_name.clone());
                        let departments = departments.clone();
                        let roles = roles.clone();
                        let current_department = user.department_id.map(|d| d.0.to_string()).unwrap_or_default();
                        let current_role = user.role_id.0.to_string();
                        let active = user.is_active;
                        let (for_department, for_role, for_status) = (who.clone(), who.clone(), who.clone());
                        let toggle = move |_| {
                            if active {
                                let locale = i18n.get_locale_untracked();
                                disabling.set(Some(for_status.clone()));
                                question.set(Some(td_string!(locale, admin.confirm_disable).replace("{name}", &for_status.1)));
                            } else {
                                patch(for_status.clone(), UserPatch { is_active: Some(true), ..Default::default() });
                            }
                        };
                        view! {
                            <tr data-username=user.username.clone()>
                                <td>{user.username.clone()}</td>
                                <td>{user.display_name.clone()}</td>
                                <td>
                                    <select name="department" aria-label=move || td_string!(i18n.get_locale(), admin.department) prop:value=current_department on:change=move |e| {
                                        let value = event_target_value(&e);
                                        patch(for_department.clone(), UserPatch { department_id: Some(value.parse().ok().map(DepartmentId)), ..Default::default() });
                                    }>
                                        <option value="">{t!(i18n, admin.none)}</option>
                                        {departments.into_iter().map(|d| view! { <option value=d.id.0.to_string()>{d.name}</option> }).collect_view()}
                                    </select>
                                </td>
                                <td>
                                    <select name="role" aria-label=move || td_string!(i18n.get_locale(), admin.role) prop:value=current_role on:change=move |e| {
                                        if let Ok(role) = event_target_value(&e).parse() {
                                            patch(for_role.clone(), UserPatch { role_id: Some(RoleId(role)), ..Default::default() });
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
                                    <button type="button" class="link-button" data-testid="toggle-user" on:click=toggle>
                                        {if active { t!(i18n, admin.disable).into_any() } else { t!(i18n, admin.enable).into_any() }}
                                    </button>
                                    <ResetPassword id=user.id error=error />
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
