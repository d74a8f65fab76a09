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

#[tokio::test]
async fn problems_are_written_in_chinese_unless_the_caller_prefers_english() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = serde_json::json!({"name": "", "phone": "12345", "industry": "I65", "contacts": [{"name": "张伟"}]});
    let send = |language: Option<&'static str>| {
        // A client of its own: the test client asks for English.
        let request = reqwest::Client::new().post(app.url("/api/v1/customers")).bearer_auth(&admin).json(&body);
        match language {
            Some(language) => request.header("accept-language", language),
            None => request,
        }
        .send()
    };
    for (language, content_language) in [(None, "zh-CN"), (Some("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN")] {
        let response = send(language).await.unwrap();
        assert_eq!(response.headers()["content-language"], content_language);
        let chinese = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(chinese.code, ErrorCode::ValidationFailed, "the code stays the same");
        assert_eq!(chinese.detail, "请检查标红的字段。");
        let message = |field: &str| {
            chinese
                .errors
                .iter()
                .find(|e| e.field == field)
                .map(|e| e.message.clone())
                .unwrap_or_else(|| panic!("{:?}", chinese.errors))
        };
        assert_eq!(message("name"), "必填");
        assert_eq!(message("phone"), "电话应为手机号或带区号的座机号，如 0571-88886666");
    }
    let response = send(Some("en-US,en;q=0.9")).await.unwrap();
    assert_eq!(response.headers()["content-language"], "en");
    let english = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(english.code, ErrorCode::ValidationFailed);
    assert!(english.errors.iter().all(|e| e.message.is_ascii()), "{:?}", english.errors);

    let missing = reqwest::Client::new().get(app.url("/api/v1/customers/999999")).bearer_auth(&admin).send();
    let missing = problem(missing.await.unwrap(), StatusCode::NOT_FOUND).await;
    assert_eq!(missing.detail, "记录不存在或您无权查看。");
}
