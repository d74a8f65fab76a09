//! Custom fields as import targets: proposed for a column headed with their label, read by their type,
//! checked as in the form (bad values and missing required values are problems of their row and
//! column), set on the matching customer by the update policy, and kept in templates until the field is
//! gone.

use crm_types::custom_field::CustomField;
use crm_types::import::{ImportProblem, ImportStatus};
use crm_types::page::Page;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::custom_fields::define;
use crate::helpers::{TestApp, json_ok, spawn_app};
use crate::imports::{analysed, committed, manager, proposed, set_options, settled, suggested, uploaded};

/// A project (text), a signing date, a region (single select), products (multi select) and a VIP flag.
async fn define_fields(app: &TestApp, admin: &str) -> Vec<CustomField> {
    let option = |code: &str, zh: &str, en: &str| json!({"code": code, "label_zh": zh, "label_en": en});
    let fields = [
        json!({"key": "project", "label_zh": "项目名称", "label_en": "Project", "field_type": "text"}),
        json!({"key": "signed_on", "label_zh": "签约日期", "label_en": "Signed on", "field_type": "date"}),
        json!({"key": "region", "label_zh": "大区", "label_en": "Region", "field_type": "single_select",
               "options": [option("east", "华东", "East"), option("south", "华南", "South")]}),
        json!({"key": "products", "label_zh": "合作产品", "label_en": "Products", "field_type": "multi_select",
               "options": [option("erp", "ERP系统", "ERP"), option("crm", "客户管理", "CRM"), option("oa", "办公OA", "OA")]}),
        json!({"key": "vip", "label_zh": "是否VIP", "label_en": "VIP", "field_type": "boolean"}),
    ];
    let mut defined = Vec::new();
    for body in fields {
        defined.push(define(app, admin, body).await);
    }
    defined
}

const GOOD: &str = "客户名称,所属行业,联系人,手机,项目名称,ＳＩＧＮＥＤ ON,大区,合作产品,是否VIP
杭州云帆科技有限公司,C,张伟,13800138001,智慧园区,2024/5/1,华东,ERP系统、客户管理,是
宁波海港物流有限公司,I64,李娜,13800138002,港口调度,45413,South,crm/oa,否
";

#[tokio::test]
async fn custom_field_columns_are_proposed_by_label_and_imported_into_their_values() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    define_fields(&app, &admin).await;
    let upload = uploaded(&app, &token, "客户.csv", GOOD.as_bytes()).await;
    let proposed = proposed(&upload);
    assert_eq!(
        proposed[4..],
        [
            ("项目名称", Some("custom_fields.project"), true),
            ("ＳＩＧＮＥＤ ON", Some("custom_fields.signed_on"), true),
            ("大区", Some("custom_fields.region"), true),
            ("合作产品", Some("custom_fields.products"), true),
            ("是否VIP", Some("custom_fields.vip"), true),
        ]
    );
    // The mapping step lists the custom fields after the standard ones, with their labels.
    let keys: Vec<&str> = upload.preview.fields.iter().map(|f| f.key.as_str()).collect();
    let first_custom = keys.iter().position(|k| k.starts_with("custom_fields.")).unwrap();
    assert!(keys[first_custom..].iter().all(|k| k.starts_with("custom_fields.")), "{keys:?}");
    let region = upload.preview.fields.iter().find(|f| f.key == "custom_fields.region").unwrap();
    assert_eq!((region.label_zh.as_str(), region.label_en.as_str()), ("大区", "Region"));

    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&app, &token, upload.job.id).await;
    assert_eq!(job.report.as_ref().map(|r| (r.to_import, r.with_problems)), Some((2, 0)), "{job:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!((job.status, job.progress.imported), (ImportStatus::Completed, 2), "{job:?}");

    let page: Value = json_ok(app.get_with_token("/api/v1/customers?q=云帆", &token).await).await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let yunfan: Value = json_ok(app.get_with_token(&format!("/api/v1/customers/{id}"), &token).await).await;
    assert_eq!(
        yunfan["custom_fields"],
        json!({"project": "智慧园区", "signed_on": "2024-05-01", "region": "east", "products": ["erp", "crm"], "vip": true})
    );
    let page: Value = json_ok(app.get_with_token("/api/v1/customers?q=海港物流", &token).await).await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let haigang: Value = json_ok(app.get_with_token(&format!("/api/v1/customers/{id}"), &token).await).await;
    assert_eq!(
        haigang["custom_fields"],
        json!({"project": "港口调度", "signed_on": "2024-05-01", "region": "south", "products": ["crm", "oa"], "vip": false})
    );
}

