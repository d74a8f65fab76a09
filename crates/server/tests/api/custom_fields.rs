//! Custom fields: administrators define them, customers carry validated values, the list filters on
//! them.

use std::collections::BTreeSet;

use crm_types::custom_field::{CustomField, CustomFieldType};
use crm_types::customer::{CustomValue, Customer, CustomerSummary};
use crm_types::page::Page;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, problem, spawn_app};

/// Defines a custom field as the administrator; 201 expected.
pub async fn define(app: &TestApp, admin: &str, body: Value) -> CustomField {
    let response = app.post_json_with_token("/api/v1/admin/custom-fields", &body, admin).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// A budget year (number), a VIP flag (boolean), a region (text, required with a default), a channel
/// list (multi-select), a contract date and a discount rate.
async fn define_all(app: &TestApp, admin: &str) -> Vec<CustomField> {
    let option = |code: &str, zh: &str| json!({"code": code, "label_zh": zh, "label_en": code});
    vec![
        define(app, admin, json!({"key": "budget_year", "label_zh": "预算年度", "label_en": "Budget year", "field_type": "number"}))
            .await,
        define(app, admin, json!({"key": "vip", "label_zh": "VIP", "label_en": "VIP", "field_type": "boolean"})).await,
        define(
            app,
            admin,
            json!({"key": "region", "label_zh": "大区", "label_en": "Region", "field_type": "text", "required": true, "default_value": "华东"}),
        )
        .await,
        define(
            app,
            admin,
            json!({"key": "channels", "label_zh": "渠道", "label_en": "Channels", "field_type": "multi_select",
                   "options": [option("web", "官网"), option("expo", "展会"), option("referral", "转介绍")]}),
        )
        .await,
        define(app, admin, json!({"key": "signed_on", "label_zh": "签约日", "label_en": "Signed on", "field_type": "date"}))
            .await,
        define(app, admin, json!({"key": "discount", "label_zh": "折扣", "label_en": "Discount", "field_type": "decimal"}))
            .await,
    ]
}

fn customer(name: &str, phone: &str, custom: Value) -> Value {
    json!({"name": name, "phone": phone, "industry": "I65", "contacts": [{"name": "张伟"}], "custom_fields": custom})
}

async fn create(app: &TestApp, token: &str, body: &Value) -> Customer {
    let response = app.post_json_with_token("/api/v1/customers", body, token).await;
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn fields_of(response: reqwest::Response) -> BTreeSet<(String, String)> {
    let found = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    found.errors.into_iter().map(|e| (e.field, e.code.as_str().to_owned())).collect()
}

fn pairs(list: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    list.iter().map(|(f, c)| ((*f).to_owned(), (*c).to_owned())).collect()
}

#[tokio::test]
async fn an_administrator_defines_fields_that_every_user_reads() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let defined = define_all(&app, &admin).await;
    let listed: Vec<CustomField> = json_ok(app.get_with_token("/api/v1/custom-fields", &rep).await).await;
    assert_eq!(listed, defined);
    let region = &listed[2];
    assert_eq!(region.field_type, CustomFieldType::Text);
    assert!(region.required);
    assert_eq!(region.default_value, Some(CustomValue::Text("华东".into())));
    assert_eq!(listed[3].options.len(), 3);
    let admin_listed: Vec<CustomField> = json_ok(app.get_with_token("/api/v1/admin/custom-fields", &admin).await).await;
    assert_eq!(admin_listed, defined);

    let again = json!({"key": "vip", "label_zh": "重复", "label_en": "Again", "field_type": "boolean"});
    problem(app.post_json_with_token("/api/v1/admin/custom-fields", &again, &admin).await, StatusCode::CONFLICT).await;
    let bad = json!({"key": "Bad Key", "label_zh": " ", "label_en": "x", "field_type": "single_select",
                     "options": [], "default_value": 3});
    let response = app.post_json_with_token("/api/v1/admin/custom-fields", &bad, &admin).await;
    assert_eq!(
        fields_of(response).await,
        pairs(&[
            ("key", "invalid_format"),
            ("label_zh", "required"),
            ("options", "required"),
            ("default_value", "wrong_type")
        ])
    );
    let options_on_text = json!({"key": "note", "label_zh": "备注", "label_en": "Note", "field_type": "text",
                                 "options": [{"code": "a", "label_zh": "A", "label_en": "A"}]});
    let response = app.post_json_with_token("/api/v1/admin/custom-fields", &options_on_text, &admin).await;
    assert_eq!(fields_of(response).await, pairs(&[("options", "not_applicable")]));

    for (method, path) in [
        (Method::GET, "/api/v1/admin/custom-fields".to_owned()),
        (Method::POST, "/api/v1/admin/custom-fields".to_owned()),
        (Method::PATCH, format!("/api/v1/admin/custom-fields/{}", region.id)),
    ] {
        let body = json!({"key": "rep_field", "label_zh": "x", "label_en": "x", "field_type": "text"});
        let body = if method == Method::PATCH { json!({"label_zh": "x"}) } else { body };
        let response = app.send(method, &path, Some(&body), &rep).await;
        problem(response, StatusCode::FORBIDDEN).await;
    }
    problem(app.get("/api/v1/custom-fields").await, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn customers_carry_validated_values_and_new_ones_get_defaults() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    define_all(&app, &admin).await;

    let good = customer(
        "杭州云栖科技有限公司",
        "13800138000",
        json!({"budget_year": 2025, "vip": true, "channels": ["web", "expo", "web"], "signed_on": "2024-05-01",
               "discount": "12.50"}),
    );
    let created = create(&app, &rep, &good).await;
    let values = &created.custom_fields;
    assert_eq!(values["budget_year"], CustomValue::Integer(2025));
    assert_eq!(values["vip"], CustomValue::Bool(true));
    assert_eq!(values["region"], CustomValue::Text("华东".into()), "the default fills a missing required field");
    assert_eq!(values["channels"], CustomValue::List(vec!["web".into(), "expo".into()]));
    assert_eq!(values["signed_on"], CustomValue::Text("2024-05-01".into()));
    assert_eq!(values["discount"], CustomValue::Text("12.50".into()));

    let bad = customer(
        "宁波港湾物流有限公司",
        "13700137000",
        json!({"budget_year": "2025", "vip": 1, "channels": ["tv"], "signed_on": "2023-02-29", "discount": "1.23456",
               "region": "x".repeat(201), "nonsense": "?"}),
    );
    let response = app.post_json_with_token("/api/v1/customers", &bad, &rep).await;
    assert_eq!(
        fields_of(response).await,
        pairs(&[
            ("custom_fields.budget_year", "wrong_type"),
            ("custom_fields.vip", "wrong_type"),
            ("custom_fields.channels", "unknown_option"),
            ("custom_fields.signed_on", "invalid_date"),
            ("custom_fields.discount", "too_precise"),
            ("custom_fields.region", "too_long"),
            ("custom_fields.nonsense", "unknown_field"),
        ])
    );

    // Updates: a required value cannot be cleared; a changed value is checked like a new one.
    let path = format!("/api/v1/customers/{}", created.id);
    let send = |body: Value, version: i32| {
        app.client
            .patch(app.url(&path))
            .bearer_auth(&rep)
            .header("If-Match", format!("\"{version}\""))
            .json(&body)
            .send()
    };
    let response = send(json!({"custom_fields": {"region": null, "vip": "yes"}}), 1).await.unwrap();
    assert_eq!(
        fields_of(response).await,
        pairs(&[("custom_fields.region", "required"), ("custom_fields.vip", "wrong_type")])
    );
    let response =
        send(json!({"custom_fields": {"vip": false, "discount": null, "region": " 华南 "}}), 1).await.unwrap();
    let updated: Customer = json_ok(response).await;
    assert_eq!(updated.custom_fields["vip"], CustomValue::Bool(false));
    assert_eq!(updated.custom_fields["region"], CustomValue::Text("华南".into()));
    assert!(!updated.custom_fields.contains_key("discount"));
}

#[tokio::test]
async fn a_required_field_without_default_must_be_given_and_a_disabled_field_takes_no_new_values() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let level = define(
        &app,
        &admin,
        json!({"key": "level", "label_zh": "级别", "label_en": "Level", "field_type": "single_select", "required": true,
               "options": [{"code": "gold", "label_zh": "金", "label_en": "Gold"}]}),
    )
    .await;
    let response =
        app.post_json_with_token("/api/v1/customers", &customer("甲公司", "13800138000", json!({})), &admin).await;
    assert_eq!(fields_of(response).await, pairs(&[("custom_fields.level", "required")]));
    let kept = create(&app, &admin, &customer("乙公司", "13800138001", json!({"level": "gold"}))).await;

    let path = format!("/api/v1/admin/custom-fields/{}", level.id);
    let disabled: CustomField =
        json_ok(app.send(Method::PATCH, &path, Some(&json!({"is_active": false})), &admin).await).await;
    assert!(!disabled.is_active);
    // Not required any more while disabled; new values are refused; old ones stay.
    create(&app, &admin, &customer("丙公司", "13800138002", json!({}))).await;
    let response = app
        .post_json_with_token("/api/v1/customers", &customer("丁公司", "13800138003", json!({"level": "gold"})), &admin)
        .await;
    assert_eq!(fields_of(response).await, pairs(&[("custom_fields.level", "disabled_field")]));
    let response = app
        .client
        .patch(app.url(&format!("/api/v1/customers/{}", kept.id)))
        .bearer_auth(&admin)
        .header("If-Match", "\"1\"")
        .json(&json!({"notes": "老客户"}))
        .send()
        .await
        .unwrap();
    let kept: Customer = json_ok(response).await;
    assert_eq!(kept.custom_fields["level"], CustomValue::Text("gold".into()));
}

#[tokio::test]
async fn options_are_added_and_relabelled_but_one_in_use_is_never_removed() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let fields = define_all(&app, &admin).await;
    let channels = &fields[3];
    create(&app, &admin, &customer("甲公司", "13800138000", json!({"channels": ["expo"]}))).await;
    let path = format!("/api/v1/admin/custom-fields/{}", channels.id);
    let option = |code: &str, zh: &str| json!({"code": code, "label_zh": zh, "label_en": code});
    let renamed: CustomField = json_ok(
        app.send(
            Method::PATCH,
            &path,
            Some(&json!({"label_zh": "来源渠道", "options": [option("expo", "展会活动"), option("web", "官网"), option("ads", "广告")]})),
            &admin,
        )
        .await,
    )
    .await;
    let codes: Vec<&str> = renamed.options.iter().map(|o| o.code.as_str()).collect();
    assert_eq!((renamed.label_zh.as_str(), codes), ("来源渠道", vec!["expo", "web", "ads"]));
    assert_eq!(renamed.key, "channels");
    let response = app
        .send(Method::PATCH, &path, Some(&json!({"options": [option("web", "官网"), option("ads", "广告")]})), &admin)
        .await;
    problem(response, StatusCode::CONFLICT).await;
    let response = app.send(Method::PATCH, &path, Some(&json!({"field_type": "text"})), &admin).await;
    problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
    let response = app.send(Method::PATCH, &path, Some(&json!({"default_value": ["nope"]})), &admin).await;
    assert_eq!(fields_of(response).await, pairs(&[("default_value", "unknown_option")]));
    problem(
        app.send(Method::PATCH, "/api/v1/admin/custom-fields/999999", Some(&json!({})), &admin).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}

#[tokio::test]
async fn the_list_filters_on_custom_fields_of_every_type() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    define_all(&app, &admin).await;
    let a = create(
        &app,
        &admin,
        &customer(
            "甲公司",
            "13800138000",
            json!({"budget_year": 2025, "vip": true, "channels": ["web", "expo"], "region": "华北"}),
        ),
    )
    .await;
    let b = create(
        &app,
        &admin,
        &customer(
            "乙公司",
            "13800138001",
            json!({"budget_year": 2026, "vip": false, "channels": ["expo"], "signed_on": "2024-05-01"}),
        ),
    )
    .await;
    let c = create(&app, &admin, &customer("丙公司", "13800138002", json!({"channels": ["referral"]}))).await;
    let ids = |query: &'static str| {
        let app = &app;
        let admin = &admin;
        async move {
            let page: Page<CustomerSummary> =
                json_ok(app.get_with_token(&format!("/api/v1/customers?sort=name&cf={query}"), admin).await).await;
            page.items.into_iter().map(|i| i.id).collect::<BTreeSet<_>>()
        }
    };
    assert_eq!(ids("budget_year:2025").await, BTreeSet::from([a.id]));
    assert_eq!(ids("vip:true").await, BTreeSet::from([a.id]));
    assert_eq!(ids("vip:false").await, BTreeSet::from([b.id]));
    assert_eq!(ids("channels:expo").await, BTreeSet::from([a.id, b.id]));
    assert_eq!(ids("channels:referral").await, BTreeSet::from([c.id]));
    assert_eq!(ids("region:%E5%8D%8E%E4%B8%9C").await, BTreeSet::from([b.id, c.id]), "the default 华东");
    assert_eq!(ids("signed_on:2024-05-01").await, BTreeSet::from([b.id]));
    assert_eq!(ids("channels:expo;budget_year:2026").await, BTreeSet::from([b.id]));
    assert_eq!(ids("channels:web;vip:false").await, BTreeSet::new());

    // Malformed filters are 400; well-formed ones naming no field or holding a value of the wrong
    // type are 422 on `cf`.
    for bad in ["vip", "vip:", ""] {
        let response = app.get_with_token(&format!("/api/v1/customers?cf={bad}"), &admin).await;
        problem(response, StatusCode::BAD_REQUEST).await;
    }
    for wrong in ["nonsense:1", "budget_year:soon", "vip:yes"] {
        let response = app.get_with_token(&format!("/api/v1/customers?cf={wrong}"), &admin).await;
        assert_eq!(problem(response, StatusCode::UNPROCESSABLE_ENTITY).await.errors[0].field, "cf");
    }
}

