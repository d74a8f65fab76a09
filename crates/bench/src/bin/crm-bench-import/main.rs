//! `crm-bench-import`: a million-row customer import, then exports, against the release server on
//! 127.0.0.1 over a database seeded with `crm-server seed-bench --customers 0` (the bench users).
//!
//! 1. Writes a realistic GBK CSV (see `generate`): ~1 % bad rows, ~1 % repeated customers.
//! 2. As a sales manager: uploads it, takes the suggested mapping, runs the dry run and checks the
//!    cleaning report against what was generated, then commits; times each step.
//! 3. As an analyst (every customer, may export): exports every customer to CSV, then one owner's
//!    customers (about a tenth) to XLSX; times each until the file is ready.
//!
//! The server's resident memory is sampled every 100 ms throughout; its peak per phase is reported.

mod generate;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use crm_bench::server::{self, MemorySampler, ServerOptions, load_average, megabytes};
use crm_types::auth::TokenResponse;
use crm_types::customer::CustomerSummary;
use crm_types::export::{Export, ExportStatus};
use crm_types::import::{ImportJob, ImportStatus, UploadedImport};
use crm_types::page::Page;
use reqwest::Client;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Import and export benchmark.
#[derive(Debug, Parser)]
#[command(name = "crm-bench-import", about)]
struct Args {
    #[command(flatten)]
    under_test: ServerOptions,
    /// Data rows in the file.
    #[arg(long, default_value_t = 1_000_000)]
    rows: u64,
    /// The sales manager who imports.
    #[arg(long, default_value = "bench_mgr1")]
    importer: String,
    /// The analyst who exports.
    #[arg(long, default_value = "bench_analyst")]
    exporter: String,
    /// The bench users' password.
    #[arg(long, env = "CRM_BENCH_PASSWORD")]
    password: String,
    /// The random seed of the file.
    #[arg(long, default_value_t = 20_261_124)]
    seed: u64,
    /// Only the exports, over the customers an earlier run imported into the same data directory.
    #[arg(long)]
    export_only: bool,
    /// Rows per committed batch (the import's `batch_size`); the server's default when absent.
    #[arg(long, env = "BENCH_BATCH_SIZE")]
    batch_size: Option<u32>,
}

