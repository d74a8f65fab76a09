//! Demands and tasks: codes, response deadlines over the working-day calendar, the status flow that
//! ends with the customer's confirmation, task plans with approval and delays with reasons, the data
//! scope, and the calendar administrators keep.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use crm_domain::calendar::{self, WorkCalendar, holidays};
use crm_types::FieldErrorCode;
use crm_types::calendar::CalendarDay;
use crm_types::customer::Customer;
use crm_types::demand::{Demand, DemandStatus, DemandSummary, Priority, SlaState};
use crm_types::page::Page;
use crm_types::task::{Task, TaskHistoryEntry, TaskStatus};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn customer(app: &TestApp, token: &str, name: &str, phone: &str) -> Customer {
    let body = json!({"name": name, "phone": phone, "industry": "I65", "contacts": [{"name": "张伟"}]});
    let response = app.post_json_with_token("/api/v1/customers", &body, token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn raise(app: &TestApp, token: &str, body: &Value) -> Demand {
    let response = app.post_json_with_token("/api/v1/demands", body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn patch(app: &TestApp, token: &str, path: &str, version: i32, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("If-Match", format!("\"{version}\""))
        .json(body)
        .send()
        .await
        .unwrap()
}

fn official_calendar() -> WorkCalendar {
    let entries: Vec<_> =
        holidays::MAINLAND_CHINA_YEARS.iter().flat_map(|y| holidays::mainland_china(*y).unwrap_or_default()).collect();
    WorkCalendar::from_entries(entries).unwrap()
}

#[tokio::test]
async fn a_demand_gets_a_yearly_code_and_a_deadline_from_its_priority_over_the_holiday_calendar() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let first =
        raise(&app, &rep, &json!({"customer_id": mine.id, "description": "需要对接 ERP 订单接口", "priority": "high"}))
            .await;
    let second = raise(&app, &rep, &json!({"customer_id": mine.id, "description": "培训三名管理员"})).await;
    let year = (Utc::now() + Duration::hours(8)).year();
    assert_eq!((first.code.clone(), second.code.clone()), (format!("DE{year}0001"), format!("DE{year}0002")));
    assert_eq!((first.status, first.priority, second.priority), (DemandStatus::Open, Priority::High, Priority::Medium));
    assert_eq!((first.owner.name.as_str(), first.sla_state, first.overdue), ("rep 同学", SlaState::OnTrack, false));

    let local = |t: chrono::DateTime<Utc>| (t + Duration::hours(8)).naive_utc();
    let official = official_calendar();
    let expect = calendar::due_at(local(first.created_at), calendar::Priority::High, &official);
    assert_eq!(local(first.due_at), expect);
    let expect = calendar::due_at(local(second.created_at), calendar::Priority::Medium, &official);
    assert_eq!(local(second.due_at), expect);
    assert!(first.warning_at > first.created_at && first.warning_at < first.due_at);

    // A new priority recomputes the deadline from the creation time.
    let path = format!("/api/v1/demands/{}", second.id);
    let low: Demand = json_ok(patch(&app, &rep, &path, second.version, &json!({"priority": "low"})).await).await;
    assert_eq!(local(low.due_at), calendar::due_at(local(second.created_at), calendar::Priority::Low, &official));

    let blank = problem(
        app.post_json_with_token("/api/v1/demands", &json!({"customer_id": mine.id, "description": "  "}), &rep).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(blank.errors[0].field, "description");
    let page: Page<Demand> =
        json_ok(app.get_with_token(&format!("/api/v1/demands?customer_id={}", mine.id), &rep).await).await;
    assert_eq!(
        page.items.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        [second.code.as_str(), first.code.as_str()]
    );
}

#[tokio::test]
async fn a_demand_moves_step_by_step_and_closes_only_with_the_customer_s_confirmation() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let demand = raise(&app, &rep, &json!({"customer_id": mine.id, "description": "需要对接 ERP 订单接口"})).await;
    let path = format!("/api/v1/demands/{}", demand.id);

    let skip =
        problem(patch(&app, &rep, &path, 1, &json!({"status": "done"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!((skip.errors[0].field.as_str(), skip.errors[0].code.as_str()), ("status", "not_allowed"));
    let started: Demand = json_ok(patch(&app, &rep, &path, 1, &json!({"status": "in_progress"})).await).await;
    assert!(started.responded_at.is_some());
    assert_eq!(started.sla_state, SlaState::OnTrack);
    let waiting: Demand = json_ok(patch(&app, &rep, &path, 2, &json!({"status": "awaiting_confirmation"})).await).await;
    let unconfirmed =
        problem(patch(&app, &rep, &path, 3, &json!({"status": "done"})).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(unconfirmed.errors[0].code, FieldErrorCode::ConfirmationRequired);

    let query = format!("owner_type=demand&owner_id={}&purpose=confirmation", demand.id);
    let uploaded = app.upload(&query, "客户确认函.pdf", "application/pdf", PDF.to_vec(), &rep).await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let confirmation: crm_types::attachment::Attachment = uploaded.json().await.unwrap();
    let done: Demand = json_ok(patch(&app, &rep, &path, waiting.version, &json!({"status": "done"})).await).await;
    assert_eq!((done.status, done.closed_at.is_some()), (DemandStatus::Done, true));
    problem(patch(&app, &rep, &path, done.version, &json!({"description": "改"})).await, StatusCode::CONFLICT).await;
    let removal =
        app.send(Method::DELETE, &format!("/api/v1/attachments/{}", confirmation.id), None::<&()>, &rep).await;
    assert_eq!(removal.status(), StatusCode::CONFLICT);

    let timeline: crm_types::page::Page<crm_types::customer::TimelineEntry> =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}/timeline", mine.id), &rep).await).await;
    let kinds: Vec<&str> = timeline.items.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "demand_status_changed").count(), 3);
    assert!(kinds.contains(&"demand_created"));
}

#[tokio::test]
async fn a_task_plan_waits_for_approval_and_a_delay_needs_a_reason_kept_in_the_history() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let rep = app.user_token(&admin, "rep", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let demand = raise(&app, &rep, &json!({"customer_id": mine.id, "description": "需要对接 ERP 订单接口"})).await;
    let finish = (Utc::now() + Duration::days(10)).date_naive();
    let response = app
        .post_json_with_token(
            &format!("/api/v1/demands/{}/tasks", demand.id),
            &json!({"name": "接口联调", "planned_finish": finish}),
            &rep,
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let task: Task = response.json().await.unwrap();
    assert_eq!((task.status, task.plan_approved, task.demand_id), (TaskStatus::Pending, false, Some(demand.id)));
    let planned: Demand = json_ok(app.get_with_token(&format!("/api/v1/demands/{}", demand.id), &rep).await).await;
    let summary = &planned.tasks[0];
    assert_eq!((summary.id, summary.plan_approved, summary.version), (task.id, false, task.version));
    let path = format!("/api/v1/tasks/{}", task.id);
    problem(patch(&app, &rep, &path, 1, &json!({"status": "in_progress"})).await, StatusCode::CONFLICT).await;
    problem(
        app.post_json_with_token(&format!("/api/v1/demands/{}/tasks/approve", demand.id), &json!({}), &rep).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let approved: Demand = json_ok(
        app.post_json_with_token(&format!("/api/v1/demands/{}/tasks/approve", demand.id), &json!({}), &manager).await,
    )
    .await;
    assert_eq!(approved.tasks.len(), 1);
    assert_eq!((approved.tasks[0].plan_approved, approved.tasks[0].version), (true, 2), "approving is a change");

    let started: Task = json_ok(patch(&app, &rep, &path, 2, &json!({"status": "in_progress"})).await).await;
    let missing = problem(
        patch(&app, &rep, &path, started.version, &json!({"status": "delayed"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!((missing.errors[0].field.as_str(), missing.errors[0].code.as_str()), ("reason", "required"));
    let later = finish + Duration::days(7);
    let body = json!({"status": "delayed", "planned_finish": later, "reason": "客户测试环境未就绪"});
    let delayed: Task = json_ok(patch(&app, &rep, &path, started.version, &body).await).await;
    assert_eq!(
        (delayed.status, delayed.planned_finish, delayed.delay_reason.as_deref()),
        (TaskStatus::Delayed, later, Some("客户测试环境未就绪"))
    );
    let history: Vec<TaskHistoryEntry> = json_ok(app.get_with_token(&format!("{path}/history"), &rep).await).await;
    let fields: Vec<(&str, Option<&str>, Option<&str>)> =
        history.iter().map(|h| (h.field.as_str(), h.to.as_deref(), h.reason.as_deref())).collect();
    assert_eq!(fields[0].0, "created");
    assert!(fields.contains(&("plan_approved", Some("approved"), None)));
    assert!(fields.contains(&("status", Some("delayed"), Some("客户测试环境未就绪"))));
    assert!(fields.iter().any(|f| f.0 == "planned_finish" && f.2 == Some("客户测试环境未就绪")));
    let done: Task = json_ok(patch(&app, &rep, &path, delayed.version, &json!({"status": "done"})).await).await;
    assert!(done.completed_at.is_some() && !done.overdue);
}

#[tokio::test]
async fn demands_follow_their_customer_s_scope_and_a_task_s_owner_always_sees_it() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let alice = app.user_token(&admin, "alice", "sales_rep", Some(team)).await;
    let bob = app.user_token(&admin, "bob", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let alices = customer(&app, &alice, "杭州云栖科技有限公司", "13800138000").await;
    let demand = raise(&app, &alice, &json!({"customer_id": alices.id, "description": "需要对接 ERP 订单接口"})).await;
    let path = format!("/api/v1/demands/{}", demand.id);
    problem(app.get_with_token(&path, &bob).await, StatusCode::NOT_FOUND).await;
    assert!(json_ok::<Page<Demand>>(app.get_with_token("/api/v1/demands", &bob).await).await.items.is_empty());
    json_ok::<Demand>(app.get_with_token(&path, &manager).await).await;
    problem(
        app.post_json_with_token("/api/v1/demands", &json!({"customer_id": alices.id, "description": "x"}), &bob).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    let users: Vec<crm_types::admin::Colleague> = json_ok(app.get_with_token("/api/v1/users", &admin).await).await;
    let bob_id = users.iter().find(|u| u.display_name == "bob 同学").unwrap().id;
    let finish = (Utc::now() + Duration::days(3)).date_naive();
    let body = json!({"name": "现场调研", "owner_id": bob_id, "planned_finish": finish});
    let task: Task = app.post_json_with_token(&format!("{path}/tasks"), &body, &manager).await.json().await.unwrap();
    assert!(task.plan_approved, "a plan made by an approver is approved");
    let bobs: Page<Task> = json_ok(app.get_with_token(&format!("/api/v1/tasks?owner_id={bob_id}"), &bob).await).await;
    assert_eq!(bobs.items.iter().map(|t| t.id).collect::<Vec<_>>(), [task.id]);
    let done: Task =
        json_ok(patch(&app, &bob, &format!("/api/v1/tasks/{}", task.id), 1, &json!({"status": "done"})).await).await;
    assert_eq!(done.status, TaskStatus::Done);
    problem(app.get_with_token(&path, &bob).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn administrators_keep_the_holiday_calendar() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let days: Vec<CalendarDay> = json_ok(app.get_with_token("/api/v1/admin/calendar?year=2026", &admin).await).await;
    let spring = NaiveDate::from_ymd_opt(2026, 2, 16).unwrap();
    assert!(days.iter().any(|d| d.day == spring && d.name == "春节"));
    assert!(days.iter().any(|d| d.day == NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()
        && d.kind == crm_types::calendar::CalendarDayKind::Workday));
    problem(app.get_with_token("/api/v1/admin/calendar?year=2026", &rep).await, StatusCode::FORBIDDEN).await;

    let weekday = app
        .send(
            Method::PUT,
            "/api/v1/admin/calendar/2026-03-04",
            Some(&json!({"kind": "workday", "name": "补班"})),
            &admin,
        )
        .await;
    assert_eq!(
        problem(weekday, StatusCode::UNPROCESSABLE_ENTITY).await.errors[0].code,
        FieldErrorCode::MakeUpNotWeekend
    );
    let saved: CalendarDay = json_ok(
        app.send(
            Method::PUT,
            "/api/v1/admin/calendar/2026-03-04",
            Some(&json!({"kind": "holiday", "name": "公司年会"})),
            &admin,
        )
        .await,
    )
    .await;
    assert_eq!(saved.name, "公司年会");
    let removed = app.send(Method::DELETE, "/api/v1/admin/calendar/2026-03-04", None::<&()>, &admin).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    problem(
        app.send(Method::DELETE, "/api/v1/admin/calendar/2026-03-04", None::<&()>, &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

/// The board's totals, as `(open, in progress, awaiting confirmation, done, overdue, total)`.
async fn board(app: &TestApp, token: &str, query: &str) -> (u64, u64, u64, u64, u64, u64) {
    let summary: DemandSummary =
        json_ok(app.get_with_token(&format!("/api/v1/demands/summary{query}"), token).await).await;
    let statuses: Vec<DemandStatus> = summary.by_status.iter().map(|c| c.status).collect();
    assert_eq!(statuses, DemandStatus::ALL, "every status, in workflow order");
    let count = |i: usize| summary.by_status[i].count;
    (count(0), count(1), count(2), count(3), summary.overdue, summary.total)
}

#[tokio::test]
async fn the_board_counts_demands_per_status_within_the_scope_and_the_list_s_filters() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let alice = app.user_token(&admin, "alice", "sales_rep", Some(team)).await;
    let bob = app.user_token(&admin, "bob", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let alices = customer(&app, &alice, "杭州云栖科技有限公司", "13800138000").await;
    let bobs = customer(&app, &bob, "宁波海港物流有限公司", "13800138001").await;
    let urgent =
        raise(&app, &alice, &json!({"customer_id": alices.id, "description": "接口报错", "priority": "high"})).await;
    let started = raise(&app, &alice, &json!({"customer_id": alices.id, "description": "培训"})).await;
    raise(&app, &alice, &json!({"customer_id": alices.id, "description": "报表", "priority": "low"})).await;
    raise(&app, &bob, &json!({"customer_id": bobs.id, "description": "对账"})).await;
    let path = format!("/api/v1/demands/{}", started.id);
    json_ok::<Demand>(patch(&app, &alice, &path, started.version, &json!({"status": "in_progress"})).await).await;
    // The urgent one runs past its deadline unanswered.
    use crm_server::entities::demands as rows;
    rows::Entity::update_many()
        .col_expr(rows::Column::DueAt, Expr::value(Utc::now() - Duration::hours(1)))
        .filter(rows::Column::Id.eq(urgent.id.0))
        .exec(&app.db)
        .await
        .unwrap();

    assert_eq!(board(&app, &alice, "").await, (2, 1, 0, 0, 1, 3), "alice sees her customer's demands");
    assert_eq!(board(&app, &bob, "").await, (1, 0, 0, 0, 0, 1));
    assert_eq!(board(&app, &manager, "").await, (3, 1, 0, 0, 1, 4), "the manager sees the team's");
    assert_eq!(board(&app, &manager, "?priority=high").await, (1, 0, 0, 0, 1, 1));
    assert_eq!(board(&app, &manager, &format!("?customer_id={}", bobs.id)).await, (1, 0, 0, 0, 0, 1));
    assert_eq!(board(&app, &manager, "?overdue=true").await, (1, 0, 0, 0, 1, 1));
    let open: Page<Demand> = json_ok(app.get_with_token("/api/v1/demands?status=open", &manager).await).await;
    assert_eq!(open.items.len(), 3, "the list agrees with the board");

    problem(app.get_with_token("/api/v1/demands/summary?status=open", &manager).await, StatusCode::BAD_REQUEST).await;
    problem(app.get_with_token("/api/v1/demands/summary?priority=urgent", &manager).await, StatusCode::BAD_REQUEST)
        .await;
    app.send(Method::PUT, "/api/v1/admin/modules/demands", Some(&json!({"enabled": false})), &admin).await;
    problem(app.get_with_token("/api/v1/demands/summary", &manager).await, StatusCode::NOT_FOUND).await;
}
