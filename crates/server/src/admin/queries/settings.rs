//! The run-time settings as administrators read them (stored through `system_settings`, which the
//! customers, the jobs and the reference data read too).

use crm_types::settings::{CustomerSettings, ReminderSettings};
use sea_orm::ConnectionTrait;

use crate::error::ApiResult;
use crate::policy::admin::{Admin, Settings};
use crate::system_settings;

/// The customer code format and whether the duplicate check warns or blocks.
pub async fn customers(db: &impl ConnectionTrait, _: &Admin<Settings>) -> ApiResult<CustomerSettings> {
    Ok(system_settings::customers(db).await?)
}

/// After how many days without a follow-up the owner of a customer of each grade is reminded.
pub async fn reminders(db: &impl ConnectionTrait, _: &Admin<Settings>) -> ApiResult<ReminderSettings> {
    Ok(system_settings::reminders(db).await?)
}
