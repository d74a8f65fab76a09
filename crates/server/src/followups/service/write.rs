//! Writing follow-ups, inside the caller's transaction: the record and its links, the to-dos as
//! tasks, the customer's stage change and "last follow-up" time, and the customer's history.

use chrono::{DateTime, Utc};
use crm_types::followup::ReviewStatus;
use sea_orm::sea_query::{Expr, Query, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::input::{Draft, Fields};
use crate::customers::service::events::{self, Event};
use crate::entities::{customers, followup_contacts, followup_participants, followups};
use crate::error::{ApiError, ApiResult};
use crate::tasks::write::{self as task_write, NewTask};

/// Who writes the follow-up: the user and their department.
#[derive(Debug, Clone, Copy)]
pub struct Author {
    /// The user.
    pub id: i64,
    /// Their department at the time.
    pub department_id: Option<i64>,
}

impl Author {
    /// The signed-in user behind `caller`: follow-ups are written and reviewed by people, not API keys.
    pub fn of(caller: &crate::auth::Caller) -> ApiResult<Self> {
        caller
            .user()
            .map(|user| Self { id: user.id, department_id: user.department_id })
            .ok_or_else(|| crate::error::ApiError::UsersOnly("Follow-ups are written and reviewed by users.".into()))
    }
}

/// Replaces the contacts and participants of follow-up `id`.
async fn set_links(db: &impl ConnectionTrait, id: i64, fields: &Fields) -> ApiResult<()> {
    followup_contacts::Entity::delete_many().filter(followup_contacts::Column::FollowupId.eq(id)).exec(db).await?;
    followup_participants::Entity::delete_many()
        .filter(followup_participants::Column::FollowupId.eq(id))
        .exec(db)
        .await?;
    if !fields.contact_ids.is_empty() {
        followup_contacts::Entity::insert_many(
            fields
                .contact_ids
                .iter()
                .map(|c| followup_contacts::ActiveModel { followup_id: Set(id), contact_id: Set(*c) }),
        )
        .exec(db)
        .await?;
    }
    if !fields.participant_ids.is_empty() {
        followup_participants::Entity::insert_many(
            fields
                .participant_ids
                .iter()
                .map(|u| followup_participants::ActiveModel { followup_id: Set(id), user_id: Set(*u) }),
        )
        .exec(db)
        .await?;
    }
    Ok(())
}

/// Sets the customer's "last follow-up" to its latest follow-up's time, which keeps the list's
/// "no follow-up for N days" filter a plain indexed comparison.
pub async fn refresh_last_followup(db: &impl ConnectionTrait, customer_id: i64) -> ApiResult<()> {
    let latest = Query::select()
        .expr(Expr::col(followups::Column::OccurredAt).max())
        .from(followups::Entity)
        .and_where(followups::Column::CustomerId.eq(customer_id))
        .to_owned();
    customers::Entity::update_many()
        .col_expr(
            customers::Column::LastFollowupAt,
            SimpleExpr::SubQuery(None, Box::new(latest.into_sub_query_statement())),
        )
        .filter(customers::Column::Id.eq(customer_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves the customer to `stage` with the follow-up as the reason in its stage history.
async fn change_stage(
    db: &impl ConnectionTrait,
    customer: &customers::Model,
    stage: &str,
    followup: &followups::Model,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let result = customers::Entity::update_many()
        .col_expr(customers::Column::Stage, Expr::value(stage))
        .col_expr(customers::Column::Version, Expr::value(customer.version + 1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .col_expr(customers::Column::UpdatedBy, Expr::value(followup.author_id))
        .filter(customers::Column::Id.eq(customer.id))
        .filter(customers::Column::Version.eq(customer.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::EditConflict("The customer changed meanwhile; try again.".into()));
    }
    let reason = format!("跟进记录 #{}: {}", followup.id, followup.topic);
    let event = Event::change("stage", &customer.stage, stage, Some(&reason));
    events::record(db, customer.id, Some(followup.author_id), event, now).await?;
    Ok(())
}

/// Writes a new follow-up of `customer` with its links, to-dos and stage change.
pub async fn insert(
    db: &impl ConnectionTrait,
    customer: &customers::Model,
    author: Author,
    draft: Draft,
    now: DateTime<Utc>,
) -> ApiResult<followups::Model> {
    let Draft { fields, todos, stage_to, demand_id } = draft;
    let stage_to = stage_to.as_deref();
    let row = followups::ActiveModel {
        customer_id: Set(customer.id),
        author_id: Set(author.id),
        department_id: Set(author.department_id),
        occurred_at: Set(fields.occurred_at),
        kind: Set(fields.kind.clone()),
        topic: Set(fields.topic.clone()),
        summary: Set(fields.summary.clone()),
        feedback: Set(fields.feedback.clone()),
        stage_from: Set(stage_to.map(|_| customer.stage.clone())),
        stage_to: Set(stage_to.map(str::to_owned)),
        next_followup_at: Set(fields.next_followup_at),
        next_channels: Set(serde_json::to_string(&fields.next_channels).map_err(anyhow::Error::from)?),
        demand_id: Set(demand_id),
        review_status: Set(ReviewStatus::Pending.as_str().to_owned()),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        review_comment: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_links(db, row.id, &fields).await?;
    for todo in todos {
        let task = NewTask {
            customer_id: customer.id,
            demand_id,
            followup_id: Some(row.id),
            name: todo.name,
            owner_id: todo.owner_id,
            department_id: todo.department_id,
            planned_finish: todo.planned_finish,
            approved_by: Some(author.id),
        };
        task_write::insert(db, task, author.id, now).await?;
    }
    if let Some(stage) = stage_to {
        change_stage(db, customer, stage, &row, now).await?;
    }
    refresh_last_followup(db, customer.id).await?;
    events::record(db, customer.id, Some(author.id), Event::new("followup_added").detail(row.topic.clone()), now)
        .await?;
    Ok(row)
}

/// Writes corrected fields over `current` (whose version was checked); a returned follow-up goes
/// back to the review queue.
pub async fn update(
    db: &impl ConnectionTrait,
    current: &followups::Model,
    fields: &Fields,
    now: DateTime<Utc>,
) -> ApiResult<followups::Model> {
    let mut row: followups::ActiveModel = current.clone().into();
    row.occurred_at = Set(fields.occurred_at);
    row.kind = Set(fields.kind.clone());
    row.topic = Set(fields.topic.clone());
    row.summary = Set(fields.summary.clone());
    row.feedback = Set(fields.feedback.clone());
    row.next_followup_at = Set(fields.next_followup_at);
    row.next_channels = Set(serde_json::to_string(&fields.next_channels).map_err(anyhow::Error::from)?);
    row.review_status = Set(ReviewStatus::Pending.as_str().to_owned());
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let result = followups::Entity::update_many()
        .set(row)
        .filter(followups::Column::Id.eq(current.id))
        .filter(followups::Column::Version.eq(current.version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    set_links(db, current.id, fields).await?;
    if fields.occurred_at != current.occurred_at {
        refresh_last_followup(db, current.customer_id).await?;
    }
    followups::Entity::find_by_id(current.id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("There is no follow-up {}.", current.id)))
}
