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

#[tokio::test]
async fn a_hashed_asset_is_cached_for_a_year_and_sent_precompressed_when_accepted() {
    let app = spawn_app().await;
    let name = "crm_bg.0123456789ab.wasm";
    std::fs::write(app.web_dir.join(name), b"\0asm plain").unwrap();
    std::fs::write(app.web_dir.join(format!("{name}.br")), b"brotli bytes").unwrap();
    std::fs::write(app.web_dir.join(format!("{name}.gz")), b"gzip bytes").unwrap();
    let fetch = |encoding: &'static str| {
        app.client.get(app.url(&format!("/{name}"))).header("accept-encoding", encoding).send()
    };
    for (accepted, encoding, body) in [
        ("gzip, deflate, br", Some("br"), "brotli bytes"),
        ("gzip", Some("gzip"), "gzip bytes"),
        ("identity", None, "\0asm plain"),
    ] {
        let response = fetch(accepted).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(header("content-encoding").as_deref(), encoding, "{accepted}");
        assert_eq!(header("content-type").as_deref(), Some("application/wasm"));
        assert_eq!(header("cache-control").as_deref(), Some("public, max-age=31536000, immutable"));
        assert_eq!(response.bytes().await.unwrap(), body.as_bytes());
    }
    // The page itself is always revalidated.
    let index = app.get("/").await;
    assert_eq!(index.headers()["cache-control"], "no-cache");
}
