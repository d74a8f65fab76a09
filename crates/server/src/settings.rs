//! Typed configuration, loaded once in `main` from an optional TOML file and the environment.
//!
//! Environment variables win over the file: `CRM_MODE`, `CRM_BIND`, `CRM_DATA_DIR`, `DATABASE_URL`,
//! `CRM_JWT_SECRET`, `CRM_WEB_DIR`, `CRM_LOG_FORMAT`, `CRM_ADMIN_USERNAME`, `CRM_ADMIN_PASSWORD`,
//! `CRM_MAX_JSON_BYTES`, and the others named after the fields below. The file uses the same names in lower case without the `CRM_` prefix.

use std::path::{Path, PathBuf};

use rand::Rng;
use rand::distr::Alphanumeric;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Whether the server runs for a developer or for real users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Local development: a JWT secret is generated and kept under the data directory if none is set.
    Dev,
    /// Real deployments: a strong `CRM_JWT_SECRET` is required.
    Production,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, coloured lines.
    Pretty,
    /// One JSON object per line, for log collectors.
    Json,
}

/// The server's settings.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// `dev` or `production` (the default).
    pub mode: Mode,
    /// The address to listen on; port 0 picks a free port.
    pub bind: String,
    /// Where the SQLite database, the dev JWT secret and uploaded files live.
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `sqlite://{data_dir}/crm.db`.
    pub database_url: Option<String>,
    /// The HMAC key that signs access tokens.
    pub jwt_secret: Option<SecretString>,
    /// The built SPA (`index.html` and its assets).
    pub web_dir: PathBuf,
    /// `pretty` or `json`.
    pub log_format: LogFormat,
    /// The first administrator's username, created on an empty database.
    pub admin_username: Option<String>,
    /// The first administrator's initial password (must be changed at first sign-in).
    pub admin_password: Option<SecretString>,
    /// The largest JSON request body accepted, in bytes.
    pub max_json_bytes: usize,
    /// The largest attachment accepted, in bytes (default 20 MiB).
    pub max_upload_bytes: u64,
    /// How often the job worker looks for due reminders, in milliseconds (default 10 s); 0 runs no
    /// worker in this instance.
    pub job_poll_ms: u64,
    /// Dev mode only: serve `POST /__test__/clock` so browser tests can move the jobs' clock forward.
    pub test_clock: bool,
    /// The largest file accepted for import, in bytes (default 500 MiB).
    pub max_import_bytes: u64,
    /// The most data rows one import job reads (default 1,000,000).
    pub max_import_rows: u64,
    /// How often, in seconds, an instance looks for background jobs whose instance stopped (default 15).
    pub job_sweep_seconds: u64,
    /// How long, in seconds, a claimed reminder job stays with its instance before another may take it
    /// over (default 300); must be more than 0.
    pub job_lease_seconds: u64,
    /// How long, in seconds, an import or export keeps its instance's lease without a renewal (each
    /// batch renews it) before another instance takes it over (default 60); must be more than 0.
    pub file_job_lease_seconds: u64,
    /// How many days the files of imports and exports are kept after their job ended (default 30);
    /// must be more than 0.
    pub file_retention_days: u64,
    /// `smtp://user:password@host:587?tls=required` or `smtps://…`; without it mail goes to the outbox.
    pub smtp_url: Option<SecretString>,
    /// The sender of e-mails.
    pub mail_from: String,
    /// The address users reach the web interface at (for links in e-mails); defaults to `http://{bind}`.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed, comma-separated IP addresses
    /// (`CRM_TRUSTED_PROXIES=127.0.0.1,10.0.0.5`); requests from anywhere else are taken at face value.
    pub trusted_proxies: Option<String>,
}

