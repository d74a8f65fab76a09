//! Customers: the record's rules, optimistic locking, duplicates, history, contacts, handovers, the
//! list and — above all — the data scope, through the API.

use std::collections::BTreeSet;

use crm_types::FieldErrorCode;
use crm_types::customer::{
    Contact, Customer, CustomerSummary, DuplicateMatch, Handover, HandoverDetail, TimelineEntry,
};
use crm_types::page::Page;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

pub(crate) fn body(name: &str, phone: &str) -> Value {
    json!({
        "name": name,
        "phone": phone,
        "industry": "I65",
        "contacts": [{"name": "张伟", "mobile": "139 0013 9000", "position": "采购经理"}],
    })
}

pub(crate) async fn create(app: &TestApp, token: &str, body: &Value) -> Customer {
    let response = app.post_json_with_token("/api/v1/customers", body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn patch(app: &TestApp, token: &str, id: i64, version: i32, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/v1/customers/{id}")))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""))
        .json(body)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn list(app: &TestApp, token: &str, query: &str) -> Page<CustomerSummary> {
    json_ok(app.get_with_token(&format!("/api/v1/customers?{query}"), token).await).await
}

#[tokio::test]
async fn a_new_customer_gets_a_code_starts_at_the_first_stage_and_belongs_to_its_creator() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mut new = body("杭州云栖科技有限公司", "+86 138-0013-8000");
    new["uscc"] = json!("91350100M000100Y43");
    new["cumulative_amount"] = json!("500000.00");
    new["tags"] = json!(["high_potential"]);
    new["address"] = json!({"province": "浙江省", "city": "杭州市", "district": "西湖区", "detail": "文三路 90 号"});
    new["contacts"] = json!([
        {"name": "张伟", "mobile": "13900139000"},
        {"name": "李娜", "mobile": "13700137000", "email": "lina@example.com", "is_primary": true},
    ]);
    let response = app.post_json_with_token("/api/v1/customers", &new, &rep).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["etag"], "\"1\"");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let customer: Customer = response.json().await.unwrap();
    let month = chrono::Utc::now().format("%Y%m").to_string();
    assert_eq!(customer.code, format!("CUS{month}001"));
    assert_eq!(location, format!("/api/v1/customers/{}", customer.id));
    assert_eq!(customer.phone.as_deref(), Some("13800138000"));
    assert_eq!(customer.stage.as_deref(), Some("initial_contact"));
    assert_eq!(customer.customer_type.as_deref(), Some("potential"));
    assert_eq!(customer.cumulative_amount.unwrap().to_string(), "500000.00");
    assert_eq!(customer.tags, ["high_potential"]);
    assert!(customer.owner_id.is_some() && customer.owner_id == customer.created_by);
    let names: Vec<&str> = customer.contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["李娜", "张伟"]);
    assert!(customer.contacts[0].is_primary && !customer.contacts[1].is_primary);
    let raw: Value = json_ok(app.get_with_token(&location, &rep).await).await;
    assert_eq!(raw["cumulative_amount"], "500000.00");
    assert_eq!(raw["kind"], "enterprise");
    let second = create(&app, &rep, &body("宁波港湾物流有限公司", "0574-87654321")).await;
    assert_eq!(second.code, format!("CUS{month}002"));
    assert_eq!(second.phone.as_deref(), Some("0574-87654321"));
}

