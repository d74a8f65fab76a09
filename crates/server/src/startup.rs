//! Building and running the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::http::Method;
use actix_web::middleware::{Compress, DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use sea_orm::DatabaseConnection;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::attachments::store::LocalStore;
use crate::auth::tokens::TokenKeys;
use crate::http::extractors::{json_config, path_config, query_config};
use crate::http::fallback::{RouteTable, fallback};
use crate::http::json_objects::require_json_objects;
use crate::http::language::speak_the_callers_language;
use crate::http::problems::ensure_problem_bodies;
use crate::http::request_id::echo_request_id;
use crate::jobs::files::FileJobs;
use crate::jobs::{self, Clock};
use crate::notifications::channels::LogSms;
use crate::openapi::{self, ApiDoc};
use crate::settings::Mode;
use crate::settings::Settings;
use crate::spa::WebDir;
use crate::state::AppState;
use crate::{db, routes};

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// Everything the SPA and the API documentation load comes from this server: no CDN, no inline script.
/// WebAssembly needs `wasm-unsafe-eval`; Leptos and Swagger UI set inline styles.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
    object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

/// A built server, bound to its port, not yet running.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Opens, migrates and seeds the configured database, then builds the server.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = db::connect(&settings.database_url()).await?;
        db::prepare(&db).await?;
        Self::build_with_db(settings, db)
    }

    /// Builds the server on an open, migrated database.
    pub fn build_with_db(settings: &Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let secret = settings.resolve_jwt_secret()?;
        let mailer = settings.mailer()?;
        let clock = Clock::default();
        let (job_lease, file_job_lease) = (settings.job_lease()?, settings.file_job_lease()?);
        if settings.job_poll_ms > 0 {
            let context = jobs::Context {
                db: db.clone(),
                mailer: mailer.clone(),
                sms: Arc::new(LogSms),
                http: reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build()?,
                public_url: settings.public_url(),
                clock: clock.clone(),
                worker: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4().simple()),
                lease: job_lease,
            };
            jobs::runner::spawn(context, std::time::Duration::from_millis(settings.job_poll_ms));
        }
        let test_clock = settings.test_clock && settings.mode == Mode::Dev;
        let files = Arc::new(
            FileJobs::new(
                db.clone(),
                Arc::new(LocalStore::new(settings.data_dir.join("imports"))?),
                Arc::new(LocalStore::new(settings.data_dir.join("exports"))?),
                settings.max_import_bytes,
                settings.max_import_rows,
                file_job_lease,
            )
            .keeping_files_for(settings.file_retention()?)
            .with_clock(clock.clone()),
        );
        files.start_sweeper(std::time::Duration::from_secs(settings.job_sweep_seconds));
        let state = web::Data::new(AppState {
            db,
            tokens: Arc::new(TokenKeys::new(&secret)),
            mailer,
            public_url: settings.public_url(),
            trusted_proxies: Arc::new(settings.trusted_proxies()?),
            attachments: Arc::new(LocalStore::new(settings.data_dir.join("attachments"))?),
            max_upload_bytes: settings.max_upload_bytes,
            clock,
            files,
            reference: Arc::default(),
        });
        let listener = TcpListener::bind(&settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let spec = openapi::spec();
        let route_table = web::Data::new(RouteTable::from_openapi(&spec).with(OPENAPI_PATH, &[Method::GET]));
        let web_dir = web::Data::new(WebDir(settings.web_dir.clone()));
        let max_json_bytes = settings.max_json_bytes;
        let server = HttpServer::new(move || {
            // The documentation first: the `/api/v1` scope would otherwise claim `/api/v1/openapi.json`.
            App::new()
                .service(SwaggerUi::new("/api/docs/{_:.*}").url(OPENAPI_PATH, spec.clone()))
                .into_utoipa_app()
                .openapi(ApiDoc::openapi())
                .configure(routes::configure)
                .into_app()
                .configure(|cfg| {
                    if test_clock {
                        cfg.service(web::resource("/__test__/clock").route(web::post().to(advance_clock)));
                    }
                })
                .app_data(state.clone())
                .app_data(route_table.clone())
                .app_data(web_dir.clone())
                .app_data(json_config(max_json_bytes))
                .app_data(query_config())
                .app_data(path_config())
                .default_service(web::to(fallback))
                .wrap(from_fn(require_json_objects))
                .wrap(from_fn(ensure_problem_bodies))
                .wrap(from_fn(speak_the_callers_language))
                .wrap(
                    DefaultHeaders::new()
                        .add(("X-Content-Type-Options", "nosniff"))
                        .add(("X-Frame-Options", "DENY"))
                        .add(("Referrer-Policy", "no-referrer"))
                        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY)),
                )
                .wrap(Compress::default())
                .wrap(from_fn(echo_request_id))
                .wrap(TracingLogger::default())
        })
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
        Ok(Self { port, server })
    }

    /// The port the server listens on (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process is told to stop (SIGINT, SIGTERM).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Body of `POST /__test__/clock` (test-clock servers only).
#[derive(Debug, serde::Deserialize)]
struct Advance {
    seconds: i64,
}

/// Moves the jobs' clock forward (browser tests of reminders); answers the new time.
async fn advance_clock(state: web::Data<AppState>, body: web::Json<Advance>) -> web::Json<serde_json::Value> {
    state.clock.advance(body.seconds);
    web::Json(serde_json::json!({"now": state.clock.now()}))
}
