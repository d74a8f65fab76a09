//! `crm-bench`: the customer API under load. Starts `crm-server serve` on 127.0.0.1 against an
//! already seeded database (`crm-server seed-bench`), signs in as a sales manager, then measures at a
//! fixed concurrency, one scenario after the other, for a fixed time each:
//!
//! - the filtered list (industry + stage + tag, newest first, 20 rows);
//! - the 500th page of the manager's list by cursor (the cursor found by walking the pages first);
//! - search by a company-name fragment and by a phone prefix;
//! - one customer with its contacts;
//! - creating customers (unique names and phones);
//!
//! and the server's resident memory (VmRSS sampled, VmHWM at the end). Prints a Markdown table.
//! Everything targets 127.0.0.1 and stops by itself; the server is stopped at the end.

mod load;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use crm_bench::server::{self, MemorySampler, ServerOptions};
use crm_types::auth::TokenResponse;
use crm_types::customer::CustomerSummary;
use crm_types::page::Page;
use load::{Request, Stats};
use reqwest::Client;

/// Load benchmark of the customer API.
#[derive(Debug, Parser)]
#[command(name = "crm-bench", about)]
struct Args {
    #[command(flatten)]
    under_test: ServerOptions,
    /// The sales manager to sign in as.
    #[arg(long, default_value = "bench_mgr1")]
    username: String,
    /// Their password.
    #[arg(long, env = "CRM_BENCH_PASSWORD")]
    password: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Seconds measured per scenario.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of warm-up before each measurement.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// The page reached by cursor.
    #[arg(long, default_value_t = 500)]
    page: usize,
    /// Only these scenarios (comma-separated: list,page,search_name,search_short,search_phone,get,create).
    #[arg(long)]
    only: Option<String>,
}

/// A scenario's target: the p99 in milliseconds, and a minimum rate.
struct Target {
    p99_ms: f64,
    min_rate: Option<f64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = args.under_test.start(port)?;
    let outcome = bench(&args, &base, server.id()).await;
    let _ = server.kill();
    let _ = server.wait();
    outcome
}