#[tokio::test]
async fn invalid_fields_are_each_named_in_one_422() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let bad = json!({
        "name": " ",
        "phone": "12345",
        "uscc": "91350100M000100Y44",
        "industry": "Z99",
        "email": "not-an-email",
        "cumulative_amount": "12.345",
        "first_coop_date": "2024-05-01",
        "last_coop_date": "2024-04-01",
        "contacts": [{"name": "王芳", "mobile": "2345"}, {"name": "赵强", "is_primary": true}, {"name": "孙丽", "is_primary": true}],
    });
    let found =
        problem(app.post_json_with_token("/api/v1/customers", &bad, &admin).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    let fields: BTreeSet<&str> = found.errors.iter().map(|e| e.field.as_str()).collect();
    for field in [
        "name",
        "phone",
        "uscc",
        "industry",
        "email",
        "cumulative_amount",
        "last_coop_date",
        "contacts[0].mobile",
        "contacts",
    ] {
        assert!(fields.contains(field), "{field} missing from {fields:?}");
    }
    let mut no_contacts = body("温州鞋业有限公司", "13800138000");
    no_contacts["contacts"] = json!([]);
    let found = problem(
        app.post_json_with_token("/api/v1/customers", &no_contacts, &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(found.errors[0].field, "contacts");
    let mut person = body("张三", "13800138000");
    person["kind"] = json!("individual");
    person["id_card_no"] = json!("11010519491231002X");
    person["uscc"] = json!("91350100M000100Y43");
    let found =
        problem(app.post_json_with_token("/api/v1/customers", &person, &admin).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(found.errors[0].field, "uscc");
    person.as_object_mut().unwrap().remove("uscc");
    let customer = create(&app, &admin, &person).await;
    assert_eq!(customer.id_card_no.as_deref(), Some("11010519491231002X"));
}

#[tokio::test]
async fn a_look_alike_is_reported_or_refused_as_the_administrator_chose() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let first = create(&app, &admin, &body("华为技术有限公司", "13800138000")).await;
    assert!(first.duplicates.is_empty());
    let second = create(&app, &admin, &body("深圳新创科技有限公司", "+86 13800138000")).await;
    assert_eq!(second.duplicates.len(), 1);
    assert_eq!(
        (second.duplicates[0].id, second.duplicates[0].matched_on.as_slice()),
        (first.id, &["phone".to_owned()][..])
    );
    let found: Vec<DuplicateMatch> =
        json_ok(app.get_with_token("/api/v1/customers/duplicates?name=%E5%8D%8E%E4%B8%BA%E6%8A%80%E6%9C%AF%E6%9C%89%E9%99%90%E8%B4%A3%E4%BB%BB%E5%85%AC%E5%8F%B8", &admin).await).await;
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [first.id]);
    assert_eq!(found[0].matched_on, ["name"]);
    let by_contact: Vec<DuplicateMatch> =
        json_ok(app.get_with_token("/api/v1/customers/duplicates?phone=139-0013-9000", &admin).await).await;
    assert_eq!(by_contact.len(), 2);
    // A contact's mobile that is another customer's phone makes a look-alike too.
    let mut via_contact = body("杭州钱塘贸易有限公司", "0571-87654321");
    via_contact["contacts"] = json!([{"name": "钱多多", "mobile": "138 0013 8000"}]);
    let via_contact = create(&app, &admin, &via_contact).await;
    let matched: Vec<(i64, Vec<String>)> =
        via_contact.duplicates.iter().map(|m| (m.id.0, m.matched_on.clone())).collect();
    assert_eq!(matched, [(first.id.0, vec!["phone".to_owned()]), (second.id.0, vec!["phone".to_owned()])]);

    let settings = json!({"code_format": "CRM{yyyy}{seq:3}", "duplicate_mode": "block"});
    json_ok::<Value>(app.send(Method::PUT, "/api/v1/admin/settings/customers", Some(&settings), &admin).await).await;
    let mut third = body("华为技术（有限公司）", "0755-28780808");
    third["contacts"] = json!([{"name": "周杰"}]);
    let found =
        problem(app.post_json_with_token("/api/v1/customers", &third, &admin).await, StatusCode::CONFLICT).await;
    assert_eq!(found.errors[0].code, FieldErrorCode::Duplicate);
    assert!(found.errors[0].message.contains(&first.code), "{}", found.errors[0].message);
    let fourth = create(&app, &admin, &json!({"name": "苏州工业园区服务有限公司", "phone": "0512-66668888", "industry": "L", "contacts": [{"name": "吴昊"}]})).await;
    assert_eq!(fourth.code, format!("CRM{}001", chrono::Utc::now().format("%Y")));
}

/// Renaming a customer, or changing its phone or USCC, runs the duplicate check too, leaving the customer
/// itself out.
#[tokio::test]
async fn an_edit_that_makes_a_look_alike_is_reported_or_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let first = create(&app, &admin, &body("上海明远贸易有限公司", "13811112222")).await;
    let second = create(&app, &admin, &body("上海明达贸易有限公司", "13811113333")).await;
    let renamed = patch(&app, &admin, second.id.0, second.version, &json!({"name": "上海明远贸易有限责任公司"})).await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let renamed: Customer = renamed.json().await.unwrap();
    assert_eq!(
        renamed.duplicates.iter().map(|m| (m.id, m.matched_on.clone())).collect::<Vec<_>>(),
        [(first.id, vec!["name".to_owned()])]
    );
    let unchanged = patch(&app, &admin, first.id.0, first.version, &json!({"notes": "老客户"})).await;
    assert!(unchanged.json::<Customer>().await.unwrap().duplicates.is_empty(), "its own name is no look-alike");

    let settings = json!({"code_format": "CUS{yyyyMM}{seq:3}", "duplicate_mode": "block"});
    json_ok::<Value>(app.send(Method::PUT, "/api/v1/admin/settings/customers", Some(&settings), &admin).await).await;
    let refused = patch(&app, &admin, renamed.id.0, renamed.version, &json!({"phone": "138-1111-2222"})).await;
    assert_eq!(problem(refused, StatusCode::CONFLICT).await.errors[0].code, FieldErrorCode::Duplicate);
}

