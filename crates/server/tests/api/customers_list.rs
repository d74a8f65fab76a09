//! The customer list beyond its basics: every shown column sorts both ways, customers without a value
//! included, page after page without gaps or repeats; the filters on decision-chain roles, cooperation
//! dates and customers nobody followed up lately.

use chrono::{DateTime, Duration, Utc};
use crm_server::entities::customers;
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::customers::{body, create, list};
use crate::helpers::{TestApp, spawn_app};

/// Sets a column of customer `id` directly (values the API derives or takes over time).
async fn set(app: &TestApp, id: i64, column: customers::Column, value: impl Into<sea_orm::Value>) {
    customers::Entity::update_many()
        .col_expr(column, Expr::value(value.into()))
        .filter(customers::Column::Id.eq(id))
        .exec(&app.db)
        .await
        .unwrap();
}

/// Every id of the list sorted by `sort`, two at a time.
async fn walk(app: &TestApp, token: &str, sort: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut query = format!("sort={sort}&limit=2");
    loop {
        let page = list(app, token, &query).await;
        ids.extend(page.items.iter().map(|c| c.id.0));
        match page.next_cursor {
            Some(cursor) => query = format!("sort={sort}&limit=2&cursor={cursor}"),
            None => return ids,
        }
    }
}

/// A row's value of a sort key as the list orders it: customers without one first going up.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Text(String),
    Number(i64),
    Time(DateTime<Utc>),
}

fn key_of(row: &customers::Model, sort: &str) -> Key {
    let text = |value: &Option<String>| Key::Text(value.clone().unwrap_or_default());
    match sort {
        "primary_contact" => text(&row.primary_contact),
        "phone" => text(&row.phone),
        "lifecycle_status" => Key::Text(row.lifecycle_status.clone()),
        "source_channel" => text(&row.source_channel),
        "city" => text(&row.city),
        "owner" => Key::Number(row.owner_id.unwrap_or(-1)),
        "last_followup_at" => Key::Time(row.last_followup_at.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)),
        other => panic!("no key {other}"),
    }
}

const NAMES: [&str; 3] = ["周敏", "陈明", "李娜"];
const CITIES: [&str; 2] = ["杭州市", "宁波市"];

#[tokio::test]
async fn every_shown_column_sorts_both_ways_with_empty_values_first_and_pages_without_gaps() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ids = Vec::new();
    for i in 0..9_i64 {
        let mut new = body(&format!("排序客户{i}有限公司"), &format!("1380000{i:04}"));
        new["contacts"] = json!([{"name": NAMES[(i % 3) as usize], "mobile": format!("1390000{i:04}")}]);
        if i % 3 != 0 {
            new["source_channel"] = json!(["exhibition", "referral"][(i % 2) as usize]);
            new["address"] = json!({"province": "浙江省", "city": CITIES[(i % 2) as usize]});
        }
        ids.push(create(&app, &admin, &new).await.id.0);
    }
    let now = Utc::now();
    for (i, id) in ids.iter().enumerate() {
        let i = i64::try_from(i).unwrap();
        if i % 4 != 0 {
            set(&app, *id, customers::Column::LastFollowupAt, Some(now - Duration::hours(i * 7 % 5))).await;
        }
        if i % 3 == 1 {
            set(&app, *id, customers::Column::OwnerId, None::<i64>).await;
        }
        set(&app, *id, customers::Column::LifecycleStatus, ["new", "cooperating", "silent"][(i % 3) as usize]).await;
    }
    let rows = customers::Entity::find().all(&app.db).await.unwrap();
    for sort in ["primary_contact", "phone", "lifecycle_status", "source_channel", "city", "owner", "last_followup_at"]
    {
        let mut expected: Vec<(Key, i64)> = rows.iter().map(|row| (key_of(row, sort), row.id)).collect();
        expected.sort();
        let ascending: Vec<i64> = expected.iter().map(|(_, id)| *id).collect();
        assert_eq!(walk(&app, &admin, sort).await, ascending, "{sort}");
        let descending: Vec<i64> = ascending.iter().rev().copied().collect();
        assert_eq!(walk(&app, &admin, &format!("-{sort}")).await, descending, "-{sort}");
    }
}

