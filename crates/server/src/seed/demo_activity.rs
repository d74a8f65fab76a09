//! The demo company's working history: follow-ups over the months since each customer arrived (the
//! latest awaiting review, older ones approved, a few returned with a comment), next follow-ups in the
//! coming days, and to-dos due around today, some overdue — so that the home page, the reminders,
//! the review queue and "未跟进超7天" have something to show in a new install. Follow-ups are written
//! by the same code as the API's ([`write::insert`]), so the customer's last follow-up, its timeline
//! and the to-do tasks follow.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crm_types::audit::ActorKind;
use crm_types::followup::ReviewStatus;
use crm_types::notification::Channel;
use rand::Rng;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use super::fake::Faker;
use crate::audit::{self, Actor, Change};
use crate::entities::{customers, followups, users};
use crate::followups::service::input::{Draft, Fields, Todo};
use crate::followups::service::write::{self, Author};

/// `(type, topic, summary)` of a follow-up.
const VISITS: &[(&str, &str, &str)] = &[
    ("phone", "需求沟通", "电话沟通采购需求，客户关注实施周期和售后服务，约定下周发送方案。"),
    ("visit", "上门拜访", "拜访客户信息部负责人，现场了解现有系统和痛点，客户希望先做小范围试点。"),
    ("online_meeting", "方案演示", "线上演示产品方案，客户对报表和移动端功能很感兴趣，要求补充报价。"),
    ("email", "报价跟进", "邮件发送正式报价单，客户采购部确认收到，预计两周内反馈。"),
    ("phone", "合同条款", "电话沟通付款方式和交付节点，客户法务将在本周内给出修改意见。"),
    ("visit", "季度回访", "季度回访，客户使用情况良好，提出增加账号和培训的需求。"),
    ("customer_event", "客户活动", "邀请客户参加产品交流会，客户两位业务骨干到场并留下联系方式。"),
    ("holiday_care", "节日关怀", "春节前电话问候，客户表示节后启动新一期项目。"),
];

/// Feedback a customer gave, sometimes.
const FEEDBACK: &[&str] =
    &["对报价无异议，希望缩短实施周期", "需要内部评审后再答复", "对演示效果满意", "担心数据迁移的风险"];

/// To-dos agreed at a follow-up.
const TODOS: &[&str] = &["提交详细方案", "发送正式报价单", "安排技术交流会", "准备合同初稿", "整理客户需求清单"];

/// Why a manager returned a follow-up.
const RETURNS: &[&str] = &["请补充客户的预算范围", "请写明下一步的具体安排", "请补充参会人员和职位"];

/// Writes 0–4 follow-ups for `customer`, by its owner, from its creation until `now`.
pub async fn follow_ups(
    db: &impl ConnectionTrait,
    faker: &mut Faker,
    customer: &customers::Model,
    owner: &users::Model,
    reviewer: &users::Model,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let count = faker.pick(&[0_usize, 1, 1, 2, 2, 3, 4]);
    let span = (now - customer.created_at).num_minutes().max(60);
    let mut times: Vec<DateTime<Utc>> =
        (0..count).map(|_| customer.created_at + Duration::minutes(faker.rng().random_range(30..span))).collect();
    times.sort();
    // Half the customers in hand were contacted in the last ten days; the rest fall silent.
    if let Some(last) = times.last_mut().filter(|_| faker.chance(0.5)) {
        let recent = now - Duration::minutes(faker.rng().random_range(60..10 * 24 * 60));
        *last = recent.max(customer.created_at + Duration::minutes(1));
    }
    times.sort();
    for (i, at) in times.iter().enumerate() {
        let latest = i + 1 == times.len();
        let (kind, topic, summary) = faker.pick(VISITS);
        // The latest follow-up often books the next one in the coming days, during working hours.
        let next = (latest && faker.chance(0.5)).then(|| {
            let day = now.date_naive() + Duration::days(faker.rng().random_range(0..6));
            crm_domain::china_time::day_start(day) + Duration::hours(faker.rng().random_range(9..18))
        });
        let todos = if latest && faker.chance(0.3) {
            let due: NaiveDate = now.date_naive() + Duration::days(faker.rng().random_range(-3..6));
            vec![Todo {
                name: faker.pick(TODOS).into(),
                owner_id: owner.id,
                department_id: owner.department_id,
                planned_finish: due,
            }]
        } else {
            Vec::new()
        };
        let draft = Draft {
            fields: Fields {
                occurred_at: *at,
                kind: kind.into(),
                topic: topic.into(),
                summary: summary.into(),
                feedback: faker.chance(0.4).then(|| faker.pick(FEEDBACK).to_owned()),
                contact_ids: Vec::new(),
                participant_ids: Vec::new(),
                next_followup_at: next,
                next_channels: next.map(|_| vec![Channel::InApp]).unwrap_or_default(),
            },
            todos,
            stage_to: None,
            demand_id: None,
        };
        let author = Author { id: owner.id, department_id: owner.department_id };
        let row = write::insert(db, customer, author, draft, *at).await?;
        crate::jobs::handlers::schedule_followup(db, &row, now).await?;
        let actor = Actor { kind: ActorKind::User, id: Some(owner.id), name: owner.username.clone(), ip: None };
        let after = serde_json::json!({
            "customer_id": row.customer_id, "occurred_at": row.occurred_at, "kind": row.kind, "topic": row.topic,
            "next_followup_at": row.next_followup_at,
        });
        audit::record(db, &actor, Change::new("followup.create", "followup", row.id).created(after)).await?;
        review(db, faker, row, reviewer, latest).await?;
    }
    Ok(())
}

/// Older follow-ups were approved a day later; the latest waits in the review queue, or was returned.
async fn review(
    db: &impl ConnectionTrait,
    faker: &mut Faker,
    row: followups::Model,
    reviewer: &users::Model,
    latest: bool,
) -> anyhow::Result<()> {
    let (status, comment) = match (latest, faker.chance(0.15)) {
        (true, false) => return Ok(()),
        (true, true) => (ReviewStatus::Returned, Some(faker.pick(RETURNS).to_owned())),
        (false, _) => (ReviewStatus::Approved, None),
    };
    let reviewed_at = row.occurred_at + Duration::days(1);
    let mut active: followups::ActiveModel = row.into();
    active.review_status = Set(status.as_str().to_owned());
    active.reviewed_by = Set(Some(reviewer.id));
    active.reviewed_at = Set(Some(reviewed_at));
    active.review_comment = Set(comment);
    active.version = Set(2);
    active.update(db).await?;
    Ok(())
}
