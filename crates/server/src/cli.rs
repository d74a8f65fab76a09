//! The command line of `crm-server`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use crate::auth::bootstrap::{self, Bootstrap};
use crate::settings::Settings;
use crate::{Application, audit, db, openapi, telemetry};

/// CRM server: the REST API under /api/v1, its documentation at /api/docs, and the web interface.
///
/// Configuration comes from environment variables (CRM_MODE, CRM_BIND, CRM_DATA_DIR, DATABASE_URL,
/// CRM_JWT_SECRET, CRM_WEB_DIR, CRM_LOG_FORMAT, CRM_ADMIN_USERNAME, CRM_ADMIN_PASSWORD) and an optional
/// TOML file with the same keys in lower case without the CRM_ prefix.
#[derive(Debug, Parser)]
#[command(name = "crm-server", version, about, long_about)]
pub struct Cli {
    /// A TOML configuration file; environment variables override it.
    #[arg(long, env = "CRM_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Migrate the database, create the first administrator if there is no user, and serve (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the first administrator on an empty database (CRM_ADMIN_USERNAME, CRM_ADMIN_PASSWORD, or a
    /// generated password printed once).
    CreateAdmin,
    /// Print the OpenAPI document (what `make openapi` writes to openapi/openapi.json).
    Openapi,
    /// Work with the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Check the hash chain and report the first altered or missing entry (exit code 1 if broken).
    Verify,
}

/// Runs the command line; the exit code is non-zero on any failure.
pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "crm-server failed");
            eprintln!("crm-server: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::Openapi) = cli.command {
        print!("{}", openapi::spec_json()?);
        return Ok(());
    }
    let settings = Settings::load(cli.config.as_deref())?;
    telemetry::init(settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&settings).await,
        Command::Migrate => {
            let db = db::connect(&settings.database_url()).await?;
            db::prepare(&db).await?;
            println!("database is up to date: {}", db::redact(&settings.database_url()));
            Ok(())
        }
        Command::CreateAdmin => {
            let db = db::connect(&settings.database_url()).await?;
            db::prepare(&db).await?;
            create_admin(&settings, &db).await
        }
        Command::Openapi => Ok(()),
        Command::Audit { command: AuditCommand::Verify } => {
            let db = db::connect(&settings.database_url()).await?;
            db::migrate(&db).await?;
            let result = audit::verify(&db).await?;
            match result.first_broken_id {
                None => {
                    println!("audit log intact: {} entries checked", result.checked);
                    Ok(())
                }
                Some(id) => anyhow::bail!("audit log broken at entry {id} ({} entries checked)", result.checked),
            }
        }
    }
}

async fn serve(settings: &Settings) -> anyhow::Result<()> {
    // Refuse a bad secret before touching the database.
    settings.resolve_jwt_secret()?;
    let db = db::connect(&settings.database_url()).await?;
    db::prepare(&db).await?;
    create_admin(settings, &db).await?;
    let app = Application::build_with_db(settings, db)?;
    tracing::info!(port = app.port(), bind = %settings.bind, "serving the API and the web interface");
    app.run_until_stopped().await?;
    Ok(())
}

async fn create_admin(settings: &Settings, db: &sea_orm::DatabaseConnection) -> anyhow::Result<()> {
    let password = settings.admin_password.as_ref().map(|p| p.expose_secret().to_owned()).filter(|p| !p.is_empty());
    match bootstrap::ensure_admin(db, settings.admin_username.as_deref(), password.as_deref()).await? {
        Bootstrap::AlreadyInitialised => {}
        Bootstrap::Created { username } => {
            println!("Created the administrator '{username}' with CRM_ADMIN_PASSWORD; change it at first sign-in.");
        }
        Bootstrap::CreatedWithGeneratedPassword { username, password } => {
            println!("Created the administrator '{username}' with the initial password: {password}");
            println!("It is shown only this once and must be changed at first sign-in.");
        }
    }
    Ok(())
}
