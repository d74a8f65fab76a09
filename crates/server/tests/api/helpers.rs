//! `spawn_app()` and the typed helpers the tests share.

use std::path::PathBuf;

use crm_server::auth::bootstrap;
use crm_server::settings::{LogFormat, Mode};
use crm_server::{Application, Settings, db};
use crm_types::Problem;
use crm_types::auth::TokenResponse;
use crm_types::system::DatabaseEngine;
use reqwest::{Response, StatusCode};
use sea_orm::ConnectionTrait;
use secrecy::SecretString;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tempfile::TempDir;

/// The administrator every test app starts with.
pub const ADMIN: &str = "admin";
/// The administrator's initial password.
pub const ADMIN_PASSWORD: &str = "Initial#2024";

/// A running server and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub engine: DatabaseEngine,
    pub web_dir: PathBuf,
    _dir: TempDir,
}

/// Starts the server on a fresh database with the first administrator created.
pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let web_dir = dir.path().join("web");
    std::fs::create_dir_all(&web_dir).unwrap();
    std::fs::write(web_dir.join("index.html"), "<!doctype html><title>CRM</title>").unwrap();
    std::fs::write(web_dir.join("style.css"), "body { margin: 0 }").unwrap();

    let database_url = fresh_database(&dir).await;
    let settings = Settings {
        mode: Mode::Production,
        bind: "127.0.0.1:0".into(),
        data_dir: dir.path().to_path_buf(),
        database_url: Some(database_url.clone()),
        jwt_secret: Some(SecretString::from("tEsT-q8Vz3kP0mX7wL2nR5tY9bC4dF6gH1jK0".to_owned())),
        web_dir: web_dir.clone(),
        log_format: LogFormat::Pretty,
        admin_username: None,
        admin_password: None,
        max_json_bytes: 1_048_576,
    };
    let connection = db::connect(&database_url).await.unwrap();
    db::migrate(&connection).await.unwrap();
    bootstrap::ensure_admin(&connection, Some(ADMIN), Some(ADMIN_PASSWORD)).await.unwrap();
    let app = Application::build_with_db(&settings, connection.clone()).unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
        engine: db::engine(&connection),
        web_dir,
        _dir: dir,
    }
}

async fn fresh_database(dir: &TempDir) -> String {
    match std::env::var("CRM_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let name = format!("crm_test_{}", uuid::Uuid::new_v4().simple());
            let server = db::connect(&base).await.unwrap();
            server.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.unwrap();
            let (prefix, _) = base.rsplit_once('/').unwrap();
            format!("{prefix}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("crm.db").display()),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn post_json<B: Serialize>(&self, path: &str, body: &B) -> Response {
        self.client.post(self.url(path)).json(body).send().await.unwrap()
    }

    pub async fn post_json_with_token<B: Serialize>(&self, path: &str, body: &B, token: &str) -> Response {
        self.client.post(self.url(path)).json(body).bearer_auth(token).send().await.unwrap()
    }

    /// Signs in and returns the token pair; panics unless the server answers 200.
    pub async fn login(&self, username: &str, password: &str) -> TokenResponse {
        let response = self
            .post_json("/api/v1/auth/login", &serde_json::json!({"username": username, "password": password}))
            .await;
        json_ok(response).await
    }
}

/// The body of a 200 response.
pub async fn json_ok<T: DeserializeOwned>(response: Response) -> T {
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap()
}

/// The problem body of an error response, after checking its status and media type.
pub async fn problem(response: Response, status: StatusCode) -> Problem {
    assert_eq!(response.status(), status);
    let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
    assert_eq!(content_type, "application/problem+json");
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.status, status.as_u16());
    assert_eq!(problem.type_, problem.code.type_uri());
    problem
}
