//! What each kind of job does, inside the transaction that also marks it done. Reminders look at the
//! record again when they run: one whose reason has gone (the follow-up was moved, the demand was
//! answered) does nothing.

use chrono::{DateTime, Datelike, Duration, Utc};
use crm_types::demand::DemandStatus;
use crm_types::notification::Channel;
use crm_types::task::TaskStatus;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};

use super::queue::schedule;
use super::recurring::{IDLE_SCAN, MONTHLY_VERIFICATION, TASK_DUE_SCAN};
use crate::entities::{customers, demands, followups, scheduled_jobs, tasks};
use crate::error::ApiError;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::{calendar, china_time, system_settings};

/// A follow-up's next-follow-up reminder.
pub const FOLLOWUP_DUE: &str = "followup_due";
/// A demand's "about to be breached" warning.
pub const DEMAND_SLA_WARNING: &str = "demand_sla_warning";
/// A demand's breach.
pub const DEMAND_SLA_BREACHED: &str = "demand_sla_breached";

/// Schedules the reminder of a follow-up's next follow-up time.
pub async fn schedule_followup(
    db: &impl ConnectionTrait,
    row: &followups::Model,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(at) = row.next_followup_at else { return Ok(()) };
    let key = format!("{FOLLOWUP_DUE}:{}:{}", row.id, at.timestamp());
    schedule(db, FOLLOWUP_DUE, key, at, json!({"followup_id": row.id, "at": at}), now).await
}

/// Schedules a demand's warning and breach reminders for its current deadline.
pub async fn schedule_demand(
    db: &impl ConnectionTrait,
    row: &demands::Model,
    warning_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let payload = json!({"demand_id": row.id, "due": row.due_at});
    for (kind, at) in [(DEMAND_SLA_WARNING, warning_at), (DEMAND_SLA_BREACHED, row.due_at)] {
        let key = format!("{kind}:{}:{}", row.id, row.due_at.timestamp());
        schedule(db, kind, key, at, payload.clone(), now).await?;
    }
    Ok(())
}

fn field<T: serde::de::DeserializeOwned>(payload: &Value, name: &str) -> anyhow::Result<T> {
    serde_json::from_value(payload.get(name).cloned().unwrap_or(Value::Null))
        .map_err(|e| anyhow::anyhow!("the job's payload has no usable {name}: {e}"))
}

async fn customer_name(db: &impl ConnectionTrait, id: i64) -> Result<String, DbErr> {
    Ok(customers::Entity::find_by_id(id).one(db).await?.map(|c| c.name).unwrap_or_default())
}

/// Runs `job` at `now` in `db` (a transaction).
pub async fn run(db: &impl ConnectionTrait, job: &scheduled_jobs::Model, now: DateTime<Utc>) -> anyhow::Result<()> {
    let payload: Value = serde_json::from_str(&job.payload)?;
    match job.kind.as_str() {
        FOLLOWUP_DUE => followup_due(db, &payload, now).await,
        DEMAND_SLA_WARNING | DEMAND_SLA_BREACHED => demand_sla(db, &job.kind, &payload, now).await,
        TASK_DUE_SCAN => task_due_scan(db, now).await,
        IDLE_SCAN => idle_scan(db, now).await,
        MONTHLY_VERIFICATION => monthly_verification(db, now).await,
        other => anyhow::bail!("unknown job kind {other:?}"),
    }
    .map_err(|e| match e.downcast::<ApiError>() {
        Ok(api) => anyhow::anyhow!("{api}"),
        Err(other) => other,
    })?;
    if matches!(job.kind.as_str(), TASK_DUE_SCAN | IDLE_SCAN | MONTHLY_VERIFICATION) {
        super::recurring::ensure(db, now).await?;
    }
    Ok(())
}

async fn followup_due(db: &impl ConnectionTrait, payload: &Value, now: DateTime<Utc>) -> anyhow::Result<()> {
    let id: i64 = field(payload, "followup_id")?;
    let at: DateTime<Utc> = field(payload, "at")?;
    let Some(row) = followups::Entity::find_by_id(id).one(db).await? else { return Ok(()) };
    if row.next_followup_at != Some(at) {
        return Ok(());
    }
    let customer = customer_name(db, row.customer_id).await?;
    let (title, body) = messages::followup_due(&customer, &row.topic, at);
    let channels: Vec<Channel> = serde_json::from_str(&row.next_channels).unwrap_or_default();
    let notice = Notice {
        user_id: row.author_id,
        kind: FOLLOWUP_DUE,
        title,
        body,
        link: Some(format!("/customers/{}", row.customer_id)),
        dedupe_key: format!("{FOLLOWUP_DUE}:{id}:{}", at.timestamp()),
        channels: Some(channels),
    };
    raise(db, notice, now).await?;
    Ok(())
}

