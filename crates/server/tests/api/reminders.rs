//! Reminders and notifications: the jobs that raise them run once across server instances, survive a
//! worker's death, retry failures, and deliver through outside channels with a delivery log.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveTime, Utc};
use crm_server::entities::scheduled_jobs;
use crm_server::jobs::{queue, runner};
use crm_types::customer::Customer;
use crm_types::followup::Followup;
use crm_types::notification::{Delivery, NotificationPage, UnreadCount};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, spawn_app};

/// Creates a customer with one contact as `token`'s user.
pub async fn customer(app: &TestApp, token: &str, name: &str, phone: &str) -> Customer {
    let body = json!({"name": name, "phone": phone, "industry": "I65", "contacts": [{"name": "张伟"}]});
    app.post_json_with_token("/api/v1/customers", &body, token).await.json().await.unwrap()
}

/// Writes a follow-up of `customer` whose next follow-up is at `next`, reminded through `channels`.
pub async fn followup(
    app: &TestApp,
    token: &str,
    customer: &Customer,
    next: DateTime<Utc>,
    channels: Value,
) -> Followup {
    let body = json!({
        "customer_id": customer.id, "occurred_at": Utc::now() - Duration::hours(1), "kind": "phone",
        "topic": "报价沟通", "summary": "电话沟通报价。", "next_followup_at": next, "next_channels": channels,
    });
    let response = app.post_json_with_token("/api/v1/followups", &body, token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn bell(app: &TestApp, token: &str) -> NotificationPage {
    json_ok(app.get_with_token("/api/v1/notifications", token).await).await
}

async fn jobs_of(app: &TestApp, kind: &str) -> Vec<scheduled_jobs::Model> {
    scheduled_jobs::Entity::find().filter(scheduled_jobs::Column::Kind.eq(kind)).all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_follow_up_reminder_reaches_the_bell_once_when_it_is_due() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let next = Utc::now() + Duration::hours(2);
    let written = followup(&app, &rep, &mine, next, json!([])).await;
    let worker = app.worker("a").await;

    runner::tick(&worker, Utc::now()).await.unwrap();
    assert!(bell(&app, &rep).await.items.iter().all(|n| n.kind != "followup_due"), "not before its time");
    runner::tick(&worker, next + Duration::minutes(1)).await.unwrap();
    runner::tick(&worker, next + Duration::minutes(2)).await.unwrap();
    let page = bell(&app, &rep).await;
    let due: Vec<_> = page.items.iter().filter(|n| n.kind == "followup_due").collect();
    assert_eq!(due.len(), 1, "exactly once");
    assert_eq!(due[0].title, "跟进提醒：杭州云栖科技有限公司");
    assert_eq!(due[0].link.as_deref(), Some(format!("/customers/{}", mine.id).as_str()));
    let count: UnreadCount = json_ok(app.get_with_token("/api/v1/notifications/unread-count", &rep).await).await;
    assert_eq!(count.unread, page.unread);
    let read = app.post_json_with_token(&format!("/api/v1/notifications/{}/read", due[0].id), &json!({}), &rep).await;
    assert_eq!(read.status(), StatusCode::NO_CONTENT);
    let unread: NotificationPage = json_ok(app.get_with_token("/api/v1/notifications?unread=true", &rep).await).await;
    assert!(unread.items.iter().all(|n| n.id != due[0].id));

    // Moving the next follow-up: the old reminder does nothing, the new one comes at the new time.
    let later = next + Duration::days(1);
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/followups/{}", written.id)))
        .bearer_auth(&rep)
        .header("If-Match", "\"1\"")
        .json(&json!({"next_followup_at": later}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    runner::tick(&worker, later + Duration::minutes(1)).await.unwrap();
    let due = bell(&app, &rep).await.items.into_iter().filter(|n| n.kind == "followup_due").count();
    assert_eq!(due, 2);
}

#[tokio::test]
async fn two_instances_deliver_each_reminder_exactly_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let base = Utc::now() + Duration::hours(1);
    for i in 0..30 {
        followup(&app, &rep, &mine, base + Duration::minutes(i), json!([])).await;
    }
    let (a, b) = (app.worker("instance-a").await, app.worker("instance-b").await);
    let at = base + Duration::hours(1);
    for _ in 0..3 {
        let (left, right) = tokio::join!(runner::tick(&a, at), runner::tick(&b, at));
        left.unwrap();
        right.unwrap();
    }
    let jobs = jobs_of(&app, "followup_due").await;
    assert_eq!(jobs.len(), 30);
    assert!(jobs.iter().all(|j| j.status == "done" && j.attempts == 1), "each job ran once: {jobs:?}");
    let workers: std::collections::BTreeSet<_> = jobs.iter().filter_map(|j| j.locked_by.clone()).collect();
    assert!(!workers.is_empty());
    let raised = crm_server::entities::notifications::Entity::find()
        .filter(crm_server::entities::notifications::Column::Kind.eq("followup_due"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(raised, 30);
}

#[tokio::test]
async fn a_job_whose_worker_died_is_taken_over_when_its_lease_runs_out_and_runs_once() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let next = Utc::now() + Duration::hours(1);
    followup(&app, &rep, &mine, next, json!([])).await;
    let at = next + Duration::minutes(1);
    // A worker claims the reminder and dies before finishing it.
    let dead = app.worker("dead").await;
    let claimed = queue::claim(&dead.db, &dead.worker, at, 100, dead.lease).await.unwrap();
    assert!(claimed.iter().any(|j| j.kind == "followup_due"));
    drop(dead);

    // After a restart the new worker leaves it alone while the lease holds, then takes it over.
    let fresh = app.worker("restarted").await;
    runner::tick(&fresh, at + Duration::minutes(1)).await.unwrap();
    assert!(bell(&app, &rep).await.items.iter().all(|n| n.kind != "followup_due"));
    runner::tick(&fresh, at + fresh.lease + Duration::minutes(1)).await.unwrap();
    runner::tick(&fresh, at + fresh.lease + Duration::minutes(2)).await.unwrap();
    assert_eq!(bell(&app, &rep).await.items.iter().filter(|n| n.kind == "followup_due").count(), 1);
    let job = jobs_of(&app, "followup_due").await.remove(0);
    assert_eq!((job.status.as_str(), job.attempts, job.locked_by.as_deref()), ("done", 2, Some("restarted")));

    // The dead worker cannot complete a job it no longer holds.
    assert!(!queue::complete(&app.db, &claimed[0], "dead", at).await.unwrap());
}

#[tokio::test]
async fn a_failing_job_is_retried_with_its_error_and_given_up_after_the_last_attempt() {
    let app = spawn_app().await;
    let now = Utc::now();
    queue::schedule(&app.db, "no_such_kind", "broken:1".into(), now, json!({}), now).await.unwrap();
    let worker = app.worker("w").await;
    let mut at = now;
    for attempt in 1..=queue::MAX_ATTEMPTS {
        runner::tick(&worker, at).await.unwrap();
        let job = jobs_of(&app, "no_such_kind").await.remove(0);
        assert_eq!(job.attempts, attempt);
        assert!(job.last_error.as_deref().unwrap().contains("unknown job kind"));
        at = job.run_at + Duration::seconds(1);
    }
    let job = jobs_of(&app, "no_such_kind").await.remove(0);
    assert_eq!(job.status, "failed");
}

/// A stand-in IM robot: answers `failures` times with a 500, then accepts, recording each body.
async fn im_robot(failures: usize) -> (String, Arc<Mutex<Vec<Value>>>) {
    use actix_web::{App, HttpResponse, HttpServer, web};
    let received = Arc::new(Mutex::new(Vec::new()));
    let seen = received.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let seen = seen.clone();
        App::new().route(
            "/robot",
            web::post().to(move |body: web::Json<Value>| {
                let seen = seen.clone();
                async move {
                    let mut all = seen.lock().unwrap();
                    all.push(body.into_inner());
                    if all.len() <= failures {
                        HttpResponse::InternalServerError().json(json!({"errcode": 500}))
                    } else {
                        HttpResponse::Ok().json(json!({"errcode": 0, "errmsg": "ok"}))
                    }
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/robot"), received)
}

#[tokio::test]
async fn im_and_e_mail_deliveries_are_retried_and_logged() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let (webhook, received) = im_robot(1).await;
    let prefs = json!({"channels": ["im"], "im_kind": "wecom", "im_webhook": webhook});
    let saved = app.send(Method::PUT, "/api/v1/notifications/preferences", Some(&prefs), &rep).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let no_email =
        app.send(Method::PUT, "/api/v1/notifications/preferences", Some(&json!({"channels": ["email"]})), &rep).await;
    assert_eq!(no_email.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let next = Utc::now() + Duration::hours(1);
    followup(&app, &rep, &mine, next, json!(["im", "email"])).await;
    let worker = app.worker("w").await;
    let at = next + Duration::minutes(1);
    runner::tick(&worker, at).await.unwrap();
    let log: Vec<Delivery> = json_ok(app.get_with_token("/api/v1/admin/notification-deliveries", &admin).await).await;
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|d| d.status == "pending" && d.attempts == 1 && d.last_error.is_some()), "{log:?}");
    runner::tick(&worker, at + Duration::minutes(2)).await.unwrap();
    let log: Vec<Delivery> = json_ok(app.get_with_token("/api/v1/admin/notification-deliveries", &admin).await).await;
    let im = log.iter().find(|d| d.channel == crm_types::notification::Channel::Im).unwrap();
    assert_eq!((im.status.as_str(), im.attempts), ("sent", 2));
    let email = log.iter().find(|d| d.channel == crm_types::notification::Channel::Email).unwrap();
    assert!(email.last_error.as_deref().unwrap().contains("no e-mail address"));
    let bodies = received.lock().unwrap().clone();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[1]["msgtype"], "text");
    assert!(bodies[1]["text"]["content"].as_str().unwrap().contains("跟进提醒"));
    problem_free_forbidden(&app, &rep).await;
}

async fn problem_free_forbidden(app: &TestApp, rep: &str) {
    let status = app.get_with_token("/api/v1/admin/notification-deliveries", rep).await.status();
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn demands_warn_before_their_deadline_tasks_remind_the_day_before_and_idle_customers_are_flagged() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let rep = app.user_token(&admin, "rep", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let worker = app.worker("w").await;

    let open: crm_types::demand::Demand = app
        .post_json_with_token(
            "/api/v1/demands",
            &json!({"customer_id": mine.id, "description": "接口对接", "priority": "high"}),
            &rep,
        )
        .await
        .json()
        .await
        .unwrap();
    let answered: crm_types::demand::Demand = app
        .post_json_with_token(
            "/api/v1/demands",
            &json!({"customer_id": mine.id, "description": "培训", "priority": "high"}),
            &rep,
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/demands/{}", answered.id);
    let response = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&rep)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "in_progress"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    runner::tick(&worker, open.warning_at + Duration::seconds(1)).await.unwrap();
    let kinds: Vec<String> = bell(&app, &rep).await.items.iter().map(|n| n.kind.clone()).collect();
    assert_eq!(kinds.iter().filter(|k| *k == "demand_sla_warning").count(), 1, "only the unanswered demand: {kinds:?}");
    runner::tick(&worker, open.due_at + Duration::seconds(1)).await.unwrap();
    let page = bell(&app, &rep).await;
    let breached: Vec<_> = page.items.iter().filter(|n| n.kind == "demand_sla_breached").collect();
    assert_eq!(breached.len(), 1);
    assert_eq!(breached[0].title, format!("需求已超期：{}", open.code));

    // A task is reminded of on the last working day before its planned finish.
    let finish = (Utc::now() + Duration::days(12)).date_naive();
    let task: crm_types::task::Task = app
        .post_json_with_token(
            &format!("/api/v1/demands/{}/tasks", open.id),
            &json!({"name": "接口联调", "planned_finish": finish}),
            &manager,
        )
        .await
        .json()
        .await
        .unwrap();
    let entries: Vec<_> = crm_domain::calendar::holidays::MAINLAND_CHINA_YEARS
        .iter()
        .flat_map(|y| crm_domain::calendar::holidays::mainland_china(*y).unwrap_or_default())
        .collect();
    let calendar = crm_domain::calendar::WorkCalendar::from_entries(entries).unwrap();
    let day = crm_domain::calendar::task_reminder_date(finish, &calendar);
    let ten = day.and_time(NaiveTime::from_hms_opt(10, 0, 0).unwrap()).and_utc() - Duration::hours(8);
    runner::tick(&worker, ten).await.unwrap();
    let reminded: Vec<_> = bell(&app, &rep).await.items.into_iter().filter(|n| n.kind == "task_due").collect();
    assert_eq!(reminded.len(), 1, "the task's owner is the demand's owner, the rep");
    assert!(reminded[0].body.contains("接口联调"), "{}", reminded[0].body);
    assert_eq!(task.owner_name, "rep 同学");

    // Sixty-one days without a follow-up for a grade C customer.
    let later = Utc::now() + Duration::days(61);
    let nine_thirty = china_day_at(later, 9, 30);
    runner::tick(&worker, nine_thirty).await.unwrap();
    let idle: Vec<_> = bell(&app, &rep).await.items.into_iter().filter(|n| n.kind == "customers_idle").collect();
    assert_eq!(idle.len(), 1);
    assert_eq!(idle[0].title, "1 位客户超过 60 天未跟进");
    assert!(bell(&app, &rep).await.items.iter().any(|n| n.kind == "monthly_verification"));
}

/// `hour:minute` in China on the China day of `at`.
fn china_day_at(at: DateTime<Utc>, hour: u32, minute: u32) -> DateTime<Utc> {
    let day = (at + Duration::hours(8)).date_naive();
    day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap()).and_utc() - Duration::hours(8)
}

#[tokio::test]
async fn reviews_and_handovers_notify_the_people_concerned() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let team = app.create_department(&admin, "华东区", None).await;
    let rep = app.user_token(&admin, "rep", "sales_rep", Some(team)).await;
    let other = app.user_token(&admin, "other", "sales_rep", Some(team)).await;
    let manager = app.user_token(&admin, "manager", "sales_manager", Some(team)).await;
    let mine = customer(&app, &rep, "杭州云栖科技有限公司", "13800138000").await;
    let written = followup(&app, &rep, &mine, Utc::now() + Duration::days(1), json!([])).await;
    let body = json!({"decision": "return", "comment": "请补充预算"});
    app.post_json_with_token(&format!("/api/v1/followups/{}/review", written.id), &body, &manager).await;
    let reviewed: Vec<_> = bell(&app, &rep).await.items.into_iter().filter(|n| n.kind == "followup_reviewed").collect();
    assert_eq!((reviewed.len(), reviewed[0].body.as_str()), (1, "审核意见：请补充预算"));

    let users: Vec<crm_types::admin::Colleague> = json_ok(app.get_with_token("/api/v1/users", &admin).await).await;
    let other_id = users.iter().find(|u| u.display_name == "other 同学").unwrap().id;
    let handover = json!({"customer_ids": [mine.id], "to_user_id": other_id, "reason": "离职交接"});
    assert_eq!(
        app.post_json_with_token("/api/v1/customers/handover", &handover, &manager).await.status(),
        StatusCode::CREATED
    );
    // Each side reads which customer moved; the new owner's notice opens it.
    let received = bell(&app, &other).await.items.into_iter().find(|n| n.kind == "handover").unwrap();
    assert_eq!(received.title, "您接收了客户「杭州云栖科技有限公司」");
    assert_eq!(received.link.as_deref(), Some(format!("/customers/{}", mine.id).as_str()));
    let given = bell(&app, &rep).await.items.into_iter().find(|n| n.kind == "handover").unwrap();
    assert_eq!(given.title, "您的客户「杭州云栖科技有限公司」已移交给 other 同学");
    assert_eq!(given.body, "交接原因：离职交接");
}