#[tokio::test]
async fn updates_need_the_current_version_and_stage_changes_need_a_reason() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let customer = create(&app, &admin, &body("上海浦江贸易有限公司", "021-55556666")).await;
    let id = customer.id.0;
    let path = format!("/api/v1/customers/{id}");
    let response = app.send(Method::PATCH, &path, Some(&json!({"notes": "x"})), &admin).await;
    problem(response, StatusCode::PRECONDITION_REQUIRED).await;
    problem(patch(&app, &admin, id, 7, &json!({"notes": "x"})).await, StatusCode::PRECONDITION_FAILED).await;
    let problem422 =
        problem(patch(&app, &admin, id, 1, &json!({"stage": "proposal"})).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(problem422.errors[0].field, "reason");
    let response =
        patch(&app, &admin, id, 1, &json!({"stage": "proposal", "reason": "客户确认预算", "notes": "重点跟进"})).await;
    assert_eq!(response.headers()["etag"], "\"2\"");
    let updated: Customer = json_ok(response).await;
    assert_eq!((updated.stage.as_deref(), updated.version), (Some("proposal"), 2));
    problem(patch(&app, &admin, id, 1, &json!({"notes": "lost update"})).await, StatusCode::PRECONDITION_FAILED).await;
    let problem422 = problem(
        patch(&app, &admin, id, 2, &json!({"stage": "nonsense", "reason": "x"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!((problem422.errors[0].field.as_str(), problem422.errors[0].code.as_str()), ("stage", "unknown_code"));
    let timeline: Page<TimelineEntry> = json_ok(app.get_with_token(&format!("{path}/timeline"), &admin).await).await;
    let kinds: Vec<&str> = timeline.items.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["updated", "stage_changed", "created"]);
    let stage = &timeline.items[1];
    assert_eq!(
        (stage.from.as_deref(), stage.to.as_deref(), stage.reason.as_deref()),
        (Some("initial_contact"), Some("proposal"), Some("客户确认预算"))
    );
    let page: Page<TimelineEntry> =
        json_ok(app.get_with_token(&format!("{path}/timeline?limit=2"), &admin).await).await;
    let rest: Page<TimelineEntry> = json_ok(
        app.get_with_token(&format!("{path}/timeline?limit=2&cursor={}", page.next_cursor.unwrap()), &admin).await,
    )
    .await;
    assert_eq!((rest.items.len(), rest.items[0].kind.as_str(), rest.next_cursor), (1, "created", None));
}

#[tokio::test]
async fn a_rep_sees_only_their_own_and_shared_customers_by_id_list_search_and_count() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区", None).await;
    let hangzhou = app.create_department(&admin, "杭州组", Some(east)).await;
    let north = app.create_department(&admin, "华北区", None).await;
    let alice = app.user_token(&admin, "alice", "sales_rep", Some(hangzhou)).await;
    let bob = app.user_token(&admin, "bob", "sales_rep", Some(hangzhou)).await;
    let carol = app.user_token(&admin, "carol", "sales_rep", Some(north)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(east)).await;
    let alices = create(&app, &alice, &body("杭州甲公司有限公司", "13811110001")).await;
    let bobs = create(&app, &bob, &body("杭州乙公司有限公司", "13811110002")).await;
    let carols = create(&app, &carol, &body("北京丙公司有限公司", "13811110003")).await;

    let path = format!("/api/v1/customers/{}", bobs.id);
    problem(app.get_with_token(&path, &alice).await, StatusCode::NOT_FOUND).await;
    problem(app.get_with_token(&format!("{path}/timeline"), &alice).await, StatusCode::NOT_FOUND).await;
    problem(patch(&app, &alice, bobs.id.0, 1, &json!({"notes": "x"})).await, StatusCode::NOT_FOUND).await;
    let page = list(&app, &alice, "with_total=true").await;
    assert_eq!((page.total, page.items.iter().map(|c| c.id).collect::<Vec<_>>()), (Some(1), vec![alices.id]));
    assert_eq!(list(&app, &alice, "q=%E4%B9%99%E5%85%AC%E5%8F%B8&with_total=true").await.total, Some(0));
    assert_eq!(list(&app, &alice, "q=13811110002").await.items.len(), 0);
    assert_eq!(list(&app, &bob, "q=13811110002").await.items.len(), 1);

    let page = list(&app, &manager, "with_total=true&sort=name").await;
    assert_eq!(page.total, Some(2));
    assert!(page.items.iter().all(|c| c.id != carols.id));
    problem(app.get_with_token(&format!("/api/v1/customers/{}", carols.id), &manager).await, StatusCode::NOT_FOUND)
        .await;
    json_ok::<Customer>(app.get_with_token(&path, &manager).await).await;

    // Bob shares his customer with Alice, first to look at, then to edit.
    let users: Vec<crm_types::admin::Colleague> = json_ok(app.get_with_token("/api/v1/users", &admin).await).await;
    let alice_user = users.iter().find(|u| u.display_name == "alice 同学").unwrap().id;
    let share = format!("{path}/collaborators/{alice_user}");
    let response = app.send(Method::PUT, &share, Some(&json!({"access": "view"})), &bob).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let seen: Customer = json_ok(app.get_with_token(&path, &alice).await).await;
    assert_eq!(seen.collaborators[0].display_name, "alice 同学");
    problem(patch(&app, &alice, bobs.id.0, 1, &json!({"notes": "x"})).await, StatusCode::FORBIDDEN).await;
    app.send(Method::PUT, &share, Some(&json!({"access": "edit"})), &bob).await;
    let edited: Customer = json_ok(patch(&app, &alice, bobs.id.0, 1, &json!({"notes": "协作编辑"})).await).await;
    assert_eq!(edited.notes.as_deref(), Some("协作编辑"));
    assert_eq!(list(&app, &alice, "with_total=true").await.total, Some(2));
    let response = app.send(Method::DELETE, &share, None::<&()>, &bob).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token(&path, &alice).await, StatusCode::NOT_FOUND).await;

    // A manager who sees a customer only as a view collaborator (it lies outside their subtree) may
    // not edit it.
    let carol_path = format!("/api/v1/customers/{}", carols.id);
    let manager_user = users.iter().find(|u| u.display_name == "manager 同学").unwrap().id;
    let share = format!("{carol_path}/collaborators/{manager_user}");
    app.send(Method::PUT, &share, Some(&json!({"access": "view"})), &carol).await;
    json_ok::<Customer>(app.get_with_token(&carol_path, &manager).await).await;
    problem(patch(&app, &manager, carols.id.0, 1, &json!({"notes": "x"})).await, StatusCode::FORBIDDEN).await;
    app.send(Method::PUT, &share, Some(&json!({"access": "edit"})), &carol).await;
    json_ok::<Customer>(patch(&app, &manager, carols.id.0, 1, &json!({"notes": "协作"})).await).await;
}

#[tokio::test]
async fn a_handover_moves_customers_to_the_new_owner_with_a_record() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "深圳组", None).await;
    let leaving = app.user_token(&admin, "leaving", "sales_rep", Some(team)).await;
    let staying = app.create_user(&admin, "staying", "sales_rep", Some(team)).await;
    let staying_token = app.first_session("staying", "Initial#2024", crate::helpers::USER_PASSWORD).await;
    let manager = app.user_token(&admin, "boss", "sales_manager", Some(team)).await;
    let one = create(&app, &leaving, &body("深圳甲有限公司", "13822220001")).await;
    let two = create(&app, &leaving, &body("深圳乙有限公司", "13822220002")).await;
    let request = json!({"customer_ids": [one.id, two.id], "to_user_id": staying.id, "reason": "离职交接"});
    problem(app.post_json_with_token("/api/v1/customers/handover", &request, &leaving).await, StatusCode::FORBIDDEN)
        .await;
    let response = app.post_json_with_token("/api/v1/customers/handover", &request, &manager).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let handover: Handover = response.json().await.unwrap();
    assert_eq!((handover.customer_count, handover.reason.as_str()), (2, "离职交接"));
    assert_eq!(list(&app, &staying_token, "with_total=true").await.total, Some(2));
    assert_eq!(list(&app, &leaving, "with_total=true").await.total, Some(0));
    let timeline: Page<TimelineEntry> =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}/timeline", one.id), &staying_token).await).await;
    let entry = &timeline.items[0];
    assert_eq!(
        (entry.kind.as_str(), entry.to.as_deref(), entry.reason.as_deref()),
        ("handover", Some("staying 同学"), Some("离职交接"))
    );
    let audit: Value =
        json_ok(app.get_with_token("/api/v1/admin/audit-log?action=customer.handover", &admin).await).await;
    assert_eq!(audit["items"][0]["after"]["customers"].as_array().unwrap().len(), 2);

    // The record: the manager who made it, the rep who received it and the one who gave the customers
    // away read it; a rep of another team does not.
    let other_team = app.create_department(&admin, "广州组", None).await;
    let stranger = app.user_token(&admin, "stranger", "sales_rep", Some(other_team)).await;
    for token in [&manager, &staying_token, &leaving, &admin] {
        let page: Page<Handover> = json_ok(app.get_with_token("/api/v1/customers/handovers", token).await).await;
        assert_eq!(page.items.iter().map(|h| h.id).collect::<Vec<_>>(), [handover.id]);
        assert_eq!(page.items[0].to_user_name.as_deref(), Some("staying 同学"));
    }
    let page: Page<Handover> = json_ok(app.get_with_token("/api/v1/customers/handovers", &stranger).await).await;
    assert!(page.items.is_empty());
    let path = format!("/api/v1/customers/handovers/{}", handover.id);
    problem(app.get_with_token(&path, &stranger).await, StatusCode::NOT_FOUND).await;
    let detail: HandoverDetail = json_ok(app.get_with_token(&path, &leaving).await).await;
    let moved: Vec<(&str, Option<&str>)> =
        detail.customers.iter().map(|c| (c.name.as_str(), c.from_user_name.as_deref())).collect();
    assert_eq!(moved, [("深圳甲有限公司", Some("leaving 同学")), ("深圳乙有限公司", Some("leaving 同学"))]);
    let second = json!({"customer_ids": [one.id], "to_user_id": staying.id, "reason": "再次确认"});
    let response = app.post_json_with_token("/api/v1/customers/handover", &second, &manager).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let first_page: Page<Handover> =
        json_ok(app.get_with_token("/api/v1/customers/handovers?limit=1", &manager).await).await;
    assert_eq!(first_page.items[0].reason, "再次确认", "newest first");
    let cursor = first_page.next_cursor.unwrap();
    let next: Page<Handover> =
        json_ok(app.get_with_token(&format!("/api/v1/customers/handovers?limit=1&cursor={cursor}"), &manager).await)
            .await;
    assert_eq!((next.items[0].id, next.next_cursor), (handover.id, None));
    for (bad, status) in [
        ("x1", StatusCode::UNPROCESSABLE_ENTITY),
        ("99999999999999999999", StatusCode::UNPROCESSABLE_ENTITY),
        ("00000000000000000000000000000000000000000", StatusCode::BAD_REQUEST),
    ] {
        let path = format!("/api/v1/customers/handovers?cursor={bad}");
        assert_eq!(app.get_with_token(&path, &manager).await.status(), status, "cursor {bad}");
    }
    let outside = json!({"customer_ids": [one.id, 999_999], "to_user_id": staying.id, "reason": "x"});
    problem(
        app.post_json_with_token("/api/v1/customers/handover", &outside, &manager).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
}

