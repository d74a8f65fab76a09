use crm_types::system::{HealthStatus, VersionInfo};

use crate::helpers::{json_ok, spawn_app};

#[tokio::test]
async fn the_liveness_probe_answers_ok() {
    let app = spawn_app().await;
    let health: HealthStatus = json_ok(app.get("/healthz").await).await;
    assert_eq!(health.status, "ok");
}

#[tokio::test]
async fn the_readiness_probe_checks_the_database() {
    let app = spawn_app().await;
    let ready: HealthStatus = json_ok(app.get("/readyz").await).await;
    assert_eq!(ready.status, "ok");
}

#[tokio::test]
async fn the_version_names_the_product_and_the_database_engine() {
    let app = spawn_app().await;
    let version: VersionInfo = json_ok(app.get("/api/v1/version").await).await;
    assert_eq!(version.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(version.api_version, "v1");
    assert_eq!(version.database, app.engine);
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_safety_headers() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/version").await;
    let id = response.headers().get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    assert_eq!(response.headers().get("x-content-type-options").unwrap(), "nosniff");
    let csp = response.headers().get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.starts_with("default-src 'self'") && !csp.contains("http"), "{csp}");
    let other = app.get("/api/v1/version").await;
    assert_ne!(other.headers().get("x-request-id").unwrap().to_str().unwrap(), id);
}

#[tokio::test]
async fn the_api_documentation_is_served_by_the_server_itself() {
    let app = spawn_app().await;
    let redirect = app.get("/api/docs").await;
    assert_eq!(redirect.status(), 308);
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    assert!(!html.contains("https://"), "the docs page must not load anything from the internet");
    let spec: serde_json::Value = json_ok(app.get("/api/v1/openapi.json").await).await;
    assert_eq!(spec["openapi"], "3.1.0");
    assert!(spec["paths"]["/api/v1/auth/login"]["post"].is_object());
}
