//! Settings an administrator changes at run time, stored as JSON values in the `settings` table so
//! that every server instance reads the same ones.

use chrono::Utc;
use crm_domain::CodeFormat;
use crm_types::settings::{CustomerSettings, DuplicateMode, ReminderSettings};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::entities::settings;

/// The customer code format used until an administrator chooses another (CUS202405001).
pub const DEFAULT_CUSTOMER_CODE_FORMAT: &str = "CUS{yyyyMM}{seq:3}";

const CUSTOMERS: &str = "customers";
const REMINDERS: &str = "reminders";

pub(crate) async fn read<T: DeserializeOwned>(db: &impl ConnectionTrait, key: &str) -> Result<Option<T>, DbErr> {
    let Some(row) = settings::Entity::find_by_id(key.to_owned()).one(db).await? else { return Ok(None) };
    serde_json::from_str(&row.value).map(Some).map_err(|e| DbErr::Custom(format!("setting {key}: {e}")))
}

pub(crate) async fn write<T: Serialize>(db: &impl ConnectionTrait, key: &str, value: &T) -> Result<(), DbErr> {
    let value = serde_json::to_string(value).map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = settings::ActiveModel { key: Set(key.to_owned()), value: Set(value), updated_at: Set(Utc::now()) };
    settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(settings::Column::Key)
                .update_columns([settings::Column::Value, settings::Column::UpdatedAt])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// The customer settings, with defaults for what was never set.
pub async fn customers(db: &impl ConnectionTrait) -> Result<CustomerSettings, DbErr> {
    Ok(read(db, CUSTOMERS).await?.unwrap_or_else(|| CustomerSettings {
        code_format: DEFAULT_CUSTOMER_CODE_FORMAT.into(),
        duplicate_mode: DuplicateMode::Warn,
    }))
}

/// Stores the customer settings.
pub async fn set_customers(db: &impl ConnectionTrait, value: &CustomerSettings) -> Result<(), DbErr> {
    write(db, CUSTOMERS, value).await
}

/// The customer code format in force (the default if the stored one no longer parses).
pub async fn customer_code_format(db: &impl ConnectionTrait) -> Result<CodeFormat, DbErr> {
    code_format_of(&customers(db).await?)
}

/// The code format of `settings` (the default if the stored one no longer parses).
pub fn code_format_of(settings: &CustomerSettings) -> Result<CodeFormat, DbErr> {
    CodeFormat::parse(&settings.code_format)
        .or_else(|_| CodeFormat::parse(DEFAULT_CUSTOMER_CODE_FORMAT))
        .map_err(|e| DbErr::Custom(e.to_string()))
}

/// The reminder settings, with defaults for what was never set.
pub async fn reminders(db: &impl ConnectionTrait) -> Result<ReminderSettings, DbErr> {
    Ok(read(db, REMINDERS).await?.unwrap_or_default())
}

/// Stores the reminder settings.
pub async fn set_reminders(db: &impl ConnectionTrait, value: &ReminderSettings) -> Result<(), DbErr> {
    write(db, REMINDERS, value).await
}
