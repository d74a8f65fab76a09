//! Saved views: private or shared with the department, changed only by their owner, their filters
//! checked as the customer list reads them.

use crm_types::audit::AuditEntry;
use crm_types::page::Page;
use crm_types::saved_view::{SavedView, ViewResource, ViewVisibility};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

async fn save(app: &TestApp, token: &str, body: &Value) -> SavedView {
    let response = app.post_json_with_token("/api/v1/saved-views", body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn views(app: &TestApp, token: &str) -> Vec<SavedView> {
    json_ok(app.get_with_token("/api/v1/saved-views?resource=customers", token).await).await
}

/// The names, sorted (the server orders by the database's collation, which differs between engines).
fn names(views: &[SavedView]) -> Vec<&str> {
    let mut names: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
    names.sort_unstable();
    names
}

/// A rep in 华东区, a colleague there and a rep in 华南区, with the first rep's private view "我的VIP"
/// and department view "本周跟进".
struct Team {
    app: TestApp,
    admin: String,
    owner: String,
    colleague: String,
    outsider: String,
    private: SavedView,
    shared: SavedView,
}

async fn team() -> Team {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区", None).await;
    let south = app.create_department(&admin, "华南区", None).await;
    let owner = app.user_token(&admin, "owner", "sales_rep", Some(east)).await;
    let colleague = app.user_token(&admin, "colleague", "sales_manager", Some(east)).await;
    let outsider = app.user_token(&admin, "outsider", "sales_rep", Some(south)).await;
    let private = save(
        &app,
        &owner,
        &json!({"resource": "customers", "name": "我的VIP", "filters": "tag=vip&grade=S,A",
                "columns": ["name", "grade", "owner_name"], "sort": "-cumulative_amount"}),
    )
    .await;
    let shared = save(
        &app,
        &owner,
        &json!({"resource": "customers", "name": "本周跟进", "filters": "industry=I&stage=proposal",
                "visibility": "department"}),
    )
    .await;
    Team { app, admin, owner, colleague, outsider, private, shared }
}

#[tokio::test]
async fn a_saved_view_keeps_its_filters_columns_and_sort() {
    let t = team().await;
    assert_eq!(t.private.resource, ViewResource::Customers);
    assert_eq!(t.private.filters, "tag=vip&grade=S,A");
    assert_eq!(t.private.columns, ["name", "grade", "owner_name"]);
    assert_eq!(t.private.sort.as_deref(), Some("-cumulative_amount"));
    assert_eq!(t.private.visibility, ViewVisibility::Private);
    assert_eq!(t.private.department_id, None);
    assert_eq!(t.private.owner_name, "owner 同学");
    assert!(t.private.is_mine);
    assert_eq!(t.shared.visibility, ViewVisibility::Department);
    assert!(t.shared.department_id.is_some());
    assert!(t.shared.columns.is_empty());
    assert_eq!(names(&views(&t.app, &t.owner).await), ["我的VIP", "本周跟进"]);
}

#[tokio::test]
async fn a_colleague_sees_the_shared_view_but_not_the_private_one_and_another_department_neither() {
    let t = team().await;
    let seen = views(&t.app, &t.colleague).await;
    assert_eq!(names(&seen), ["本周跟进"]);
    assert!(!seen[0].is_mine);
    assert_eq!(seen[0].owner_name, "owner 同学");
    assert!(views(&t.app, &t.outsider).await.is_empty());
    // The administrator, in no department, sees neither.
    assert!(views(&t.app, &t.admin).await.is_empty());
}

#[tokio::test]
async fn only_the_owner_changes_or_deletes_a_view() {
    let t = team().await;
    let path = |view: &SavedView| format!("/api/v1/saved-views/{}", view.id);
    let rename = json!({"name": "改名"});
    // Shared with the colleague: visible, so 403; private or another department: 404.
    let response = t.app.send(Method::PATCH, &path(&t.shared), Some(&rename), &t.colleague).await;
    problem(response, StatusCode::FORBIDDEN).await;
    let response = t.app.send::<Value>(Method::DELETE, &path(&t.shared), None, &t.colleague).await;
    problem(response, StatusCode::FORBIDDEN).await;
    let response = t.app.send(Method::PATCH, &path(&t.private), Some(&rename), &t.colleague).await;
    problem(response, StatusCode::NOT_FOUND).await;
    let response = t.app.send(Method::PATCH, &path(&t.shared), Some(&rename), &t.outsider).await;
    problem(response, StatusCode::NOT_FOUND).await;
    let response = t.app.send::<Value>(Method::DELETE, &path(&t.private), None, &t.admin).await;
    problem(response, StatusCode::NOT_FOUND).await;

    // The owner makes the shared view private, clears the private one's sort, then deletes one.
    let patch = json!({"name": "本周跟进（私有）", "visibility": "private", "columns": ["name"]});
    let changed: SavedView = json_ok(t.app.send(Method::PATCH, &path(&t.shared), Some(&patch), &t.owner).await).await;
    assert_eq!(changed.name, "本周跟进（私有）");
    assert_eq!(changed.visibility, ViewVisibility::Private);
    assert_eq!(changed.department_id, None);
    assert_eq!(changed.columns, ["name"]);
    assert_eq!(changed.filters, "industry=I&stage=proposal");
    assert!(views(&t.app, &t.colleague).await.is_empty());
    let cleared: SavedView =
        json_ok(t.app.send(Method::PATCH, &path(&t.private), Some(&json!({"sort": null})), &t.owner).await).await;
    assert_eq!(cleared.sort, None);
    assert_eq!(cleared.filters, "tag=vip&grade=S,A");

    let response = t.app.send::<Value>(Method::DELETE, &path(&t.private), None, &t.owner).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(names(&views(&t.app, &t.owner).await), ["本周跟进（私有）"]);
    let response = t.app.send::<Value>(Method::DELETE, &path(&t.private), None, &t.owner).await;
    problem(response, StatusCode::NOT_FOUND).await;

    let page: Page<AuditEntry> =
        json_ok(t.app.get_with_token("/api/v1/admin/audit-log?entity_type=saved_view", &t.admin).await).await;
    let actions: Vec<&str> = page.items.iter().map(|e| e.action.as_str()).collect();
    for action in ["saved_view.create", "saved_view.update", "saved_view.delete"] {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
}

#[tokio::test]
async fn filters_the_customer_list_would_refuse_are_rejected_naming_filters() {
    let t = team().await;
    for filters in ["stage=proposal&cursor=abc", "limit=50", "colour=blue", "no_followup_days=soon", "sort=price"] {
        let body = json!({"resource": "customers", "name": "坏视图", "filters": filters});
        let response = t.app.post_json_with_token("/api/v1/saved-views", &body, &t.owner).await;
        let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem.errors[0].field, "filters", "{filters}");
    }
    let body = json!({"resource": "customers", "name": "  ", "columns": ["Name!"], "sort": "price"});
    let response = t.app.post_json_with_token("/api/v1/saved-views", &body, &t.owner).await;
    let problem_body = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<&str> = problem_body.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "columns", "sort"]);
    let path = format!("/api/v1/saved-views/{}", t.private.id);
    let response = t.app.send(Method::PATCH, &path, Some(&json!({"filters": "limit=5"})), &t.owner).await;
    problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    // A user in no department has nobody to share with.
    let body = json!({"resource": "customers", "name": "共享", "visibility": "department"});
    let response = t.app.post_json_with_token("/api/v1/saved-views", &body, &t.admin).await;
    assert_eq!(problem(response, StatusCode::UNPROCESSABLE_ENTITY).await.errors[0].field, "visibility");
}

