//! Checking a follow-up before it is written: every problem is collected so one 422 names them all.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, Timelike, Utc};
use crm_types::FieldErrorCode;
use crm_types::dictionary::DictionaryKind;
use crm_types::followup::{FollowupPatch, NewFollowup, NewTodo};
use crm_types::notification::Channel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::china_time;
use crate::customers::service::input::check_code;
use crate::entities::{customer_contacts, customers, demands, users};
use crate::error::ApiResult;
use crate::tasks::write::check_planned_finish;
use crate::validation::Problems;

/// How far ahead of the server's clock a follow-up's time may be (a phone's clock running fast).
const CLOCK_SKEW: Duration = Duration::minutes(5);

/// A follow-up's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// When, to the minute.
    pub occurred_at: DateTime<Utc>,
    /// `followup_type` code.
    pub kind: String,
    /// Topic.
    pub topic: String,
    /// Summary.
    pub summary: String,
    /// Feedback.
    pub feedback: Option<String>,
    /// Contacts of the customer.
    pub contact_ids: Vec<i64>,
    /// Colleagues.
    pub participant_ids: Vec<i64>,
    /// Next follow-up.
    pub next_followup_at: Option<DateTime<Utc>>,
    /// Reminder channels (in-app always included).
    pub next_channels: Vec<Channel>,
}

/// A to-do, checked: name, owner, planned finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// What to do.
    pub name: String,
    /// Who.
    pub owner_id: i64,
    /// The owner's department.
    pub department_id: Option<i64>,
    /// By when.
    pub planned_finish: NaiveDate,
}

/// A new follow-up, checked: its fields, the to-dos that become tasks, the stage it moves the
/// customer to, and the demand it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The follow-up's own fields.
    pub fields: Fields,
    /// To-dos.
    pub todos: Vec<Todo>,
    /// The new sales stage.
    pub stage_to: Option<String>,
    /// The demand.
    pub demand_id: Option<i64>,
}

/// The time to the minute.
fn to_minute(at: DateTime<Utc>) -> DateTime<Utc> {
    at.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(at)
}

/// The channels, de-duplicated, with the in-app bell always among them.
fn channels(sent: &[Channel]) -> Vec<Channel> {
    let mut set: BTreeSet<Channel> = sent.iter().copied().collect();
    set.insert(Channel::InApp);
    set.into_iter().collect()
}

fn check_time(problems: &mut Problems, at: DateTime<Utc>, now: DateTime<Utc>) {
    if at > now + CLOCK_SKEW {
        problems.add(
            "occurred_at",
            FieldErrorCode::InFuture,
            "a follow-up records what has happened: it cannot be in the future",
        );
    }
    if at.date_naive() < NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default() {
        problems.add("occurred_at", FieldErrorCode::TooEarly, "must be in this century");
    }
}

fn check_next(problems: &mut Problems, next: Option<DateTime<Utc>>, occurred: DateTime<Utc>, now: DateTime<Utc>) {
    if next.is_some_and(|next| next <= now || next <= occurred) {
        problems.add("next_followup_at", FieldErrorCode::NotInFuture, "the next follow-up must be later than now");
    } else if next.is_some_and(|next| next > now + Duration::days(366 * 5)) {
        problems.add("next_followup_at", FieldErrorCode::TooFar, "must be within five years");
    }
}

/// The contacts, each of which must belong to the customer.
async fn check_contacts(
    db: &impl ConnectionTrait,
    problems: &mut Problems,
    customer_id: i64,
    ids: &[i64],
) -> ApiResult<Vec<i64>> {
    let ids: Vec<i64> = ids.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(ids);
    }
    let found: Vec<i64> = customer_contacts::Entity::find()
        .select_only()
        .column(customer_contacts::Column::Id)
        .filter(customer_contacts::Column::CustomerId.eq(customer_id))
        .filter(customer_contacts::Column::Id.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    if found.len() != ids.len() {
        problems.add("contact_ids", FieldErrorCode::Unknown, "every contact must be one of this customer's contacts");
    }
    Ok(ids)
}

/// Active users by id, with their departments.
async fn active_users(db: &impl ConnectionTrait, ids: &BTreeSet<i64>) -> ApiResult<Vec<(i64, Option<i64>)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .column(users::Column::DepartmentId)
        .filter(users::Column::Id.is_in(ids.iter().copied()))
        .filter(users::Column::IsActive.eq(true))
        .into_tuple()
        .all(db)
        .await?)
}

async fn check_participants(db: &impl ConnectionTrait, problems: &mut Problems, ids: &[i64]) -> ApiResult<Vec<i64>> {
    let ids: BTreeSet<i64> = ids.iter().copied().collect();
    if active_users(db, &ids).await?.len() != ids.len() {
        problems.add("participant_ids", FieldErrorCode::Unknown, "every participant must be an active user");
    }
    Ok(ids.into_iter().collect())
}