#[tokio::test]
async fn number_decimal_and_date_fields_filter_by_range() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    define_all(&app, &admin).await;
    let mut ids = Vec::new();
    for (i, (year, discount, signed)) in
        [(2024, "0.85", "2024-01-15"), (2025, "0.9", "2024-06-30"), (2026, "0.95", "2025-02-01")]
            .into_iter()
            .enumerate()
    {
        let values = json!({"budget_year": year, "discount": discount, "signed_on": signed});
        ids.push(create(&app, &admin, &customer(&format!("区间{i}公司"), &format!("1380013810{i}"), values)).await.id);
    }
    create(&app, &admin, &customer("无值公司", "13800138109", json!({}))).await;
    let found = |query: &'static str| {
        let (app, admin) = (&app, &admin);
        async move {
            let page: Page<CustomerSummary> =
                json_ok(app.get_with_token(&format!("/api/v1/customers?sort=name&cf={query}"), admin).await).await;
            page.items.into_iter().map(|i| i.id).collect::<BTreeSet<_>>()
        }
    };
    assert_eq!(found("budget_year:2025..").await, BTreeSet::from([ids[1], ids[2]]));
    assert_eq!(found("budget_year:..2025").await, BTreeSet::from([ids[0], ids[1]]));
    assert_eq!(found("discount:0.9..0.95").await, BTreeSet::from([ids[1], ids[2]]));
    assert_eq!(found("discount:..0.89").await, BTreeSet::from([ids[0]]));
    assert_eq!(found("signed_on:2024-06-30..2024-12-31").await, BTreeSet::from([ids[1]]));
    assert_eq!(found("signed_on:2024-01-01..;budget_year:..2024").await, BTreeSet::from([ids[0]]));
    for wrong in ["budget_year:1..x", "discount:a..", "signed_on:2024-13-01..", "budget_year:.."] {
        let response = app.get_with_token(&format!("/api/v1/customers?cf={wrong}"), &admin).await;
        assert_eq!(problem(response, StatusCode::UNPROCESSABLE_ENTITY).await.errors[0].field, "cf", "{wrong}");
    }
}