#[tokio::test]
async fn a_name_is_unique_per_owner_but_colleagues_may_reuse_it() {
    let t = team().await;
    let body = json!({"resource": "customers", "name": "我的VIP"});
    let response = t.app.post_json_with_token("/api/v1/saved-views", &body, &t.owner).await;
    problem(response, StatusCode::CONFLICT).await;
    let path = format!("/api/v1/saved-views/{}", t.shared.id);
    let response = t.app.send(Method::PATCH, &path, Some(&json!({"name": "我的VIP"})), &t.owner).await;
    problem(response, StatusCode::CONFLICT).await;
    save(&t.app, &t.colleague, &body).await;
}

#[tokio::test]
async fn api_keys_have_no_saved_views() {
    let t = team().await;
    let role = t.app.role_id(&t.admin, "sales_rep").await;
    let key: crm_types::admin::CreatedApiKey = t
        .app
        .post_json_with_token(
            "/api/v1/admin/api-keys",
            &json!({"name": "集成", "role_id": role, "expires_at": chrono::Utc::now() + chrono::Duration::days(5)}),
            &t.admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let response = t.app.get_with_token("/api/v1/saved-views?resource=customers", &key.key).await;
    problem(response, StatusCode::FORBIDDEN).await;
    let body = json!({"resource": "customers", "name": "集成视图"});
    let response = t.app.post_json_with_token("/api/v1/saved-views", &body, &key.key).await;
    problem(response, StatusCode::FORBIDDEN).await;
}
