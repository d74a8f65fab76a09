//! Sign-in, sessions and passwords.

use crm_types::ErrorCode;
use crm_types::auth::{Me, TokenResponse};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{ADMIN, ADMIN_PASSWORD, json_ok, problem, spawn_app};

#[tokio::test]
async fn the_first_administrator_signs_in_and_must_change_the_password() {
    let app = spawn_app().await;
    let pair = app.login(ADMIN, ADMIN_PASSWORD).await;
    assert!(pair.must_change_password);
    assert_eq!(pair.token_type, "Bearer");
    assert_eq!(pair.expires_in, 900);
    let me: Me = json_ok(app.get_with_token("/api/v1/me", &pair.access_token).await).await;
    assert_eq!(me.username, ADMIN);
    assert!(me.must_change_password);
}

#[tokio::test]
async fn a_wrong_password_or_unknown_user_is_a_401_that_does_not_say_which() {
    let app = spawn_app().await;
    let wrong = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN, "password": "Wrong#2024"})).await;
    let wrong = problem(wrong, StatusCode::UNAUTHORIZED).await;
    let unknown = app.post_json("/api/v1/auth/login", &json!({"username": "ghost", "password": "Wrong#2024"})).await;
    let unknown = problem(unknown, StatusCode::UNAUTHORIZED).await;
    assert_eq!(wrong.code, ErrorCode::InvalidCredentials);
    assert_eq!(wrong, unknown);
}

#[tokio::test]
async fn a_missing_expired_or_forged_access_token_is_a_401() {
    let app = spawn_app().await;
    problem(app.get("/api/v1/me").await, StatusCode::UNAUTHORIZED).await;
    let pair = app.login(ADMIN, ADMIN_PASSWORD).await;
    let mut forged = pair.access_token.clone();
    forged.pop();
    forged.push('x');
    problem(app.get_with_token("/api/v1/me", &forged).await, StatusCode::UNAUTHORIZED).await;
    // The same claims with `alg: none` and no signature.
    let payload = pair.access_token.split('.').nth(1).unwrap();
    let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
    problem(app.get_with_token("/api/v1/me", &unsigned).await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn a_refresh_token_works_once_and_its_reuse_ends_the_session() {
    let app = spawn_app().await;
    let first = app.login(ADMIN, ADMIN_PASSWORD).await;
    let second: TokenResponse =
        json_ok(app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": first.refresh_token})).await).await;
    assert_ne!(second.refresh_token, first.refresh_token);
    json_ok::<Me>(app.get_with_token("/api/v1/me", &second.access_token).await).await;

    let replay = app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": first.refresh_token})).await;
    problem(replay, StatusCode::UNAUTHORIZED).await;
    // The replay revoked the family: the newer tokens stop working too.
    let after = app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": second.refresh_token})).await;
    problem(after, StatusCode::UNAUTHORIZED).await;
    problem(app.get_with_token("/api/v1/me", &second.access_token).await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn logout_revokes_the_session_and_its_access_token() {
    let app = spawn_app().await;
    let pair = app.login(ADMIN, ADMIN_PASSWORD).await;
    let other = app.login(ADMIN, ADMIN_PASSWORD).await;
    let response = app.post_json("/api/v1/auth/logout", &json!({"refresh_token": pair.refresh_token})).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token("/api/v1/me", &pair.access_token).await, StatusCode::UNAUTHORIZED).await;
    let refresh = app.post_json("/api/v1/auth/refresh", &json!({"refresh_token": pair.refresh_token})).await;
    problem(refresh, StatusCode::UNAUTHORIZED).await;
    // Another sign-in of the same user is untouched.
    json_ok::<Me>(app.get_with_token("/api/v1/me", &other.access_token).await).await;
}

#[tokio::test]
async fn a_new_password_must_follow_the_policy() {
    let app = spawn_app().await;
    let pair = app.login(ADMIN, ADMIN_PASSWORD).await;
    let weak = json!({"current_password": ADMIN_PASSWORD, "new_password": "password1"});
    let body = problem(
        app.post_json_with_token("/api/v1/auth/password", &weak, &pair.access_token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!((body.errors[0].field.as_str(), body.errors[0].code.as_str()), ("new_password", "missing_special"));

    let wrong = json!({"current_password": "Nope#2024x", "new_password": "Better#2024"});
    let body = problem(
        app.post_json_with_token("/api/v1/auth/password", &wrong, &pair.access_token).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(body.errors[0].field, "current_password");
}

#[tokio::test]
async fn changing_the_password_clears_the_flag_and_ends_other_sessions() {
    let app = spawn_app().await;
    let pair = app.login(ADMIN, ADMIN_PASSWORD).await;
    let elsewhere = app.login(ADMIN, ADMIN_PASSWORD).await;
    let body = json!({"current_password": ADMIN_PASSWORD, "new_password": "Better#2024"});
    let renewed: TokenResponse =
        json_ok(app.post_json_with_token("/api/v1/auth/password", &body, &pair.access_token).await).await;
    assert!(!renewed.must_change_password);
    let me: Me = json_ok(app.get_with_token("/api/v1/me", &renewed.access_token).await).await;
    assert!(!me.must_change_password);
    problem(app.get_with_token("/api/v1/me", &elsewhere.access_token).await, StatusCode::UNAUTHORIZED).await;
    let old = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN, "password": ADMIN_PASSWORD})).await;
    problem(old, StatusCode::UNAUTHORIZED).await;
    app.login(ADMIN, "Better#2024").await;
}

#[tokio::test]
async fn five_failures_lock_the_account_with_retry_after_even_for_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let wrong = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN, "password": "Wrong#2024x"})).await;
        problem(wrong, StatusCode::UNAUTHORIZED).await;
    }
    let locked = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN, "password": ADMIN_PASSWORD})).await;
    let retry_after: u64 = locked.headers().get("retry-after").unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(problem(locked, StatusCode::TOO_MANY_REQUESTS).await.code, ErrorCode::TooManyRequests);
}

