//! Exports: the caller's scope and field rules, formula neutralisation, the audit entry, XLSX, and an
//! export that imports back into the same records.

use std::time::Duration;

use crm_server::entities::{audit_log, customers};
use crm_types::customer::CustomerSummary;
use crm_types::export::{Export, ExportStatus};
use crm_types::import::ImportStatus;
use crm_types::page::Page;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::custom_fields::define;
use crate::helpers::{TestApp, json_ok, spawn_app};
use crate::imports::{analysed, committed, manager, set_options, suggested, uploaded};

/// Starts an export and waits for the file; returns the export and the file's bytes.
async fn export(app: &TestApp, token: &str, body: &Value) -> (Export, Vec<u8>) {
    let response = app.post_json_with_token("/api/v1/exports", body, token).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "{}", response.text().await.unwrap());
    let started: Export = response.json().await.unwrap();
    for _ in 0..300 {
        let export: Export = json_ok(app.get_with_token(&format!("/api/v1/exports/{}", started.id), token).await).await;
        match export.status {
            ExportStatus::Running => tokio::time::sleep(Duration::from_millis(100)).await,
            ExportStatus::Failed => panic!("{export:?}"),
            ExportStatus::Completed => {
                let file = app.get_with_token(&format!("/api/v1/exports/{}/download", export.id), token).await;
                assert_eq!(file.status(), StatusCode::OK);
                // Named for the list and the day, with an ASCII fallback for older clients.
                let disposition = file.headers()["content-disposition"].to_str().unwrap().to_owned();
                let day = crm_domain::china_time::day_of(export.created_at).format("%Y%m%d").to_string();
                let extension = export.format.as_str();
                assert!(disposition.contains(&format!("filename=\"customers-{day}.{extension}\"")), "{disposition}");
                let utf8 = format!("filename*=UTF-8''%E5%AE%A2%E6%88%B7%E5%88%97%E8%A1%A8%2D{day}.{extension}");
                assert!(disposition.contains(&utf8), "{disposition}");
                return (export, file.bytes().await.unwrap().to_vec());
            }
        }
    }
    panic!("the export did not finish");
}

