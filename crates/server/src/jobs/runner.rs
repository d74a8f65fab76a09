//! The worker loop of one server instance: every poll, run the due jobs and send the due deliveries.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{Context, handlers, queue, recurring};
use crate::db;
use crate::notifications::deliveries;

/// How many jobs one tick claims.
const BATCH: u64 = 20;

/// Runs the jobs and deliveries due at `now`; returns how many jobs ran.
pub async fn tick(ctx: &Context, now: DateTime<Utc>) -> anyhow::Result<usize> {
    recurring::ensure(&ctx.db, now).await?;
    let jobs = queue::claim(&ctx.db, &ctx.worker, now, BATCH, ctx.lease).await?;
    let mut done = 0;
    for job in &jobs {
        let txn = db::begin_write(&ctx.db).await?;
        let outcome = match handlers::run(&txn, job, now).await {
            Ok(()) => queue::complete(&txn, job, &ctx.worker, now).await.map_err(anyhow::Error::from),
            Err(error) => Err(error),
        };
        match outcome {
            Ok(true) => {
                txn.commit().await?;
                done += 1;
            }
            Ok(false) => {
                txn.rollback().await?;
                tracing::warn!(job = job.id, "a job's lease ran out while it ran; another worker has it");
            }
            Err(error) => {
                txn.rollback().await?;
                tracing::warn!(job = job.id, kind = %job.kind, %error, "a job failed; it will be retried");
                queue::retry(&ctx.db, job, &ctx.worker, &format!("{error:#}"), now).await?;
            }
        }
    }
    deliveries::run_due(ctx, now).await?;
    Ok(done)
}

/// Runs [`tick`] every `poll` until the process ends.
pub fn spawn(ctx: Context, poll: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(poll);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = tick(&ctx, ctx.clock.now()).await {
                tracing::error!(error = format!("{error:#}"), "the job worker's tick failed");
            }
        }
    });
}
