//! `crm-server seed-demo`: a small demo company in an empty database, so that a new user sees a
//! living product — departments, one user per role, about 200 customers with contacts, tags, stages
//! and their history. Customers are created through [`customers::create`], exactly as the API creates
//! them (codes, duplicate keys, history, audit log); the later stage changes are written as history
//! events and a column update, with dates spread over the past year and a half; then each customer's
//! follow-ups, reviews, next follow-ups and to-dos ([`super::demo_activity`]).

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use crm_types::audit::ActorKind;
use crm_types::customer::{Address, NewContact, NewCustomer};
use crm_types::settings::DuplicateMode;
use rand::Rng;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tracing::info;

use super::demo_activity;
use super::fake::{self, Faker};
use super::org::{self, NewUser};
use crate::audit::Actor;
use crate::customers::service::create::{self, Creator};
use crate::entities::{customer_events, customers};
use crate::{db, system_settings};

/// The sales stages in order, with reasons for reaching each.
pub const STAGES: &[(&str, &[&str])] = &[
    ("initial_contact", &[]),
    (
        "needs_confirmed",
        &["客户确认了采购需求和预算范围", "完成需求调研，客户认可我方方向", "客户主动来电说明项目需求"],
    ),
    ("proposal", &["已提交技术方案和报价单", "方案评审会后提交正式方案", "按客户要求提交了两套方案"]),
    ("negotiation", &["进入价格和付款条件谈判", "客户采购部约谈商务条款", "方案通过，开始合同谈判"]),
    ("won", &["合同已签订，首付款到账", "中标通知书已收到", "签署年度框架协议"]),
    ("renewal", &["合同即将到期，开始续约沟通", "客户提出扩容需求，洽谈续约"]),
];

/// A user of the demo company.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: &'static str,
    pub password: String,
}

/// What [`seed`] did.
#[derive(Debug)]
pub enum Outcome {
    /// The database had customers; nothing was added.
    NotEmpty { customers: u64 },
    /// The demo company was created.
    Seeded { users: Vec<DemoUser>, customers: usize },
}

/// `(username, display name, role, department index)`; departments are indexed as created in [`seed`].
const USERS: &[(&str, &str, &str, usize)] = &[
    ("manager1", "周建国", "sales_manager", 1),
    ("rep1", "李晓峰", "sales_rep", 2),
    ("rep2", "王思雨", "sales_rep", 3),
    ("manager2", "陈海波", "sales_manager", 4),
    ("rep3", "林佳欣", "sales_rep", 5),
    ("service1", "赵丽娟", "service_agent", 6),
    ("marketing1", "孙悦彤", "marketing", 7),
    ("analyst1", "吴博文", "analyst", 0),
];

/// Fills an empty database with the demo company; a database with customers is left alone.
pub async fn seed(db: &sea_orm::DatabaseConnection, customer_count: usize) -> anyhow::Result<Outcome> {
    let existing = customers::Entity::find().count(db).await?;
    if existing > 0 {
        return Ok(Outcome::NotEmpty { customers: existing });
    }
    let usernames: Vec<String> = USERS.iter().map(|u| u.0.to_owned()).collect();
    org::ensure_free(db, &usernames).await?;
    let txn = db::begin_write(db).await?;
    let root = org::department(&txn, "总部", None, 0).await?;
    let east = org::department(&txn, "华东区销售部", Some(&root), 1).await?;
    let hangzhou = org::department(&txn, "杭州组", Some(&east), 1).await?;
    let shanghai = org::department(&txn, "上海组", Some(&east), 2).await?;
    let south = org::department(&txn, "华南区销售部", Some(&root), 2).await?;
    let shenzhen = org::department(&txn, "深圳组", Some(&south), 1).await?;
    let service = org::department(&txn, "客服部", Some(&root), 3).await?;
    let marketing = org::department(&txn, "市场部", Some(&root), 4).await?;
    let departments = [&root, &east, &hangzhou, &shanghai, &south, &shenzhen, &service, &marketing];

    let mut faker = Faker::new(20_261_123);
    let mut created_users = Vec::new();
    let (mut reps, mut managers) = (Vec::new(), Vec::new());
    for &(username, display_name, role, department) in USERS {
        let password = org::generate_password();
        let hash = crate::auth::passwords::hash(&password).await?;
        let user = org::user(
            &txn,
            NewUser {
                username,
                display_name,
                mobile: Some(faker.mobile()),
                department_id: departments.get(department).map(|d| d.id),
                role_id: org::role_id(&txn, role).await?,
                password_hash: &hash,
                must_change_password: true,
            },
        )
        .await?;
        match role {
            "sales_rep" => reps.push(user),
            "sales_manager" => managers.push(user),
            _ => {}
        }
        created_users.push(DemoUser { username, display_name, role, password: password.expose().to_owned() });
    }

    let format = system_settings::customer_code_format(&txn).await?;
    let reference = create::Reference::load(&txn).await?;
    let now = Utc::now();
    let mut names = HashSet::new();
    for i in 0..customer_count {
        // Reps carry most customers; the managers keep a few key accounts.
        let owner = if i % 10 == 9 { &managers[i / 10 % managers.len()] } else { &reps[i % reps.len()] };
        let created_at = now - Duration::minutes(faker.rng().random_range(60..540 * 24 * 60));
        let body = customer_body(&mut faker, &mut names);
        let creator = Creator {
            user_id: Some(owner.id),
            department_id: owner.department_id,
            may_assign: true,
            actor: Actor { kind: ActorKind::User, id: Some(owner.id), name: owner.username.clone(), ip: None },
        };
        let today = created_at.date_naive();
        let prepared = create::prepare(&txn, &reference, &creator, &body, DuplicateMode::Warn, today).await?;
        let (row, _) = create::insert(&txn, &creator, &prepared, &format, created_at).await?;
        let customer = backdate(&txn, &mut faker, row, owner.id, created_at, now).await?;
        // The south's manager reviews the south; the east's manager everyone else.
        let reviewer = if owner.department_id == Some(shenzhen.id) || owner.id == managers[1].id {
            &managers[1]
        } else {
            &managers[0]
        };
        demo_activity::follow_ups(&txn, &mut faker, &customer, owner, reviewer, now).await?;
    }
    txn.commit().await?;
    info!(customers = customer_count, "demo data seeded");
    Ok(Outcome::Seeded { users: created_users, customers: customer_count })
}

