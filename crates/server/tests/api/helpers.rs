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
    pub data_dir: PathBuf,
    pub db: sea_orm::DatabaseConnection,
    pub database_url: String,
    /// Whether the test deliberately ends with jobs still running (a crash test).
    pub jobs_may_run: bool,
    _dir: TempDir,
}

/// The jobs still at work, by table and status: imports and exports first (a test waits for those
/// with [`TestApp::settle_jobs`]), then scheduled jobs.
const UNFINISHED_JOBS: [(&str, &str); 3] = [
    ("import_jobs", "'analysing', 'running'"),
    ("export_jobs", "'pending', 'running'"),
    ("scheduled_jobs", "'running'"),
];

/// At the end of every test, no import, export or reminder job may still be running: a test that
/// starts one waits for it, so that nothing it started outlives it and nothing it asserts is racy.
impl Drop for TestApp {
    fn drop(&mut self) {
        if std::thread::panicking() || self.jobs_may_run {
            return;
        }
        let url = self.database_url.clone();
        let running = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async move {
                let connection = db::connect(&url).await.unwrap();
                let mut running = Vec::new();
                for (table, statuses) in UNFINISHED_JOBS {
                    let sql = format!("SELECT count(*) AS n FROM {table} WHERE status IN ({statuses})");
                    let row = connection
                        .query_one(sea_orm::Statement::from_string(connection.get_database_backend(), sql))
                        .await
                        .unwrap()
                        .unwrap();
                    let n: i64 = row.try_get("", "n").unwrap();
                    if n > 0 {
                        running.push(format!("{n} in {table}"));
                    }
                }
                connection.close().await.unwrap();
                running
            })
        })
        .join()
        .unwrap();
        assert!(running.is_empty(), "the test ended with jobs still running: {}", running.join(", "));
    }
}

/// The JWT signing key of every test server.
pub const JWT_SECRET: &str = "tEsT-q8Vz3kP0mX7wL2nR5tY9bC4dF6gH1jK0";

/// Starts the server on a fresh database with the first administrator created.
pub async fn spawn_app() -> TestApp {
    let mut app = unstarted_app().await;
    app.address = app.start_instance();
    app
}

/// The settings of every test server over `app`'s database and directories.
fn test_settings(app: &TestApp) -> Settings {
    Settings {
        mode: Mode::Production,
        bind: "127.0.0.1:0".into(),
        data_dir: app.data_dir.clone(),
        database_url: Some(app.database_url.clone()),
        jwt_secret: Some(SecretString::from(JWT_SECRET.to_owned())),
        web_dir: app.web_dir.clone(),
        log_format: LogFormat::Pretty,
        admin_username: None,
        admin_password: None,
        max_json_bytes: 1_048_576,
        max_upload_bytes: 1_048_576,
        job_poll_ms: 0,
        test_clock: false,
        max_import_bytes: 4_194_304,
        max_import_rows: 10_000,
        job_sweep_seconds: 1,
        job_lease_seconds: 300,
        file_job_lease_seconds: 60,
        file_retention_days: 30,
        smtp_url: None,
        mail_from: "CRM <crm@localhost>".into(),
        public_url: None,
        trusted_proxies: None,
    }
}

/// A fresh, migrated database with the first administrator, a data directory and a web directory,
/// but no server yet: `address` is empty until one is started for it (see `process::Server`).
pub async fn unstarted_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let web_dir = dir.path().join("web");
    std::fs::create_dir_all(&web_dir).unwrap();
    std::fs::write(web_dir.join("index.html"), "<!doctype html><title>CRM</title>").unwrap();
    std::fs::write(web_dir.join("style.css"), "body { margin: 0 }").unwrap();

    let database_url = fresh_database(&dir).await;
    let connection = db::connect(&database_url).await.unwrap();
    db::prepare(&connection).await.unwrap();
    bootstrap::ensure_admin(&connection, Some(ADMIN), Some(ADMIN_PASSWORD)).await.unwrap();
    TestApp {
        address: String::new(),
        // The tests read the server's English texts (an integrator's view); `tests/api/problems.rs`
        // checks the Chinese default and the choice by `Accept-Language`.
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(reqwest::header::HeaderMap::from_iter([(
                reqwest::header::ACCEPT_LANGUAGE,
                reqwest::header::HeaderValue::from_static("en"),
            )]))
            .build()
            .unwrap(),
        engine: db::engine(&connection),
        web_dir,
        data_dir: dir.path().to_path_buf(),
        db: connection,
        database_url,
        jobs_may_run: false,
        _dir: dir,
    }
}

