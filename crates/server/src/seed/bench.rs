//! `crm-server seed-bench`: a large, realistic data set for load tests — 20 departments, 200 users
//! and any number of customers with 1–3 contacts, tags and values of four custom fields, created over
//! the past three years.
//!
//! This is a bulk load, not the API path: rows are generated on a blocking thread and written as
//! multi-row INSERTs in one transaction; the secondary indexes (and on SQLite the full-text insert
//! trigger) are dropped first and rebuilt once at the end, which is much faster than maintaining
//! them row by row. Everything the application derives is derived the same way: codes from the code
//! format with the `code_sequences` counters set to the last number of each period, the duplicate keys
//! through `crm_domain::dedupe`, `search_text` as `customers::input::Draft::search_text` builds it,
//! `primary_contact`, and `department_id` as the owner's department. No audit entries and no history
//! events are written for bench data.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use crm_domain::{CodeFormat, dedupe};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, Set, Statement};
use tokio::sync::mpsc;

use super::demo::{STAGES, pick_stage};
use super::fake::{self, Faker};
use super::org::{self, NewUser};
use crate::entities::customers;
use crate::{db, system_settings};

/// Customers per multi-row INSERT statement (SQLite allows at most 32766 bound variables, but this
/// writes literals; the size keeps each statement under a megabyte).
const BATCH: usize = 1_000;

/// The tables whose secondary indexes are rebuilt after the load.
const TABLES: [&str; 3] = ["customers", "customer_contacts", "customer_tags"];

/// What to create.
#[derive(Debug, Clone)]
pub struct Options {
    /// The number of customers.
    pub customers: u64,
    /// The initial password of every bench user (they need not change it).
    pub password: crm_domain::Password,
    /// The random seed: the same seed gives the same data.
    pub seed: u64,
}

/// What was created and how long it took.
#[derive(Debug, Clone)]
pub struct Report {
    pub departments: usize,
    pub users: usize,
    pub customers: u64,
    pub contacts: u64,
    pub tags: u64,
    /// Writing the rows.
    pub insert: Duration,
    /// Rebuilding indexes, the search index and statistics.
    pub index: Duration,
    /// The whole command.
    pub total: Duration,
    /// The sales managers, with the share of customers their departments hold.
    pub managers: Vec<(String, f64)>,
}

/// Regions and their groups: 1 head office + 5 regional sales departments + 14 groups = 20.
const REGIONS: &[(&str, &[&str])] = &[
    ("华东区销售部", &["杭州一组", "杭州二组", "上海组", "南京组", "苏州组"]),
    ("华南区销售部", &["广州组", "深圳组", "厦门组"]),
    ("华北区销售部", &["北京组", "天津组", "济南组"]),
    ("西南区销售部", &["成都组", "重庆组"]),
    ("华中区销售部", &["武汉组"]),
];

/// A sales rep who owns customers.
#[derive(Debug, Clone, Copy)]
struct Owner {
    id: i64,
    department_id: i64,
    region: usize,
}

/// Creates the bench organisation and customers in an empty database (refused when customers exist).
pub async fn seed(db: &DatabaseConnection, options: Options) -> anyhow::Result<Report> {
    let started = Instant::now();
    let existing = customers::Entity::find().count(db).await?;
    if existing > 0 {
        anyhow::bail!("the database already has {existing} customers; seed-bench fills an empty database only");
    }
    let backend = db.get_database_backend();
    let format = system_settings::customer_code_format(db).await?;
    let hash = crate::auth::passwords::hash(&options.password).await?;
    let mut faker = Faker::new(options.seed);

    let txn = db::begin_write(db).await?;
    let (owners, managers, departments, users) = organisation(&txn, &mut faker, &hash).await?;
    define_custom_fields(&txn).await?;
    let (indexes, triggers) = drop_indexes(&txn, backend).await?;

    let insert_started = Instant::now();
    let (sender, mut receiver) = mpsc::channel::<Vec<String>>(4);
    let total = options.customers;
    let seed = options.seed;
    let generator_owners = owners.clone();
    let generator = tokio::task::spawn_blocking(move || {
        let mut generator = Generator::new(backend, format, generator_owners, seed.wrapping_add(1), total);
        while generator.done < total {
            let count = usize::try_from((total - generator.done).min(BATCH as u64)).unwrap_or(BATCH);
            if sender.blocking_send(generator.batch(count)).is_err() {
                break;
            }
        }
        generator
    });
    while let Some(statements) = receiver.recv().await {
        for sql in statements {
            txn.execute_unprepared(&sql).await?;
        }
    }
    let generator = generator.await?;
    let insert = insert_started.elapsed();

    let index_started = Instant::now();
    for sql in indexes {
        txn.execute_unprepared(&sql).await?;
    }
    if backend == DbBackend::Sqlite {
        for table in ["customer_search", "customer_grams"] {
            txn.execute_unprepared(&format!("INSERT INTO {table}({table}) VALUES('rebuild')")).await?;
        }
        for sql in triggers {
            txn.execute_unprepared(&sql).await?;
        }
    }
    set_counters(&txn, backend, &generator.periods).await?;
    if backend == DbBackend::Postgres {
        txn.execute_unprepared(
            "SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT max(id) FROM customers))",
        )
        .await?;
    }
    txn.commit().await?;
    if backend == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE customers, customer_contacts, customer_tags, departments, users").await?;
    }
    let index = index_started.elapsed();

    let share = |region: usize| {
        let held = generator.per_region.get(&region).copied().unwrap_or(0);
        #[expect(clippy::cast_precision_loss, reason = "a percentage for people to read")]
        let share = held as f64 / total.max(1) as f64;
        share
    };
    Ok(Report {
        departments,
        users,
        customers: total,
        contacts: generator.contacts,
        tags: generator.tags,
        insert,
        index,
        total: started.elapsed(),
        managers: managers.into_iter().map(|(name, region)| (name, share(region))).collect(),
    })
}