async fn bench(args: &Args, base: &str, pid: u32) -> anyhow::Result<()> {
    let client = Client::builder().pool_max_idle_per_host(args.concurrency * 2).build()?;
    server::wait_ready(&client, base).await?;
    let login: TokenResponse = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": args.username, "password": args.password}))
        .send()
        .await?
        .error_for_status()
        .context("sign-in failed")?
        .json()
        .await?;
    let token = login.access_token;
    let get = |path: String| {
        let (client, token, url) = (client.clone(), token.clone(), format!("{base}{path}"));
        async move {
            let page: Page<CustomerSummary> =
                client.get(url).bearer_auth(token).send().await?.error_for_status()?.json().await?;
            anyhow::Ok(page)
        }
    };

    // Walk the manager's list to page `args.page`, collecting ids, names and phones on the way.
    let walk_started = Instant::now();
    let (mut cursor, mut ids, mut names, mut phones) = (None::<String>, Vec::new(), Vec::new(), Vec::new());
    let mut total_rows = 0;
    for _ in 1..args.page {
        let path = match &cursor {
            None => "/api/v1/customers?limit=20".to_owned(),
            Some(c) => format!("/api/v1/customers?limit=20&cursor={c}"),
        };
        let page = get(path).await?;
        total_rows += page.items.len();
        for item in &page.items {
            ids.push(item.id.0);
            names.push(item.name.clone());
            phones.extend(item.phone.clone());
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => bail!("the list ended after {total_rows} rows, before page {}", args.page),
        }
    }
    let cursor = cursor.context("no cursor")?;
    eprintln!("walked {} pages ({total_rows} rows) in {:.1} s", args.page - 1, walk_started.elapsed().as_secs_f64());

    let paths = |items: Vec<String>| Request::Get(Arc::new(items));
    let name_fragments: Vec<String> = names
        .iter()
        .step_by(7)
        .take(200)
        .map(|name| name.chars().skip(2).take(3).collect::<String>())
        .map(|q| format!("/api/v1/customers?q={q}"))
        .collect();
    let short_fragments: Vec<String> = names
        .iter()
        .step_by(7)
        .take(200)
        .map(|name| name.chars().skip(2).take(2).collect::<String>())
        .map(|q| format!("/api/v1/customers?q={q}"))
        .collect();
    let phone_prefixes: Vec<String> = phones
        .iter()
        .filter(|p| !p.contains('-'))
        .take(200)
        .map(|p| format!("/api/v1/customers?q={}", &p[..7.min(p.len())]))
        .collect();
    let filtered: Vec<String> = ["I65", "C39", "F51", "C34", "C35", "C38"]
        .iter()
        .flat_map(|industry| {
            ["initial_contact", "needs_confirmed", "proposal"].iter().flat_map(move |stage| {
                ["high_potential", "churn_risk"].iter().map(move |tag| {
                    format!("/api/v1/customers?industry={industry}&stage={stage}&tag={tag}&sort=-created_at&limit=20")
                })
            })
        })
        .collect();
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() % 1000;
    let page_label = format!("page {} by cursor (20 rows)", args.page);
    let scenarios: Vec<(&str, &str, Request, Target)> = vec![
        (
            "list",
            "filtered list (industry + stage + tag, newest first, 20 rows)",
            paths(filtered),
            Target { p99_ms: 25.0, min_rate: None },
        ),
        (
            "page",
            &page_label,
            paths(vec![format!("/api/v1/customers?limit=20&cursor={cursor}")]),
            Target { p99_ms: 25.0, min_rate: None },
        ),
        (
            "search_name",
            "search by a 3-character name fragment",
            paths(name_fragments),
            Target { p99_ms: 50.0, min_rate: None },
        ),
        (
            "search_phone",
            "search by a 7-digit mobile prefix",
            paths(phone_prefixes),
            Target { p99_ms: 50.0, min_rate: None },
        ),
        (
            "get",
            "get one customer with contacts",
            paths(ids.iter().step_by(3).map(|id| format!("/api/v1/customers/{id}")).collect()),
            Target { p99_ms: 10.0, min_rate: None },
        ),
        ("create", "create a customer", Request::Create { run }, Target { p99_ms: 50.0, min_rate: Some(500.0) }),
        // Last: its slow scans outlive the window and would disturb the scenarios after it.
        (
            "search_short",
            "search by a 2-character name fragment",
            paths(short_fragments),
            Target { p99_ms: 50.0, min_rate: None },
        ),
    ];

    let sampler = MemorySampler::start(pid);
    let only: Option<Vec<&str>> = args.only.as_deref().map(|o| o.split(',').map(str::trim).collect());
    let mut results = Vec::new();
    for (key, label, request, target) in scenarios {
        if only.as_ref().is_some_and(|o| !o.contains(&key)) {
            continue;
        }
        eprintln!("running {key} for {} s at {} connections…", args.warmup + args.duration, args.concurrency);
        let shape = load::Shape {
            concurrency: args.concurrency,
            warmup: Duration::from_secs(args.warmup),
            duration: Duration::from_secs(args.duration),
        };
        let stats = load::run(&client, base, &token, request, shape).await;
        if let Some(error) = &stats.first_error {
            eprintln!("  {} errors, first: {error}", stats.errors);
        }
        results.push((label, stats, target));
    }
    let hwm = server::status_kb(pid, "VmHWM").unwrap_or(0);
    report(args, &results, sampler.peak_kb(), hwm);
    Ok(())
}

fn report(args: &Args, results: &[(&str, Stats, Target)], peak_rss_kb: u64, hwm_kb: u64) {
    println!(
        "\n{} connections, {} s per scenario after {} s warm-up, signed in as {}\n",
        args.concurrency, args.duration, args.warmup, args.username
    );
    println!(
        "| scenario | requests/s | p50 ms | p99 ms | max ms | errors | target | met | load avg (before → after) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---|---|---|");
    for (label, stats, target) in results {
        let rate_ok = target.min_rate.is_none_or(|min| stats.rate() >= min);
        let met = stats.percentile(99.0) <= target.p99_ms && rate_ok && stats.errors == 0;
        let goal = match target.min_rate {
            Some(min) => format!("≥ {min:.0}/s, p99 ≤ {:.0} ms", target.p99_ms),
            None => format!("p99 ≤ {:.0} ms", target.p99_ms),
        };
        println!(
            "| {label} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {goal} | {} | {} → {} |",
            stats.rate(),
            stats.percentile(50.0),
            stats.percentile(99.0),
            stats.percentile(100.0),
            stats.errors,
            if met { "yes" } else { "**no**" },
            stats.load_before,
            stats.load_after,
        );
    }
    let (rss, hwm) = (server::megabytes(peak_rss_kb), server::megabytes(hwm_kb));
    println!("\nserver memory: peak VmRSS sampled {rss:.0} MB, VmHWM {hwm:.0} MB (target ≤ 200 MB)");
}
