//! The command line of `crm-server`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;

use crate::auth::bootstrap::{self, Bootstrap};
use crate::seed::{self, demo};
use crate::settings::{Mode, Settings};
use crate::{Application, audit, db, openapi, telemetry};
use crm_domain::Password;

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
    /// Fill an empty database with a small demo company (CRM_MODE=dev only; `make run` does this).
    ///
    /// Departments (总部 › 华东区销售部 › 杭州组 …, 客服部, 市场部), one user per seeded role (manager1,
    /// rep1…rep3, service1, marketing1, analyst1) whose initial passwords are printed once and must be
    /// changed at first sign-in, and about 200 customers with contacts, tags, stages and stage history,
    /// created like the API creates them (codes, duplicate keys, history, audit log). Refuses a database
    /// that has customers.
    SeedDemo {
        /// Succeed without doing anything when the database already has customers.
        #[arg(long)]
        if_empty: bool,
        /// How many customers to create.
        #[arg(long, default_value_t = 200)]
        customers: usize,
    },
    /// Bulk-load a large realistic data set for load tests into an empty database.
    ///
    /// 20 departments, 200 users (bench_mgr1…5 are sales managers of the regions, bench_rep001…192
    /// own the customers; all share one password and need not change it) and the customers, with 1–3
    /// contacts and tags each, created over the past three years. Written with multi-row INSERTs in one
    /// transaction, indexes rebuilt at the end. No audit entries and no history events are written for
    /// bench data. Never run it against a production database.
    SeedBench {
        /// How many customers to create.
        #[arg(long, default_value_t = 1_000_000)]
        customers: u64,
        /// The password of every bench user (generated and printed when not given).
        #[arg(long, env = "CRM_BENCH_PASSWORD")]
        password: Option<String>,
        /// The random seed; the same seed gives the same data.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
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
        Command::SeedDemo { if_empty, customers } => seed_demo(&settings, if_empty, customers).await,
        Command::SeedBench { customers, password, seed } => seed_bench(&settings, customers, password, seed).await,
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

async fn seed_demo(settings: &Settings, if_empty: bool, customers: usize) -> anyhow::Result<()> {
    if settings.mode != Mode::Dev {
        anyhow::bail!("seed-demo creates demo users with printed passwords and runs only with CRM_MODE=dev");
    }
    let db = db::connect(&settings.database_url()).await?;
    db::prepare(&db).await?;
    // Before the demo users, so that an empty database still gets its administrator.
    create_admin(settings, &db).await?;
    match seed::demo::seed(&db, customers).await? {
        demo::Outcome::NotEmpty { customers } if if_empty => {
            println!("Demo data not added: the database already has {customers} customers.");
            Ok(())
        }
        demo::Outcome::NotEmpty { customers } => {
            anyhow::bail!("the database already has {customers} customers; seed-demo fills an empty database only")
        }
        demo::Outcome::Seeded { users, customers } => {
            println!("Created a demo company with {customers} customers and these users (initial passwords, shown");
            println!("only this once; each must be changed at first sign-in):");
            for user in users {
                println!("  {:<12} {:<8} {:<14} {}", user.username, user.display_name, user.role, user.password);
            }
            Ok(())
        }
    }
}

async fn seed_bench(settings: &Settings, customers: u64, password: Option<String>, seed: u64) -> anyhow::Result<()> {
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(given) => (Password::parse(&given).map_err(|e| anyhow::anyhow!("--password: {}", e.message))?, false),
        None => (seed::org::generate_password(), true),
    };
    let db = db::connect(&settings.database_url()).await?;
    db::prepare(&db).await?;
    let shown = password.expose().to_owned();
    let report = seed::bench::seed(&db, seed::bench::Options { customers, password, seed }).await?;
    println!(
        "Loaded {} customers, {} contacts, {} tags, {} users in {} departments into {}",
        report.customers,
        report.contacts,
        report.tags,
        report.users,
        report.departments,
        db::redact(&settings.database_url())
    );
    println!(
        "  rows {:.1} s, indexes and search index {:.1} s, total {:.1} s",
        report.insert.as_secs_f64(),
        report.index.as_secs_f64(),
        report.total.as_secs_f64()
    );
    for (manager, share) in &report.managers {
        println!("  {manager}: sales manager over {:.1} % of the customers", share * 100.0);
    }
    if generated {
        println!("Every bench user's password: {shown}");
    }
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