#[tokio::test]
async fn an_address_that_fails_too_often_is_refused() {
    let app = spawn_app().await;
    for i in 0..50 {
        let wrong = app
            .post_json("/api/v1/auth/login", &json!({"username": format!("ghost{i}"), "password": "Wrong#2024x"}))
            .await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let refused = app.post_json("/api/v1/auth/login", &json!({"username": ADMIN, "password": ADMIN_PASSWORD})).await;
    assert!(refused.headers().get("retry-after").is_some());
    problem(refused, StatusCode::TOO_MANY_REQUESTS).await;
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_a_mailed_one_time_token() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let user = app.create_user(&admin, "liuyi", "sales_rep", None).await;
    let contact = json!({"email": "liuyi@example.com", "mobile": "13800138000"});
    let patched =
        app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/users/{}", user.id), Some(&contact), &admin).await;
    assert_eq!(patched.status(), StatusCode::OK);

    let wrong = app
        .post_json(
            "/api/v1/auth/password-reset/request",
            &json!({"email": "liuyi@example.com", "mobile": "13900139000"}),
        )
        .await;
    let right = app
        .post_json(
            "/api/v1/auth/password-reset/request",
            &json!({"email": "LiuYi@example.com", "mobile": "+86 138-0013-8000"}),
        )
        .await;
    assert_eq!((wrong.status(), right.status()), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(wrong.text().await.unwrap(), right.text().await.unwrap());

    let token = wait_for_mailed_token(&app.data_dir.join("outbox")).await;
    let weak =
        app.post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "new_password": "weak"})).await;
    problem(weak, StatusCode::UNPROCESSABLE_ENTITY).await;
    let done = app
        .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "new_password": "Found#2024x"}))
        .await;
    assert_eq!(done.status(), StatusCode::NO_CONTENT);
    let again = app
        .post_json("/api/v1/auth/password-reset/confirm", &json!({"token": token, "new_password": "Again#2024x"}))
        .await;
    problem(again, StatusCode::UNPROCESSABLE_ENTITY).await;
    let pair = app.login("liuyi", "Found#2024x").await;
    assert!(!pair.must_change_password);
    let outbox: Vec<_> = std::fs::read_dir(app.data_dir.join("outbox")).unwrap().collect();
    assert_eq!(outbox.len(), 1, "only the matching request sends mail");
}

