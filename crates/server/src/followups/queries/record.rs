//! Follow-ups as the API shows them, assembled for a whole page at once (a fixed number of queries,
//! whatever the page size).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use crm_types::followup::{ContactRef, Followup, ReviewStatus, UserRef};
use crm_types::notification::Channel;
use crm_types::{ContactId, CustomerId, DemandId, FollowupId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};

use crate::entities::{customer_contacts, followup_contacts, followup_participants, followups};
use crate::error::{ApiError, ApiResult};
use crate::followups::service::input::Fields;
use crate::lookups::{customer_names, user_names};
use crate::tasks;
use crate::{china_time, entities};

fn corrupt(row: &followups::Model, what: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!("follow-up {} has a bad {what}", row.id))
}

/// The stored reminder channels.
pub fn channels_of(row: &followups::Model) -> ApiResult<Vec<Channel>> {
    serde_json::from_str(&row.next_channels).map_err(|_| corrupt(row, "channel list"))
}

/// The contacts and participants of follow-ups, by follow-up.
async fn links(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> ApiResult<(HashMap<i64, Vec<(i64, String)>>, HashMap<i64, Vec<i64>>)> {
    let contacts: Vec<(i64, i64, String)> = followup_contacts::Entity::find()
        .select_only()
        .column(followup_contacts::Column::FollowupId)
        .column(followup_contacts::Column::ContactId)
        .column_as(customer_contacts::Column::Name, "name")
        .join(JoinType::InnerJoin, followup_contacts::Relation::Contact.def())
        .filter(followup_contacts::Column::FollowupId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let participants: Vec<(i64, i64)> = followup_participants::Entity::find()
        .select_only()
        .column(followup_participants::Column::FollowupId)
        .column(followup_participants::Column::UserId)
        .filter(followup_participants::Column::FollowupId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_contact: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (followup, contact, name) in contacts {
        by_contact.entry(followup).or_default().push((contact, name));
    }
    let mut by_participant: HashMap<i64, Vec<i64>> = HashMap::new();
    for (followup, user) in participants {
        by_participant.entry(followup).or_default().push(user);
    }
    Ok((by_contact, by_participant))
}

/// The wire form of `rows`, in their order.
pub async fn assemble(
    db: &impl ConnectionTrait,
    rows: &[followups::Model],
    now: DateTime<Utc>,
) -> ApiResult<Vec<Followup>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let (contacts, participants) = links(db, &ids).await?;
    let task_rows =
        tasks::record::summaries_by(db, entities::tasks::Column::FollowupId, &ids, china_time::day_of(now)).await?;
    let customer_names = customer_names(db, rows.iter().map(|r| r.customer_id)).await?;
    let people = rows
        .iter()
        .flat_map(|r| [Some(r.author_id), r.reviewed_by])
        .flatten()
        .chain(participants.values().flatten().copied());
    let names = user_names(db, people).await?;
    let user = |id: i64| UserRef { id: UserId(id), name: names.get(&id).cloned().unwrap_or_default() };
    rows.iter()
        .map(|row| {
            Ok(Followup {
                id: FollowupId(row.id),
                customer_id: CustomerId(row.customer_id),
                customer_name: customer_names.get(&row.customer_id).cloned().unwrap_or_default(),
                author: user(row.author_id),
                occurred_at: row.occurred_at,
                kind: row.kind.clone(),
                topic: row.topic.clone(),
                summary: row.summary.clone(),
                feedback: row.feedback.clone(),
                contacts: contacts
                    .get(&row.id)
                    .map(|list| {
                        list.iter().map(|(id, name)| ContactRef { id: ContactId(*id), name: name.clone() }).collect()
                    })
                    .unwrap_or_default(),
                participants: participants
                    .get(&row.id)
                    .map(|list| list.iter().map(|id| user(*id)).collect())
                    .unwrap_or_default(),
                stage_from: row.stage_from.clone(),
                stage_to: row.stage_to.clone(),
                next_followup_at: row.next_followup_at,
                next_channels: channels_of(row)?,
                demand_id: row.demand_id.map(DemandId),
                tasks: task_rows.iter().filter(|(f, _)| *f == row.id).map(|(_, t)| t.clone()).collect(),
                review_status: ReviewStatus::parse(&row.review_status).ok_or_else(|| corrupt(row, "review status"))?,
                reviewer: row.reviewed_by.map(user),
                reviewed_at: row.reviewed_at,
                review_comment: row.review_comment.clone(),
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// The editable fields of a follow-up, as it was assembled.
pub fn fields_of(followup: &Followup) -> Fields {
    Fields {
        occurred_at: followup.occurred_at,
        kind: followup.kind.clone(),
        topic: followup.topic.clone(),
        summary: followup.summary.clone(),
        feedback: followup.feedback.clone(),
        contact_ids: followup.contacts.iter().map(|c| c.id.0).collect(),
        participant_ids: followup.participants.iter().map(|p| p.id.0).collect(),
        next_followup_at: followup.next_followup_at,
        next_channels: followup.next_channels.clone(),
    }
}

/// The wire form of one follow-up.
pub async fn one(db: &impl ConnectionTrait, row: &followups::Model, now: DateTime<Utc>) -> ApiResult<Followup> {
    assemble(db, std::slice::from_ref(row), now)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("follow-up {} did not assemble", row.id)))
}