#[tokio::test]
async fn contacts_keep_one_active_primary_and_those_who_left_stay_marked() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let customer = create(&app, &admin, &body("成都天府软件有限公司", "028-85556666")).await;
    let path = format!("/api/v1/customers/{}/contacts", customer.id);
    let response = app
        .post_json_with_token(
            &path,
            &json!({"name": "刘洋", "mobile": "13655556666", "decision_role": "decision_maker"}),
            &admin,
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let added: Contact = response.json().await.unwrap();
    assert!(!added.is_primary);
    let first = customer.contacts[0].id;
    let left: Contact =
        json_ok(app.send(Method::PATCH, &format!("{path}/{first}"), Some(&json!({"status": "left"})), &admin).await)
            .await;
    assert!(!left.is_primary);
    let contacts: Vec<Contact> = json_ok(app.get_with_token(&path, &admin).await).await;
    assert_eq!((contacts[0].id, contacts[0].is_primary), (added.id, true));
    assert_eq!(contacts[1].status, crm_types::customer::ContactStatus::Left);
    problem(
        app.send(Method::PATCH, &format!("{path}/{first}"), Some(&json!({"is_primary": true})), &admin).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    let fetched: Customer =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}", customer.id), &admin).await).await;
    assert_eq!(fetched.version, 3);
    let found = list(&app, &admin, "q=13655556666").await;
    assert_eq!(found.items.len(), 1);
    assert_eq!(found.items[0].primary_contact.as_deref(), Some("刘洋"));
}