#[tokio::test]
async fn decision_roles_cooperation_dates_and_idle_customers_filter_the_list() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let mut ids = Vec::new();
    for (i, (roles, first, last)) in [
        (vec!["decision_maker"], "2019-03-01", "2024-06-30"),
        (vec!["influencer", "user"], "2021-07-15", "2025-01-10"),
        (vec!["purchaser"], "2023-01-01", "2023-12-31"),
        (vec![], "2024-05-20", "2025-11-01"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut new = body(&format!("筛选客户{i}有限公司"), &format!("1370000{i:04}"));
        new["decision_roles"] = json!(roles);
        new["first_coop_date"] = json!(first);
        new["last_coop_date"] = json!(last);
        ids.push(create(&app, &admin, &new).await.id.0);
    }
    let total = |query: &str| {
        let (app, admin) = (&app, &admin);
        let query = format!("{query}&with_total=true");
        async move { list(app, admin, &query).await.total.unwrap() }
    };
    assert_eq!(total("decision_role=user").await, 1);
    assert_eq!(total("decision_role=decision_maker,purchaser").await, 2);
    assert_eq!(total("decision_role=maker").await, 0, "a part of a code is not the code");
    assert_eq!(total("first_coop_from=2021-07-15").await, 3);
    assert_eq!(total("first_coop_from=2020-01-01&first_coop_to=2023-06-30").await, 2);
    assert_eq!(total("last_coop_to=2024-06-30").await, 2);
    assert_eq!(total("last_coop_from=2025-01-01&decision_role=influencer").await, 1);
    assert_eq!(total(&format!("ids={},{}", ids[0], ids[3])).await, 2);
    assert_eq!(total(&format!("ids={},{}&decision_role=purchaser", ids[0], ids[2])).await, 1);
    assert_eq!(total("ids=99999999999999999999999").await, 0, "no customer has an id that large");
    assert_eq!(total(&format!("ids={},99999999999999999999999", ids[1])).await, 1);
    for bad in ["", "1,,2", "1,%202", "1,", "x"] {
        let response = app.get_with_token(&format!("/api/v1/customers?ids={bad}"), &admin).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "ids={bad:?} is not a list of ids");
    }

    // Idle: never followed up and created long ago, or last followed up long ago.
    let now = Utc::now();
    set(&app, ids[0], customers::Column::CreatedAt, now - Duration::days(30)).await;
    set(&app, ids[1], customers::Column::CreatedAt, now - Duration::days(30)).await;
    set(&app, ids[1], customers::Column::LastFollowupAt, Some(now - Duration::days(10))).await;
    set(&app, ids[2], customers::Column::CreatedAt, now - Duration::days(30)).await;
    set(&app, ids[2], customers::Column::LastFollowupAt, Some(now - Duration::days(2))).await;
    assert_eq!(total("no_followup_days=7").await, 2);
    assert_eq!(total("no_followup_days=20").await, 1);
    let idle = list(&app, &admin, "no_followup_days=7&sort=created_at").await;
    assert_eq!(idle.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), vec![ids[0], ids[1]]);
}

#[tokio::test]
async fn control_characters_in_a_search_or_filter_are_refused_or_ignored_never_an_error() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let found = create(&app, &admin, &body("无锡控制字符有限公司", "0510-88886666")).await;
    // A search drops them; a filter with one matches nothing (SQLite) or is refused (PostgreSQL).
    for (query, expected) in [
        ("q=%E6%8E%A7%E5%88%B6%00%E5%AD%97", Some(vec![found.id.0])),
        ("q=%0F%13%C3%A2~%C3%85G%C2%B7%24%00%F3%82%81%B1", Some(vec![])),
        ("q=%00", Some(vec![found.id.0])),
        ("city=%00", None),
        ("tag=a%00b", None),
    ] {
        let response = app.get_with_token(&format!("/api/v1/customers?{query}"), &admin).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        match (status, expected) {
            (StatusCode::OK, Some(ids)) => {
                let page: crm_types::page::Page<crm_types::customer::CustomerSummary> =
                    serde_json::from_str(&text).unwrap();
                assert_eq!(page.items.iter().map(|c| c.id.0).collect::<Vec<_>>(), ids, "{query}");
            }
            (StatusCode::OK, None) => assert!(text.contains(r#""items":[]"#), "{query}: {text}"),
            (StatusCode::BAD_REQUEST, None) => assert!(text.contains("cannot be stored"), "{query}: {text}"),
            _ => panic!("{query}: {status} {text}"),
        }
    }
    let mut new = body("无锡\u{0}控制有限公司", "0510-88887777");
    new["address"]["detail"] = json!("a\u{1b}b");
    new["notes"] = json!("第一行\r\n第二行\t完");
    let response = app.post_json_with_token("/api/v1/customers", &new, &admin).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    for field in
        [r#""field":"name","code":"invalid_character""#, r#""field":"address.detail","code":"invalid_character""#]
    {
        assert!(text.contains(field), "{field} in {text}");
    }
    assert!(!text.contains(r#""field":"notes""#), "line breaks and tabs are fine: {text}");
}

#[tokio::test]
async fn sqlite_full_text_indexes_merge_a_little_at_a_time() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let app = spawn_app().await;
    if app.db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    for table in ["customer_search", "customer_grams"] {
        let sql = format!("SELECT v FROM {table}_config WHERE k = 'crisismerge'");
        let row = app.db.query_one(Statement::from_string(DbBackend::Sqlite, sql)).await.unwrap().unwrap();
        assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 64, "{table}");
    }
}
