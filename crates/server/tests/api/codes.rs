//! Record codes are allocated atomically in the database.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use crm_domain::CodeFormat;

use crate::helpers::spawn_app;

#[tokio::test]
async fn two_hundred_concurrent_allocations_get_two_hundred_distinct_codes() {
    let app = spawn_app().await;
    let format = CodeFormat::parse("CUS{yyyyMM}{seq:3}").unwrap();
    let day = NaiveDate::from_ymd_opt(2024, 5, 20).unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let db = app.db.clone();
            let format = format.clone();
            tokio::spawn(async move { crm_server::codes::next_code(&db, "customer", &format, day).await.unwrap() })
        })
        .collect();
    let mut codes = BTreeSet::new();
    for task in tasks {
        codes.insert(task.await.unwrap());
    }
    assert_eq!(codes.len(), 200);
    assert_eq!(codes.first().map(String::as_str), Some("CUS202405001"));
    assert_eq!(codes.last().map(String::as_str), Some("CUS202405200"));
}

#[tokio::test]
async fn each_period_and_kind_counts_on_its_own_and_the_sequence_widens() {
    let app = spawn_app().await;
    let format = CodeFormat::parse("CUS{yyyyMM}{seq:3}").unwrap();
    let may = NaiveDate::from_ymd_opt(2024, 5, 31).unwrap();
    let june = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
    let next = |kind: &'static str, day| {
        let db = app.db.clone();
        let format = format.clone();
        async move { crm_server::codes::next_code(&db, kind, &format, day).await.unwrap() }
    };
    assert_eq!(next("customer", may).await, "CUS202405001");
    assert_eq!(next("customer", june).await, "CUS202406001");
    assert_eq!(next("demand", may).await, "CUS202405001");
    for _ in 2..1000 {
        crm_server::codes::allocate(&app.db, "customer", "202405").await.unwrap();
    }
    assert_eq!(next("customer", may).await, "CUS2024051000");
}