#[tokio::test]
async fn deleted_customers_disappear_until_an_administrator_restores_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let manager = app.user_token(&admin, "mgr", "sales_manager", None).await;
    let customer = create(&app, &manager, &body("武汉光谷电子有限公司", "027-87654321")).await;
    let path = format!("/api/v1/customers/{}", customer.id);
    problem(app.send(Method::DELETE, &path, None::<&()>, &manager).await, StatusCode::FORBIDDEN).await;
    assert_eq!(app.send(Method::DELETE, &path, None::<&()>, &admin).await.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token(&path, &manager).await, StatusCode::NOT_FOUND).await;
    assert!(list(&app, &admin, "").await.items.is_empty());
    assert_eq!(list(&app, &admin, "deleted=true").await.items.len(), 1);
    problem(app.get_with_token("/api/v1/customers?deleted=true", &manager).await, StatusCode::FORBIDDEN).await;
    let restored: Customer =
        json_ok(app.send(Method::POST, &format!("{path}/restore"), None::<&()>, &admin).await).await;
    assert!(restored.deleted_at.is_none());
    json_ok::<Customer>(app.get_with_token(&path, &manager).await).await;
}

#[tokio::test]
async fn hidden_fields_are_absent_and_read_only_fields_refused() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let marketing = app.user_token(&admin, "mkt", "marketing", None).await;
    let customer = create(&app, &admin, &body("广州珠江食品有限公司", "020-88887777")).await;
    let seen: Value =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}", customer.id), &marketing).await).await;
    assert!(seen.get("phone").is_none() && seen["contacts"][0].get("mobile").is_none());
    assert_eq!(seen["contacts"][0]["name"], "张伟");
    let page: Value = json_ok(app.get_with_token("/api/v1/customers", &marketing).await).await;
    assert!(page["items"][0].get("phone").is_none());
}