/// One measured step.
struct Step {
    label: String,
    seconds: f64,
    rows: u64,
    peak_mb: f64,
    target: &'static str,
    met: bool,
    load: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // The file's owners: the first ten reps of the importer's region (the seed's first sales group).
    let owners: Vec<String> = (1..=10).map(|i| format!("bench_rep{i:03}")).collect();
    let file = args.under_test.data_dir.join("customers-gbk.csv");
    let started = Instant::now();
    let counts = if args.export_only {
        generate::Counts::default()
    } else {
        generate::write(&file, args.rows, &owners, args.seed)?
    };
    eprintln!(
        "wrote {} rows ({} bad, {} repeated, {:.0} MB GBK) in {:.1} s",
        counts.rows,
        counts.bad,
        counts.duplicates,
        megabytes(counts.bytes / 1024),
        started.elapsed().as_secs_f64()
    );

    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = args.under_test.start(port)?;
    let outcome = bench(&args, &base, child.id(), &file, counts).await;
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

async fn bench(
    args: &Args,
    base: &str,
    pid: u32,
    file: &std::path::Path,
    counts: generate::Counts,
) -> anyhow::Result<()> {
    let api = Api { client: Client::builder().timeout(Duration::from_secs(600)).build()?, base: base.to_owned() };
    server::wait_ready(&api.client, base).await?;
    let sampler = MemorySampler::start(pid);
    let mut steps = Vec::new();
    if !args.export_only {
        import(args, &api, &sampler, file, counts, &mut steps).await?;
    }
    export(args, &api, &sampler, &mut steps).await?;
    print(&steps);
    let hwm = server::status_kb(pid, "VmHWM").unwrap_or(0);
    println!("\nserver VmHWM at the end: {:.0} MB", megabytes(hwm));
    Ok(())
}

/// Uploads the file, runs the dry run and the commit.
async fn import(
    args: &Args,
    api: &Api,
    sampler: &MemorySampler,
    file: &std::path::Path,
    counts: generate::Counts,
    steps: &mut Vec<Step>,
) -> anyhow::Result<()> {
    let importer = api.login(&args.importer, &args.password).await?;
    let bytes = std::fs::read(file)?;
    let load = load_average();
    let started = Instant::now();
    let part = reqwest::multipart::Part::bytes(bytes).file_name("客户资料.csv");
    let uploaded: UploadedImport = api
        .send(
            api.client.post(api.url("/api/v1/imports")).multipart(reqwest::multipart::Form::new().part("file", part)),
            &importer,
        )
        .await?;
    let id = uploaded.job.id;
    steps.push(step("upload and preview", started, 0, sampler, "", true, load));

    let columns = uploaded.preview.suggested;
    anyhow::ensure!(
        columns.len() == generate::HEADERS.len(),
        "only {} columns were mapped: {columns:?}",
        columns.len()
    );
    let mut options =
        json!({"mapping": {"columns": columns}, "in_file_duplicates": "skip", "database_duplicates": "skip"});
    if let Some(size) = args.batch_size {
        options["batch_size"] = json!(size);
    }
    let _: ImportJob =
        api.send(api.client.put(api.url(&format!("/api/v1/imports/{id}/options"))).json(&options), &importer).await?;

    sampler.reset();
    let load = load_average();
    let started = Instant::now();
    let dry_run = Instant::now();
    let _: Value = api
        .send(api.client.post(api.url(&format!("/api/v1/imports/{id}/dry-run"))).json(&json!({})), &importer)
        .await?;
    let job = api.settle_import(id, &importer).await?;
    anyhow::ensure!(job.status == ImportStatus::Analysed, "the dry run ended {:?}: {:?}", job.status, job.error);
    let report = job.report.context("no report")?;
    eprintln!("report: {report:?}");
    let expected = (counts.rows, counts.clean(), counts.duplicates, counts.bad);
    let found = (report.rows_read, report.to_import, report.in_file_duplicates, report.with_problems);
    if expected != found {
        eprintln!(
            "the report differs from the file: expected (rows, to import, repeated, bad) {expected:?}, found {found:?}"
        );
    }
    steps.push(step("dry run (cleaning report)", dry_run, report.rows_read, sampler, "", true, load));

    let peak_before = sampler.peak_kb();
    let load = load_average();
    let commit = Instant::now();
    let _: Value =
        api.send(api.client.post(api.url(&format!("/api/v1/imports/{id}/commit"))).json(&json!({})), &importer).await?;
    let job = api.settle_import(id, &importer).await?;
    anyhow::ensure!(job.status == ImportStatus::Completed, "the commit ended {:?}: {:?}", job.status, job.error);
    steps.push(step("commit", commit, job.progress.imported, sampler, "", true, load.clone()));
    let total = started.elapsed().as_secs_f64();
    let peak = megabytes(sampler.peak_kb().max(peak_before));
    steps.push(Step {
        label: "dry run + commit".into(),
        seconds: total,
        rows: job.progress.imported,
        peak_mb: peak,
        target: "≤ 90 s, ≤ 500 MB",
        met: total <= 90.0 && peak <= 500.0,
        load,
    });
    eprintln!("progress: {:?}", job.progress);
    Ok(())
}

/// Exports every customer to CSV, then one owner's to XLSX.
async fn export(args: &Args, api: &Api, sampler: &MemorySampler, steps: &mut Vec<Step>) -> anyhow::Result<()> {
    let exporter = api.login(&args.exporter, &args.password).await?;
    sampler.reset();
    let load = load_average();
    let started = Instant::now();
    let csv = api.export(&exporter, json!({"format": "csv"})).await?;
    let seconds = started.elapsed().as_secs_f64();
    let peak = megabytes(sampler.peak_kb());
    steps.push(Step {
        label: "export every customer to CSV".into(),
        seconds,
        rows: csv.rows_written,
        peak_mb: peak,
        target: "≤ 30 s, constant memory",
        met: seconds <= 30.0,
        load,
    });

    let first: Page<CustomerSummary> =
        api.send(api.client.get(api.url("/api/v1/customers?limit=1&sort=created_at")), &exporter).await?;
    let owner = first.items.first().and_then(|c| c.owner_id).context("no customer has an owner")?;
    sampler.reset();
    let load = load_average();
    let started = Instant::now();
    let xlsx = api.export(&exporter, json!({"format": "xlsx", "filter": {"owner_id": owner.0.to_string()}})).await?;
    let seconds = started.elapsed().as_secs_f64();
    steps.push(Step {
        label: "export one owner's customers to XLSX".into(),
        seconds,
        rows: xlsx.rows_written,
        peak_mb: megabytes(sampler.peak_kb()),
        target: "100,000 rows ≤ 30 s",
        met: seconds <= 30.0,
        load,
    });

    Ok(())
}

fn print(steps: &[Step]) {
    println!("\n| step | rows | seconds | rows/s | peak VmRSS MB | target | met | load avg at start |");
    println!("|---|---:|---:|---:|---:|---|---|---|");
    for s in steps {
        #[expect(clippy::cast_precision_loss, reason = "a rate for people to read")]
        let rate =
            if s.rows > 0 && s.seconds > 0.0 { format!("{:.0}", s.rows as f64 / s.seconds) } else { "–".into() };
        let met = if s.target.is_empty() {
            ""
        } else if s.met {
            "yes"
        } else {
            "**no**"
        };
        println!(
            "| {} | {} | {:.1} | {rate} | {:.0} | {} | {met} | {} |",
            s.label, s.rows, s.seconds, s.peak_mb, s.target, s.load
        );
    }
}

fn step(
    label: &str,
    started: Instant,
    rows: u64,
    sampler: &MemorySampler,
    target: &'static str,
    met: bool,
    load: String,
) -> Step {
    Step {
        label: label.to_owned(),
        seconds: started.elapsed().as_secs_f64(),
        rows,
        peak_mb: megabytes(sampler.peak_kb()),
        target,
        met,
        load,
    }
}

/// The API, as one client.
struct Api {
    client: Client,
    base: String,
}

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send<T: DeserializeOwned>(&self, request: reqwest::RequestBuilder, token: &str) -> anyhow::Result<T> {
        let response = request.bearer_auth(token).send().await?;
        let status = response.status();
        if !status.is_success() {
            bail!("{status}: {}", response.text().await.unwrap_or_default());
        }
        Ok(response.json().await?)
    }