async fn customer(app: &TestApp, token: &str, body: Value) {
    let response = app.post_json_with_token("/api/v1/customers", &body, token).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[tokio::test]
async fn text_that_a_spreadsheet_would_run_is_neutralised() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    customer(
        &app,
        &admin,
        json!({"name": "=HYPERLINK(\"http://evil\",\"点我\")", "phone": "13800138000", "industry": "I65",
               "notes": "+1+cmd|' /C calc'!A0", "contacts": [{"name": "@SUM(A1)"}]}),
    )
    .await;
    let body = json!({"columns": ["name", "notes", "contact.name", "phone"]});
    let (export, bytes) = export(&app, &admin, &body).await;
    assert_eq!(export.rows_written, 1);
    let rows = csv_rows(&bytes);
    assert_eq!(rows[0], ["'=HYPERLINK(\"http://evil\",\"点我\")", "'+1+cmd|' /C calc'!A0", "'@SUM(A1)", "13800138000"]);
    let audited = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("customer.export"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let after: Value = serde_json::from_str(audited.after.as_deref().unwrap()).unwrap();
    assert_eq!(after["rows"], 1);
    assert!(after["filter"].is_object());
}

#[tokio::test]
async fn a_manager_exports_only_the_department_and_a_rep_may_not_export() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区", None).await;
    let west = app.create_department(&admin, "华西区", None).await;
    let manager = app.user_token(&admin, "east_manager", "sales_manager", Some(east)).await;
    let east_rep = app.user_token(&admin, "east_rep", "sales_rep", Some(east)).await;
    let west_rep = app.user_token(&admin, "west_rep", "sales_rep", Some(west)).await;
    customer(
        &app,
        &east_rep,
        json!({"name": "华东客户有限公司", "phone": "13800138001", "industry": "I65", "contacts": [{"name": "甲"}]}),
    )
    .await;
    customer(
        &app,
        &west_rep,
        json!({"name": "华西客户有限公司", "phone": "13800138002", "industry": "I65", "contacts": [{"name": "乙"}]}),
    )
    .await;
    let (export, bytes) = export(&app, &manager, &json!({"columns": ["name"]})).await;
    assert_eq!((export.total, export.rows_written), (1, 1));
    assert_eq!(csv_rows(&bytes), [["华东客户有限公司"]]);
    let response = app.post_json_with_token("/api/v1/exports", &json!({}), &east_rep).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // Someone else's export is not there.
    let response = app.get_with_token(&format!("/api/v1/exports/{}", export.id), &admin).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn filters_apply_and_hidden_fields_are_left_out() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    customer(&app, &admin, json!({"name": "甲公司", "phone": "13800138001", "industry": "I65", "grade": "A", "contacts": [{"name": "甲"}]})).await;
    customer(
        &app,
        &admin,
        json!({"name": "乙公司", "phone": "13800138002", "industry": "C", "grade": "B", "contacts": [{"name": "乙"}]}),
    )
    .await;
    let (_, bytes) = export(&app, &admin, &json!({"columns": ["name", "grade"], "filter": {"grade": "A"}})).await;
    assert_eq!(csv_rows(&bytes), [["甲公司", "A 重点客户"]]);
    // An analyst may export but a marketing role may not see phones: here, an analyst sees them all.
    let analyst = app.user_token(&admin, "analyst", "analyst", None).await;
    let (made, bytes) =
        export(&app, &analyst, &json!({"columns": ["name", "phone"], "filter": {"sort": "name"}})).await;
    assert_eq!(made.columns, ["name", "phone"]);
    assert_eq!(csv_rows(&bytes).len(), 2);
    // The rows chosen in a list, and only those.
    let page: Page<CustomerSummary> = json_ok(app.get_with_token("/api/v1/customers?sort=name", &admin).await).await;
    let chosen = page.items.iter().find(|c| c.name == "乙公司").unwrap().id.0;
    let body = json!({"columns": ["name"], "filter": {"ids": chosen.to_string()}});
    let (_, bytes) = export(&app, &admin, &body).await;
    assert_eq!(csv_rows(&bytes), [["乙公司"]]);
}

#[tokio::test]
async fn an_xlsx_export_opens_as_a_workbook() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    customer(&app, &admin, json!({"name": "甲公司", "phone": "13800138001", "industry": "I65", "cumulative_amount": "1234.50", "contacts": [{"name": "甲"}]})).await;
    let (export, bytes) =
        export(&app, &admin, &json!({"format": "xlsx", "columns": ["name", "cumulative_amount"]})).await;
    assert_eq!(export.rows_written, 1);
    use calamine::Reader;
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("客户").unwrap();
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(rows, [["客户名称", "累计合作金额"], ["甲公司", "1234.5"]]);
}