#[tokio::test]
async fn the_list_filters_sorts_and_pages_by_cursor_without_gaps_or_repeats() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    for i in 0..25 {
        let mut new = body(&format!("测试客户{i:02}有限公司"), &format!("138000{i:05}"));
        new["industry"] = json!(if i % 2 == 0 { "C39" } else { "I65" });
        new["tags"] = json!(if i % 5 == 0 { vec!["price_sensitive"] } else { vec![] });
        new["cumulative_amount"] = json!(format!("{}.50", i * 1000));
        create(&app, &admin, &new).await;
    }
    let mut seen = Vec::new();
    let mut query = "limit=7&sort=-created_at".to_owned();
    loop {
        let page = list(&app, &admin, &query).await;
        seen.extend(page.items.iter().map(|c| c.id.0));
        match page.next_cursor {
            Some(cursor) => query = format!("limit=7&sort=-created_at&cursor={cursor}"),
            None => break,
        }
    }
    let unique: BTreeSet<i64> = seen.iter().copied().collect();
    assert_eq!((seen.len(), unique.len()), (25, 25));
    assert!(seen.windows(2).all(|w| w[0] > w[1]));
    assert_eq!(list(&app, &admin, "industry=C&with_total=true").await.total, Some(13));
    assert_eq!(list(&app, &admin, "industry=C&tag=price_sensitive&with_total=true").await.total, Some(3));
    assert_eq!(list(&app, &admin, "amount_min=10000&amount_max=12000.50&with_total=true").await.total, Some(3));
    let by_amount = list(&app, &admin, "sort=-cumulative_amount&limit=2").await;
    assert_eq!(by_amount.items[0].cumulative_amount.unwrap().to_string(), "24000.50");
    let next =
        list(&app, &admin, &format!("sort=-cumulative_amount&limit=2&cursor={}", by_amount.next_cursor.unwrap())).await;
    assert_eq!(next.items[0].cumulative_amount.unwrap().to_string(), "22000.50");
    let by_name = list(&app, &admin, "sort=name&limit=1").await;
    assert_eq!(by_name.items[0].name, "测试客户00有限公司");
    assert_eq!(list(&app, &admin, "q=%E5%AE%A2%E6%88%B715&with_total=true").await.total, Some(1));
    assert_eq!(list(&app, &admin, "no_followup_days=7&with_total=true").await.total, Some(0));
    problem(app.get_with_token("/api/v1/customers?sort=password", &admin).await, StatusCode::BAD_REQUEST).await;
    problem(app.get_with_token("/api/v1/customers?cursor=garbage", &admin).await, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
}

#[tokio::test]
async fn two_hundred_parallel_creates_get_two_hundred_distinct_codes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let creates = (0..200).map(|i| {
        let body = body(&format!("并发客户{i:03}有限公司"), &format!("137{i:08}"));
        let app = &app;
        let admin = &admin;
        async move { create(app, admin, &body).await.code }
    });
    let codes: BTreeSet<String> = futures_util::future::join_all(creates).await.into_iter().collect();
    assert_eq!(codes.len(), 200);
}
