//! Scheduled jobs: reminders and periodic scans, kept as rows of `scheduled_jobs` and run by a worker in
//! every server instance. A worker claims a due job with a conditional update under a lease, runs it
//! in one transaction that also marks it done, and gives it back for a retry if it fails; a job whose
//! worker died is claimed again when its lease runs out. So with any number of instances each job's
//! effects happen once, and a restart neither loses nor repeats one.

pub mod clock;
pub mod files;
pub mod handlers;
pub mod queue;
pub mod recurring;
pub mod runner;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

pub use clock::Clock;

use crate::mailer::Mailer;
use crate::notifications::channels::SmsProvider;

/// What jobs and deliveries need.
#[derive(Clone)]
pub struct Context {
    /// The database.
    pub db: DatabaseConnection,
    /// Sends e-mail.
    pub mailer: Arc<dyn Mailer>,
    /// Sends SMS.
    pub sms: Arc<dyn SmsProvider>,
    /// Posts to IM robots.
    pub http: reqwest::Client,
    /// The web interface's address, for links in messages.
    pub public_url: String,
    /// The time.
    pub clock: Clock,
    /// This worker's name, as recorded on the jobs it claims.
    pub worker: String,
    /// How long a job this worker claims stays its own (`CRM_JOB_LEASE_SECONDS`); a job still running
    /// after that may be taken over by another worker, which is why it is much longer than a job runs.
    pub lease: chrono::Duration,
}

impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("worker", &self.worker).finish_non_exhaustive()
    }
}
