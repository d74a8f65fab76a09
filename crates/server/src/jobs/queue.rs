//! The job table's operations: schedule (once per key), claim under a lease, complete inside the job's
//! transaction, and give back for a retry.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde_json::Value;

use crate::entities::scheduled_jobs as jobs;

/// Attempts before a job is given up as failed.
pub const MAX_ATTEMPTS: i32 = 5;

/// Schedules a job of `kind` at `run_at`, unless one with `key` exists already.
pub async fn schedule(
    db: &impl ConnectionTrait,
    kind: &str,
    key: String,
    run_at: DateTime<Utc>,
    payload: Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = jobs::ActiveModel {
        kind: Set(kind.to_owned()),
        payload: Set(payload.to_string()),
        run_at: Set(run_at),
        dedupe_key: Set(key),
        status: Set("pending".into()),
        attempts: Set(0),
        locked_by: Set(None),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    };
    jobs::Entity::insert(row)
        .on_conflict(OnConflict::column(jobs::Column::DedupeKey).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Due at `now`: pending and its time has come, or running under a lease that ran out.
fn due(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(Condition::all().add(jobs::Column::Status.eq("pending")).add(jobs::Column::RunAt.lte(now)))
        .add(Condition::all().add(jobs::Column::Status.eq("running")).add(jobs::Column::LockedUntil.lt(now)))
}

/// Claims up to `limit` due jobs for `worker`, each for `lease` (after which another worker may take it
/// over: the worker is taken for dead). Each claim is a conditional update, so two workers never hold
/// the same job.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: DateTime<Utc>,
    limit: u64,
    lease: Duration,
) -> Result<Vec<jobs::Model>, DbErr> {
    let candidates =
        jobs::Entity::find().filter(due(now)).order_by_asc(jobs::Column::RunAt).limit(limit).all(db).await?;
    let mut claimed = Vec::new();
    for job in candidates {
        let result = jobs::Entity::update_many()
            .col_expr(jobs::Column::Status, Expr::value("running"))
            .col_expr(jobs::Column::LockedBy, Expr::value(worker))
            .col_expr(jobs::Column::LockedUntil, Expr::value(now + lease))
            .col_expr(jobs::Column::Attempts, Expr::value(job.attempts + 1))
            .filter(jobs::Column::Id.eq(job.id))
            .filter(due(now))
            .exec(db)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(jobs::Model {
                status: "running".into(),
                locked_by: Some(worker.to_owned()),
                locked_until: Some(now + lease),
                attempts: job.attempts + 1,
                ..job
            });
        }
    }
    Ok(claimed)
}

/// Marks `job` done inside the transaction of its effects; `false` when the worker lost its lease
/// (another worker took the job over), in which case the caller rolls the effects back.
pub async fn complete(
    db: &impl ConnectionTrait,
    job: &jobs::Model,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value("done"))
        .col_expr(jobs::Column::FinishedAt, Expr::value(now))
        .col_expr(jobs::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .filter(jobs::Column::Id.eq(job.id))
        .filter(jobs::Column::Status.eq("running"))
        .filter(jobs::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Gives a failed job back for a later attempt (after 1, 4, 9, 16 minutes), or marks it failed after
/// the last one.
pub async fn retry(
    db: &impl ConnectionTrait,
    job: &jobs::Model,
    worker: &str,
    error: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let give_up = job.attempts >= MAX_ATTEMPTS;
    let wait = Duration::minutes(i64::from(job.attempts * job.attempts));
    jobs::Entity::update_many()
        .col_expr(jobs::Column::Status, Expr::value(if give_up { "failed" } else { "pending" }))
        .col_expr(jobs::Column::RunAt, Expr::value(now + wait))
        .col_expr(jobs::Column::LockedBy, Expr::value(Option::<String>::None))
        .col_expr(jobs::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(jobs::Column::LastError, Expr::value(error.chars().take(2000).collect::<String>()))
        .col_expr(jobs::Column::FinishedAt, Expr::value(give_up.then_some(now)))
        .filter(jobs::Column::Id.eq(job.id))
        .filter(jobs::Column::LockedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}
