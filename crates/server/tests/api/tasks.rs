//! `/api/v1/tasks` across the module switches: it answers while follow-ups or demands are on, and
//! shows the tasks of the modules that are on — a follow-up's to-dos without the demands module, a
//! demand's plan only with it.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use crm_types::customer::Customer;
use crm_types::demand::Demand;
use crm_types::followup::Followup;
use crm_types::page::Page;
use crm_types::task::{Task, TaskStatus};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

async fn created<T: serde::de::DeserializeOwned>(app: &TestApp, token: &str, path: &str, body: &Value) -> T {
    let response = app.post_json_with_token(path, body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn listed(app: &TestApp, token: &str) -> BTreeSet<String> {
    let page: Page<Task> = json_ok(app.get_with_token("/api/v1/tasks", token).await).await;
    page.items.into_iter().map(|t| t.name).collect()
}

async fn switch(app: &TestApp, admin: &str, module: &str, enabled: bool) {
    let body = json!({"enabled": enabled});
    let response = app.send(Method::PUT, &format!("/api/v1/admin/modules/{module}"), Some(&body), admin).await;
    assert_eq!(response.status(), StatusCode::OK);
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|n| (*n).to_owned()).collect()
}

#[tokio::test]
async fn follow_up_to_dos_stay_reachable_without_demands_and_a_demand_s_plan_needs_its_module() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let body = json!({"name": "杭州云栖科技有限公司", "phone": "13800138000", "industry": "I65", "contacts": [{"name": "张伟"}]});
    let mine: Customer = created(&app, &rep, "/api/v1/customers", &body).await;
    let demand: Demand =
        created(&app, &rep, "/api/v1/demands", &json!({"customer_id": mine.id, "description": "对接 ERP"})).await;
    let finish = (Utc::now() + Duration::days(5)).date_naive();
    let plan: Task = created(
        &app,
        &rep,
        &format!("/api/v1/demands/{}/tasks", demand.id),
        &json!({"name": "方案评审", "planned_finish": finish}),
    )
    .await;
    let followup = |todo: &str, demand_id: Option<crm_types::DemandId>| {
        json!({
            "customer_id": mine.id, "occurred_at": Utc::now() - Duration::hours(1), "kind": "phone",
            "topic": "报价沟通", "summary": "电话沟通报价。", "demand_id": demand_id,
            "todos": [{"name": todo, "planned_finish": finish}],
        })
    };
    let plain: Followup = created(&app, &rep, "/api/v1/followups", &followup("发送报价单", None)).await;
    let about: Followup = created(&app, &rep, "/api/v1/followups", &followup("确认接口文档", Some(demand.id))).await;
    let (todo, linked) = (plain.tasks[0].id, about.tasks[0].id);
    assert_eq!(listed(&app, &rep).await, names(&["方案评审", "发送报价单", "确认接口文档"]));

    // Demands off: the follow-ups' to-dos remain, to read, update and trace; the plan is gone.
    switch(&app, &admin, "demands", false).await;
    assert_eq!(listed(&app, &rep).await, names(&["发送报价单", "确认接口文档"]));
    let path = format!("/api/v1/tasks/{todo}");
    let task: Task = json_ok(app.get_with_token(&path, &rep).await).await;
    let body = json!({"status": "in_progress"});
    let request =
        app.client.patch(app.url(&path)).bearer_auth(&rep).header("If-Match", format!("\"{}\"", task.version));
    let started: Task = json_ok(request.json(&body).send().await.unwrap()).await;
    assert_eq!(started.status, TaskStatus::InProgress);
    json_ok::<Vec<crm_types::task::TaskHistoryEntry>>(app.get_with_token(&format!("{path}/history"), &rep).await).await;
    json_ok::<Task>(app.get_with_token(&format!("/api/v1/tasks/{linked}"), &rep).await).await;
    let hidden = format!("/api/v1/tasks/{}", plan.id);
    problem(app.get_with_token(&hidden, &rep).await, StatusCode::NOT_FOUND).await;
    problem(app.get_with_token(&format!("{hidden}/history"), &rep).await, StatusCode::NOT_FOUND).await;
    let rename = app.client.patch(app.url(&hidden)).bearer_auth(&rep).header("If-Match", "\"1\"");
    problem(rename.json(&json!({"name": "改名"})).send().await.unwrap(), StatusCode::NOT_FOUND).await;
    let of_demand: Page<Task> =
        json_ok(app.get_with_token(&format!("/api/v1/tasks?demand_id={}", demand.id), &rep).await).await;
    assert_eq!(of_demand.items.iter().map(|t| t.id).collect::<Vec<_>>(), [linked]);

    // Both off: the routes are gone.
    switch(&app, &admin, "followups", false).await;
    problem(app.get_with_token("/api/v1/tasks", &rep).await, StatusCode::NOT_FOUND).await;
    problem(app.get_with_token(&path, &rep).await, StatusCode::NOT_FOUND).await;

    // Demands on, follow-ups off: the plan and the to-do about the demand, not the plain to-do.
    switch(&app, &admin, "demands", true).await;
    assert_eq!(listed(&app, &rep).await, names(&["方案评审", "确认接口文档"]));
    problem(app.get_with_token(&path, &rep).await, StatusCode::NOT_FOUND).await;
}