    async fn login(&self, username: &str, password: &str) -> anyhow::Result<String> {
        let response = self
            .client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await?
            .error_for_status()
            .with_context(|| format!("{username} cannot sign in"))?;
        Ok(response.json::<TokenResponse>().await?.access_token)
    }

    /// Polls an import until it leaves the running states, printing its progress now and then.
    async fn settle_import(&self, id: crm_types::ImportId, token: &str) -> anyhow::Result<ImportJob> {
        let mut last_print = Instant::now();
        loop {
            let job: ImportJob = self.send(self.client.get(self.url(&format!("/api/v1/imports/{id}"))), token).await?;
            if !matches!(job.status, ImportStatus::Analysing | ImportStatus::Running) {
                return Ok(job);
            }
            if last_print.elapsed() >= Duration::from_secs(10) {
                let p = &job.progress;
                eprintln!(
                    "  {:?}: {} / {} rows, rate {:?}/s, eta {:?} s",
                    job.status, p.processed, p.total, p.rate, p.eta_seconds
                );
                last_print = Instant::now();
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Starts an export and waits until its file is ready.
    async fn export(&self, token: &str, body: Value) -> anyhow::Result<Export> {
        let export: Export = self.send(self.client.post(self.url("/api/v1/exports")).json(&body), token).await?;
        loop {
            let current: Export =
                self.send(self.client.get(self.url(&format!("/api/v1/exports/{}", export.id))), token).await?;
            match current.status {
                ExportStatus::Running => tokio::time::sleep(Duration::from_millis(250)).await,
                ExportStatus::Completed => return Ok(current),
                ExportStatus::Failed => bail!("the export failed: {:?}", current.error),
            }
        }
    }
}