/// The custom fields the bench customers carry values of (one of each kind a filter treats apart).
const CUSTOM_FIELDS: [(&str, &str, &str, &str, &str); 4] = [
    ("annual_budget", "年度采购预算", "Annual purchasing budget", "decimal", "[]"),
    (
        "intent",
        "合作意向",
        "Intent",
        "single_select",
        r#"[{"code":"strong","label_zh":"强","label_en":"Strong"},{"code":"medium","label_zh":"中","label_en":"Medium"},{"code":"weak","label_zh":"弱","label_en":"Weak"}]"#,
    ),
    ("listed", "是否上市", "Listed", "boolean", "[]"),
    (
        "products",
        "关注产品",
        "Products of interest",
        "multi_select",
        r#"[{"code":"crm","label_zh":"客户管理","label_en":"CRM"},{"code":"erp","label_zh":"企业资源计划","label_en":"ERP"},{"code":"bi","label_zh":"数据分析","label_en":"BI"}]"#,
    ),
];

/// Defines [`CUSTOM_FIELDS`] (those not defined yet).
async fn define_custom_fields(db: &impl ConnectionTrait) -> anyhow::Result<()> {
    let existing: Vec<String> = crate::custom_fields::all(db).await?.into_iter().map(|field| field.key).collect();
    let now = Utc::now();
    for (position, (key, label_zh, label_en, field_type, options)) in CUSTOM_FIELDS.into_iter().enumerate() {
        if existing.iter().any(|k| k == key) {
            continue;
        }
        let row = crate::entities::custom_fields::ActiveModel {
            key: Set(key.to_owned()),
            label_zh: Set(label_zh.to_owned()),
            label_en: Set(label_en.to_owned()),
            field_type: Set(field_type.to_owned()),
            required: Set(false),
            default_value: Set(None),
            options: Set(options.to_owned()),
            sort_order: Set(i32::try_from(position).unwrap_or(0)),
            is_active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        };
        crate::entities::custom_fields::Entity::insert(row).exec(db).await?;
    }
    Ok(())
}

/// The custom values of a customer, as the JSON object stored in `customers.custom_fields`: most
/// customers have some, in the forms the field types store (a decimal as a string, option codes).
fn custom_values(faker: &mut Faker) -> String {
    let mut values = serde_json::Map::new();
    if faker.chance(0.6) {
        let yuan = faker.rng().random_range(1_000..5_000_000_i64);
        values.insert("annual_budget".into(), format!("{yuan}.00").into());
    }
    if faker.chance(0.7) {
        values.insert("intent".into(), faker.pick(&["strong", "medium", "medium", "weak"]).into());
    }
    if faker.chance(0.5) {
        values.insert("listed".into(), faker.chance(0.1).into());
    }
    if faker.chance(0.4) {
        let products: Vec<&str> = ["crm", "erp", "bi"].into_iter().filter(|_| faker.chance(0.5)).collect();
        values.insert("products".into(), products.into());
    }
    serde_json::Value::Object(values).to_string()
}

/// The bench user names: `bench_mgr1`…, `bench_rep001`…, and one per other role.
type Organisation = (Vec<Owner>, Vec<(String, usize)>, usize, usize);