/// A new customer with 1–3 contacts, a unique name and realistic values.
fn customer_body(faker: &mut Faker, names: &mut HashSet<String>) -> NewCustomer {
    let place = faker.place();
    let (industry, words) = faker.pick(fake::INDUSTRIES);
    let name = loop {
        let name = faker.company(&place, words);
        if names.insert(name.clone()) {
            break name;
        }
    };
    let contacts = (0..faker.rng().random_range(1..=3))
        .map(|_| NewContact {
            name: faker.person(),
            position: Some(faker.position().to_owned()),
            mobile: Some(faker.mobile()),
            decision_role: Some(faker.pick(&["decision_maker", "influencer", "user", "purchaser"]).to_owned()),
            ..Default::default()
        })
        .collect();
    let tags: Vec<String> = ["high_potential", "long_cycle", "price_sensitive", "churn_risk"]
        .into_iter()
        .filter(|_| faker.chance(0.2))
        .map(str::to_owned)
        .collect();
    NewCustomer {
        name,
        uscc: faker.uscc(&place),
        phone: faker.landline(&place),
        address: Address {
            province: Some(place.province.to_owned()),
            city: Some(place.city.to_owned()),
            district: Some(place.district.to_owned()),
            detail: Some(place.detail.clone()),
        },
        industry: industry.to_owned(),
        grade: Some(faker.pick(&["S", "A", "A", "B", "B", "B", "C", "C", "C", "C"]).to_owned()),
        company_size: Some(faker.pick(&["lt_50", "50_200", "200_500", "gt_500"]).to_owned()),
        source_channel: Some(
            faker.pick(&["exhibition", "online_ads", "referral", "cold_visit", "website", "telemarketing"]).to_owned(),
        ),
        tags,
        contacts,
        ..Default::default()
    }
}

/// Moves the new customer back to `created_at`, then along the sales stages to a random one, with a
/// `stage_changed` event and its reason for each step; answers the customer as stored.
async fn backdate(
    db: &impl ConnectionTrait,
    faker: &mut Faker,
    row: customers::Model,
    actor: i64,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<customers::Model> {
    let target = pick_stage(faker);
    let span = (now - created_at).num_minutes().max(2);
    let mut at = created_at;
    for step in 1..=target {
        at += Duration::minutes(faker.rng().random_range(1..=span / (i64::try_from(target).unwrap_or(1) + 1)));
        let (from, _) = STAGES[step - 1];
        let (to, reasons) = STAGES[step];
        customer_events::ActiveModel {
            customer_id: Set(row.id),
            kind: Set("stage_changed".into()),
            field: Set(Some("stage".into())),
            from_value: Set(Some(from.into())),
            to_value: Set(Some(to.into())),
            reason: Set(Some(faker.pick(reasons).to_owned())),
            detail: Set(None),
            actor_id: Set(Some(actor)),
            created_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    let (stage, _) = STAGES[target];
    let won = target >= 4;
    let customer_type = if won {
        "won"
    } else if faker.chance(0.06) {
        "lost"
    } else {
        "potential"
    };
    let lifecycle = match (won, faker.chance(0.3)) {
        (true, false) => "cooperating",
        (true, true) => "active",
        (false, _) if customer_type == "lost" => "silent",
        (false, _) => "new",
    };
    customer_events::Entity::update_many()
        .col_expr(customer_events::Column::CreatedAt, Expr::value(created_at))
        .filter(customer_events::Column::CustomerId.eq(row.id))
        .filter(customer_events::Column::Kind.eq("created"))
        .exec(db)
        .await?;
    let mut active: customers::ActiveModel = row.into();
    active.stage = Set(stage.into());
    active.customer_type = Set(customer_type.into());
    active.lifecycle_status = Set(lifecycle.into());
    active.created_at = Set(created_at);
    active.updated_at = Set(at);
    if won {
        active.first_coop_date = Set(Some(at.date_naive()));
        active.last_coop_date = Set(Some(at.date_naive()));
        let fen = faker.rng().random_range(50_000..5_000_000) * 100;
        active.cumulative_fen = Set(Some(fen));
        active.annual_fen = Set(Some(fen / 2));
    }
    Ok(active.update(db).await?)
}

/// A stage index, weighted towards the early stages as in a real funnel.
pub fn pick_stage(faker: &mut Faker) -> usize {
    let roll = faker.rng().random_range(0..100);
    match roll {
        0..35 => 0,
        35..57 => 1,
        57..72 => 2,
        72..82 => 3,
        82..95 => 4,
        _ => 5,
    }
}
