//! Changing the run-time settings: the customer code format and the duplicate mode; the idle-customer
//! reminder days per grade. Each change is audited with what it replaced.

use crm_domain::CodeFormat;
use crm_types::FieldErrorCode;
use crm_types::settings::{CustomerSettings, ReminderSettings};
use sea_orm::ConnectionTrait;

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::policy::admin::{Admin, Settings};
use crate::system_settings;
use crate::validation::Problems;

/// Stores the customer settings. The format must parse and contain `{seq:N}`; it applies to
/// customers created from now on.
pub async fn set_customers(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    body: &CustomerSettings,
) -> ApiResult<CustomerSettings> {
    let mut problems = Problems::default();
    let format = body.code_format.trim();
    match CodeFormat::parse(format) {
        Ok(parsed) if parsed.as_str().chars().count() <= 60 => {}
        Ok(_) => problems.add("code_format", FieldErrorCode::TooLong, "must be at most 60 characters"),
        Err(error) => problems.add("code_format", error.code, &error.message),
    }
    problems.finish()?;
    let settings = CustomerSettings { code_format: format.to_owned(), duplicate_mode: body.duplicate_mode };
    let before = system_settings::customers(txn).await?;
    system_settings::set_customers(txn, &settings).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("settings.customers", "settings", "customers")
            .diff(&audit::snapshot(&before)?, &audit::snapshot(&settings)?),
    )
    .await?;
    Ok(settings)
}

/// Stores the reminder settings: grades `S`, `A`, `B` and `C`, each 1 to 365 days; a grade left out
/// is not watched.
pub async fn set_reminders(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    _: &Admin<Settings>,
    body: ReminderSettings,
) -> ApiResult<ReminderSettings> {
    let mut problems = Problems::default();
    for (grade, days) in &body.idle_days {
        if !matches!(grade.as_str(), "S" | "A" | "B" | "C") {
            problems.add(&format!("idle_days.{grade}"), FieldErrorCode::UnknownGrade, "grades are S, A, B and C");
        } else if !(1..=365).contains(days) {
            problems.add(&format!("idle_days.{grade}"), FieldErrorCode::OutOfRange, "must be between 1 and 365 days");
        }
    }
    problems.finish()?;
    let before = system_settings::reminders(txn).await?;
    system_settings::set_reminders(txn, &body).await?;
    let change = Change::new("settings.reminders", "settings", "reminders")
        .diff(&audit::snapshot(&before)?, &audit::snapshot(&body)?);
    audit::record(txn, &caller.actor(), change).await?;
    Ok(body)
}
