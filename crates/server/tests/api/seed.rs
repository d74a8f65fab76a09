//! Seeded data: `seed-demo` fills an empty database through the service code and refuses a second
//! run; `seed-bench` bulk-loads customers that the API then lists, finds by search and keeps numbering.

use crm_domain::Password;
use crm_server::customers::service::input::Draft;
use crm_server::entities::{
    audit_log, customer_contacts, customer_events, customers, departments, followups, tasks, users,
};
use crm_server::seed::{bench, demo};
use crm_types::customer::{Customer, CustomerSummary};
use crm_types::page::Page;
use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Statement,
};
use serde_json::json;

use crate::helpers::{json_ok, spawn_app};

#[tokio::test]
async fn seed_demo_fills_an_empty_database_and_refuses_one_with_customers() {
    let app = spawn_app().await;

    let outcome = demo::seed(&app.db, 30).await.unwrap();
    let demo::Outcome::Seeded { users: created, customers: count } = outcome else { panic!("nothing seeded") };
    assert_eq!(count, 30);
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 30);
    for role in ["sales_rep", "sales_manager", "service_agent", "marketing", "analyst"] {
        assert!(created.iter().any(|u| u.role == role), "no demo user for {role}");
    }
    assert!(
        customer_events::Entity::find()
            .filter(customer_events::Column::Kind.eq("stage_changed"))
            .filter(customer_events::Column::Reason.is_not_null())
            .count(&app.db)
            .await
            .unwrap()
            > 0
    );
    let audited =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("customer.create")).count(&app.db).await.unwrap();
    assert_eq!(audited, 30, "every demo customer is created like the API creates one");
    assert!(crm_server::audit::verify(&app.db).await.unwrap().first_broken_id.is_none());
    let contacts = customer_contacts::Entity::find().count(&app.db).await.unwrap();
    assert!((30..=90).contains(&contacts), "{contacts} contacts");

    // The demo company has a working history: follow-ups (the latest awaiting review, older ones
    // approved), next follow-ups booked, to-dos, and customers not followed up for a while.
    let followups = followups::Entity::find().count(&app.db).await.unwrap();
    assert!(followups >= 30, "{followups} follow-ups");
    let status = |s: &'static str| followups::Entity::find().filter(followups::Column::ReviewStatus.eq(s));
    assert!(status("pending").count(&app.db).await.unwrap() > 0);
    assert!(status("approved").count(&app.db).await.unwrap() > 0);
    let booked = followups::Entity::find().filter(followups::Column::NextFollowupAt.gt(chrono::Utc::now()));
    assert!(booked.count(&app.db).await.unwrap() > 0, "no next follow-up booked");
    assert!(tasks::Entity::find().count(&app.db).await.unwrap() > 0, "no to-do");
    let followed: Vec<customers::Model> =
        customers::Entity::find().filter(customers::Column::LastFollowupAt.is_not_null()).all(&app.db).await.unwrap();
    assert!(!followed.is_empty() && followed.len() < 30, "{} of 30 customers followed up", followed.len());
    let week_ago = chrono::Utc::now() - chrono::Duration::days(7);
    assert!(followed.iter().any(|c| c.last_followup_at.is_some_and(|at| at < week_ago)), "none silent for a week");
    let audited_followups =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("followup.create")).count(&app.db).await.unwrap();
    assert_eq!(audited_followups, followups);

    // The printed initial password works, and must be changed first.
    let rep = created.iter().find(|u| u.username == "rep1").unwrap();
    let session = app.login("rep1", &rep.password).await;
    assert!(session.must_change_password);

    let again = demo::seed(&app.db, 30).await.unwrap();
    assert!(matches!(again, demo::Outcome::NotEmpty { customers: 30 }), "{again:?}");
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 30);
}