const BAD: &str = "客户名称,所属行业,联系人,手机,签约日期,大区,合作产品,是否VIP
甲公司,C,张三,13800138011,2024-02-30,华东,ERP,是
乙公司,C,李四,13800138012,2024-01-01,西北,ERP,是
丙公司,C,王五,13800138013,2024-01-01,华东,ERP;财务,也许
丁公司,C,赵六,13800138014,2024-01-01,华东,ERP,是
";

#[tokio::test]
async fn bad_custom_values_and_missing_required_ones_are_problems_of_their_row_and_column() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    define_fields(&app, &admin).await;
    define(
        &app,
        &admin,
        json!({"key": "contract_no", "label_zh": "合同编号", "label_en": "Contract No", "field_type": "text", "required": true}),
    )
    .await;
    let upload = uploaded(&app, &token, "客户.csv", BAD.as_bytes()).await;
    let required = upload.preview.fields.iter().find(|f| f.key == "custom_fields.contract_no").unwrap();
    assert!(required.required);
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&app, &token, upload.job.id).await;
    let report = job.report.unwrap();
    assert_eq!((report.rows_read, report.with_problems, report.to_import), (4, 4, 0), "{report:?}");
    assert_eq!(report.missing_required, 1, "{report:?}");

    let page: Page<ImportProblem> =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}/problems", job.id), &token).await).await;
    let rows: Vec<(u64, Option<&str>, Option<&str>, &str)> =
        page.items.iter().map(|p| (p.line, p.column.as_deref(), p.field.as_deref(), p.code.as_str())).collect();
    assert_eq!(
        rows,
        [
            (2, Some("签约日期"), Some("custom_fields.signed_on"), "invalid_date"),
            (3, Some("大区"), Some("custom_fields.region"), "no_match"),
            (4, Some("合作产品"), Some("custom_fields.products"), "no_match"),
            (4, Some("是否VIP"), Some("custom_fields.vip"), "invalid_format"),
            (5, None, Some("custom_fields.contract_no"), "required"),
        ],
        "{page:?}"
    );
}

#[tokio::test]
async fn templates_keep_custom_field_targets_and_say_when_the_field_is_gone() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    let fields = define_fields(&app, &admin).await;
    let upload = uploaded(&app, &token, "客户.csv", GOOD.as_bytes()).await;
    let options = suggested(&upload);
    let template = json!({"name": "带自定义字段", "mapping": options["mapping"]});
    let response = app.post_json_with_token("/api/v1/import-templates", &template, &token).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    let listed: Value = json_ok(app.get_with_token("/api/v1/import-templates", &token).await).await;
    assert_eq!(listed[0]["mapping"]["columns"], options["mapping"]["columns"]);
    let listed = [json!({"mapping": listed[0]["mapping"]})];

    let unknown =
        json!({"name": "旧模板", "mapping": {"columns": [{"column": "预算", "field": "custom_fields.budget"}]}});
    let response = app.post_json_with_token("/api/v1/import-templates", &unknown, &token).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "mapping.columns[0].field");
    assert!(body["errors"][0]["message"].as_str().unwrap().contains("no active custom field budget"), "{body}");

    // The options are set, then the region field is disabled: the dry run stops with the reason.
    set_options(&app, &token, upload.job.id, &options).await;
    let region = fields.iter().find(|f| f.key == "region").unwrap();
    let path = format!("/api/v1/admin/custom-fields/{}", region.id);
    let response = app.send(Method::PATCH, &path, Some(&json!({"is_active": false})), &admin).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    let response =
        app.post_json_with_token(&format!("/api/v1/imports/{}/dry-run", upload.job.id), &json!({}), &token).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let job = settled(&app, &token, upload.job.id).await;
    assert_eq!(job.status, ImportStatus::Failed, "{job:?}");
    assert!(job.error.as_deref().unwrap_or_default().contains("no active custom field region"), "{job:?}");

    // The template applied to the file again: the gone field is a problem on its column.
    let again = uploaded(&app, &token, "客户.csv", GOOD.as_bytes()).await;
    let response =
        app.send(Method::PUT, &format!("/api/v1/imports/{}/options", again.job.id), Some(&listed[0]), &token).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "mapping.columns[6].field", "{body}");
    assert_eq!(body["errors"][0]["code"], "unknown", "{body}");
}

