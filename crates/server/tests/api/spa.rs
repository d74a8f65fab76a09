use reqwest::StatusCode;

use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn the_root_serves_the_app() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("<title>CRM</title>"));
}

#[tokio::test]
async fn a_deep_link_serves_the_app_so_the_client_router_can_take_over() {
    let app = spawn_app().await;
    let response = app.get("/customers/42/timeline").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("<title>CRM</title>"));
}

#[tokio::test]
async fn assets_are_served_with_their_media_type() {
    let app = spawn_app().await;
    let response = app.get("/style.css").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn a_missing_asset_is_a_404_not_the_app() {
    let app = spawn_app().await;
    problem(app.get("/missing.js").await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn files_outside_the_web_directory_are_unreachable() {
    let app = spawn_app().await;
    std::fs::write(app.web_dir.join(".secret"), "no").unwrap();
    for path in ["/..%2fcrm.db", "/.secret", "/%2e%2e/crm.db"] {
        let response = app.get(path).await;
        let body = response.text().await.unwrap();
        assert!(!body.contains("SQLite") && body != "no", "{path} leaked: {body}");
    }
}