async fn demand_sla(db: &impl ConnectionTrait, kind: &str, payload: &Value, now: DateTime<Utc>) -> anyhow::Result<()> {
    let id: i64 = field(payload, "demand_id")?;
    let due: DateTime<Utc> = field(payload, "due")?;
    let Some(row) = demands::Entity::find_by_id(id).one(db).await? else { return Ok(()) };
    if row.due_at != due || row.responded_at.is_some() || row.status == DemandStatus::Done.as_str() {
        return Ok(());
    }
    let customer = customer_name(db, row.customer_id).await?;
    let breached = kind == DEMAND_SLA_BREACHED;
    let (title, body) = if breached {
        messages::demand_sla_breached(&row.code, &customer, due)
    } else {
        messages::demand_sla_warning(&row.code, &customer, due)
    };
    let mut recipients = vec![row.owner_id];
    if breached && row.created_by != row.owner_id {
        recipients.push(row.created_by);
    }
    for user_id in recipients {
        let notice = Notice {
            user_id,
            kind: if breached { DEMAND_SLA_BREACHED } else { DEMAND_SLA_WARNING },
            title: title.clone(),
            body: body.clone(),
            link: Some(format!("/demands/{id}")),
            dedupe_key: format!("{kind}:{id}:{}:{user_id}", due.timestamp()),
            channels: None,
        };
        raise(db, notice, now).await?;
    }
    Ok(())
}

async fn task_due_scan(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<()> {
    let calendar = calendar::load(db).await?;
    let today = china_time::day_of(now);
    let Some(range) = crm_domain::calendar::task_finishes_to_remind(today, &calendar) else { return Ok(()) };
    let due = tasks::Entity::find()
        .filter(tasks::Column::Status.ne(TaskStatus::Done.as_str()))
        .filter(tasks::Column::PlannedFinish.between(*range.start(), *range.end()))
        .all(db)
        .await?;
    for task in due {
        let customer = customer_name(db, task.customer_id).await?;
        let (title, body) = messages::task_due(&task.name, &customer, task.planned_finish);
        let link = match task.demand_id {
            Some(demand) => format!("/demands/{demand}"),
            None => format!("/customers/{}", task.customer_id),
        };
        let notice = Notice {
            user_id: task.owner_id,
            kind: "task_due",
            title,
            body,
            link: Some(link),
            dedupe_key: format!("task_due:{}:{}", task.id, task.planned_finish),
            channels: None,
        };
        raise(db, notice, now).await?;
    }
    Ok(())
}

/// Live customers by owner, counted, among those matching `condition`.
async fn count_by_owner(db: &impl ConnectionTrait, condition: Condition) -> Result<Vec<(i64, i64)>, DbErr> {
    customers::Entity::find()
        .select_only()
        .column(customers::Column::OwnerId)
        .column_as(customers::Column::Id.count(), "count")
        .filter(customers::Column::DeletedAt.is_null())
        .filter(customers::Column::OwnerId.is_not_null())
        .filter(condition)
        .group_by(customers::Column::OwnerId)
        .into_tuple()
        .all(db)
        .await
}

async fn idle_scan(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<()> {
    let settings = system_settings::reminders(db).await?;
    let today = china_time::day_of(now).format("%Y%m%d").to_string();
    for (grade, days) in settings.idle_days {
        let since = now - Duration::days(i64::from(days));
        use customers::Column as C;
        let idle = Condition::all().add(C::Grade.eq(grade.as_str())).add(
            Condition::any()
                .add(C::LastFollowupAt.lt(since))
                .add(Condition::all().add(C::LastFollowupAt.is_null()).add(C::CreatedAt.lt(since))),
        );
        for (owner, count) in count_by_owner(db, idle).await? {
            let count = u64::try_from(count).unwrap_or_default();
            let (title, body) = messages::customers_idle(count, &grade, days);
            let notice = Notice {
                user_id: owner,
                kind: "customers_idle",
                title,
                body,
                link: Some(format!("/customers?grade={grade}&no_followup_days={days}")),
                dedupe_key: format!("customers_idle:{owner}:{grade}:{today}"),
                channels: None,
            };
            raise(db, notice, now).await?;
        }
    }
    Ok(())
}

async fn monthly_verification(db: &impl ConnectionTrait, now: DateTime<Utc>) -> anyhow::Result<()> {
    let day = china_time::day_of(now);
    let month = format!("{}年{}月", day.year(), day.month());
    let key = day.format("%Y%m").to_string();
    for (owner, count) in count_by_owner(db, Condition::all()).await? {
        let (title, body) = messages::monthly_verification(u64::try_from(count).unwrap_or_default(), &month);
        let notice = Notice {
            user_id: owner,
            kind: "monthly_verification",
            title,
            body,
            link: Some("/customers".into()),
            dedupe_key: format!("monthly_verification:{owner}:{key}"),
            channels: None,
        };
        raise(db, notice, now).await?;
    }
    Ok(())
}
