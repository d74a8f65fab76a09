//! The real `crm-server` binary as a child process, for tests that kill it with SIGKILL in the middle of
//! its work and start it again on the same database and data directory, as an operator's restart
//! after a crash would.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use nix::unistd::Pid;

use crate::helpers::{JWT_SECRET, TestApp};

/// How long a start may take on a loaded machine before the test gives up.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `crm-server serve`; killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    log: PathBuf,
}

impl Server {
    /// Starts `crm-server serve` on `app`'s database and data directory with `env` on top of the
    /// defaults, waits until it answers `/readyz` and points `app` at it. A port taken between
    /// choosing it and binding it is retried with another.
    pub async fn start(app: &mut TestApp, env: &[(&str, &str)]) -> Server {
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let log = app.data_dir.join(format!("server-{port}.log"));
            let output = std::fs::File::create(&log).unwrap();
            let child = Command::new(env!("CARGO_BIN_EXE_crm-server"))
                .arg("serve")
                .env_clear()
                .env("CRM_MODE", "production")
                .env("CRM_JWT_SECRET", JWT_SECRET)
                .env("CRM_BIND", format!("127.0.0.1:{port}"))
                .env("CRM_DATA_DIR", &app.data_dir)
                .env("CRM_WEB_DIR", &app.web_dir)
                .env("DATABASE_URL", &app.database_url)
                .env("CRM_LOG_FORMAT", "json")
                .envs(env.iter().copied())
                .stdin(Stdio::null())
                .stdout(output.try_clone().unwrap())
                .stderr(output)
                .spawn()
                .unwrap();
            let mut server = Server { child, log };
            let address = format!("http://127.0.0.1:{port}");
            if server.ready(&app.client, &address).await {
                app.address = address;
                return server;
            }
            let log = server.log_text();
            assert!(log.contains("cannot listen"), "the server did not start:\n{log}");
        }
        panic!("no free port for the server");
    }

    /// Waits for `/readyz`; `false` when the process ended first.
    async fn ready(&mut self, client: &reqwest::Client, address: &str) -> bool {
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            let answer = client.get(format!("{address}/readyz")).timeout(Duration::from_secs(5)).send().await;
            if answer.is_ok_and(|r| r.status().is_success()) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not answer within {START_TIMEOUT:?}:\n{}", self.log_text());
    }

    /// The process id, which the job worker's name starts with.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Freezes the process (SIGSTOP) and waits until it is stopped, so that the database holds still
    /// while the test looks at it: what it sees is what a kill now leaves behind.
    pub async fn pause(&self) {
        self.signal(Signal::SIGSTOP);
        let stat = format!("/proc/{}/stat", self.pid());
        wait_for("the server to stop", START_TIMEOUT, Duration::from_millis(1), || async {
            let text = std::fs::read_to_string(&stat).unwrap_or_default();
            // The state follows the command name in parentheses: `T` is stopped.
            text.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('T')).then_some(())
        })
        .await;
    }

    /// Lets a paused process run on (SIGCONT).
    pub fn resume(&self) {
        self.signal(Signal::SIGCONT);
    }

    fn signal(&self, signal: Signal) {
        let pid = Pid::from_raw(i32::try_from(self.pid()).unwrap());
        nix::sys::signal::kill(pid, signal).unwrap();
    }

    /// Kills the process with SIGKILL — no shutdown, no transaction finished — and waits for it to end.
    pub fn kill(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Polls `probe` every `every` until it returns `Some`, or panics with `what` after `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, every: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out after {timeout:?} waiting for {what}");
        tokio::time::sleep(every).await;
    }
}
