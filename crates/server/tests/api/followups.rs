//! Follow-ups: the record's rules, the stage change and to-dos it carries, the customer's last
//! follow-up, the manager's review, the data scope and the module switch.

use chrono::{Duration, Utc};
use crm_types::customer::{Customer, CustomerSummary, TimelineEntry};
use crm_types::followup::{Followup, ReviewStatus};
use crm_types::page::Page;
use crm_types::task::TaskStatus;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

async fn customer(app: &TestApp, token: &str, name: &str, phone: &str) -> Customer {
    let body =
        json!({"name": name, "phone": phone, "industry": "I65", "contacts": [{"name": "张伟"}, {"name": "李娜"}]});
    let response = app.post_json_with_token("/api/v1/customers", &body, token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

fn followup(customer: &Customer) -> Value {
    json!({
        "customer_id": customer.id,
        "occurred_at": Utc::now() - Duration::hours(1),
        "kind": "visit",
        "topic": "方案沟通",
        "summary": "拜访客户 IT 部,讲解了实施方案。",
    })
}

async fn write(app: &TestApp, token: &str, body: &Value) -> Followup {
    let response = app.post_json_with_token("/api/v1/followups", body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn correct(app: &TestApp, token: &str, followup: &Followup, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/v1/followups/{}", followup.id)))
        .bearer_auth(token)
        .header("If-Match", format!("\"{}\"", followup.version))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn review(app: &TestApp, token: &str, followup: &Followup, body: &Value) -> reqwest::Response {
    app.post_json_with_token(&format!("/api/v1/followups/{}/review", followup.id), body, token).await
}

#[tokio::test]
async fn a_follow_up_needs_a_topic_a_real_summary_and_a_time_that_has_passed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let other = customer(&app, &rep, "宁波海曙贸易有限公司", "13800138001").await;
    let mut body = followup(&mine);
    body["summary"] = json!(" \n\t ");
    body["topic"] = json!("");
    body["kind"] = json!("telepathy");
    body["occurred_at"] = json!(Utc::now() + Duration::hours(2));
    body["contact_ids"] = json!([other.contacts[0].id]);
    body["next_followup_at"] = json!(Utc::now() - Duration::days(1));
    body["todos"] = json!([{"name": "发报价", "planned_finish": "2020-01-01"}]);
    let problem =
        problem(app.post_json_with_token("/api/v1/followups", &body, &rep).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    let mut fields: Vec<(&str, &str)> = problem.errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            ("contact_ids", "unknown"),
            ("kind", "unknown_code"),
            ("next_followup_at", "not_in_future"),
            ("occurred_at", "in_future"),
            ("summary", "required"),
            ("todos[0].planned_finish", "in_past"),
            ("topic", "required"),
        ]
    );
    let written = write(&app, &rep, &followup(&mine)).await;
    assert_eq!(written.occurred_at.timestamp() % 60, 0, "kept to the minute");
    assert_eq!((written.review_status, written.author.name.as_str()), (ReviewStatus::Pending, "rep 同学"));
}

#[tokio::test]
async fn a_follow_up_moves_the_stage_with_itself_as_the_reason_and_turns_to_dos_into_tasks() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    assert_eq!(
        json_ok::<Page<CustomerSummary>>(app.get_with_token("/api/v1/customers?no_followup_days=1", &rep).await)
            .await
            .items
            .len(),
        0
    );
    let mut body = followup(&mine);
    body["stage_to"] = json!("needs_confirmed");
    body["contact_ids"] = json!([mine.contacts[1].id, mine.contacts[0].id]);
    body["next_followup_at"] = json!(Utc::now() + Duration::days(3));
    body["next_channels"] = json!(["email"]);
    let tomorrow = (Utc::now() + Duration::days(2)).date_naive();
    body["todos"] = json!([{"name": "发送报价单", "planned_finish": tomorrow}]);
    let written = write(&app, &rep, &body).await;
    assert_eq!(
        (written.stage_from.as_deref(), written.stage_to.as_deref()),
        (Some("initial_contact"), Some("needs_confirmed"))
    );
    assert_eq!(written.contacts.len(), 2);
    assert_eq!(
        written.next_channels,
        [crm_types::notification::Channel::InApp, crm_types::notification::Channel::Email]
    );
    assert_eq!(written.tasks.len(), 1);
    assert_eq!((written.tasks[0].name.as_str(), written.tasks[0].status), ("发送报价单", TaskStatus::Pending));

    let after: Customer = json_ok(app.get_with_token(&format!("/api/v1/customers/{}", mine.id), &rep).await).await;
    assert_eq!((after.stage.as_deref(), after.version), (Some("needs_confirmed"), mine.version + 1));
    assert_eq!(after.last_followup_at, Some(written.occurred_at));
    let timeline: Page<TimelineEntry> =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}/timeline", mine.id), &rep).await).await;
    let stage = timeline.items.iter().find(|e| e.kind == "stage_changed").unwrap();
    assert_eq!(stage.reason.as_deref(), Some(format!("跟进记录 #{}: 方案沟通", written.id).as_str()));
    assert!(timeline.items.iter().any(|e| e.kind == "followup_added" && e.detail.as_deref() == Some("方案沟通")));

    // The same stage again is refused; a stage change needs edit rights on the customer.
    let problem =
        problem(app.post_json_with_token("/api/v1/followups", &body, &rep).await, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
    assert_eq!(problem.errors[0].field, "stage_to");
    let page: Page<Followup> =
        json_ok(app.get_with_token(&format!("/api/v1/followups?customer_id={}", mine.id), &rep).await).await;
    assert_eq!(page.items.iter().map(|f| f.id).collect::<Vec<_>>(), [written.id]);
    let next_day = (written.next_followup_at.unwrap() + Duration::hours(8)).date_naive();
    let due: Page<Followup> =
        json_ok(app.get_with_token(&format!("/api/v1/followups?next_from={next_day}&next_to={next_day}"), &rep).await)
            .await;
    assert_eq!(due.items.len(), 1);
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let none: Page<Followup> =
        json_ok(app.get_with_token(&format!("/api/v1/followups?next_from={today}&next_to={today}"), &rep).await).await;
    assert!(none.items.is_empty());
}

#[tokio::test]
async fn a_manager_reviews_the_team_s_follow_ups_and_a_returned_one_goes_back_to_the_queue() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let rep = app.user_token(&admin, "rep", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let written = write(&app, &rep, &followup(&mine)).await;

    let queue: Page<Followup> = json_ok(app.get_with_token("/api/v1/followups?reviewable=true", &manager).await).await;
    assert_eq!(queue.items.iter().map(|f| f.id).collect::<Vec<_>>(), [written.id]);
    problem(app.get_with_token("/api/v1/followups?reviewable=true", &rep).await, StatusCode::FORBIDDEN).await;
    problem(review(&app, &rep, &written, &json!({"decision": "approve"})).await, StatusCode::FORBIDDEN).await;
    let missing = problem(
        review(&app, &manager, &written, &json!({"decision": "return"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(missing.errors[0].field, "comment");
    let returned: Followup =
        json_ok(review(&app, &manager, &written, &json!({"decision": "return", "comment": "请补充客户预算"})).await)
            .await;
    assert_eq!(
        (returned.review_status, returned.review_comment.as_deref()),
        (ReviewStatus::Returned, Some("请补充客户预算"))
    );
    assert_eq!(returned.reviewer.as_ref().map(|r| r.name.as_str()), Some("manager 同学"));
    problem(correct(&app, &manager, &returned, &json!({"summary": "改"})).await, StatusCode::FORBIDDEN).await;
    problem(correct(&app, &rep, &written, &json!({"summary": "旧版本"})).await, StatusCode::PRECONDITION_FAILED).await;
    let corrected: Followup =
        json_ok(correct(&app, &rep, &returned, &json!({"summary": "客户预算 50 万,明年一季度采购。"})).await).await;
    assert_eq!(corrected.review_status, ReviewStatus::Pending);
    let approved: Followup = json_ok(review(&app, &manager, &corrected, &json!({"decision": "approve"})).await).await;
    assert_eq!(approved.review_status, ReviewStatus::Approved);
    problem(review(&app, &manager, &approved, &json!({"decision": "approve"})).await, StatusCode::CONFLICT).await;
    problem(correct(&app, &rep, &approved, &json!({"summary": "再改"})).await, StatusCode::CONFLICT).await;
    let queue: Page<Followup> = json_ok(app.get_with_token("/api/v1/followups?reviewable=true", &manager).await).await;
    assert!(queue.items.is_empty());
}

#[tokio::test]
async fn follow_ups_are_seen_by_those_who_see_their_customer() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区", None).await;
    let north = app.create_department(&admin, "华北区", None).await;
    let alice = app.user_token(&admin, "alice", "sales_rep", Some(east)).await;
    let bob = app.user_token(&admin, "bob", "sales_rep", Some(east)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(east)).await;
    let other_manager = app.user_token(&admin, "north", "sales_manager", Some(north)).await;
    let service = app.user_token(&admin, "service", "service_agent", None).await;
    let analyst = app.user_token(&admin, "analyst", "analyst", None).await;
    let alices = customer(&app, &alice, "杭州云栖科技有限公司", "13800138000").await;
    let written = write(&app, &alice, &followup(&alices)).await;
    let path = format!("/api/v1/followups/{}", written.id);

    for (token, seen) in
        [(&alice, true), (&bob, false), (&manager, true), (&other_manager, false), (&service, false), (&analyst, true)]
    {
        let page: Page<Followup> = json_ok(app.get_with_token("/api/v1/followups", token).await).await;
        assert_eq!(page.items.len(), usize::from(seen));
        let status = app.get_with_token(&path, token).await.status();
        assert_eq!(status, if seen { StatusCode::OK } else { StatusCode::NOT_FOUND });
    }
    // Bob cannot write on a customer he does not see; once it is handed to him, he sees its history.
    problem(app.post_json_with_token("/api/v1/followups", &followup(&alices), &bob).await, StatusCode::NOT_FOUND).await;
    let users: Vec<crm_types::admin::Colleague> = json_ok(app.get_with_token("/api/v1/users", &admin).await).await;
    let bob_id = users.iter().find(|u| u.display_name == "bob 同学").unwrap().id;
    let handover = json!({"customer_ids": [alices.id], "to_user_id": bob_id, "reason": "区域调整"});
    assert_eq!(
        app.post_json_with_token("/api/v1/customers/handover", &handover, &manager).await.status(),
        StatusCode::CREATED
    );
    json_ok::<Followup>(app.get_with_token(&path, &bob).await).await;
    // Alice no longer sees the customer, but still reads and corrects what she wrote: the manager
    // returns it, she finds it among her own and her correction goes through.
    let customer_path = format!("/api/v1/customers/{}", alices.id);
    problem(app.get_with_token(&customer_path, &alice).await, StatusCode::NOT_FOUND).await;
    let returned = review(&app, &manager, &written, &json!({"decision": "return", "comment": "请补充预算"})).await;
    let returned: Followup = json_ok(returned).await;
    assert_eq!(returned.review_status, ReviewStatus::Returned);
    let own: Page<Followup> = json_ok(app.get_with_token("/api/v1/followups", &alice).await).await;
    assert_eq!(own.items.iter().map(|f| f.id).collect::<Vec<_>>(), [written.id]);
    let summary = json!({"summary": "电话沟通报价，客户预算约 20 万元，下周再确认。"});
    let corrected: Followup = json_ok(correct(&app, &alice, &returned, &summary).await).await;
    assert_eq!(corrected.review_status, ReviewStatus::Pending);
}

#[tokio::test]
async fn a_switched_off_module_answers_404_on_every_route_and_leaves_the_menu() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let written = write(&app, &rep, &followup(&mine)).await;
    let switch = |enabled: bool| json!({"enabled": enabled});
    app.send(Method::PUT, "/api/v1/admin/modules/followups", Some(&switch(false)), &admin).await;

    problem(app.get_with_token("/api/v1/followups", &rep).await, StatusCode::NOT_FOUND).await;
    problem(app.post_json_with_token("/api/v1/followups", &followup(&mine), &rep).await, StatusCode::NOT_FOUND).await;
    problem(app.get_with_token(&format!("/api/v1/followups/{}", written.id), &rep).await, StatusCode::NOT_FOUND).await;
    problem(review(&app, &admin, &written, &json!({"decision": "approve"})).await, StatusCode::NOT_FOUND).await;
    let me: crm_types::auth::Me = json_ok(app.get_with_token("/api/v1/me", &rep).await).await;
    assert!(!me.modules.contains(&crm_types::access::ModuleKey::Followups));

    app.send(Method::PUT, "/api/v1/admin/modules/followups", Some(&switch(true)), &admin).await;
    json_ok::<Page<Followup>>(app.get_with_token("/api/v1/followups", &rep).await).await;
}
