//! Administration: departments, users, roles, modules, API keys.

use crm_types::ErrorCode;
use crm_types::FieldErrorCode;
use crm_types::admin::{CreatedApiKey, Department, ModuleState, Role, User};
use crm_types::auth::Me;
use crm_types::customer::CustomerSummary;
use crm_types::page::Page;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{USER_PASSWORD, json_ok, problem, spawn_app};

#[tokio::test]
async fn departments_form_a_tree_that_can_be_renamed_and_moved() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区销售部", None).await;
    let key_accounts = app.create_department(&admin, "大客户组", Some(east)).await;
    let north = app.create_department(&admin, "华北区销售部", None).await;

    let duplicate = app
        .post_json_with_token("/api/v1/admin/departments", &json!({"name": "大客户组", "parent_id": east}), &admin)
        .await;
    problem(duplicate, StatusCode::CONFLICT).await;

    let moved: Department = json_ok(
        app.send(
            Method::PATCH,
            &format!("/api/v1/admin/departments/{key_accounts}"),
            Some(&json!({"parent_id": north, "name": "重点客户组"})),
            &admin,
        )
        .await,
    )
    .await;
    assert_eq!((moved.parent_id.map(|d| d.0), moved.name.as_str()), (Some(north), "重点客户组"));

    let cycle = app
        .send(
            Method::PATCH,
            &format!("/api/v1/admin/departments/{north}"),
            Some(&json!({"parent_id": key_accounts})),
            &admin,
        )
        .await;
    let body = problem(cycle, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(body.errors[0].code, FieldErrorCode::Cycle);

    let tree: Vec<Department> = json_ok(app.get_with_token("/api/v1/admin/departments", &admin).await).await;
    assert_eq!(tree.len(), 3);
}

#[tokio::test]
async fn an_administrator_creates_a_user_who_must_change_the_initial_password() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区销售部", None).await;
    let user = app.create_user(&admin, "zhangsan", "sales_rep", Some(team)).await;
    assert!(user.must_change_password);
    assert_eq!(user.department_id.map(|d| d.0), Some(team));

    let first = app.login("zhangsan", "Initial#2024").await;
    assert!(first.must_change_password);
    // Until the password is changed, everything else is refused with a problem the SPA recognises.
    let refused = app.get_with_token("/api/v1/admin/users", &first.access_token).await;
    assert_eq!(problem(refused, StatusCode::FORBIDDEN).await.code, ErrorCode::PasswordChangeRequired);
    let me: Me = json_ok(app.get_with_token("/api/v1/me", &first.access_token).await).await;
    assert_eq!(me.role.code, "sales_rep");
    assert!(me.permissions.contains(&crm_types::access::Permission::FollowupCreate));
}

#[tokio::test]
async fn user_input_is_checked_field_by_field() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let role = app.role_id(&admin, "sales_rep").await;
    let body = json!({
        "username": "a b",
        "display_name": " ",
        "email": "not-an-email",
        "mobile": "12345",
        "role_id": role,
        "department_id": 999,
        "initial_password": "password",
    });
    let body =
        problem(app.post_json_with_token("/api/v1/admin/users", &body, &admin).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    let fields: Vec<&str> = body.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["username", "display_name", "email", "mobile", "initial_password", "department_id"]);

    app.create_user(&admin, "lisi", "sales_rep", None).await;
    let again =
        json!({"username": "lisi", "display_name": "李四", "role_id": role, "initial_password": "Initial#2024"});
    problem(app.post_json_with_token("/api/v1/admin/users", &again, &admin).await, StatusCode::CONFLICT).await;
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_sign_in() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let token = app.user_token(&admin, "wangwu", "sales_rep", None).await;
    let users: Vec<User> = json_ok(app.get_with_token("/api/v1/admin/users", &admin).await).await;
    let id = users.iter().find(|u| u.username == "wangwu").unwrap().id.0;
    let disabled: User = json_ok(
        app.send(Method::PATCH, &format!("/api/v1/admin/users/{id}"), Some(&json!({"is_active": false})), &admin).await,
    )
    .await;
    assert!(!disabled.is_active);
    problem(app.get_with_token("/api/v1/me", &token).await, StatusCode::UNAUTHORIZED).await;
    let login = app.post_json("/api/v1/auth/login", &json!({"username": "wangwu", "password": USER_PASSWORD})).await;
    problem(login, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn an_administrator_reset_forces_a_new_password() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let token = app.user_token(&admin, "zhaoliu", "sales_rep", None).await;
    let users: Vec<User> = json_ok(app.get_with_token("/api/v1/admin/users", &admin).await).await;
    let user = users.into_iter().find(|u: &User| u.username == "zhaoliu").unwrap();
    let reset = app
        .post_json_with_token(
            &format!("/api/v1/admin/users/{}/password", user.id),
            &json!({"new_password": "Reset#2024x"}),
            &admin,
        )
        .await;
    assert_eq!(reset.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token("/api/v1/me", &token).await, StatusCode::UNAUTHORIZED).await;
    assert!(app.login("zhaoliu", "Reset#2024x").await.must_change_password);
}