async fn fresh_database(dir: &TempDir) -> String {
    match std::env::var("CRM_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => {
            let template = template_database(&base).await;
            let name = format!("crm_test_{}", uuid::Uuid::new_v4().simple());
            let server = db::connect(&base).await.unwrap();
            server.execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"")).await.unwrap();
            server.close().await.unwrap();
            let (prefix, _) = base.rsplit_once('/').unwrap();
            format!("{prefix}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("crm.db").display()),
    }
}

/// A PostgreSQL database migrated, seeded and with the first administrator, made once per build of
/// the tests (its name carries the test binary's fingerprint) and copied for each test: a copy takes
/// milliseconds where migrating takes seconds. Test processes that start together wait for the first
/// to make it (an advisory lock on the server).
async fn template_database(base: &str) -> String {
    use sha2::{Digest, Sha256};
    let binary = std::env::current_exe().and_then(std::fs::metadata).unwrap();
    let stamp = format!("{:?}{}", binary.modified().unwrap(), binary.len());
    let digest = Sha256::digest(stamp.as_bytes());
    let name = format!("crm_template_{}", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
    // One connection, so that the advisory lock and its release are on the same session.
    let mut options = sea_orm::ConnectOptions::new(base.to_owned());
    options.max_connections(1).min_connections(1).sqlx_logging(false);
    let server = sea_orm::Database::connect(options).await.unwrap();
    server.execute_unprepared("SELECT pg_advisory_lock(20261207)").await.unwrap();
    let exists = server
        .query_one(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 FROM pg_database WHERE datname = $1",
            [name.clone().into()],
        ))
        .await
        .unwrap()
        .is_some();
    if !exists {
        let building = format!("{name}_building");
        server.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{building}\"")).await.unwrap();
        server.execute_unprepared(&format!("CREATE DATABASE \"{building}\"")).await.unwrap();
        let (prefix, _) = base.rsplit_once('/').unwrap();
        let connection = db::connect(&format!("{prefix}/{building}")).await.unwrap();
        db::prepare(&connection).await.unwrap();
        bootstrap::ensure_admin(&connection, Some(ADMIN), Some(ADMIN_PASSWORD)).await.unwrap();
        connection.close().await.unwrap();
        server.execute_unprepared(&format!("ALTER DATABASE \"{building}\" RENAME TO \"{name}\"")).await.unwrap();
    }
    server.execute_unprepared("SELECT pg_advisory_unlock(20261207)").await.unwrap();
    server.close().await.unwrap();
    name
}