#[tokio::test]
async fn an_exported_file_imports_back_into_the_same_records() {
    let source = spawn_app().await;
    let (_, token) = manager(&source).await;
    let bom = crate::imports::BOM;
    let upload = uploaded(&source, &token, "export.csv", bom).await;
    set_options(&source, &token, upload.job.id, &suggested(&upload)).await;
    analysed(&source, &token, upload.job.id).await;
    committed(&source, &token, upload.job.id).await;
    let columns = [
        "name",
        "kind",
        "customer_type",
        "industry",
        "grade",
        "company_size",
        "source_channel",
        "address.province",
        "address.city",
        "address.district",
        "address.detail",
        "phone",
        "email",
        "website",
        "first_coop_date",
        "last_coop_date",
        "cumulative_amount",
        "annual_amount",
        "tags",
        "notes",
        "initial_need",
        "contact.name",
        "contact.position",
        "contact.mobile",
        "contact.email",
    ];
    let (_, file) = export(&source, &token, &json!({"columns": columns, "filter": {"sort": "name"}})).await;

    let target = spawn_app().await;
    let (_, other) = manager(&target).await;
    let upload = uploaded(&target, &other, "customers.csv", &file).await;
    assert_eq!(upload.preview.suggested.len(), upload.preview.headers.len(), "{:?}", upload.preview.suggested);
    set_options(&target, &other, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&target, &other, upload.job.id).await;
    assert_eq!(job.report.unwrap().to_import, 2);
    let job = committed(&target, &other, upload.job.id).await;
    assert_eq!((job.status, job.progress.imported), (ImportStatus::Completed, 2));

    let shape = |row: customers::Model| {
        (
            (row.name, row.kind, row.customer_type, row.industry, row.grade, row.province),
            (
                row.city,
                row.district,
                row.phone,
                row.first_coop_date,
                row.cumulative_fen,
                row.notes,
                row.primary_contact,
            ),
        )
    };
    let before: Vec<_> = customers::Entity::find()
        .order_by_asc(customers::Column::Name)
        .all(&source.db)
        .await
        .unwrap()
        .into_iter()
        .map(shape)
        .collect();
    let after: Vec<_> = customers::Entity::find()
        .order_by_asc(customers::Column::Name)
        .all(&target.db)
        .await
        .unwrap()
        .into_iter()
        .map(shape)
        .collect();
    assert_eq!(before, after);
}

#[tokio::test]
async fn files_past_their_retention_are_removed_and_the_jobs_stay() {
    use std::sync::Arc;

    use crm_server::attachments::store::LocalStore;
    use crm_server::entities::{export_jobs, import_jobs};
    use crm_server::jobs::files::FileJobs;
    use sea_orm::sea_query::Expr;

    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    customer(&app, &token, json!({"name": "保留期客户有限公司", "phone": "13800138301", "industry": "I65", "contacts": [{"name": "周一"}]})).await;
    let (done, _) = export(&app, &token, &json!({"format": "csv"})).await;
    // One import committed, one uploaded and never imported.
    let upload = uploaded(&app, &token, "客户.csv", crate::imports::GBK).await;
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    analysed(&app, &token, upload.job.id).await;
    let imported = committed(&app, &token, upload.job.id).await;
    let waiting = uploaded(&app, &token, "客户.csv", crate::imports::GBK).await;

    let sweeper = |days: i64| {
        FileJobs::new(
            app.db.clone(),
            Arc::new(LocalStore::new(app.data_dir.join("imports")).unwrap()),
            Arc::new(LocalStore::new(app.data_dir.join("exports")).unwrap()),
            1 << 30,
            1_000_000,
            chrono::Duration::minutes(1),
        )
        .keeping_files_for(chrono::Duration::days(days))
    };
    // Within the retention period nothing goes.
    assert_eq!(sweeper(30).remove_old_files().await.unwrap(), 0);
    // Thirty-one days later (the jobs' times moved back), every file goes.
    let past = chrono::Utc::now() - chrono::Duration::days(31);
    export_jobs::Entity::update_many()
        .col_expr(export_jobs::Column::FinishedAt, Expr::value(past))
        .exec(&app.db)
        .await
        .unwrap();
    import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::FinishedAt, Expr::value(past))
        .col_expr(import_jobs::Column::UpdatedAt, Expr::value(past))
        .exec(&app.db)
        .await
        .unwrap();
    // The app's own sweeper (every second in tests) may take some of them at the same time: between
    // the two, the three files go, each once.
    let removed = || async {
        let imports = import_jobs::Entity::find()
            .filter(import_jobs::Column::FileRemovedAt.is_not_null())
            .all(&app.db)
            .await
            .unwrap()
            .len();
        let exports = export_jobs::Entity::find()
            .filter(export_jobs::Column::FileRemovedAt.is_not_null())
            .all(&app.db)
            .await
            .unwrap()
            .len();
        u64::try_from(imports + exports).unwrap()
    };
    assert!(sweeper(30).remove_old_files().await.unwrap() <= 3);
    assert_eq!(removed().await, 3);
    assert_eq!(sweeper(30).remove_old_files().await.unwrap(), 0, "each file once");

    let stale: Export = json_ok(app.get_with_token(&format!("/api/v1/exports/{}", done.id), &token).await).await;
    assert!(stale.file_removed_at.is_some());
    assert_eq!(stale.rows_written, 1, "the job's record stays");
    let gone = app.get_with_token(&format!("/api/v1/exports/{}/download", done.id), &token).await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let problem: Value = gone.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("export again"), "{problem}");
    // The committed import keeps its outcome and its error report; the waiting one can no longer run.
    let kept: crm_types::import::ImportJob =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}", imported.id), &token).await).await;
    assert_eq!((kept.status, kept.progress.imported), (ImportStatus::Completed, imported.progress.imported));
    let report = app.get_with_token(&format!("/api/v1/imports/{}/error-report", imported.id), &token).await;
    assert_eq!(report.status(), StatusCode::OK);
    let failed: crm_types::import::ImportJob =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}", waiting.job.id), &token).await).await;
    assert_eq!(failed.status, ImportStatus::Failed);
    assert!(failed.error.as_deref().unwrap().contains("upload it again"), "{failed:?}");
    let files = walk(&app.data_dir.join("imports")) + walk(&app.data_dir.join("exports"));
    assert_eq!(files, 0, "no file is left behind");
}