#[tokio::test]
async fn seed_bench_loads_customers_the_api_lists_searches_and_keeps_numbering() {
    let app = spawn_app().await;
    let password = "Bench#2026load";
    let options = bench::Options { customers: 2_000, password: Password::parse(password).unwrap(), seed: 3 };
    let report = bench::seed(&app.db, options.clone()).await.unwrap();

    assert_eq!(report.customers, 2_000);
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 2_000);
    assert_eq!(customer_contacts::Entity::find().count(&app.db).await.unwrap(), report.contacts);
    assert!((2_000..=6_000).contains(&report.contacts));
    assert_eq!(departments::Entity::find().count(&app.db).await.unwrap(), 20);
    assert_eq!(users::Entity::find().count(&app.db).await.unwrap(), 201, "200 bench users and the administrator");
    assert_eq!(
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("customer.create")).count(&app.db).await.unwrap(),
        0
    );

    // Derived columns are exactly what the application computes.
    let row = customers::Entity::find_by_id(1234).one(&app.db).await.unwrap().unwrap();
    let contacts = customer_contacts::Entity::find()
        .filter(customer_contacts::Column::CustomerId.eq(row.id))
        .order_by_asc(customer_contacts::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let pairs: Vec<(String, Option<String>)> = contacts.iter().map(|c| (c.name.clone(), c.mobile.clone())).collect();
    assert_eq!(row.search_text, Draft::from_row(&row, vec![]).search_text(&row.code, &pairs));
    assert_eq!(row.search_grams, crm_domain::search::grams(&row.search_text));
    assert_eq!(row.name_key, crm_domain::dedupe::name_key(&row.name));
    assert_eq!(row.primary_contact.as_deref(), Some(contacts[0].name.as_str()));
    let owner = users::Entity::find_by_id(row.owner_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(row.department_id, owner.department_id);

    // Custom values are what the fields' definitions accept, and the list filters by them.
    let fields = crm_server::custom_fields::all(&app.db).await.unwrap();
    assert_eq!(fields.len(), 4);
    let with_values = customers::Entity::find().filter(customers::Column::CustomFields.ne("{}"));
    for row in with_values.limit(50).all(&app.db).await.unwrap() {
        let values: std::collections::BTreeMap<String, crm_types::customer::CustomValue> =
            serde_json::from_str(&row.custom_fields).unwrap();
        let mut problems = crm_server::validation::Problems::default();
        crm_server::custom_fields::check_against(&fields, Some(&values), &values, &mut problems);
        assert!(problems.finish().is_ok(), "{}", row.custom_fields);
    }

    // Full-text search works after the bulk load: by a name fragment and by a mobile prefix.
    let token = app.login("bench_mgr1", password).await.access_token;
    let admin = app.admin_token().await;
    let fragment: String = row.name.chars().skip(2).take(3).collect();
    let found: Page<CustomerSummary> =
        json_ok(app.get_with_token(&format!("/api/v1/customers?q={fragment}&limit=200"), &admin).await).await;
    assert!(found.items.iter().any(|c| c.id.0 == row.id), "{fragment} does not find {}", row.name);
    let pair: String = row.name.chars().skip(2).take(2).collect();
    let found: Page<CustomerSummary> =
        json_ok(app.get_with_token(&format!("/api/v1/customers?q={pair}&limit=200"), &admin).await).await;
    assert!(found.items.iter().any(|c| c.id.0 == row.id), "{pair} does not find {}", row.name);
    let mobile = contacts[0].mobile.clone().unwrap();
    let found: Page<CustomerSummary> =
        json_ok(app.get_with_token(&format!("/api/v1/customers?q={}&limit=200", &mobile[..8]), &admin).await).await;
    assert!(found.items.iter().any(|c| c.id.0 == row.id), "{mobile} does not find {}", row.name);

    let strong: Page<CustomerSummary> =
        json_ok(app.get_with_token("/api/v1/customers?cf=intent:strong&with_total=true", &admin).await).await;
    let expected = customers::Entity::find()
        .filter(customers::Column::CustomFields.contains(r#""intent":"strong""#))
        .count(&app.db)
        .await
        .unwrap();
    assert!(expected > 0);
    assert_eq!(strong.total, Some(expected));

    // The manager sees their region, and new customers get the next free code and stay searchable.
    let page: Page<CustomerSummary> = json_ok(app.get_with_token("/api/v1/customers?limit=200", &token).await).await;
    assert_eq!(page.items.len(), 200);
    let body = json!({
        "name": "压测后新建信息技术有限公司",
        "phone": "13912345678",
        "industry": "I65",
        "contacts": [{"name": "周敏", "mobile": "13912345678"}],
    });
    let response = app.post_json_with_token("/api/v1/customers", &body, &token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let created: Customer = response.json().await.unwrap();
    let newest = customers::Entity::find()
        .filter(customers::Column::Id.ne(created.id.0))
        .order_by_desc(customers::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let format = crm_server::system_settings::customer_code_format(&app.db).await.unwrap();
    let (period, last) = format.read(&newest.code).unwrap();
    if Some(period.clone()) == format.read(&created.code).map(|(p, _)| p) {
        assert_eq!(format.read(&created.code).unwrap().1, last + 1, "{} after {}", created.code, newest.code);
    }
    let found: Page<CustomerSummary> =
        json_ok(app.get_with_token("/api/v1/customers?q=压测后新建", &token).await).await;
    assert_eq!(found.items.len(), 1);

    assert!(bench::seed(&app.db, options).await.is_err(), "a second load is refused");
}

/// Whatever answers a search — the trigram index, the index of character pairs, or comparing rows
/// when a fragment is too common for an index to pay — it finds exactly the customers whose search
/// text contains the fragment, in the list's order.
#[tokio::test]
async fn a_search_finds_what_the_text_contains_through_either_index_or_row_by_row() {
    let app = spawn_app().await;
    let options = bench::Options { customers: 2_500, password: Password::parse("Bench#2026load").unwrap(), seed: 11 };
    bench::seed(&app.db, options).await.unwrap();
    let admin = app.admin_token().await;
    let name = customers::Entity::find_by_id(777).one(&app.db).await.unwrap().unwrap().name;
    let rare_pair: String = name.chars().skip(2).take(2).collect();
    let rare_three: String = name.chars().skip(2).take(3).collect();
    let contact = customer_contacts::Entity::find().filter(customer_contacts::Column::CustomerId.eq(777));
    let mobile = contact.one(&app.db).await.unwrap().unwrap().mobile.unwrap();
    let fragments = [
        rare_pair.as_str(),  // grams index, few customers
        rare_three.as_str(), // trigram index, few customers
        mobile.as_str(),     // grams index: a whole mobile number
        &mobile[..7],        // grams index: its first seven digits
        &mobile[2..10],      // grams index: eight digits from its middle
        &mobile[5..],        // trigram index: its last six digits
        "有限",              // grams index, more than a search reads by id: compared row by row
        "有限公",            // trigram index, likewise
        "cus2",              // trigram index over codes, any case
        "公",                // one character: compared row by row
        "13",                // two digits: compared row by row
        "没有这样的客户",    // nothing
    ];
    let backend = app.db.get_database_backend();
    for fragment in fragments {
        let like = match backend {
            DbBackend::Postgres => "ILIKE",
            _ => "LIKE",
        };
        let sql = format!(
            "SELECT id FROM customers WHERE search_text {like} '%{fragment}%' AND deleted_at IS NULL \
             ORDER BY created_at DESC, id DESC"
        );
        let expected: Vec<i64> = app
            .db
            .query_all(Statement::from_string(backend, sql))
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get_by_index(0).unwrap())
            .collect();
        let page: Page<CustomerSummary> = json_ok(
            app.get_with_token(&format!("/api/v1/customers?q={fragment}&limit=50&with_total=true"), &admin).await,
        )
        .await;
        assert_eq!(page.total, Some(expected.len() as u64), "{fragment}");
        let ids: Vec<i64> = page.items.iter().map(|c| c.id.0).collect();
        assert_eq!(ids, expected.iter().copied().take(50).collect::<Vec<_>>(), "{fragment}");
    }
    let common = customers::Entity::find().filter(customers::Column::SearchText.contains("有限")).count(&app.db);
    assert!(
        common.await.unwrap() > crm_server::customers::queries::search::CANDIDATES_MAX as u64,
        "the data has a common pair"
    );
}