impl TestApp {
    /// Waits (up to 30 s) until no export or import that the test started by the way is still queued
    /// or running, for tests that start one without needing its result (the access matrix).
    pub async fn settle_jobs(&self) {
        let counts: Vec<String> = UNFINISHED_JOBS[..2]
            .iter()
            .map(|(table, statuses)| format!("(SELECT count(*) FROM {table} WHERE status IN ({statuses}))"))
            .collect();
        let sql = format!("SELECT {} AS n", counts.join(" + "));
        for _ in 0..300 {
            let statement = sea_orm::Statement::from_string(self.db.get_database_backend(), sql.clone());
            let row = self.db.query_one(statement).await.unwrap().unwrap();
            if row.try_get::<i64>("", "n").unwrap() == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("jobs were still running after 30 s");
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

/// The administrator's password after [`TestApp::admin_token`] changed it.
pub const ADMIN_NEW_PASSWORD: &str = "Changed#2024";
/// The password every user created by [`TestApp::create_user`] ends up with.
pub const USER_PASSWORD: &str = "Working#2024";

impl TestApp {
    pub async fn send<B: Serialize>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
        token: &str,
    ) -> Response {
        let mut request = self.client.request(method, self.url(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// Signs in as the administrator for the first time, changing the initial password.
    pub async fn admin_token(&self) -> String {
        self.first_session(ADMIN, ADMIN_PASSWORD, ADMIN_NEW_PASSWORD).await
    }

    /// Signs in with an initial password and changes it; returns the new access token.
    pub async fn first_session(&self, username: &str, initial: &str, new: &str) -> String {
        let first = self.login(username, initial).await;
        let body = serde_json::json!({"current_password": initial, "new_password": new});
        let pair: TokenResponse =
            json_ok(self.post_json_with_token("/api/v1/auth/password", &body, &first.access_token).await).await;
        pair.access_token
    }

    /// The id of the role with `code`.
    pub async fn role_id(&self, admin: &str, code: &str) -> i64 {
        let roles: Vec<crm_types::admin::Role> = json_ok(self.get_with_token("/api/v1/admin/roles", admin).await).await;
        roles.into_iter().find(|r| r.code == code).unwrap().id.0
    }

    /// Creates a user with `role` through the API and returns it.
    pub async fn create_user(
        &self,
        admin: &str,
        username: &str,
        role: &str,
        department: Option<i64>,
    ) -> crm_types::admin::User {
        let body = serde_json::json!({
            "username": username,
            "display_name": format!("{username} 同学"),
            "role_id": self.role_id(admin, role).await,
            "department_id": department,
            "initial_password": "Initial#2024",
        });
        let response = self.post_json_with_token("/api/v1/admin/users", &body, admin).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    /// Creates a user with `role` and returns their access token after the first password change.
    pub async fn user_token(&self, admin: &str, username: &str, role: &str, department: Option<i64>) -> String {
        self.create_user(admin, username, role, department).await;
        self.first_session(username, "Initial#2024", USER_PASSWORD).await
    }

    /// Uploads `bytes` as a file named `name` (declared as `mime`) to `/api/v1/attachments?{query}`.
    pub async fn upload(&self, query: &str, name: &str, mime: &str, bytes: Vec<u8>, token: &str) -> Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap();
        let form = reqwest::multipart::Form::new().part("file", part);
        self.client
            .post(self.url(&format!("/api/v1/attachments?{query}")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// A job worker of its own on this app's database, as another server instance would run.
    pub async fn worker(&self, name: &str) -> crm_server::jobs::Context {
        crm_server::jobs::Context {
            db: db::connect(&self.database_url).await.unwrap(),
            mailer: std::sync::Arc::new(crm_server::mailer::OutboxMailer::new(self.data_dir.join("outbox"))),
            sms: std::sync::Arc::new(crm_server::notifications::channels::LogSms),
            http: reqwest::Client::new(),
            public_url: "http://crm.example.com".into(),
            clock: crm_server::jobs::Clock::default(),
            worker: name.into(),
            lease: chrono::Duration::minutes(5),
        }
    }

    /// Starts a server instance over this app's database, with state of its own (as another machine
    /// behind a load balancer has); returns its address.
    pub fn start_instance(&self) -> String {
        let server = Application::build_with_db(&test_settings(self), self.db.clone()).unwrap();
        let address = format!("http://127.0.0.1:{}", server.port());
        tokio::spawn(server.run_until_stopped());
        address
    }

    /// Creates a department and returns its id.
    pub async fn create_department(&self, admin: &str, name: &str, parent: Option<i64>) -> i64 {
        let body = serde_json::json!({"name": name, "parent_id": parent});
        let response = self.post_json_with_token("/api/v1/admin/departments", &body, admin).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
        response.json::<crm_types::admin::Department>().await.unwrap().id.0
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