/// A setting that is missing or unacceptable.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file or an environment variable could not be read or parsed.
    #[error("invalid configuration: {0}")]
    Load(#[from] config::ConfigError),
    /// Production mode without a JWT secret.
    #[error(
        "CRM_JWT_SECRET is required in production mode (at least 32 random characters); set CRM_MODE=dev for local use"
    )]
    MissingJwtSecret,
    /// Production mode with a guessable JWT secret.
    #[error("CRM_JWT_SECRET is too weak: use at least 32 random characters, not a word or a repeated pattern")]
    WeakJwtSecret,
    /// The dev-mode secret file could not be read or written.
    #[error("cannot keep the development JWT secret in {path}: {source}")]
    DevSecret {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl Settings {
    /// Loads the settings from `file` (if given and present) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let mut builder = config::Config::builder()
            .set_default("mode", "production")?
            .set_default("bind", "127.0.0.1:8080")?
            .set_default("data_dir", "./data")?
            .set_default("web_dir", "frontend/dist")?
            .set_default("log_format", "pretty")?
            .set_default("max_json_bytes", 1_048_576)?
            .set_default("max_upload_bytes", 20_971_520)?
            .set_default("job_poll_ms", 10_000)?
            .set_default("test_clock", false)?
            .set_default("max_import_bytes", 524_288_000)?
            .set_default("max_import_rows", 1_000_000)?
            .set_default("job_sweep_seconds", 15)?
            .set_default("job_lease_seconds", 300)?
            .set_default("file_job_lease_seconds", 60)?
            .set_default("file_retention_days", 30)?
            .set_default("mail_from", "CRM <crm@localhost>")?;
        if let Some(file) = file {
            builder = builder.add_source(config::File::from(file).required(false));
        }
        let settings = builder
            .add_source(config::Environment::with_prefix("CRM").try_parsing(true))
            .set_override_option("database_url", std::env::var("DATABASE_URL").ok())?
            .build()?
            .try_deserialize()?;
        Ok(settings)
    }

    /// The database to open.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!("sqlite://{}?mode=rwc", self.data_dir.join("crm.db").display()),
        }
    }

    /// The address of the web interface, for links in e-mails.
    pub fn public_url(&self) -> String {
        self.public_url.clone().filter(|u| !u.trim().is_empty()).unwrap_or_else(|| format!("http://{}", self.bind))
    }

    /// The lease of a claimed reminder job; refuses 0, which would let every instance take over every
    /// job at once.
    pub fn job_lease(&self) -> anyhow::Result<chrono::Duration> {
        lease("CRM_JOB_LEASE_SECONDS", self.job_lease_seconds)
    }

    /// The lease of an import or export between two renewals; refuses 0.
    pub fn file_job_lease(&self) -> anyhow::Result<chrono::Duration> {
        lease("CRM_FILE_JOB_LEASE_SECONDS", self.file_job_lease_seconds)
    }

    /// How long import and export files are kept after their job ended; refuses 0 and more than ten
    /// years.
    pub fn file_retention(&self) -> anyhow::Result<chrono::Duration> {
        match self.file_retention_days {
            1..=3650 => Ok(chrono::Duration::days(i64::try_from(self.file_retention_days)?)),
            days => anyhow::bail!("CRM_FILE_RETENTION_DAYS must be between 1 and 3650 (got {days})"),
        }
    }

    /// The trusted reverse proxies.
    pub fn trusted_proxies(&self) -> anyhow::Result<Vec<std::net::IpAddr>> {
        self.trusted_proxies
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry.parse().map_err(|_| anyhow::anyhow!("CRM_TRUSTED_PROXIES: {entry} is not an IP address"))
            })
            .collect()
    }

    /// The mailer: SMTP when configured, else the outbox under the data directory.
    pub fn mailer(&self) -> anyhow::Result<std::sync::Arc<dyn crate::mailer::Mailer>> {
        Ok(match &self.smtp_url {
            Some(url) if !url.expose_secret().trim().is_empty() => {
                std::sync::Arc::new(crate::mailer::SmtpMailer::new(url.expose_secret(), &self.mail_from)?)
            }
            _ => std::sync::Arc::new(crate::mailer::OutboxMailer::new(self.data_dir.join("outbox"))),
        })
    }

    /// The JWT signing key: the configured one if acceptable for the mode, else (dev only) a key kept
    /// in the data directory so that sessions survive restarts.
    pub fn resolve_jwt_secret(&self) -> Result<SecretString, SettingsError> {
        match (&self.jwt_secret, self.mode) {
            (Some(secret), Mode::Production) if is_weak(secret.expose_secret()) => Err(SettingsError::WeakJwtSecret),
            (Some(secret), _) => Ok(secret.clone()),
            (None, Mode::Production) => Err(SettingsError::MissingJwtSecret),
            (None, Mode::Dev) => self.dev_secret(),
        }
    }

    fn dev_secret(&self) -> Result<SecretString, SettingsError> {
        let path = self.data_dir.join(".dev-jwt-secret");
        let io = |source| SettingsError::DevSecret { path: path.clone(), source };
        if let Ok(existing) = std::fs::read_to_string(&path)
            && !is_weak(existing.trim())
        {
            return Ok(SecretString::from(existing.trim().to_owned()));
        }
        std::fs::create_dir_all(&self.data_dir).map_err(io)?;
        let fresh: String = rand::rng().sample_iter(Alphanumeric).take(48).map(char::from).collect();
        std::fs::write(&path, &fresh).map_err(io)?;
        Ok(SecretString::from(fresh))
    }
}