async fn organisation(db: &impl ConnectionTrait, faker: &mut Faker, hash: &str) -> anyhow::Result<Organisation> {
    let reps_per_group = 192 / REGIONS.iter().map(|r| r.1.len()).sum::<usize>();
    let mut usernames: Vec<String> = (1..=REGIONS.len()).map(|i| format!("bench_mgr{i}")).collect();
    usernames.extend(["bench_analyst", "bench_service", "bench_marketing"].map(str::to_owned));
    usernames.extend((1..=192).map(|i| format!("bench_rep{i:03}")));
    org::ensure_free(db, &usernames).await?;
    let (rep, manager) = (org::role_id(db, "sales_rep").await?, org::role_id(db, "sales_manager").await?);
    let root = org::department(db, "总部", None, 0).await?;
    let mut departments = 1;
    let mut users = 0;
    let mut user = |name: String, role_id: i64, department_id: i64, faker: &mut Faker| {
        users += 1;
        let display = faker.person();
        let mobile = Some(faker.mobile());
        async move {
            org::user(
                db,
                NewUser {
                    username: &name,
                    display_name: &display,
                    mobile,
                    department_id: Some(department_id),
                    role_id,
                    password_hash: hash,
                    must_change_password: false,
                },
            )
            .await
        }
    };
    for (code, name) in
        [("analyst", "bench_analyst"), ("service_agent", "bench_service"), ("marketing", "bench_marketing")]
    {
        user(name.to_owned(), org::role_id(db, code).await?, root.id, faker).await?;
    }
    let (mut owners, mut managers) = (Vec::new(), Vec::new());
    let mut rep_number = 0;
    for (region_index, (region, groups)) in REGIONS.iter().enumerate() {
        let region_row = org::department(db, region, Some(&root), i32::try_from(region_index).unwrap_or(0)).await?;
        departments += 1;
        let username = format!("bench_mgr{}", region_index + 1);
        user(username.clone(), manager, region_row.id, faker).await?;
        managers.push((username, region_index));
        for (group_index, group) in groups.iter().enumerate() {
            let group_row =
                org::department(db, group, Some(&region_row), i32::try_from(group_index).unwrap_or(0)).await?;
            departments += 1;
            let last_group = region_index + 1 == REGIONS.len() && group_index + 1 == groups.len();
            let count = if last_group { 192 - rep_number } else { reps_per_group };
            for _ in 0..count {
                rep_number += 1;
                let row = user(format!("bench_rep{rep_number:03}"), rep, group_row.id, faker).await?;
                owners.push(Owner { id: row.id, department_id: group_row.id, region: region_index });
            }
        }
    }
    Ok((owners, managers, departments, users))
}

/// Drops the secondary indexes of the loaded tables (and SQLite's full-text insert trigger); returns
/// the statements that recreate them exactly as the migrations made them.
async fn drop_indexes(db: &impl ConnectionTrait, backend: DbBackend) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let tables = TABLES.map(|t| format!("'{t}'")).join(", ");
    let (query, column) = match backend {
        DbBackend::Sqlite => (
            format!(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
            ),
            "sql",
        ),
        _ => (
            format!(
                "SELECT indexname AS name, indexdef FROM pg_indexes WHERE schemaname = current_schema() \
                 AND tablename IN ({tables}) AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            ),
            "indexdef",
        ),
    };
    let mut recreate = Vec::new();
    for row in db.query_all(Statement::from_string(backend, query)).await? {
        let name: String = row.try_get("", "name")?;
        recreate.push(row.try_get::<String>("", column)?);
        db.execute_unprepared(&format!("DROP INDEX \"{name}\"")).await?;
    }
    let mut triggers = Vec::new();
    if backend == DbBackend::Sqlite {
        let query = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' \
                     AND name IN ('customers_search_insert', 'customers_grams_insert')";
        for row in db.query_all(Statement::from_string(backend, query)).await? {
            let name: String = row.try_get("", "name")?;
            triggers.push(row.try_get::<String>("", "sql")?);
            db.execute_unprepared(&format!("DROP TRIGGER \"{name}\"")).await?;
        }
        // A page cache large enough for the index builds.
        db.execute_unprepared("PRAGMA cache_size = -262144").await?;
    } else {
        db.execute_unprepared("SET LOCAL maintenance_work_mem = '512MB'").await?;
    }
    Ok((recreate, triggers))
}

