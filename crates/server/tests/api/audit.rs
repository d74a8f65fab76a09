//! The audit log: what is recorded, searching it, and detecting tampering.

use crm_types::audit::{AuditEntry, AuditVerification};
use crm_types::page::Page;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::helpers::{ADMIN, json_ok, spawn_app};

#[tokio::test]
async fn sign_ins_failures_and_user_changes_are_recorded_with_their_diff() {
    let app = spawn_app().await;
    // A forwarded-for header from an untrusted peer changes nothing.
    let failed = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", "6.6.6.6")
        .json(&json!({"username": ADMIN, "password": "Wrong#2024x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::UNAUTHORIZED);
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "sunba", "sales_rep", None).await;
    let role = app.role_id(&admin, "sales_manager").await;
    let patch = app
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/admin/users/{}", user.id),
            Some(&json!({"role_id": role})),
            &admin,
        )
        .await;
    assert_eq!(patch.status(), StatusCode::OK);

    let page: Page<AuditEntry> = json_ok(app.get_with_token("/api/v1/admin/audit-log", &admin).await).await;
    let actions: Vec<&str> = page.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["user.role_change", "user.create", "auth.password_change", "auth.login", "auth.login_failed"]);
    let change = &page.items[0];
    assert_eq!(change.actor_name, ADMIN);
    assert_eq!(change.before, Some(json!({"role_id": user.role_id.0})));
    assert_eq!(change.after, Some(json!({"role_id": role})));
    assert_eq!(change.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(page.items.last().unwrap().ip.as_deref(), Some("127.0.0.1"));

    let filtered: Page<AuditEntry> = json_ok(
        app.get_with_token(&format!("/api/v1/admin/audit-log?entity_type=user&entity_id={}&limit=1", user.id), &admin)
            .await,
    )
    .await;
    assert_eq!(filtered.items.len(), 1);
    let next: Page<AuditEntry> = json_ok(
        app.get_with_token(
            &format!(
                "/api/v1/admin/audit-log?entity_type=user&entity_id={}&limit=1&cursor={}",
                user.id,
                filtered.next_cursor.unwrap()
            ),
            &admin,
        )
        .await,
    )
    .await;
    assert_eq!(next.items[0].action, "user.create");
    assert_eq!(next.next_cursor, None);
}

#[tokio::test]
async fn editing_an_entry_in_the_database_breaks_the_chain_at_that_entry() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "zhoujiu", "sales_rep", None).await;
    let intact: AuditVerification = json_ok(app.get_with_token("/api/v1/admin/audit-log/verify", &admin).await).await;
    assert!(intact.intact);
    assert!(intact.checked >= 3);

    app.db.execute_unprepared("UPDATE audit_log SET actor_name = 'someone else' WHERE id = 2").await.unwrap();
    let broken: AuditVerification = json_ok(app.get_with_token("/api/v1/admin/audit-log/verify", &admin).await).await;
    assert!(!broken.intact);
    assert_eq!(broken.first_broken_id, Some(2));
}

#[tokio::test]
async fn deleting_the_newest_entry_is_detected_too() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "wushi", "sales_rep", None).await;
    app.db.execute_unprepared("DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)").await.unwrap();
    let broken: AuditVerification = json_ok(app.get_with_token("/api/v1/admin/audit-log/verify", &admin).await).await;
    assert!(!broken.intact);
}
