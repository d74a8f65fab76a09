//! The real server killed with SIGKILL in the middle of its work and started again: reminders and
//! import rows are neither lost nor repeated.
//!
//! Each test runs the `crm-server` binary (see `process.rs`) on the suite's database — the temporary
//! SQLite file, or the test's own PostgreSQL database — and watches progress in that database from
//! the test, so the kill lands while work is in flight rather than after a guessed sleep.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use chrono::Utc;
use crm_server::entities::{audit_log, customers, import_jobs, import_problems, notifications, scheduled_jobs};
use crm_types::import::{ImportJob, ImportStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{TestApp, json_ok, unstarted_app};
use crate::imports::{analysed, manager, set_options, suggested, uploaded};
use crate::process::{Server, wait_for};
use crate::reminders::{customer, followup};

/// How many reminders fall due at once.
const REMINDERS: usize = 200;

/// Long enough for any restart and catch-up on a loaded machine; a pass normally takes seconds.
const PATIENCE: Duration = Duration::from_secs(240);

async fn reminder_jobs(app: &TestApp) -> Vec<scheduled_jobs::Model> {
    scheduled_jobs::Entity::find().filter(scheduled_jobs::Column::Kind.eq("followup_due")).all(&app.db).await.unwrap()
}

fn by_status(jobs: &[scheduled_jobs::Model]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for job in jobs {
        *counts.entry(job.status.as_str()).or_default() += 1;
    }
    counts
}

#[tokio::test]
async fn reminders_are_neither_lost_nor_repeated_when_the_server_is_killed_mid_run() {
    let mut app = unstarted_app().await;
    // A worker tick every 300 ms claims 20 jobs, so the reminders take several ticks; a short lease lets
    // the restarted server take over the jobs the killed one had claimed.
    let env = [("CRM_JOB_POLL_MS", "300"), ("CRM_JOB_LEASE_SECONDS", "2")];
    let server = Server::start(&mut app, &env).await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let base = Utc::now() + chrono::Duration::hours(1);
    let mut followups = BTreeSet::new();
    for i in 0..REMINDERS {
        let written = followup(&app, &rep, &mine, base + chrono::Duration::minutes(i as i64), json!([])).await;
        followups.insert(written.id.0);
    }
    assert_eq!(reminder_jobs(&app).await.len(), REMINDERS);

    // Their time comes: every reminder is due at once.
    scheduled_jobs::Entity::update_many()
        .col_expr(scheduled_jobs::Column::RunAt, Expr::value(Utc::now() - chrono::Duration::minutes(1)))
        .filter(scheduled_jobs::Column::Kind.eq("followup_due"))
        .exec(&app.db)
        .await
        .unwrap();

    // Kill the server while a tick is half through: some reminders done, some claimed and not done.
    // The server is frozen first, so that what the test sees is exactly what the kill leaves; a tick
    // that ended in between is let run on until the next one is caught.
    let first_pid = server.pid();
    let killed = loop {
        wait_for("a tick half through", PATIENCE, Duration::from_millis(2), || async {
            let jobs = reminder_jobs(&app).await;
            let counts = by_status(&jobs);
            let done = counts.get("done").copied().unwrap_or(0);
            let running = counts.get("running").copied().unwrap_or(0);
            assert!(done < REMINDERS, "every reminder ran before the kill: the ticks are too fast to catch");
            (done > 0 && running > 0).then_some(())
        })
        .await;
        server.pause().await;
        let jobs = reminder_jobs(&app).await;
        if jobs.iter().any(|j| j.status == "running") {
            break jobs;
        }
        server.resume();
    };
    server.kill();
    let counts = by_status(&killed);
    let done_before = counts.get("done").copied().unwrap_or(0);
    let orphaned: BTreeSet<i64> = killed.iter().filter(|j| j.status == "running").map(|j| j.id).collect();
    assert!(done_before > 0 && done_before < REMINDERS, "{counts:?}");
    let raised_before =
        notifications::Entity::find().filter(notifications::Column::Kind.eq("followup_due")).count(&app.db).await;
    assert_eq!(raised_before.unwrap() as usize, done_before, "a reminder's notification commits with its job");

    // The restarted server runs the rest, and the orphaned jobs once their lease runs out.
    let server = Server::start(&mut app, &env).await;
    let jobs = wait_for("every reminder done", PATIENCE, Duration::from_millis(200), || async {
        let jobs = reminder_jobs(&app).await;
        jobs.iter().all(|j| j.status == "done").then_some(jobs)
    })
    .await;
    let second_pid = server.pid();
    drop(server);

    for job in &jobs {
        let worker = job.locked_by.as_deref().unwrap_or_default();
        if orphaned.contains(&job.id) {
            assert_eq!(job.attempts, 2, "claimed by the killed server, run by the restarted one: {job:?}");
            assert!(worker.starts_with(&format!("{second_pid}-")), "{job:?}");
        } else {
            assert_eq!(job.attempts, 1, "run once: {job:?}");
        }
        assert!(job.finished_at.is_some(), "{job:?}");
    }
    let by_first =
        jobs.iter().filter(|j| j.locked_by.as_deref().is_some_and(|w| w.starts_with(&format!("{first_pid}-"))));
    assert_eq!(by_first.count(), done_before);

    let raised = notifications::Entity::find()
        .filter(notifications::Column::Kind.eq("followup_due"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(raised.len(), REMINDERS, "one notification per reminder");
    let keys: BTreeSet<i64> =
        raised.iter().map(|n| n.dedupe_key.split(':').nth(1).and_then(|id| id.parse().ok()).unwrap()).collect();
    assert_eq!(keys, followups, "each follow-up's reminder raised, none twice");
}

/// A CSV of `rows` customers: every 97th row lacks its name, and every 89th repeats the last row
/// with a name; with the counts of each.
fn customers_csv(rows: usize) -> (Vec<u8>, usize, usize) {
    let mut csv = String::from("客户名称,所属行业,联系人,手机\n");
    let (mut missing, mut repeated, mut last) = (0, 0, String::new());
    for i in 1..=rows {
        if i % 97 == 0 {
            missing += 1;
            csv.push_str(&format!(",制造业,陈静,139{i:08}\n"));
        } else if i % 89 == 0 {
            repeated += 1;
            csv.push_str(&last);
        } else {
            last = format!("苏州精密机械{i:05}有限公司,制造业,陈静,138{i:08}\n");
            csv.push_str(&last);
        }
    }
    (csv.into_bytes(), missing, repeated)
}

async fn import_row(app: &TestApp, id: crm_types::ImportId) -> import_jobs::Model {
    import_jobs::Entity::find_by_id(id.0).one(&app.db).await.unwrap().unwrap()
}

#[tokio::test]
async fn an_import_killed_mid_commit_resumes_after_its_last_batch_and_writes_each_row_once() {
    const ROWS: usize = 2000;
    let mut app = unstarted_app().await;
    let env = [("CRM_JOB_POLL_MS", "0"), ("CRM_FILE_JOB_LEASE_SECONDS", "3"), ("CRM_JOB_SWEEP_SECONDS", "1")];
    let server = Server::start(&mut app, &env).await;
    let (_, token) = manager(&app).await;
    let (csv, missing, repeated) = customers_csv(ROWS);
    let upload = uploaded(&app, &token, "客户.csv", &csv).await;
    let id = upload.job.id;
    let mut options = suggested(&upload);
    options["batch_size"] = json!(50);
    set_options(&app, &token, id, &options).await;
    let report = analysed(&app, &token, id).await.report.unwrap();
    assert_eq!(report.rows_read as usize, ROWS);
    assert_eq!((report.with_problems as usize, report.in_file_duplicates as usize), (missing, repeated));
    let to_import = report.to_import;
    assert_eq!(to_import as usize, ROWS - missing - repeated);

    let response = app.post_json_with_token(&format!("/api/v1/imports/{id}/commit"), &json!({}), &token).await;
    assert_eq!(response.status(), reqwest::StatusCode::ACCEPTED);
    wait_for("a few committed batches", PATIENCE, Duration::from_millis(20), || async {
        let job = import_row(&app, id).await;
        assert!((job.processed_rows as usize) < ROWS, "the whole file was committed before the kill");
        (job.processed_rows > 0).then_some(())
    })
    .await;
    server.kill();

    // No half-written batch: what is in the database is exactly what the job says it committed.
    let killed = import_row(&app, id).await;
    assert_eq!(killed.status, "running");
    assert!(killed.processed_rows > 0 && (killed.processed_rows as usize) < ROWS, "{killed:?}");
    assert_eq!(killed.processed_rows, killed.last_line - 1, "every row up to the last line handled");
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), killed.imported_rows as u64);
    let problems_then =
        import_problems::Entity::find().filter(import_problems::Column::Phase.eq("commit")).count(&app.db).await;
    assert_eq!(problems_then.unwrap(), (killed.failed_rows + killed.skipped_rows) as u64);

    // A restarted server takes the job over once its lease has run out and finishes it.
    let _server = Server::start(&mut app, &env).await;
    let job: ImportJob = wait_for("the import to finish", PATIENCE, Duration::from_millis(200), || async {
        let job: ImportJob = json_ok(app.get_with_token(&format!("/api/v1/imports/{id}"), &token).await).await;
        (!matches!(job.status, ImportStatus::Running)).then_some(job)
    })
    .await;
    assert_eq!(job.status, ImportStatus::Completed, "{job:?}");
    let progress = &job.progress;
    assert_eq!(progress.processed as usize, ROWS);
    assert_eq!(progress.last_line as usize, ROWS + 1);
    assert_eq!(progress.imported, to_import);
    assert_eq!((progress.failed as usize, progress.skipped as usize), (missing, repeated));

    let rows = customers::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(rows.len() as u64, to_import, "every clean row imported once");
    let names: BTreeSet<&str> = rows.iter().map(|c| c.name.as_str()).collect();
    let codes: BTreeSet<&str> = rows.iter().map(|c| c.code.as_str()).collect();
    assert_eq!((names.len(), codes.len()), (rows.len(), rows.len()), "no name or code twice");
    let problems = import_problems::Entity::find()
        .filter(import_problems::Column::JobId.eq(id.0))
        .filter(import_problems::Column::Phase.eq("commit"))
        .all(&app.db)
        .await
        .unwrap();
    let lines: BTreeSet<i64> = problems.iter().map(|p| p.line).collect();
    assert_eq!((problems.len(), lines.len()), (missing + repeated, missing + repeated), "each left-out row once");
    let created = audit_log::Entity::find().filter(audit_log::Column::Action.eq("customer.create")).count(&app.db);
    assert_eq!(created.await.unwrap(), to_import);
    let report = app.get_with_token(&format!("/api/v1/imports/{id}/error-report"), &token).await;
    assert_eq!(report.text().await.unwrap().lines().count(), 1 + missing + repeated);
}