/// Sets each period's code counter to the last number used (never lowering it).
async fn set_counters(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    periods: &BTreeMap<String, u64>,
) -> anyhow::Result<()> {
    let keep_higher = match backend {
        DbBackend::Postgres => "GREATEST(code_sequences.last_value, excluded.last_value)",
        _ => "max(code_sequences.last_value, excluded.last_value)",
    };
    for (period, last) in periods {
        db.execute_unprepared(&format!(
            "INSERT INTO code_sequences (kind, period, last_value) VALUES ('customer', {}, {last}) \
             ON CONFLICT (kind, period) DO UPDATE SET last_value = {keep_higher}",
            quote(period)
        ))
        .await?;
    }
    Ok(())
}

/// A SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn opt(text: Option<&str>) -> String {
    text.map_or_else(|| "NULL".to_owned(), quote)
}

/// A timestamp as sqlx stores it in SQLite (RFC 3339), which PostgreSQL also reads.
fn timestamp(at: DateTime<Utc>) -> String {
    quote(&at.to_rfc3339_opts(SecondsFormat::AutoSi, false))
}

/// Generates the rows, in creation order, as SQL statements.
struct Generator {
    backend: DbBackend,
    format: CodeFormat,
    owners: Vec<Owner>,
    faker: Faker,
    start: DateTime<Utc>,
    step_ms: i64,
    done: u64,
    contacts: u64,
    tags: u64,
    periods: BTreeMap<String, u64>,
    per_region: BTreeMap<usize, u64>,
}

impl Generator {
    fn new(backend: DbBackend, format: CodeFormat, owners: Vec<Owner>, seed: u64, total: u64) -> Self {
        let now = Utc::now();
        let start = now - chrono::Duration::days(3 * 365);
        let span = (now - start).num_milliseconds();
        let step_ms = span / i64::try_from(total.max(1)).unwrap_or(i64::MAX);
        Self {
            backend,
            format,
            owners,
            faker: Faker::new(seed),
            start,
            step_ms: step_ms.max(1),
            done: 0,
            contacts: 0,
            tags: 0,
            periods: BTreeMap::new(),
            per_region: BTreeMap::new(),
        }
    }