/// The number of files under `dir`, its staging area aside.
fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 })
                .sum()
        })
        .unwrap_or(0)
}

/// One custom field of each type, defined alike in every app of the test.
async fn define_every_type(app: &TestApp, admin: &str) {
    let option = |code: &str, zh: &str| json!({"code": code, "label_zh": zh, "label_en": code});
    let regions = [option("east", "华东"), option("south", "华南")];
    let products = [option("erp", "ERP系统"), option("crm", "客户管理"), option("oa", "办公OA")];
    for body in [
        json!({"key": "project", "label_zh": "项目名称", "label_en": "Project", "field_type": "text"}),
        json!({"key": "remark", "label_zh": "合作说明", "label_en": "Remark", "field_type": "long_text"}),
        json!({"key": "seats", "label_zh": "席位数", "label_en": "Seats", "field_type": "number"}),
        json!({"key": "discount", "label_zh": "折扣率", "label_en": "Discount", "field_type": "decimal"}),
        json!({"key": "signed_on", "label_zh": "签约日期", "label_en": "Signed on", "field_type": "date"}),
        json!({"key": "region", "label_zh": "大区", "label_en": "Region", "field_type": "single_select", "options": regions}),
        json!({"key": "products", "label_zh": "合作产品", "label_en": "Products", "field_type": "multi_select", "options": products}),
        json!({"key": "vip", "label_zh": "是否VIP", "label_en": "VIP", "field_type": "boolean"}),
    ] {
        define(app, admin, body).await;
    }
}

const CUSTOM_KEYS: [&str; 8] = [
    "custom_fields.project",
    "custom_fields.remark",
    "custom_fields.seats",
    "custom_fields.discount",
    "custom_fields.signed_on",
    "custom_fields.region",
    "custom_fields.products",
    "custom_fields.vip",
];

