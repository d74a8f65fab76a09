//! Bad requests of every kind get an RFC 9457 problem, never a 500 or an HTML page.

use crm_types::ErrorCode;
use crm_types::FieldErrorCode;
use reqwest::StatusCode;

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn malformed_json_is_a_400() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"username": "admin", "password": "#)
        .send()
        .await
        .unwrap();
    let problem = problem(response, StatusCode::BAD_REQUEST).await;
    assert_eq!(problem.code, ErrorCode::MalformedJson);
}

#[tokio::test]
async fn a_json_body_is_an_object_never_an_array_of_its_fields() {
    let app = spawn_app().await;
    let token = app.admin_token().await;
    let put = |body: &'static str| {
        app.client
            .put(app.url("/api/v1/notifications/preferences"))
            .bearer_auth(&token)
            .header("content-type", "application/json; charset=utf-8")
            .body(body)
            .send()
    };
    for body in ["[[]]", "  [[], null, null]", "\n\"text\"", "42", "null"] {
        let problem = problem(put(body).await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(problem.code, ErrorCode::ValidationFailed, "{body}");
        assert_eq!(problem.errors[0].field, "body", "{body}");
    }
    let no_body = app
        .client
        .post(app.url("/api/v1/notifications/read-all"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("null")
        .send()
        .await
        .unwrap();
    assert!(no_body.status().is_success(), "an operation without a body ignores a null one: {}", no_body.status());
    let accepted = put(" \r\n {\"channels\": []}").await.unwrap();
    assert_eq!(accepted.status(), StatusCode::OK, "whitespace before the object is fine");
    let malformed = problem(put("").await.unwrap(), StatusCode::BAD_REQUEST).await;
    assert_eq!(malformed.code, ErrorCode::MalformedJson, "an empty body is still malformed JSON");
}

#[tokio::test]
async fn a_ten_megabyte_body_is_a_413() {
    let app = spawn_app().await;
    let huge = format!(r#"{{"username": "{}", "password": "x"}}"#, "a".repeat(10 * 1024 * 1024));
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    let problem = problem(response, StatusCode::PAYLOAD_TOO_LARGE).await;
    assert_eq!(problem.code, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn an_unknown_api_route_is_a_404_problem() {
    let app = spawn_app().await;
    let problem = problem(app.get("/api/v1/no-such-thing").await, StatusCode::NOT_FOUND).await;
    assert_eq!(problem.code, ErrorCode::NotFound);
    assert!(problem.detail.contains("/api/v1/no-such-thing"));
}

#[tokio::test]
async fn a_wrong_method_is_a_405_that_lists_the_allowed_ones() {
    let app = spawn_app().await;
    let response = app.client.delete(app.url("/api/v1/version")).send().await.unwrap();
    assert_eq!(response.headers().get("allow").unwrap(), "GET");
    let body = problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
    assert_eq!(body.code, ErrorCode::MethodNotAllowed);

    let response = app.client.get(app.url("/api/v1/auth/login")).send().await.unwrap();
    assert_eq!(response.headers().get("allow").unwrap(), "POST");
    problem(response, StatusCode::METHOD_NOT_ALLOWED).await;

    let response = app.client.post(app.url("/api/v1/openapi.json")).send().await.unwrap();
    problem(response, StatusCode::METHOD_NOT_ALLOWED).await;
}

#[tokio::test]
async fn a_wrong_content_type_is_a_415() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "text/plain")
        .body(r#"{"username": "admin", "password": "x"}"#)
        .send()
        .await
        .unwrap();
    let problem = problem(response, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    assert_eq!(problem.code, ErrorCode::UnsupportedMediaType);
}

#[tokio::test]
async fn a_missing_field_is_a_422_naming_it() {
    let app = spawn_app().await;
    let response = app.post_json("/api/v1/auth/login", &serde_json::json!({"username": "admin"})).await;
    let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem.code, ErrorCode::ValidationFailed);
    assert_eq!(problem.errors[0].field, "password");
    assert_eq!(problem.errors[0].code, FieldErrorCode::Required);
}

#[tokio::test]
async fn an_empty_required_value_is_a_422_naming_it() {
    let app = spawn_app().await;
    let response = app.post_json("/api/v1/auth/login", &serde_json::json!({"username": " ", "password": "x"})).await;
    let problem = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(problem.errors[0].field, "username");
}
