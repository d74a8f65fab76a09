//! Opening the database: SQLite (WAL, foreign keys on) or PostgreSQL, chosen by the URL.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use crm_migrations::{Migrator, MigratorTrait};
use crm_types::system::DatabaseEngine;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, SqlxSqliteConnector};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

mod write;

pub use write::{WriteTxn, begin_write};

/// The engine a URL points at.
pub fn engine_of(url: &str) -> anyhow::Result<DatabaseEngine> {
    if url.starts_with("sqlite:") {
        Ok(DatabaseEngine::Sqlite)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(DatabaseEngine::Postgres)
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got {})", redact(url))
    }
}

/// The engine of an open connection.
pub fn engine(db: &DatabaseConnection) -> DatabaseEngine {
    match db.get_database_backend() {
        DbBackend::Postgres => DatabaseEngine::Postgres,
        _ => DatabaseEngine::Sqlite,
    }
}

/// Connects to `url`, creating a SQLite file (and its directory) if needed.
pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    match engine_of(url)? {
        DatabaseEngine::Sqlite => connect_sqlite(url).await,
        DatabaseEngine::Postgres => {
            let mut options = ConnectOptions::new(url.to_owned());
            // No ping before each statement (a round trip of its own): a connection the server closed is
            // found out by the statement that uses it, and idle connections are retired before
            // servers and firewalls usually drop them.
            options
                .max_connections(32)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(10))
                .acquire_timeout(Duration::from_secs(10))
                .test_before_acquire(false)
                .idle_timeout(Duration::from_secs(300))
                .max_lifetime(Duration::from_secs(1800))
                .sqlx_logging(false);
            Database::connect(options).await.with_context(|| format!("cannot connect to {}", redact(url)))
        }
    }
}

async fn connect_sqlite(url: &str) -> anyhow::Result<DatabaseConnection> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid SQLite URL {url}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    if let Some(dir) = options.get_filename().parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // A connection to a local file does not go stale: no ping (a round trip to the connection's thread)
    // before every statement.
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open {url}"))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Splits `rows` for multi-row statements: chunks of `max` rows (a power of two), then the rest in
/// powers of two. The statements a bulk write prepares so come in a few sizes that stay in the
/// connection's statement cache; a statement per row count would be prepared anew for nearly every
/// batch and crowd the cache with large programs.
pub fn statement_chunks<T>(rows: &[T], max: usize) -> impl Iterator<Item = &[T]> {
    let mut rest = rows;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let size = if rest.len() >= max { max } else { 1 << rest.len().ilog2() };
        let (chunk, tail) = rest.split_at(size);
        rest = tail;
        Some(chunk)
    })
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("database migration failed")
}

/// Migrates the database and adds the seeded reference data that is missing (roles, dictionaries,
/// the public-holiday calendar).
pub async fn prepare(db: &DatabaseConnection) -> anyhow::Result<()> {
    migrate(db).await?;
    crate::auth::roles::ensure_seeded(db).await?;
    crate::dictionaries::ensure_seeded(db).await?;
    crate::calendar::ensure_seeded(db).await
}

/// Answers whether the database responds to a trivial query.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(redact("postgres://crm:s3cret@db:5432/crm"), "postgres://crm:***@db:5432/crm");
        assert_eq!(redact("postgres://crm@db/crm"), "postgres://crm@db/crm");
        assert_eq!(redact("sqlite://./data/crm.db"), "sqlite://./data/crm.db");
    }

    #[test]
    fn statement_chunks_come_in_powers_of_two() {
        let rows: Vec<u32> = (0..1000).collect();
        let sizes: Vec<usize> = statement_chunks(&rows, 256).map(<[u32]>::len).collect();
        assert_eq!(sizes, [256, 256, 256, 128, 64, 32, 8]);
        let again: Vec<u32> = statement_chunks(&rows, 256).flatten().copied().collect();
        assert_eq!(again, rows);
        assert_eq!(statement_chunks(&rows[..0], 256).count(), 0);
        assert_eq!(statement_chunks(&rows[..3], 256).map(<[u32]>::len).collect::<Vec<_>>(), [2, 1]);
    }

    #[test]
    fn the_engine_follows_the_url_scheme() {
        assert_eq!(engine_of("sqlite://x.db").unwrap(), DatabaseEngine::Sqlite);
        assert_eq!(engine_of("postgresql://h/db").unwrap(), DatabaseEngine::Postgres);
        assert!(engine_of("mysql://h/db").is_err());
    }
}