#[tokio::test]
async fn custom_field_columns_export_and_import_back_into_the_same_values() {
    let source = spawn_app().await;
    let admin = source.admin_token().await;
    define_every_type(&source, &admin).await;
    let listed: Vec<Value> = json_ok(source.get_with_token("/api/v1/exports/columns", &admin).await).await;
    let keys: Vec<&str> = listed.iter().filter_map(|c| c["key"].as_str()).collect();
    assert_eq!(keys[keys.len() - 8..], CUSTOM_KEYS);
    let values = [
        json!({"project": "智慧园区", "remark": "一期\n二期", "seats": 1200, "discount": "0.85", "signed_on": "2024-05-01",
               "region": "south", "products": ["erp", "oa"], "vip": true}),
        json!({"project": "=1+1", "seats": 0, "vip": false}),
    ];
    for (i, custom) in values.iter().enumerate() {
        let body = json!({"name": format!("{}号公司", i + 1), "phone": format!("1380013800{i}"), "industry": "C",
                          "contacts": [{"name": "张伟"}], "custom_fields": custom});
        customer(&source, &admin, body).await;
    }
    let mut columns = vec!["name", "industry", "phone", "contact.name"];
    columns.extend(CUSTOM_KEYS);
    let (started, file) = export(&source, &admin, &json!({"columns": columns, "filter": {"sort": "name"}})).await;
    assert_eq!(started.columns, columns);
    let rows = csv_rows(&file);
    assert_eq!(rows[0][4..], ["智慧园区", "一期\n二期", "1200", "0.85", "2024-05-01", "华南", "ERP系统，办公OA", "是"]);
    assert_eq!(rows[1][4..], ["'=1+1", "", "0", "", "", "", "", "否"]);

    let target = spawn_app().await;
    let other = target.admin_token().await;
    define_every_type(&target, &other).await;
    let upload = uploaded(&target, &other, "customers.csv", &file).await;
    assert_eq!(upload.preview.suggested.len(), upload.preview.headers.len(), "{:?}", upload.preview.suggested);
    set_options(&target, &other, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&target, &other, upload.job.id).await;
    assert_eq!(job.report.as_ref().map(|r| (r.to_import, r.with_problems)), Some((2, 0)), "{job:?}");
    committed(&target, &other, upload.job.id).await;
    let stored = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            let rows = customers::Entity::find().order_by_asc(customers::Column::Name).all(&db).await.unwrap();
            rows.iter().map(|r| serde_json::from_str(&r.custom_fields).unwrap()).collect::<Vec<Value>>()
        }
    };
    assert_eq!(stored(&source).await, values);
    // The neutralised text comes back with its quote: a formula is never run, nor silently restored.
    let mut imported = values.to_vec();
    imported[1]["project"] = json!("'=1+1");
    assert_eq!(stored(&target).await, imported);

    // A role that may not read custom fields exports none of their columns.
    let role = json!({"code": "auditor", "name": "审计", "permissions": ["customer.view", "customer.export"],
                      "data_scopes": {"customers": "all"}, "field_rules": {"customers": {"custom_fields": "hidden"}}});
    let response = source.post_json_with_token("/api/v1/admin/roles", &role, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    let auditor = source.user_token(&admin, "auditor1", "auditor", None).await;
    let (hidden, file) = export(&source, &auditor, &json!({"columns": columns})).await;
    assert_eq!(hidden.columns, ["name", "industry", "phone", "contact.name"]);
    assert_eq!(csv_rows(&file)[0].len(), 4);
    // A field that is not active is no column.
    let response =
        source.post_json_with_token("/api/v1/exports", &json!({"columns": ["custom_fields.budget"]}), &admin).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn an_analyst_exports_contact_details_masked_as_the_api_shows_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    customer(
        &app,
        &admin,
        json!({"name": "厦门海风贸易有限公司", "phone": "13812345678", "email": "hi@haifeng.example.com",
               "industry": "F", "contacts": [{"name": "林峰", "mobile": "13987654321"}]}),
    )
    .await;
    let analyst = app.user_token(&admin, "analyst1", "analyst", None).await;
    let columns = json!(["name", "phone", "email", "contact.name", "contact.mobile"]);
    let (masked, file) = export(&app, &analyst, &json!({"columns": columns})).await;
    assert_eq!(masked.columns, ["name", "phone", "email", "contact.name", "contact.mobile"]);
    let rows = csv_rows(&file);
    assert_eq!(rows[0], ["厦门海风贸易有限公司", "138****5678", "h***@haifeng.example.com", "林峰", "139****4321"]);
    let (_, whole) = export(&app, &admin, &json!({"columns": columns})).await;
    assert_eq!(csv_rows(&whole)[0][1], "13812345678");
}