#[tokio::test]
async fn the_update_policy_sets_the_custom_values_of_the_matching_customer() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    define_fields(&app, &admin).await;
    let existing = json!({"name": "杭州云帆科技有限公司", "phone": "13800138001", "industry": "C",
                          "contacts": [{"name": "张伟"}], "custom_fields": {"project": "旧项目"}});
    let response = app.post_json_with_token("/api/v1/customers", &existing, &token).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    let id = response.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let upload = uploaded(&app, &token, "客户.csv", GOOD.as_bytes()).await;
    let mut options = suggested(&upload);
    options["database_duplicates"] = json!("update");
    set_options(&app, &token, upload.job.id, &options).await;
    let job = analysed(&app, &token, upload.job.id).await;
    assert_eq!(job.report.as_ref().map(|r| (r.to_update, r.to_import)), Some((1, 1)), "{job:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!((job.progress.updated, job.progress.imported, job.progress.failed), (1, 1, 0), "{job:?}");
    let updated: Value = json_ok(app.get_with_token(&format!("/api/v1/customers/{id}"), &token).await).await;
    assert_eq!(
        updated["custom_fields"],
        json!({"project": "智慧园区", "signed_on": "2024-05-01", "region": "east", "products": ["erp", "crm"], "vip": true})
    );
}

const UNMATCHED: &str = "客户名称,所属行业,联系人,手机,大区,合作产品
甲公司,C,张三,13800138021,江浙沪,ERP系统、财务软件
乙公司,C,李四,13800138022,江浙沪,财务软件
丙公司,C,王五,13800138023,华南,客户管理
";

#[tokio::test]
async fn option_texts_no_option_matches_are_reported_and_mapped_like_dictionary_texts() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    define_fields(&app, &admin).await;
    let upload = uploaded(&app, &token, "客户.csv", UNMATCHED.as_bytes()).await;
    let mut options = suggested(&upload);
    set_options(&app, &token, upload.job.id, &options).await;
    let report = analysed(&app, &token, upload.job.id).await.report.unwrap();
    assert_eq!((report.to_import, report.with_problems), (1, 2), "{report:?}");
    let unmatched: Vec<(&str, &str, u64)> =
        report.unmatched_values.iter().map(|u| (u.field.as_str(), u.text.as_str(), u.rows)).collect();
    assert_eq!(unmatched, [("custom_fields.products", "财务软件", 2), ("custom_fields.region", "江浙沪", 2)]);

    // Each part of a multi-select cell takes the table, as a single-select cell does.
    options["mapping"]["values"] =
        json!({"custom_fields.region": {"江浙沪": "east"}, "custom_fields.products": {"财务软件": "erp"}});
    set_options(&app, &token, upload.job.id, &options).await;
    let report = analysed(&app, &token, upload.job.id).await.report.unwrap();
    assert_eq!((report.to_import, report.with_problems), (3, 0), "{report:?}");
    assert!(report.unmatched_values.is_empty(), "{report:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.progress.imported, 3, "{job:?}");
    let page: Value = json_ok(app.get_with_token("/api/v1/customers?q=甲公司", &token).await).await;
    let id = page["items"][0]["id"].as_i64().unwrap();
    let first: Value = json_ok(app.get_with_token(&format!("/api/v1/customers/{id}"), &token).await).await;
    assert_eq!(first["custom_fields"], json!({"region": "east", "products": ["erp"]}));
}