/// A lease of `seconds`, which must be more than 0 and at most a day.
fn lease(name: &str, seconds: u64) -> anyhow::Result<chrono::Duration> {
    match i64::try_from(seconds) {
        Ok(seconds @ 1..=86_400) => Ok(chrono::Duration::seconds(seconds)),
        _ => anyhow::bail!("{name} must be a number of seconds from 1 to 86400, not {seconds}"),
    }
}

/// A secret is weak when it is short or made of few distinct characters.
fn is_weak(secret: &str) -> bool {
    let mut distinct: Vec<char> = secret.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    secret.len() < 32 || distinct.len() < 10
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(mode: Mode, secret: Option<&str>, data_dir: PathBuf) -> Settings {
        Settings {
            mode,
            bind: "127.0.0.1:0".into(),
            data_dir,
            database_url: None,
            jwt_secret: secret.map(|s| SecretString::from(s.to_owned())),
            web_dir: PathBuf::from("frontend/dist"),
            log_format: LogFormat::Pretty,
            admin_username: None,
            admin_password: None,
            max_json_bytes: 1024,
            max_upload_bytes: 1024,
            job_poll_ms: 0,
            test_clock: false,
            max_import_bytes: 1024,
            max_import_rows: 10,
            job_sweep_seconds: 15,
            job_lease_seconds: 300,
            file_job_lease_seconds: 60,
            file_retention_days: 30,
            smtp_url: None,
            mail_from: "CRM <crm@localhost>".into(),
            public_url: None,
            trusted_proxies: None,
        }
    }

    #[test]
    fn production_refuses_a_missing_or_weak_secret() {
        let dir = PathBuf::from("/nonexistent");
        let missing = settings(Mode::Production, None, dir.clone()).resolve_jwt_secret();
        assert!(matches!(missing, Err(SettingsError::MissingJwtSecret)));
        for weak in ["secret", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababababababababab"] {
            let result = settings(Mode::Production, Some(weak), dir.clone()).resolve_jwt_secret();
            assert!(matches!(result, Err(SettingsError::WeakJwtSecret)), "{weak} was accepted");
        }
        let strong = settings(Mode::Production, Some("q8Vz3kP0mX7wL2nR5tY9bC4dF6gH1jK0"), dir);
        assert!(strong.resolve_jwt_secret().is_ok());
    }

    #[test]
    fn dev_mode_keeps_a_generated_secret_across_restarts() {
        let dir = std::env::temp_dir().join(format!("crm-settings-{}", uuid::Uuid::new_v4()));
        let first = settings(Mode::Dev, None, dir.clone()).resolve_jwt_secret().unwrap();
        let second = settings(Mode::Dev, None, dir.clone()).resolve_jwt_secret().unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(!is_weak(first.expose_secret()));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_lease_must_last_at_least_a_second() {
        let mut s = settings(Mode::Dev, None, PathBuf::from("./data"));
        assert_eq!(s.job_lease().unwrap(), chrono::Duration::minutes(5));
        assert_eq!(s.file_job_lease().unwrap(), chrono::Duration::minutes(1));
        s.job_lease_seconds = 0;
        s.file_job_lease_seconds = 0;
        assert!(s.job_lease().unwrap_err().to_string().contains("CRM_JOB_LEASE_SECONDS"));
        assert!(s.file_job_lease().unwrap_err().to_string().contains("CRM_FILE_JOB_LEASE_SECONDS"));
        s.job_lease_seconds = 2;
        assert_eq!(s.job_lease().unwrap(), chrono::Duration::seconds(2));
    }

    #[test]
    fn the_default_database_is_a_sqlite_file_in_the_data_dir() {
        let s = settings(Mode::Dev, None, PathBuf::from("./data"));
        assert_eq!(s.database_url(), "sqlite://./data/crm.db?mode=rwc");
    }
}