/// Checks a new follow-up of `customer` by `author` (id, department).
pub async fn check_new(
    db: &impl ConnectionTrait,
    body: &NewFollowup,
    customer: &customers::Model,
    author: (i64, Option<i64>),
    now: DateTime<Utc>,
) -> ApiResult<Draft> {
    let mut problems = Problems::default();
    let occurred_at = to_minute(body.occurred_at);
    check_time(&mut problems, occurred_at, now);
    check_code(db, DictionaryKind::FollowupType, "kind", body.kind.trim(), &mut problems).await?;
    let topic = problems.text("topic", &body.topic, 200);
    let summary = problems.text("summary", &body.summary, 5000);
    let feedback = problems.optional("feedback", body.feedback.as_deref(), 2000);
    let contact_ids =
        check_contacts(db, &mut problems, customer.id, &body.contact_ids.iter().map(|c| c.0).collect::<Vec<_>>())
            .await?;
    let participant_ids =
        check_participants(db, &mut problems, &body.participant_ids.iter().map(|u| u.0).collect::<Vec<_>>()).await?;
    let next_followup_at = body.next_followup_at.map(to_minute);
    check_next(&mut problems, next_followup_at, occurred_at, now);
    let stage_to = match body.stage_to.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(stage) => {
            check_code(db, DictionaryKind::SalesStage, "stage_to", stage, &mut problems).await?;
            if stage == customer.stage {
                problems.add("stage_to", FieldErrorCode::Unchanged, "the customer is at this stage already");
            }
            Some(stage.to_owned())
        }
        None => None,
    };
    let todos = check_todos(db, &mut problems, &body.todos, author, now).await?;
    if let Some(demand) = body.demand_id {
        let found = demands::Entity::find_by_id(demand.0).one(db).await?;
        if found.is_none_or(|d| d.customer_id != customer.id) {
            problems.add("demand_id", FieldErrorCode::Unknown, "must be a demand of this customer");
        }
    }
    problems.finish()?;
    let fields = Fields {
        occurred_at,
        kind: body.kind.trim().to_owned(),
        topic,
        summary,
        feedback,
        contact_ids,
        participant_ids,
        next_followup_at,
        next_channels: channels(&body.next_channels),
    };
    Ok(Draft { fields, todos, stage_to, demand_id: body.demand_id.map(|d| d.0) })
}

async fn check_todos(
    db: &impl ConnectionTrait,
    problems: &mut Problems,
    todos: &[NewTodo],
    author: (i64, Option<i64>),
    now: DateTime<Utc>,
) -> ApiResult<Vec<Todo>> {
    let owners: BTreeSet<i64> = todos.iter().filter_map(|t| t.owner_id.map(|o| o.0)).collect();
    let active = active_users(db, &owners).await?;
    let today = china_time::day_of(now);
    let mut checked = Vec::new();
    for (i, todo) in todos.iter().enumerate() {
        let name = problems.text(&format!("todos[{i}].name"), &todo.name, 200);
        let owner = match todo.owner_id {
            None => Some(author),
            Some(owner) => active.iter().copied().find(|(id, _)| *id == owner.0),
        };
        if owner.is_none() {
            problems.add(&format!("todos[{i}].owner_id"), FieldErrorCode::Unknown, "must be an active user");
        }
        check_planned_finish(problems, &format!("todos[{i}].planned_finish"), todo.planned_finish, today);
        if let Some((owner_id, department_id)) = owner {
            checked.push(Todo { name, owner_id, department_id, planned_finish: todo.planned_finish });
        }
    }
    Ok(checked)
}

/// Applies a correction to a follow-up's checked fields.
pub async fn check_patch(
    db: &impl ConnectionTrait,
    body: &FollowupPatch,
    before: &Fields,
    customer_id: i64,
    now: DateTime<Utc>,
) -> ApiResult<Fields> {
    let mut problems = Problems::default();
    let mut after = before.clone();
    if let Some(at) = body.occurred_at {
        after.occurred_at = to_minute(at);
        check_time(&mut problems, after.occurred_at, now);
    }
    if let Some(kind) = &body.kind {
        check_code(db, DictionaryKind::FollowupType, "kind", kind.trim(), &mut problems).await?;
        after.kind = kind.trim().to_owned();
    }
    if let Some(topic) = &body.topic {
        after.topic = problems.text("topic", topic, 200);
    }
    if let Some(summary) = &body.summary {
        after.summary = problems.text("summary", summary, 5000);
    }
    if let Some(feedback) = &body.feedback {
        after.feedback = problems.optional("feedback", feedback.as_deref(), 2000);
    }
    if let Some(ids) = &body.contact_ids {
        after.contact_ids =
            check_contacts(db, &mut problems, customer_id, &ids.iter().map(|c| c.0).collect::<Vec<_>>()).await?;
    }
    if let Some(ids) = &body.participant_ids {
        after.participant_ids =
            check_participants(db, &mut problems, &ids.iter().map(|u| u.0).collect::<Vec<_>>()).await?;
    }
    if let Some(next) = body.next_followup_at {
        after.next_followup_at = next.map(to_minute);
    }
    if after.next_followup_at != before.next_followup_at || after.occurred_at != before.occurred_at {
        check_next(&mut problems, after.next_followup_at, after.occurred_at, now);
    }
    if let Some(sent) = &body.next_channels {
        after.next_channels = channels(sent);
    }
    problems.finish()?;
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_in_app_bell_is_always_a_channel_and_channels_are_not_repeated() {
        assert_eq!(channels(&[]), [Channel::InApp]);
        assert_eq!(channels(&[Channel::Email, Channel::Email, Channel::InApp]), [Channel::InApp, Channel::Email]);
    }

    #[test]
    fn times_are_kept_to_the_minute() {
        let at = DateTime::parse_from_rfc3339("2026-03-02T09:15:42.123Z").unwrap().with_timezone(&Utc);
        assert_eq!(to_minute(at).to_rfc3339(), "2026-03-02T09:15:00+00:00");
    }
}