    fn boolean(&self, value: bool) -> &'static str {
        match (self.backend, value) {
            (DbBackend::Postgres, true) => "TRUE",
            (DbBackend::Postgres, false) => "FALSE",
            (_, true) => "1",
            (_, false) => "0",
        }
    }

    /// `count` customers with their contacts and tags: up to three INSERT statements.
    fn batch(&mut self, count: usize) -> Vec<String> {
        let mut customers = String::with_capacity(count * 900);
        customers.push_str(
            "INSERT INTO customers (id, code, kind, name, name_key, uscc, phone, phone_key, province, city, district, \
             address_detail, customer_type, industry, grade, company_size, source_channel, stage, lifecycle_status, \
             first_coop_date, last_coop_date, cumulative_fen, annual_fen, decision_roles, owner_id, department_id, \
             primary_contact, custom_fields, search_text, search_grams, last_followup_at, version, created_by, updated_by, \
             created_at, updated_at) VALUES ",
        );
        let mut contacts = String::with_capacity(count * 400);
        contacts.push_str(
            "INSERT INTO customer_contacts (customer_id, name, position, mobile, decision_role, status, is_primary, \
             created_at, updated_at) VALUES ",
        );
        let mut tags = String::from("INSERT INTO customer_tags (customer_id, tag) VALUES ");
        let mut any_tag = false;
        let mut any_contact = false;
        let now = Utc::now();
        for i in 0..count {
            self.done += 1;
            let id = i64::try_from(self.done).unwrap_or(i64::MAX);
            let jitter = self.faker.rng().random_range(0..self.step_ms);
            let created_at = self.start + chrono::Duration::milliseconds((id - 1) * self.step_ms + jitter);
            let created_at = created_at.with_timezone(&Utc);
            let day = created_at.date_naive();
            let period = self.format.period(day);
            let sequence = self.periods.entry(period).or_insert(0);
            *sequence += 1;
            let code = self.format.render(day, *sequence);
            let owner = self.owners[self.faker.rng().random_range(0..self.owners.len())];
            *self.per_region.entry(owner.region).or_insert(0) += 1;

            let place = self.faker.place();
            let (industry, words) = self.faker.pick(fake::INDUSTRIES);
            let name = self.faker.company(&place, words);
            let phone = if self.faker.chance(0.6) { self.faker.landline(&place) } else { self.faker.mobile() };
            let uscc = if self.faker.chance(0.85) { self.faker.uscc(&place) } else { None };
            let stage_index = pick_stage(&mut self.faker);
            let won = stage_index >= 4;
            let customer_type = if won {
                "won"
            } else if self.faker.chance(0.06) {
                "lost"
            } else {
                "potential"
            };
            let lifecycle = if won {
                "cooperating"
            } else if customer_type == "lost" {
                "silent"
            } else {
                "new"
            };
            let age = (now - created_at).num_seconds().max(1);
            let updated_at = created_at + chrono::Duration::seconds(self.faker.rng().random_range(0..age));
            let followup = self
                .faker
                .chance(0.7)
                .then(|| created_at + chrono::Duration::seconds(self.faker.rng().random_range(0..age)));
            let (coop, amount) = if won {
                (Some(updated_at.date_naive()), Some(self.faker.rng().random_range(10_000..10_000_000_i64) * 100))
            } else {
                (None, None)
            };

            let mut people: Vec<(String, Option<String>)> = Vec::new();
            for c in 0..self.faker.rng().random_range(1..=3) {
                let person = self.faker.person();
                let mobile = self.faker.mobile();
                let position = self.faker.position();
                let role = self.faker.pick(&["decision_maker", "influencer", "user", "purchaser"]);
                if any_contact {
                    contacts.push(',');
                }
                any_contact = true;
                self.contacts += 1;
                let _ = write!(
                    contacts,
                    "({id},{},{},{},{},'active',{},{},{})",
                    quote(&person),
                    quote(position),
                    quote(&mobile),
                    quote(role),
                    self.boolean(c == 0),
                    timestamp(created_at),
                    timestamp(created_at)
                );
                people.push((person, Some(mobile)));
            }
            for tag in ["high_potential", "long_cycle", "price_sensitive", "churn_risk"] {
                if self.faker.chance(0.15) {
                    if any_tag {
                        tags.push(',');
                    }
                    any_tag = true;
                    self.tags += 1;
                    let _ = write!(tags, "({id},'{tag}')");
                }
            }
            let search_text = search_text(&code, &name, Some(&phone), uscc.as_deref(), &people);
            let custom_fields = custom_values(&mut self.faker);
            if i > 0 {
                customers.push(',');
            }
            let _ = write!(
                customers,
                "({id},{},'enterprise',{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},'',{},{},{},{},{},{},{},1,{},{},{},{})",
                quote(&code),
                quote(&name),
                quote(&dedupe::name_key(&name)),
                opt(uscc.as_deref()),
                quote(&phone),
                quote(&dedupe::phone_key(&phone)),
                quote(place.province),
                quote(place.city),
                quote(place.district),
                quote(&place.detail),
                quote(customer_type),
                quote(industry),
                quote(self.faker.pick(&["S", "A", "A", "B", "B", "B", "C", "C", "C", "C"])),
                quote(self.faker.pick(&["lt_50", "lt_50", "50_200", "50_200", "200_500", "gt_500"])),
                quote(self.faker.pick(&[
                    "exhibition",
                    "online_ads",
                    "referral",
                    "cold_visit",
                    "website",
                    "telemarketing",
                    "other"
                ])),
                quote(STAGES[stage_index].0),
                quote(lifecycle),
                coop.map_or_else(|| "NULL".to_owned(), |d| quote(&d.format("%F").to_string())),
                coop.map_or_else(|| "NULL".to_owned(), |d| quote(&d.format("%F").to_string())),
                amount.map_or_else(|| "NULL".to_owned(), |a| a.to_string()),
                amount.map_or_else(|| "NULL".to_owned(), |a| (a / 3).to_string()),
                owner.id,
                owner.department_id,
                opt(people.first().map(|p| p.0.as_str())),
                quote(&custom_fields),
                quote(&search_text),
                quote(&crm_domain::search::grams(&search_text)),
                followup.map_or_else(|| "NULL".to_owned(), timestamp),
                owner.id,
                owner.id,
                timestamp(created_at),
                timestamp(updated_at),
            );
        }
        let mut statements = vec![customers, contacts];
        if any_tag {
            statements.push(tags);
        }
        statements
    }
}

/// What full-text search looks through, as `customers::input::Draft::search_text` builds it: code,
/// name, phone, USCC, then each contact's name and mobile, joined by spaces.
pub fn search_text(
    code: &str,
    name: &str,
    phone: Option<&str>,
    uscc: Option<&str>,
    contacts: &[(String, Option<String>)],
) -> String {
    let mut parts: Vec<&str> = vec![code, name];
    parts.extend(phone);
    parts.extend(uscc);
    for (name, mobile) in contacts {
        parts.push(name);
        parts.extend(mobile.as_deref());
    }
    parts.join(" ")
}
