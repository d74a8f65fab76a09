//! The role × endpoint matrix: every operation of the API, called by a user of each seeded role, with
//! the outcome each role must get. An operation missing from the matrix fails the test, so a new
//! endpoint cannot ship without its access rules being stated here.

use std::collections::BTreeSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, USER_PASSWORD, spawn_app};

/// What a role gets from an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Anything but 401 and 403: the role may do it (the answer may still be 2xx, 404, 409 or 422).
    Allowed,
    /// 403.
    Forbidden,
    /// Anything but 403: endpoints that check credentials in the body answer 401 to bad ones.
    Public,
}

use Outcome::{Allowed as A, Forbidden as F, Public as P};

/// The seeded roles, in the order of the outcome arrays below. The administrator comes last, because
/// its calls change data.
const ROLES: [&str; 6] = ["sales_rep", "sales_manager", "service_agent", "marketing", "analyst", "admin"];

struct Ids {
    user: i64,
    department: i64,
    role: i64,
    api_key: i64,
    dictionary_item: i64,
    customer: i64,
    contact: i64,
    saved_view: i64,
    followup: i64,
    demand: i64,
    task: i64,
    attachment: i64,
}

/// One operation: method, documented path, concrete path, body, and the outcome for each role.
type Row = (Method, &'static str, String, Option<Value>, [Outcome; 6]);

fn matrix(ids: &Ids) -> Vec<Row> {
    let expires = (chrono::Utc::now() + chrono::Duration::days(10)).to_rfc3339();
    let role_body = json!({"code": "matrix_role", "name": "矩阵角色"});
    let all = [A; 6];
    let public = [P; 6];
    let admin_only = [F, F, F, F, F, A];
    // Those who create and edit customers: reps, managers and administrators.
    let creators = [A, A, F, F, F, A];
    // Those who import (customer.import): managers and administrators.
    let importers = [F, A, F, F, F, A];
    // Those who export (customer.export): managers, analysts and administrators.
    let exporters = [F, A, F, F, A, A];
    let customer = format!("/api/v1/customers/{}", ids.customer);
    vec![
        (Method::GET, "/healthz", "/healthz".into(), None, all),
        (Method::GET, "/readyz", "/readyz".into(), None, all),
        (Method::GET, "/api/v1/version", "/api/v1/version".into(), None, all),
        (Method::GET, "/api/v1/me", "/api/v1/me".into(), None, all),
        (
            Method::POST,
            "/api/v1/auth/login",
            "/api/v1/auth/login".into(),
            Some(json!({"username": "nobody", "password": "x"})),
            public,
        ),
        (
            Method::POST,
            "/api/v1/auth/refresh",
            "/api/v1/auth/refresh".into(),
            Some(json!({"refresh_token": "rt_unknown"})),
            public,
        ),
        (
            Method::POST,
            "/api/v1/auth/logout",
            "/api/v1/auth/logout".into(),
            Some(json!({"refresh_token": "rt_unknown"})),
            all,
        ),
        (
            Method::POST,
            "/api/v1/auth/password",
            "/api/v1/auth/password".into(),
            Some(json!({"current_password": "Wrong#2024x", "new_password": "Never#2024x"})),
            all,
        ),
        (
            Method::POST,
            "/api/v1/auth/password-reset/request",
            "/api/v1/auth/password-reset/request".into(),
            Some(json!({"email": "nobody@example.com", "mobile": "13800138000"})),
            all,
        ),
        (
            Method::POST,
            "/api/v1/auth/password-reset/confirm",
            "/api/v1/auth/password-reset/confirm".into(),
            Some(json!({"token": "unknown", "new_password": "Never#2024x"})),
            all,
        ),
        (Method::GET, "/api/v1/admin/users", "/api/v1/admin/users".into(), None, admin_only),
        (
            Method::POST,
            "/api/v1/admin/users",
            "/api/v1/admin/users".into(),
            Some(
                json!({"username": "matrix", "display_name": "矩阵", "role_id": ids.role, "initial_password": "Initial#2024"}),
            ),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/users/{id}", format!("/api/v1/admin/users/{}", ids.user), None, admin_only),
        (
            Method::PATCH,
            "/api/v1/admin/users/{id}",
            format!("/api/v1/admin/users/{}", ids.user),
            Some(json!({"display_name": "改名"})),
            admin_only,
        ),
        (
            Method::POST,
            "/api/v1/admin/users/{id}/password",
            format!("/api/v1/admin/users/{}/password", ids.user),
            Some(json!({"new_password": "Reset#2024x"})),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/departments", "/api/v1/admin/departments".into(), None, admin_only),
        (
            Method::POST,
            "/api/v1/admin/departments",
            "/api/v1/admin/departments".into(),
            Some(json!({"name": "矩阵部"})),
            admin_only,
        ),
        (
            Method::PATCH,
            "/api/v1/admin/departments/{id}",
            format!("/api/v1/admin/departments/{}", ids.department),
            Some(json!({"sort_order": 3})),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/roles", "/api/v1/admin/roles".into(), None, admin_only),
        (Method::POST, "/api/v1/admin/roles", "/api/v1/admin/roles".into(), Some(role_body.clone()), admin_only),
        (Method::GET, "/api/v1/admin/roles/{id}", format!("/api/v1/admin/roles/{}", ids.role), None, admin_only),
        (
            Method::PUT,
            "/api/v1/admin/roles/{id}",
            format!("/api/v1/admin/roles/{}", ids.role),
            Some(json!({"code": "custom", "name": "自定义"})),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/modules", "/api/v1/admin/modules".into(), None, admin_only),
        (
            Method::PUT,
            "/api/v1/admin/modules/{key}",
            "/api/v1/admin/modules/campaigns".into(),
            Some(json!({"enabled": true})),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/api-keys", "/api/v1/admin/api-keys".into(), None, admin_only),
        (
            Method::POST,
            "/api/v1/admin/api-keys",
            "/api/v1/admin/api-keys".into(),
            Some(json!({"name": "矩阵", "role_id": ids.role, "expires_at": expires})),
            admin_only,
        ),
        (
            Method::DELETE,
            "/api/v1/admin/api-keys/{id}",
            format!("/api/v1/admin/api-keys/{}", ids.api_key),
            None,
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/audit-log", "/api/v1/admin/audit-log".into(), None, admin_only),
        (Method::GET, "/api/v1/admin/audit-log/verify", "/api/v1/admin/audit-log/verify".into(), None, admin_only),
        (Method::GET, "/api/v1/users", "/api/v1/users".into(), None, all),
        (Method::GET, "/api/v1/departments", "/api/v1/departments".into(), None, all),
        (Method::GET, "/api/v1/dictionaries/{kind}", "/api/v1/dictionaries/industry".into(), None, all),
        (
            Method::POST,
            "/api/v1/admin/dictionaries/{kind}",
            "/api/v1/admin/dictionaries/tag".into(),
            Some(json!({"code": "matrix", "label_zh": "矩阵", "label_en": "Matrix"})),
            admin_only,
        ),
        (
            Method::PATCH,
            "/api/v1/admin/dictionaries/{kind}/{id}",
            format!("/api/v1/admin/dictionaries/tag/{}", ids.dictionary_item),
            Some(json!({"label_zh": "高潜力"})),
            admin_only,
        ),
        (Method::GET, "/api/v1/custom-fields", "/api/v1/custom-fields".into(), None, all),
        (Method::GET, "/api/v1/admin/custom-fields", "/api/v1/admin/custom-fields".into(), None, admin_only),
        (
            Method::POST,
            "/api/v1/admin/custom-fields",
            "/api/v1/admin/custom-fields".into(),
            Some(json!({"key": "matrix", "label_zh": "矩阵", "label_en": "Matrix", "field_type": "text"})),
            admin_only,
        ),
        (
            Method::PATCH,
            "/api/v1/admin/custom-fields/{id}",
            "/api/v1/admin/custom-fields/999999".into(),
            Some(json!({"label_zh": "矩阵"})),
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/settings/customers", "/api/v1/admin/settings/customers".into(), None, admin_only),
        (
            Method::PUT,
            "/api/v1/admin/settings/customers",
            "/api/v1/admin/settings/customers".into(),
            Some(json!({"code_format": "CUS{yyyyMM}{seq:3}", "duplicate_mode": "warn"})),
            admin_only,
        ),
        (Method::GET, "/api/v1/customers", "/api/v1/customers".into(), None, all),
        (
            Method::POST,
            "/api/v1/customers",
            "/api/v1/customers".into(),
            Some(json!({"name": "", "phone": "", "industry": "", "contacts": []})),
            creators,
        ),
        (Method::GET, "/api/v1/customers/duplicates", "/api/v1/customers/duplicates?name=x".into(), None, creators),
        (
            Method::POST,
            "/api/v1/customers/handover",
            "/api/v1/customers/handover".into(),
            Some(json!({"customer_ids": [], "to_user_id": ids.user, "reason": ""})),
            [F, A, F, F, F, A],
        ),
        (Method::GET, "/api/v1/customers/handovers", "/api/v1/customers/handovers".into(), None, all),
        (Method::GET, "/api/v1/customers/handovers/{id}", "/api/v1/customers/handovers/999999".into(), None, all),
        (Method::GET, "/api/v1/customers/{id}", customer.clone(), None, all),
        (Method::PATCH, "/api/v1/customers/{id}", customer.clone(), Some(json!({"notes": "x"})), creators),
        (Method::GET, "/api/v1/customers/{id}/timeline", format!("{customer}/timeline"), None, all),
        (Method::GET, "/api/v1/customers/{id}/contacts", format!("{customer}/contacts"), None, all),
        (
            Method::POST,
            "/api/v1/customers/{id}/contacts",
            format!("{customer}/contacts"),
            Some(json!({"name": ""})),
            creators,
        ),
        (
            Method::PATCH,
            "/api/v1/customers/{id}/contacts/{contact_id}",
            format!("{customer}/contacts/{}", ids.contact),
            Some(json!({"position": "经理"})),
            creators,
        ),
        (
            Method::PUT,
            "/api/v1/customers/{id}/collaborators/{user_id}",
            format!("{customer}/collaborators/{}", ids.user),
            Some(json!({"access": "view"})),
            creators,
        ),
        (
            Method::DELETE,
            "/api/v1/customers/{id}/collaborators/{user_id}",
            format!("{customer}/collaborators/{}", ids.user),
            None,
            creators,
        ),
        (Method::DELETE, "/api/v1/customers/{id}", customer.clone(), None, admin_only),
        (Method::POST, "/api/v1/customers/{id}/restore", format!("{customer}/restore"), None, admin_only),
        (Method::GET, "/api/v1/saved-views", "/api/v1/saved-views?resource=customers".into(), None, all),
        (
            Method::POST,
            "/api/v1/saved-views",
            "/api/v1/saved-views".into(),
            Some(json!({"resource": "customers", "name": "矩阵视图", "filters": "stage=proposal"})),
            all,
        ),
        (
            Method::PATCH,
            "/api/v1/saved-views/{id}",
            format!("/api/v1/saved-views/{}", ids.saved_view),
            Some(json!({"columns": ["name"]})),
            all,
        ),
        (Method::DELETE, "/api/v1/saved-views/{id}", format!("/api/v1/saved-views/{}", ids.saved_view), None, all),
        (Method::GET, "/api/v1/followups", "/api/v1/followups".into(), None, all),
        (
            Method::POST,
            "/api/v1/followups",
            "/api/v1/followups".into(),
            Some(
                json!({"customer_id": ids.customer, "occurred_at": chrono::Utc::now(), "kind": "phone", "topic": "", "summary": ""}),
            ),
            creators,
        ),
        (Method::GET, "/api/v1/followups/{id}", format!("/api/v1/followups/{}", ids.followup), None, all),
        (
            Method::PATCH,
            "/api/v1/followups/{id}",
            format!("/api/v1/followups/{}", ids.followup),
            Some(json!({"topic": "x"})),
            // Only the author (another rep) corrects it; those who see it refuse, the others do not find it.
            [A, A, A, A, F, F],
        ),
        (
            Method::POST,
            "/api/v1/followups/{id}/review",
            format!("/api/v1/followups/{}/review", ids.followup),
            Some(json!({"decision": "approve"})),
            [F, A, F, F, F, A],
        ),
        (Method::GET, "/api/v1/demands", "/api/v1/demands".into(), None, all),
        (Method::GET, "/api/v1/demands/summary", "/api/v1/demands/summary".into(), None, all),
        (
            Method::POST,
            "/api/v1/demands",
            "/api/v1/demands".into(),
            Some(json!({"customer_id": ids.customer, "description": ""})),
            creators,
        ),
        (Method::GET, "/api/v1/demands/{id}", format!("/api/v1/demands/{}", ids.demand), None, all),
        (
            Method::PATCH,
            "/api/v1/demands/{id}",
            format!("/api/v1/demands/{}", ids.demand),
            Some(json!({"kind": "potential"})),
            creators,
        ),
        (
            Method::POST,
            "/api/v1/demands/{id}/tasks",
            format!("/api/v1/demands/{}/tasks", ids.demand),
            Some(json!({"name": "", "planned_finish": "2020-01-01"})),
            creators,
        ),
        (
            Method::POST,
            "/api/v1/demands/{id}/tasks/approve",
            format!("/api/v1/demands/{}/tasks/approve", ids.demand),
            None,
            [F, A, F, F, F, A],
        ),
        (Method::GET, "/api/v1/tasks", "/api/v1/tasks".into(), None, all),
        (Method::GET, "/api/v1/tasks/{id}", format!("/api/v1/tasks/{}", ids.task), None, all),
        (Method::GET, "/api/v1/tasks/{id}/history", format!("/api/v1/tasks/{}/history", ids.task), None, all),
        // Another rep's task: the analyst sees it but may not change it; the others do not find it.
        (
            Method::PATCH,
            "/api/v1/tasks/{id}",
            format!("/api/v1/tasks/{}", ids.task),
            Some(json!({"name": "x"})),
            [A, A, A, A, F, A],
        ),
        (Method::GET, "/api/v1/admin/calendar", "/api/v1/admin/calendar?year=2026".into(), None, admin_only),
        (
            Method::PUT,
            "/api/v1/admin/calendar/{day}",
            "/api/v1/admin/calendar/2026-03-07".into(),
            Some(json!({"kind": "workday", "name": "补班"})),
            admin_only,
        ),
        (Method::DELETE, "/api/v1/admin/calendar/{day}", "/api/v1/admin/calendar/2026-03-07".into(), None, admin_only),
        (
            Method::POST,
            "/api/v1/attachments",
            format!("/api/v1/attachments?owner_type=customer&owner_id={}", ids.customer),
            Some(json!({})),
            creators,
        ),
        (
            Method::GET,
            "/api/v1/attachments",
            format!("/api/v1/attachments?owner_type=customer&owner_id={}", ids.customer),
            None,
            all,
        ),
        (
            Method::GET,
            "/api/v1/attachments/{id}/content",
            format!("/api/v1/attachments/{}/content", ids.attachment),
            None,
            all,
        ),
        (Method::GET, "/api/v1/attachments/limits", "/api/v1/attachments/limits".into(), None, all),
        (Method::DELETE, "/api/v1/attachments/{id}", format!("/api/v1/attachments/{}", ids.attachment), None, creators),
        (Method::GET, "/api/v1/notifications", "/api/v1/notifications".into(), None, all),
        (Method::GET, "/api/v1/notifications/unread-count", "/api/v1/notifications/unread-count".into(), None, all),
        (Method::POST, "/api/v1/notifications/{id}/read", "/api/v1/notifications/999999/read".into(), None, all),
        (Method::POST, "/api/v1/notifications/read-all", "/api/v1/notifications/read-all".into(), None, all),
        (Method::GET, "/api/v1/notifications/preferences", "/api/v1/notifications/preferences".into(), None, all),
        (
            Method::PUT,
            "/api/v1/notifications/preferences",
            "/api/v1/notifications/preferences".into(),
            Some(json!({"channels": []})),
            all,
        ),
        (
            Method::GET,
            "/api/v1/admin/notification-deliveries",
            "/api/v1/admin/notification-deliveries".into(),
            None,
            admin_only,
        ),
        (Method::GET, "/api/v1/admin/settings/reminders", "/api/v1/admin/settings/reminders".into(), None, admin_only),
        (
            Method::PUT,
            "/api/v1/admin/settings/reminders",
            "/api/v1/admin/settings/reminders".into(),
            Some(json!({"idle_days": {"S": 7, "A": 14, "B": 30, "C": 60}})),
            admin_only,
        ),
        (Method::POST, "/api/v1/imports", "/api/v1/imports".into(), Some(json!({})), importers),
        (Method::GET, "/api/v1/imports", "/api/v1/imports".into(), None, importers),
        (Method::GET, "/api/v1/imports/{id}", "/api/v1/imports/999999".into(), None, importers),
        (Method::GET, "/api/v1/imports/{id}/preview", "/api/v1/imports/999999/preview".into(), None, importers),
        (
            Method::PUT,
            "/api/v1/imports/{id}/options",
            "/api/v1/imports/999999/options".into(),
            Some(json!({"mapping": {"columns": []}})),
            importers,
        ),
        (Method::POST, "/api/v1/imports/{id}/dry-run", "/api/v1/imports/999999/dry-run".into(), None, importers),
        (Method::POST, "/api/v1/imports/{id}/commit", "/api/v1/imports/999999/commit".into(), None, importers),
        (Method::POST, "/api/v1/imports/{id}/cancel", "/api/v1/imports/999999/cancel".into(), None, importers),
        (Method::GET, "/api/v1/imports/{id}/problems", "/api/v1/imports/999999/problems".into(), None, importers),
        (
            Method::GET,
            "/api/v1/imports/{id}/error-report",
            "/api/v1/imports/999999/error-report".into(),
            None,
            importers,
        ),
        (Method::GET, "/api/v1/import-templates", "/api/v1/import-templates".into(), None, importers),
        (
            Method::POST,
            "/api/v1/import-templates",
            "/api/v1/import-templates".into(),
            Some(json!({"name": "矩阵模板", "mapping": {"columns": []}})),
            importers,
        ),
        (
            Method::PATCH,
            "/api/v1/import-templates/{id}",
            "/api/v1/import-templates/999999".into(),
            Some(json!({"name": "改名"})),
            importers,
        ),
        (Method::DELETE, "/api/v1/import-templates/{id}", "/api/v1/import-templates/999999".into(), None, importers),
        (Method::GET, "/api/v1/exports/columns", "/api/v1/exports/columns".into(), None, exporters),
        (Method::POST, "/api/v1/exports", "/api/v1/exports".into(), Some(json!({"columns": ["name"]})), exporters),
        (Method::GET, "/api/v1/exports/{id}", "/api/v1/exports/999999".into(), None, exporters),
        (Method::GET, "/api/v1/exports/{id}/download", "/api/v1/exports/999999/download".into(), None, exporters),
        (Method::DELETE, "/api/v1/admin/roles/{id}", format!("/api/v1/admin/roles/{}", ids.role), None, admin_only),
    ]
}

async fn setup(app: &TestApp, admin: &str) -> Ids {
    let department = app.create_department(admin, "华东区销售部", None).await;
    let role: crm_types::admin::Role = app
        .post_json_with_token("/api/v1/admin/roles", &json!({"code": "custom", "name": "自定义"}), admin)
        .await
        .json()
        .await
        .unwrap();
    let user = app.create_user(admin, "target", "sales_rep", Some(department)).await;
    let target = app.first_session("target", "Initial#2024", USER_PASSWORD).await;
    let own: crm_types::customer::Customer = app
        .post_json_with_token(
            "/api/v1/customers",
            &json!({"name": "目标客户有限公司", "phone": "13800138001", "industry": "I65", "contacts": [{"name": "李娜"}]}),
            &target,
        )
        .await
        .json()
        .await
        .unwrap();
    let followup: crm_types::followup::Followup = app
        .post_json_with_token(
            "/api/v1/followups",
            &json!({"customer_id": own.id, "occurred_at": chrono::Utc::now(), "kind": "phone", "topic": "回访", "summary": "电话回访"}),
            &target,
        )
        .await
        .json()
        .await
        .unwrap();
    let key: crm_types::admin::CreatedApiKey = app
        .post_json_with_token(
            "/api/v1/admin/api-keys",
            &json!({"name": "k", "role_id": role.id, "expires_at": chrono::Utc::now() + chrono::Duration::days(5)}),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let tags: Vec<crm_types::dictionary::DictionaryItem> =
        app.get_with_token("/api/v1/dictionaries/tag", admin).await.json().await.unwrap();
    let customer: crm_types::customer::Customer = app
        .post_json_with_token(
            "/api/v1/customers",
            &json!({"name": "矩阵客户有限公司", "phone": "13800138000", "industry": "I65", "contacts": [{"name": "张伟"}]}),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let demand: crm_types::demand::Demand = app
        .post_json_with_token("/api/v1/demands", &json!({"customer_id": own.id, "description": "对接接口"}), &target)
        .await
        .json()
        .await
        .unwrap();
    let task: crm_types::task::Task = app
        .post_json_with_token(
            &format!("/api/v1/demands/{}/tasks", demand.id),
            &json!({"name": "联调", "planned_finish": chrono::Utc::now().date_naive() + chrono::Duration::days(5)}),
            &target,
        )
        .await
        .json()
        .await
        .unwrap();
    let attachment: crm_types::attachment::Attachment = app
        .upload(
            &format!("owner_type=customer&owner_id={}", customer.id),
            "合同.pdf",
            "application/pdf",
            crate::demands::PDF.to_vec(),
            admin,
        )
        .await
        .json()
        .await
        .unwrap();
    let view: crm_types::saved_view::SavedView = app
        .post_json_with_token("/api/v1/saved-views", &json!({"resource": "customers", "name": "矩阵"}), admin)
        .await
        .json()
        .await
        .unwrap();
    Ids {
        user: user.id.0,
        department,
        role: role.id.0,
        api_key: key.api_key.id.0,
        dictionary_item: tags[0].id.0,
        customer: customer.id.0,
        contact: customer.contacts[0].id.0,
        saved_view: view.id.0,
        followup: followup.id.0,
        demand: demand.id.0,
        task: task.id.0,
        attachment: attachment.id.0,
    }
}

#[tokio::test]
async fn every_seeded_role_gets_exactly_its_rights_on_every_endpoint() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let ids = setup(&app, &admin).await;
    let rows = matrix(&ids);

    let spec = serde_json::to_value(crm_server::openapi::spec()).unwrap();
    let documented: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| item.as_object().unwrap().keys().map(move |m| (m.to_uppercase(), path.clone())))
        .collect();
    let covered: BTreeSet<(String, String)> = rows.iter().map(|(m, t, ..)| (m.to_string(), (*t).to_owned())).collect();
    let missing: Vec<_> = documented.difference(&covered).collect();
    assert!(missing.is_empty(), "operations without a row in the access matrix: {missing:?}");
    let stale: Vec<_> = covered.difference(&documented).collect();
    assert!(stale.is_empty(), "matrix rows for operations that do not exist: {stale:?}");

    let mut tokens = Vec::new();
    for (i, role) in ROLES.iter().enumerate() {
        let token = if *role == "admin" {
            admin.clone()
        } else {
            app.user_token(&admin, &format!("{role}{i}"), role, None).await
        };
        tokens.push(token);
    }
    let mut failures = Vec::new();
    for (i, role) in ROLES.iter().enumerate() {
        for (method, template, path, body, outcomes) in &rows {
            let response = app.send(method.clone(), path, body.as_ref(), &tokens[i]).await;
            let status = response.status();
            let ok = match outcomes[i] {
                Outcome::Allowed => status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN,
                Outcome::Forbidden => status == StatusCode::FORBIDDEN,
                Outcome::Public => status != StatusCode::FORBIDDEN,
            };
            if !ok {
                failures.push(format!("{role}: {method} {template} → {status}, expected {:?}", outcomes[i]));
            }
        }
    }
    // The export the matrix started finishes before the test ends.
    app.settle_jobs().await;
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
