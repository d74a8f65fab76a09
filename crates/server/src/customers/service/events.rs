//! The customer's history: each change worth showing on its timeline, written in the change's
//! transaction.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::entities::customer_events;

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// `created`, `stage_changed`, `handover`…
    pub kind: &'static str,
    /// The changed field.
    pub field: Option<&'static str>,
    /// Its old value.
    pub from: Option<String>,
    /// Its new value.
    pub to: Option<String>,
    /// The reason given.
    pub reason: Option<String>,
    /// Anything else to show.
    pub detail: Option<String>,
}

impl Event {
    /// An event of `kind`.
    pub fn new(kind: &'static str) -> Self {
        Self { kind, ..Self::default() }
    }

    /// A change of `field` from one value to another, with the reason.
    pub fn change(field: &'static str, from: &str, to: &str, reason: Option<&str>) -> Self {
        Self {
            kind: match field {
                "stage" => "stage_changed",
                "customer_type" => "customer_type_changed",
                "lifecycle_status" => "lifecycle_status_changed",
                "grade" => "grade_changed",
                _ => "updated",
            },
            field: Some(field),
            from: Some(from.to_owned()),
            to: Some(to.to_owned()),
            reason: reason.map(str::to_owned),
            detail: None,
        }
    }

    /// With a detail text.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Appends `event` to the history of `customer_id`.
pub async fn record(
    db: &impl ConnectionTrait,
    customer_id: i64,
    actor: Option<i64>,
    event: Event,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    row(customer_id, actor, event, at).insert(db).await?;
    Ok(())
}

/// The row of an event in the history of `customer_id`.
pub fn row(customer_id: i64, actor: Option<i64>, event: Event, at: DateTime<Utc>) -> customer_events::ActiveModel {
    customer_events::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(event.kind.to_owned()),
        field: Set(event.field.map(str::to_owned)),
        from_value: Set(event.from),
        to_value: Set(event.to),
        reason: Set(event.reason),
        detail: Set(event.detail),
        actor_id: Set(actor),
        created_at: Set(at),
        ..Default::default()
    }
}