#[tokio::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let token = app.user_token(&admin, "qianqi", "sales_rep", None).await;
    problem(app.get_with_token("/api/v1/admin/users", &token).await, StatusCode::FORBIDDEN).await;
    let users: Vec<User> = json_ok(app.get_with_token("/api/v1/admin/users", &admin).await).await;
    let id = users.iter().find(|u| u.username == "qianqi").unwrap().id.0;
    let admin_role = app.role_id(&admin, "admin").await;
    let changed = app
        .send(Method::PATCH, &format!("/api/v1/admin/users/{id}"), Some(&json!({"role_id": admin_role})), &admin)
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    json_ok::<Vec<User>>(app.get_with_token("/api/v1/admin/users", &token).await).await;
}

#[tokio::test]
async fn custom_roles_are_created_edited_and_deleted_but_seeded_ones_stay() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let input = json!({
        "code": "regional_director",
        "name": "区域总监",
        "permissions": ["customer.view", "report.team"],
        "data_scopes": {"customers": "department"},
        "field_rules": {"customers": {"id_card_no": "hidden"}},
    });
    let response = app.post_json_with_token("/api/v1/admin/roles", &input, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let role: Role = response.json().await.unwrap();
    assert_eq!(role.permissions.len(), 2);
    let mut changed = input.clone();
    changed["permissions"] = json!(["customer.view", "report.team", "customer.export"]);
    let updated: Role =
        json_ok(app.send(Method::PUT, &format!("/api/v1/admin/roles/{}", role.id), Some(&changed), &admin).await).await;
    assert_eq!(updated.permissions.len(), 3);
    let deleted = app.send(Method::DELETE, &format!("/api/v1/admin/roles/{}", role.id), None::<&()>, &admin).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    let seeded = app.role_id(&admin, "sales_rep").await;
    let refused = app.send(Method::DELETE, &format!("/api/v1/admin/roles/{seeded}"), None::<&()>, &admin).await;
    problem(refused, StatusCode::CONFLICT).await;
    let bad = json!({"code": "Bad Code", "name": ""});
    let body =
        problem(app.post_json_with_token("/api/v1/admin/roles", &bad, &admin).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(body.errors.len(), 2);
}

/// Every instance keeps the roles and the department tree in memory; a change made through one
/// instance is seen by the next request to any other.
#[tokio::test]
async fn a_change_of_roles_or_departments_reaches_every_instance_at_the_next_request() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let other = app.start_instance();
    let east = app.create_department(&admin, "华东区销售部", None).await;
    let south = app.create_department(&admin, "华南区销售部", None).await;
    let body = json!({
        "code": "regional_viewer",
        "name": "区域查看",
        "permissions": ["customer.view"],
        "data_scopes": {"customers": "department"},
    });
    let response = app.post_json_with_token("/api/v1/admin/roles", &body, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let role: Role = response.json().await.unwrap();
    let viewer = app.user_token(&admin, "viewer", "regional_viewer", Some(east)).await;
    let rep = app.create_user(&admin, "south_rep", "sales_rep", Some(south)).await;
    let customer = json!({"name": "广州南方贸易有限公司", "phone": "13900001111", "industry": "F51",
        "owner_id": rep.id, "contacts": [{"name": "陈明", "mobile": "13900001111"}]});
    assert_eq!(app.post_json_with_token("/api/v1/customers", &customer, &admin).await.status(), StatusCode::CREATED);
    let seen = |token: String| {
        let request = app.client.get(format!("{other}/api/v1/customers?with_total=true")).bearer_auth(token);
        async move { request.send().await.unwrap() }
    };
    let page: Page<CustomerSummary> = json_ok(seen(viewer.clone()).await).await;
    assert_eq!(page.total, Some(0), "华南 is outside 华东's subtree");

    let moved = json!({"parent_id": east});
    let response = app.send(Method::PATCH, &format!("/api/v1/admin/departments/{south}"), Some(&moved), &admin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page: Page<CustomerSummary> = json_ok(seen(viewer.clone()).await).await;
    assert_eq!(page.total, Some(1), "the other instance sees the moved department at once");

    let mut narrowed = body.clone();
    narrowed["permissions"] = json!(["report.team"]);
    let response = app.send(Method::PUT, &format!("/api/v1/admin/roles/{}", role.id), Some(&narrowed), &admin).await;
    assert_eq!(response.status(), StatusCode::OK);
    problem(seen(viewer).await, StatusCode::FORBIDDEN).await;
}

#[tokio::test]
async fn a_module_switched_off_leaves_me() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let switched: ModuleState =
        json_ok(app.send(Method::PUT, "/api/v1/admin/modules/leads", Some(&json!({"enabled": false})), &admin).await)
            .await;
    assert!(!switched.enabled);
    let me: Me = json_ok(app.get_with_token("/api/v1/me", &admin).await).await;
    assert!(!me.modules.contains(&crm_types::access::ModuleKey::Leads));
    assert!(me.modules.contains(&crm_types::access::ModuleKey::Tickets));
    let unknown =
        app.send(Method::PUT, "/api/v1/admin/modules/nonsense", Some(&json!({"enabled": false})), &admin).await;
    problem(unknown, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn an_api_key_is_shown_once_works_with_its_role_and_stops_when_revoked() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let analyst = app.role_id(&admin, "analyst").await;
    let expires = chrono::Utc::now() + chrono::Duration::days(30);
    let body = json!({"name": "ERP 同步", "role_id": analyst, "expires_at": expires});
    let response = app.post_json_with_token("/api/v1/admin/api-keys", &body, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: CreatedApiKey = response.json().await.unwrap();
    assert!(created.key.starts_with("crm_"));
    assert!(created.key.starts_with(&created.api_key.prefix));

    // The key has the analyst's rights: no administration.
    problem(app.get_with_token("/api/v1/admin/users", &created.key).await, StatusCode::FORBIDDEN).await;
    let listed: Vec<crm_types::admin::ApiKey> =
        json_ok(app.get_with_token("/api/v1/admin/api-keys", &admin).await).await;
    assert!(listed[0].last_used_at.is_some());
    let list_text = app.get_with_token("/api/v1/admin/api-keys", &admin).await.text().await.unwrap();
    assert!(!list_text.contains(&created.key), "the secret must never be shown again");

    let revoked =
        app.send(Method::DELETE, &format!("/api/v1/admin/api-keys/{}", created.api_key.id), None::<&()>, &admin).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token("/api/v1/admin/users", &created.key).await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn an_administrator_cannot_lock_the_installation_out() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let me: Me = json_ok(app.get_with_token("/api/v1/me", &admin).await).await;
    let rep = app.role_id(&admin, "sales_rep").await;
    let own = format!("/api/v1/admin/users/{}", me.id);
    for body in [json!({"role_id": rep}), json!({"is_active": false})] {
        problem(app.send(Method::PATCH, &own, Some(&body), &admin).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let reset =
        app.post_json_with_token(&format!("{own}/password"), &json!({"new_password": "Other#2024x"}), &admin).await;
    problem(reset, StatusCode::UNPROCESSABLE_ENTITY).await;
    let stripped = json!({"code": "admin", "name": "系统管理员", "permissions": ["customer.view"]});
    let refused = app.send(Method::PUT, &format!("/api/v1/admin/roles/{}", me.role.id), Some(&stripped), &admin).await;
    assert_eq!(problem(refused, StatusCode::UNPROCESSABLE_ENTITY).await.errors[0].code, FieldErrorCode::AdminKeepsAll);
    json_ok::<Vec<User>>(app.get_with_token("/api/v1/admin/users", &admin).await).await;
}

#[tokio::test]
async fn every_user_sees_the_active_colleagues_without_their_contact_details() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华南区销售部", None).await;
    let token = app.user_token(&admin, "chen", "sales_rep", Some(team)).await;
    let gone = app.create_user(&admin, "gone", "sales_rep", None).await;
    app.send(Method::PATCH, &format!("/api/v1/admin/users/{}", gone.id), Some(&json!({"is_active": false})), &admin)
        .await;

    let response = app.get_with_token("/api/v1/users", &token).await;
    let text = response.text().await.unwrap();
    let colleagues: Vec<crm_types::admin::Colleague> = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = colleagues.iter().map(|c| c.display_name.as_str()).collect();
    assert_eq!(names, ["chen 同学", "系统管理员"]);
    assert_eq!(colleagues[0].department_id.map(|d| d.0), Some(team));
    assert!(!text.contains("mobile") && !text.contains("role_id"));
}

#[tokio::test]
async fn the_directory_says_whose_role_may_own_customers() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.user_token(&admin, "rep", "sales_rep", None).await;
    app.user_token(&admin, "market", "marketing", None).await;
    app.user_token(&admin, "service", "service_agent", None).await;
    let users: Vec<crm_types::admin::Colleague> = json_ok(app.get_with_token("/api/v1/users", &admin).await).await;
    let holds = |name: &str| users.iter().find(|u| u.display_name.starts_with(name)).unwrap().holds_customers;
    assert!(holds("rep"), "a sales rep owns customers");
    assert!(!holds("market"), "marketing does not");
}
