//! The server under test: started as a child process on 127.0.0.1, waited for, and its memory read
//! from `/proc/<pid>/status` while it works.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use reqwest::Client;

/// The server to start and what it serves, as both benchmarks take them on the command line.
#[derive(Debug, clap::Args)]
pub struct ServerOptions {
    /// The crm-server binary (a release build).
    #[arg(long, default_value = "target/release/crm-server")]
    pub server: PathBuf,
    /// The server's data directory (holds the SQLite database unless --database-url is given).
    #[arg(long)]
    pub data_dir: PathBuf,
    /// The database, when not the SQLite file in the data directory.
    #[arg(long)]
    pub database_url: Option<String>,
}

impl ServerOptions {
    /// Starts the server on `port`.
    pub fn start(&self, port: u16) -> anyhow::Result<Child> {
        start(&self.server, &self.data_dir, self.database_url.as_deref(), port)
    }
}

/// Starts `crm-server serve` on `port` over the data directory (and `database_url` when given), its
/// log in `bench-server.log` there.
pub fn start(server: &Path, data_dir: &Path, database_url: Option<&str>, port: u16) -> anyhow::Result<Child> {
    let log = std::fs::File::create(data_dir.join("bench-server.log"))?;
    let mut command = Command::new(server);
    command
        .arg("serve")
        .env("CRM_MODE", "dev")
        .env("CRM_BIND", format!("127.0.0.1:{port}"))
        .env("CRM_DATA_DIR", data_dir)
        .env("CRM_LOG_FORMAT", "json")
        .stdout(log.try_clone()?)
        .stderr(log);
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    command.spawn().with_context(|| format!("cannot start {}", server.display()))
}

/// Waits until `/readyz` answers, at most two minutes.
pub async fn wait_ready(client: &Client, base: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if let Ok(response) = client.get(format!("{base}/readyz")).send().await
            && response.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    bail!("the server did not become ready within 120 s; see bench-server.log in the data directory")
}

/// A `kB` value of /proc/<pid>/status (`VmRSS`, `VmHWM`).
pub fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// Samples a process's resident memory every 100 ms and keeps the peak.
#[derive(Debug)]
pub struct MemorySampler {
    peak_kb: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl MemorySampler {
    /// Starts sampling `pid`.
    pub fn start(pid: u32) -> Self {
        let peak_kb = Arc::new(AtomicU64::new(0));
        let task = {
            let peak_kb = peak_kb.clone();
            tokio::spawn(async move {
                loop {
                    if let Some(rss) = status_kb(pid, "VmRSS") {
                        peak_kb.fetch_max(rss, Ordering::Relaxed);
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        };
        Self { peak_kb, task }
    }

    /// The peak so far, in kB.
    pub fn peak_kb(&self) -> u64 {
        self.peak_kb.load(Ordering::Relaxed)
    }

    /// Lets the peak so far start again from zero.
    pub fn reset(&self) {
        self.peak_kb.store(0, Ordering::Relaxed);
    }
}

impl Drop for MemorySampler {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Megabytes for people to read.
pub fn megabytes(kb: u64) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "megabytes for people to read")]
    let mb = kb as f64 / 1024.0;
    mb
}

/// The load average (1, 5, 15 minutes).
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}