async fn wait_for_mailed_token(outbox: &std::path::Path) -> String {
    for _ in 0..100 {
        if let Some(entry) = std::fs::read_dir(outbox).ok().and_then(|mut d| d.next()) {
            let mail = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if let Some(line) = mail.lines().find(|l| l.starts_with("重置令牌 / Reset token: ")) {
                return line.trim_start_matches("重置令牌 / Reset token: ").trim().to_owned();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no reset mail arrived in {}", outbox.display());
}

/// Counts the audit entries of `action` (the background requests' decisions) until there are `n`.
async fn wait_for_audit(app: &crate::helpers::TestApp, action: &str, n: usize) -> usize {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    for _ in 0..200 {
        let count = crm_server::entities::audit_log::Entity::find()
            .filter(crm_server::entities::audit_log::Column::Action.eq(action))
            .count(&app.db)
            .await
            .unwrap();
        if count as usize >= n {
            return count as usize;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("fewer than {n} audit entries {action}");
}

async fn user_with_contact(app: &crate::helpers::TestApp, admin: &str, username: &str, email: &str, mobile: &str) {
    let user = app.create_user(admin, username, "sales_rep", None).await;
    let contact = json!({"email": email, "mobile": mobile});
    let patched =
        app.send(reqwest::Method::PATCH, &format!("/api/v1/admin/users/{}", user.id), Some(&contact), admin).await;
    assert_eq!(patched.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_mailbox_gets_at_most_three_reset_mails_an_hour_however_many_are_asked_for_at_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    user_with_contact(&app, &admin, "liuyi", "liuyi@example.com", "13800138000").await;
    let body = json!({"email": "liuyi@example.com", "mobile": "13800138000"});
    let requests = (0..8).map(|_| app.post_json("/api/v1/auth/password-reset/request", &body));
    let answers = futures_util::future::join_all(requests).await;
    assert!(answers.iter().all(|a| a.status() == StatusCode::ACCEPTED));
    // Every request is decided in the background: three mails, five refused.
    wait_for_audit(&app, "auth.password_reset_limited", 5).await;
    assert_eq!(wait_for_audit(&app, "auth.password_reset_request", 3).await, 3);
    let mails = std::fs::read_dir(app.data_dir.join("outbox")).unwrap().count();
    assert_eq!(mails, 3);
}

#[tokio::test]
async fn an_address_that_asks_for_too_many_resets_is_answered_alike_and_sends_nothing() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    user_with_contact(&app, &admin, "liuyi", "liuyi@example.com", "13800138000").await;
    for n in 0..10 {
        let unknown = json!({"email": format!("nobody{n}@example.com"), "mobile": "13900139000"});
        let answer = app.post_json("/api/v1/auth/password-reset/request", &unknown).await;
        assert_eq!(answer.status(), StatusCode::ACCEPTED);
    }
    let real = json!({"email": "liuyi@example.com", "mobile": "13800138000"});
    let answer = app.post_json("/api/v1/auth/password-reset/request", &real).await;
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    assert_eq!(answer.text().await.unwrap(), "");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(std::fs::read_dir(app.data_dir.join("outbox")).map(Iterator::count).unwrap_or(0), 0);
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(crm_server::entities::password_resets::Entity::find().count(&app.db).await.unwrap(), 0);
}
