//! Dictionaries: seeded values, reading, adding, renaming, disabling.

use crm_types::dictionary::DictionaryItem;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{json_ok, problem, spawn_app};

#[tokio::test]
async fn the_seeded_dictionaries_are_there_for_every_signed_in_user() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let token = app.user_token(&admin, "zhangsan", "sales_rep", None).await;
    let industries: Vec<DictionaryItem> =
        json_ok(app.get_with_token("/api/v1/dictionaries/industry", &token).await).await;
    assert_eq!(industries.len(), 117);
    let software = industries.iter().find(|i| i.code == "I65").unwrap();
    assert_eq!((software.label_zh.as_str(), software.parent_code.as_deref()), ("软件和信息技术服务业", Some("I")));
    let stages: Vec<DictionaryItem> =
        json_ok(app.get_with_token("/api/v1/dictionaries/sales_stage", &token).await).await;
    let labels: Vec<&str> = stages.iter().map(|s| s.label_zh.as_str()).collect();
    assert_eq!(labels, ["初步接洽", "需求确认", "方案提交", "商务谈判", "成交", "续约沟通"]);
    problem(app.get("/api/v1/dictionaries/tag").await, StatusCode::UNAUTHORIZED).await;
    problem(app.get_with_token("/api/v1/dictionaries/nonsense", &token).await, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn an_administrator_adds_renames_and_disables_values_but_never_deletes_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"code": "vip", "label_zh": "重要客户", "label_en": "VIP"});
    let response = app.post_json_with_token("/api/v1/admin/dictionaries/tag", &body, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let vip: DictionaryItem = response.json().await.unwrap();
    problem(app.post_json_with_token("/api/v1/admin/dictionaries/tag", &body, &admin).await, StatusCode::CONFLICT)
        .await;

    let path = format!("/api/v1/admin/dictionaries/tag/{}", vip.id);
    let renamed: DictionaryItem = json_ok(
        app.send(Method::PATCH, &path, Some(&json!({"label_zh": "VIP 客户", "is_active": false})), &admin).await,
    )
    .await;
    assert_eq!((renamed.label_zh.as_str(), renamed.is_active), ("VIP 客户", false));
    let tags: Vec<DictionaryItem> = json_ok(app.get_with_token("/api/v1/dictionaries/tag", &admin).await).await;
    assert_eq!(tags.last().map(|t| t.code.as_str()), Some("vip"));
    problem(app.send(Method::DELETE, &path, None::<&()>, &admin).await, StatusCode::METHOD_NOT_ALLOWED).await;
}

#[tokio::test]
async fn fixed_dictionaries_take_new_labels_but_no_new_codes() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = json!({"code": "D", "label_zh": "D 级", "label_en": "D"});
    problem(app.post_json_with_token("/api/v1/admin/dictionaries/grade", &body, &admin).await, StatusCode::CONFLICT)
        .await;
    let grades: Vec<DictionaryItem> = json_ok(app.get_with_token("/api/v1/dictionaries/grade", &admin).await).await;
    let path = format!("/api/v1/admin/dictionaries/grade/{}", grades[0].id);
    let renamed: DictionaryItem =
        json_ok(app.send(Method::PATCH, &path, Some(&json!({"label_zh": "S 级战略客户"})), &admin).await).await;
    assert_eq!(renamed.label_zh, "S 级战略客户");
    let disable = app.send(Method::PATCH, &path, Some(&json!({"is_active": false})), &admin).await;
    problem(disable, StatusCode::UNPROCESSABLE_ENTITY).await;
}

/// Values are reordered by their position; the first active sales stage is where new customers start,
/// and the change applies to the very next customer.
#[tokio::test]
async fn reordered_and_disabled_values_change_where_new_customers_start() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let stages: Vec<DictionaryItem> =
        json_ok(app.get_with_token("/api/v1/dictionaries/sales_stage", &admin).await).await;
    let renewal = stages.iter().find(|s| s.code == "renewal").unwrap();
    let first = stages.first().unwrap();
    let path = |item: &DictionaryItem| format!("/api/v1/admin/dictionaries/sales_stage/{}", item.id);
    let moved =
        app.send(Method::PATCH, &path(renewal), Some(&json!({"sort_order": first.sort_order - 1})), &admin).await;
    assert_eq!(moved.status(), StatusCode::OK);
    let reordered: Vec<DictionaryItem> =
        json_ok(app.get_with_token("/api/v1/dictionaries/sales_stage", &admin).await).await;
    assert_eq!(reordered.first().map(|s| s.code.as_str()), Some("renewal"));

    let customer = |name: &str, phone: &str| json!({"name": name, "phone": phone, "industry": "I65", "contacts": [{"name": "张伟"}]});
    let body = customer("续约优先有限公司", "13800001111");
    let created: crm_types::customer::Customer =
        app.post_json_with_token("/api/v1/customers", &body, &admin).await.json().await.unwrap();
    assert_eq!(created.stage.as_deref(), Some("renewal"));

    let disabled = app.send(Method::PATCH, &path(renewal), Some(&json!({"is_active": false})), &admin).await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let body = customer("初步接洽有限公司", "13800002222");
    let created: crm_types::customer::Customer =
        app.post_json_with_token("/api/v1/customers", &body, &admin).await.json().await.unwrap();
    assert_eq!(created.stage.as_deref(), Some(first.code.as_str()));
}
