//! A closed-loop load generator: `concurrency` workers send requests back to back for a fixed time
//! after a warm-up; every latency is kept, so percentiles are exact.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crm_bench::server::load_average;
use reqwest::{Client, Method, StatusCode};

/// What one request of a scenario is.
#[derive(Debug, Clone)]
pub enum Request {
    /// GET one of these paths, in turn.
    Get(Arc<Vec<String>>),
    /// POST a new customer with a unique name and phone (`run` keeps runs apart).
    Create { run: u64 },
}

/// The measured outcome of a scenario.
#[derive(Debug, Clone)]
pub struct Stats {
    pub ok: u64,
    pub errors: u64,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    /// Sorted latencies in microseconds.
    pub latencies: Vec<u64>,
    pub load_before: String,
    pub load_after: String,
}

impl Stats {
    /// The `p`-th percentile in milliseconds.
    pub fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "an index into a short list"
        )]
        let index = ((self.latencies.len() as f64 * p / 100.0).ceil() as usize).clamp(1, self.latencies.len()) - 1;
        #[expect(clippy::cast_precision_loss, reason = "microseconds to milliseconds")]
        let ms = self.latencies[index] as f64 / 1000.0;
        ms
    }

    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        #[expect(clippy::cast_precision_loss, reason = "a rate for people to read")]
        let rate = self.ok as f64 / self.elapsed.as_secs_f64();
        rate
    }
}

/// How hard and how long to load.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub concurrency: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// Runs one scenario.
pub async fn run(client: &Client, base: &str, token: &str, request: Request, shape: Shape) -> Stats {
    let Shape { concurrency, warmup, duration } = shape;
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let measure_from = started + warmup;
    let end = measure_from + duration;
    let load_before = load_average();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, base, token, request, counter) =
            (client.clone(), base.to_owned(), token.to_owned(), request.clone(), counter.clone());
        workers.push(tokio::spawn(async move {
            let (mut latencies, mut ok, mut errors, mut first_error) = (Vec::new(), 0_u64, 0_u64, None);
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let outcome = send(&client, &base, &token, &request, n).await;
                let done = Instant::now();
                if sent < measure_from || done > end {
                    continue;
                }
                match outcome {
                    Ok(()) => {
                        ok += 1;
                        latencies.push(u64::try_from(done.duration_since(sent).as_micros()).unwrap_or(u64::MAX));
                    }
                    Err(error) => {
                        errors += 1;
                        first_error.get_or_insert(error);
                    }
                }
            }
            (latencies, ok, errors, first_error)
        }));
    }
    let mut stats = Stats {
        ok: 0,
        errors: 0,
        first_error: None,
        elapsed: duration,
        latencies: Vec::new(),
        load_before,
        load_after: String::new(),
    };
    for worker in workers {
        if let Ok((latencies, ok, errors, first_error)) = worker.await {
            stats.latencies.extend(latencies);
            stats.ok += ok;
            stats.errors += errors;
            if stats.first_error.is_none() {
                stats.first_error = first_error;
            }
        }
    }
    stats.latencies.sort_unstable();
    stats.load_after = load_average();
    stats
}

async fn send(client: &Client, base: &str, token: &str, request: &Request, n: u64) -> Result<(), String> {
    let (method, path, body, expected) = match request {
        Request::Get(paths) => {
            let index = usize::try_from(n).unwrap_or(0) % paths.len().max(1);
            (Method::GET, paths.get(index).cloned().unwrap_or_default(), None, StatusCode::OK)
        }
        Request::Create { run } => {
            (Method::POST, "/api/v1/customers".to_owned(), Some(new_customer(*run, n)), StatusCode::CREATED)
        }
    };
    let mut builder = client.request(method, format!("{base}{path}")).bearer_auth(token);
    if let Some(body) = body {
        builder = builder.json(&body);
    }
    let response = builder.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    if status == expected {
        Ok(())
    } else {
        Err(format!("{status}: {}", String::from_utf8_lossy(&bytes).chars().take(300).collect::<String>()))
    }
}

/// A customer nobody created before: the name and the mobile carry the run and the request number.
fn new_customer(run: u64, n: u64) -> serde_json::Value {
    let mobile = format!("199{:08}", (run * 1_000_000 + n) % 100_000_000);
    serde_json::json!({
        "name": format!("压测{run}号客户{n}信息技术有限公司"),
        "phone": mobile,
        "industry": "I65",
        "grade": "B",
        "source_channel": "website",
        "address": {"province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": "文三路 90 号"},
        "tags": ["high_potential"],
        "contacts": [{"name": "压测联系人", "mobile": mobile, "position": "采购经理"}]
    })
}
