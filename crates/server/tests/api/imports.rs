//! Imports: upload and preview of real-world files (GBK and UTF-8-BOM CSV, XLSX), the dry run's exact
//! cleaning report, the commit (codes, audit entries, duplicate keys), cancel, and resuming a job whose
//! instance died.

use std::sync::Arc;
use std::time::Duration;

use crm_server::attachments::store::LocalStore;
use crm_server::entities::{audit_log, customers, import_jobs};
use crm_server::imports::pipeline::{self, Pass};
use crm_server::jobs::files::FileJobs;
use crm_types::ImportId;
use crm_types::customer::CustomerSummary;
use crm_types::import::{ImportJob, ImportProblem, ImportStatus, UploadedImport};
use crm_types::page::Page;
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::helpers::{TestApp, json_ok, spawn_app};

pub const GBK: &[u8] = include_bytes!("../fixtures/customers_gbk.csv");
pub const BOM: &[u8] = include_bytes!("../fixtures/customers_bom.csv");

/// Uploads `bytes` as `name` to `/api/v1/imports`.
pub async fn upload(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part);
    app.client.post(app.url("/api/v1/imports")).bearer_auth(token).multipart(form).send().await.unwrap()
}

/// Uploads a file and checks it was accepted.
pub async fn uploaded(app: &TestApp, token: &str, name: &str, bytes: &[u8]) -> UploadedImport {
    let response = upload(app, token, name, bytes.to_vec()).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    response.json().await.unwrap()
}

/// The suggested mapping of a preview as options, sent back exactly as the preview gave it.
pub fn suggested(upload: &UploadedImport) -> Value {
    json!({"mapping": {"columns": upload.preview.suggested}})
}

/// Per header of the preview: the header, the field proposed for it and whether it matched exactly.
pub fn proposed(upload: &UploadedImport) -> Vec<(&str, Option<&str>, bool)> {
    let preview = &upload.preview;
    preview
        .headers
        .iter()
        .map(|header| match preview.suggested.iter().find(|s| s.column == *header) {
            Some(s) => (header.as_str(), Some(s.field.as_str()), s.exact == Some(true)),
            None => (header.as_str(), None, false),
        })
        .collect()
}

/// Sets the options of job `id`.
pub async fn set_options(app: &TestApp, token: &str, id: ImportId, options: &Value) -> ImportJob {
    let response = app.send(reqwest::Method::PUT, &format!("/api/v1/imports/{id}/options"), Some(options), token).await;
    json_ok(response).await
}

/// Polls job `id` until it leaves the running states.
pub async fn settled(app: &TestApp, token: &str, id: ImportId) -> ImportJob {
    for _ in 0..300 {
        let job: ImportJob = json_ok(app.get_with_token(&format!("/api/v1/imports/{id}"), token).await).await;
        if !matches!(job.status, ImportStatus::Analysing | ImportStatus::Running) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("import {id} did not settle");
}

/// Starts the dry run and waits for the report.
pub async fn analysed(app: &TestApp, token: &str, id: ImportId) -> ImportJob {
    let response = app.post_json_with_token(&format!("/api/v1/imports/{id}/dry-run"), &json!({}), token).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "{}", response.text().await.unwrap());
    let job = settled(app, token, id).await;
    assert_eq!(job.status, ImportStatus::Analysed, "{job:?}");
    job
}

/// Commits and waits for the end.
pub async fn committed(app: &TestApp, token: &str, id: ImportId) -> ImportJob {
    let response = app.post_json_with_token(&format!("/api/v1/imports/{id}/commit"), &json!({}), token).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "{}", response.text().await.unwrap());
    settled(app, token, id).await
}

/// A manager (who may import) in a department of their own, and the administrator's token.
pub async fn manager(app: &TestApp) -> (String, String) {
    let admin = app.admin_token().await;
    let department = app.create_department(&admin, "华东区销售部", None).await;
    let token = app.user_token(&admin, "manager", "sales_manager", Some(department)).await;
    (admin, token)
}

async fn existing_customer(app: &TestApp, token: &str) {
    let body =
        json!({"name": "目标老客户有限公司", "phone": "13900139000", "industry": "C", "contacts": [{"name": "老王"}]});
    let response = app.post_json_with_token("/api/v1/customers", &body, token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_gbk_file_with_chinese_headers_is_detected_and_mapped() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    assert_eq!(upload.preview.encoding.as_deref(), Some("gb18030"));
    assert_eq!(upload.preview.delimiter.as_deref(), Some(","));
    assert_eq!(upload.preview.headers[0], "客户名称");
    assert_eq!(upload.preview.rows.len(), 9);
    assert_eq!(upload.preview.rows[0][0], "杭州云帆科技有限公司");
    let fields: Vec<Option<&str>> = proposed(&upload).into_iter().map(|(_, field, _)| field).collect();
    assert_eq!(
        fields,
        [
            Some("name"),
            Some("industry"),
            Some("contact.name"),
            Some("contact.mobile"),
            Some("grade"),
            Some("established_date"),
            Some("registered_capital"),
            Some("notes")
        ]
    );
    assert_eq!(upload.job.status, ImportStatus::Uploaded);
}

#[tokio::test]
async fn the_suggested_mapping_is_accepted_back_exactly_as_the_preview_gave_it() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    let sent = serde_json::to_value(&upload.preview.suggested).unwrap();
    assert!(sent[0].get("exact").is_some(), "{sent}");
    let job = set_options(&app, &token, upload.job.id, &json!({"mapping": {"columns": sent}})).await;
    let kept = &job.options.as_ref().unwrap().mapping.columns;
    assert!(kept.iter().all(|c| c.exact.is_none()), "{kept:?}");
    let kept: Vec<(&str, &str)> = kept.iter().map(|c| (c.column.as_str(), c.field.as_str())).collect();
    let suggested: Vec<(&str, &str)> =
        upload.preview.suggested.iter().map(|c| (c.column.as_str(), c.field.as_str())).collect();
    assert_eq!(kept, suggested);
}

#[tokio::test]
async fn the_dry_run_reports_exact_counts_and_every_problem_row() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    existing_customer(&app, &token).await;
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&app, &token, upload.job.id).await;
    let report = job.report.unwrap();
    assert_eq!(report.rows_read, 9);
    assert_eq!(report.missing_required, 1);
    assert_eq!(report.invalid_format, 3);
    assert_eq!(report.in_file_duplicates, 1);
    assert_eq!(report.database_duplicates, 1);
    assert_eq!(report.to_import, 3);
    assert_eq!(report.to_skip, 2);
    assert_eq!(report.to_update, 0);
    assert_eq!(report.with_problems, 4);
    assert_eq!(job.progress.total, 9);

    let page: Page<ImportProblem> =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}/problems", job.id), &token).await).await;
    let rows: Vec<(u64, Option<&str>, &str)> =
        page.items.iter().map(|p| (p.line, p.column.as_deref(), p.code.as_str())).collect();
    assert_eq!(
        rows,
        [
            (5, Some("客户名称"), "required"),
            (6, Some("手机"), "invalid_format"),
            (7, Some("成立日期"), "invalid_date"),
            (8, None, "in_file_duplicate"),
            (9, None, "database_duplicate"),
            (10, Some("注册资本(万元)"), "not_exact"),
        ],
        "{page:?}"
    );
    assert!(page.items[3].message.contains("line 2"), "{}", page.items[3].message);
    // Nothing was written.
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 1);
}

#[tokio::test]
async fn committing_creates_customers_as_by_hand() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    existing_customer(&app, &token).await;
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    analysed(&app, &token, upload.job.id).await;
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.status, ImportStatus::Completed, "{job:?}");
    let progress = &job.progress;
    assert_eq!((progress.processed, progress.imported, progress.skipped, progress.failed), (9, 3, 2, 4));
    assert_eq!(progress.last_line, 10);

    let rows = customers::Entity::find()
        .filter(customers::Column::Name.is_in(["杭州云帆科技有限公司", "宁波海港物流有限公司", "温州鞋业有限公司"]))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let month = chrono::Utc::now().format("%Y%m").to_string();
    for row in &rows {
        assert!(row.code.starts_with(&format!("CUS{month}")), "{}", row.code);
        assert_eq!(row.name_key, crm_domain::dedupe::name_key(&row.name));
        assert_eq!(row.phone_key, row.phone.as_deref().map(crm_domain::dedupe::phone_key));
        assert!(row.owner_id.is_some() && row.department_id.is_some());
    }
    let ningbo = rows.iter().find(|r| r.name == "宁波海港物流有限公司").unwrap();
    assert_eq!(ningbo.grade, "A");
    assert_eq!(ningbo.industry, "I64");
    assert_eq!(ningbo.phone.as_deref(), Some("13800138002"));
    assert!(ningbo.notes.as_deref().unwrap().contains("成立日期：2020-06-01"), "{:?}", ningbo.notes);
    assert!(ningbo.notes.as_deref().unwrap().contains("注册资本：12000000"), "{:?}", ningbo.notes);
    let created =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("customer.create")).count(&app.db).await.unwrap();
    assert_eq!(created, 4, "one entry per customer, the existing one included");
    let completed =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("import.complete")).count(&app.db).await.unwrap();
    assert_eq!(completed, 1);
    // Written a batch at a time, the entries still chain one after the other.
    let chain = crm_server::audit::verify(&app.db).await.unwrap();
    assert_eq!(chain.first_broken_id, None, "{chain:?}");
    // Each record is the one the API shows, with its contact and its creation in the history.
    for row in &rows {
        let shown: Value = json_ok(app.get_with_token(&format!("/api/v1/customers/{}", row.id), &token).await).await;
        let entry = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("customer.create"))
            .filter(audit_log::Column::EntityId.eq(row.id.to_string()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let recorded: Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
        assert_eq!(recorded["code"], shown["code"]);
        assert_eq!(recorded["contacts"], shown["contacts"]);
        assert_eq!(shown["contacts"].as_array().unwrap().len(), 1);
        let timeline: Value =
            json_ok(app.get_with_token(&format!("/api/v1/customers/{}/timeline", row.id), &token).await).await;
        assert!(timeline.to_string().contains(&row.code), "{timeline}");
    }
    // The imported customers are found through the list like any other.
    let page: Page<CustomerSummary> = json_ok(app.get_with_token("/api/v1/customers?q=云帆", &token).await).await;
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].primary_contact.as_deref(), Some("张伟"));

    let report = app.get_with_token(&format!("/api/v1/imports/{}/error-report", job.id), &token).await;
    assert_eq!(report.status(), StatusCode::OK);
    let text = report.text().await.unwrap();
    assert!(text.starts_with("\u{FEFF}行号,列,字段,代码,原因"), "{text}");
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.contains("9,,,database_duplicate"), "{text}");
}

#[tokio::test]
async fn a_utf8_bom_file_reads_amounts_regions_and_serial_dates() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let upload = uploaded(&app, &token, "export.csv", BOM).await;
    assert_eq!(upload.preview.encoding.as_deref(), Some("utf-8"));
    assert_eq!(upload.preview.headers[0], "公司名称");
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&app, &token, upload.job.id).await;
    assert_eq!(job.report.as_ref().unwrap().to_import, 2, "{job:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.progress.imported, 2);
    let suzhou = customers::Entity::find()
        .filter(customers::Column::Name.eq("苏州精密机械有限公司"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(suzhou.cumulative_fen, Some(123_456_750));
    assert_eq!(suzhou.first_coop_date, chrono::NaiveDate::from_ymd_opt(2024, 5, 1));
    assert_eq!((suzhou.province.as_deref(), suzhou.city.as_deref()), (Some("江苏省"), Some("苏州市")));
    let wuxi = customers::Entity::find()
        .filter(customers::Column::Name.eq("无锡半导体有限公司"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(wuxi.industry, "C39");
    assert_eq!(wuxi.phone.as_deref(), Some("13800138012"));
    assert_eq!(wuxi.cumulative_fen, Some(12_000_000));
}

/// An XLSX file as Excel saves it: dates as serial numbers with a date format, a mobile stored as a
/// number, and a formula cell whose cached value is read.
fn workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("客户清单").unwrap();
    for (i, header) in ["客户名称", "所属行业", "联系人", "手机", "首次合作日期", "成立日期", "备注"].iter().enumerate()
    {
        sheet.write_string(0, i as u16, *header).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_string(1, 0, "常州新能源有限公司").unwrap();
    sheet.write_string(1, 1, "制造业").unwrap();
    sheet.write_string(1, 2, "黄磊").unwrap();
    sheet.write_number(1, 3, 13800138021.0).unwrap();
    sheet.write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2024, 5, 1).unwrap(), &date).unwrap();
    sheet.write_number(1, 5, 43466.0).unwrap();
    sheet.write_formula(1, 6, "=\"合作\"&\"良好\"").unwrap().set_formula_result(1, 6, "合作良好");
    sheet.write_string(2, 0, "扬州餐饮有限公司").unwrap();
    sheet.write_string(2, 1, "住宿和餐饮业").unwrap();
    sheet.write_string(2, 2, "徐丽").unwrap();
    sheet.write_string(2, 3, "138 0013 8022").unwrap();
    sheet.write_string(2, 4, "2023/12/31").unwrap();
    workbook.save_to_buffer().unwrap()
}

#[tokio::test]
async fn an_xlsx_file_reads_serial_dates_numbers_and_formula_values() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let upload = uploaded(&app, &token, "客户.xlsx", &workbook()).await;
    assert_eq!(upload.preview.sheets, ["客户清单"]);
    assert_eq!(upload.preview.rows[0][3], "13800138021");
    assert_eq!(upload.preview.rows[0][4], "2024-05-01");
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    analysed(&app, &token, upload.job.id).await;
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.progress.imported, 2, "{job:?}");
    let row = customers::Entity::find()
        .filter(customers::Column::Name.eq("常州新能源有限公司"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.first_coop_date, chrono::NaiveDate::from_ymd_opt(2024, 5, 1));
    assert_eq!(row.phone.as_deref(), Some("13800138021"));
    let notes = row.notes.unwrap();
    assert!(notes.contains("合作良好") && notes.contains("成立日期：2019-01-01"), "{notes}");
}

#[tokio::test]
async fn a_mapping_must_cover_the_required_fields_and_name_real_columns() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    let options = json!({"mapping": {"columns": [{"column": "客户名称", "field": "name"}, {"column": "不存在", "field": "notes"}]}});
    let response = app
        .send(reqwest::Method::PUT, &format!("/api/v1/imports/{}/options", upload.job.id), Some(&options), &token)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: crm_types::Problem = response.json().await.unwrap();
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"mapping.columns[1].column"), "{fields:?}");
    assert!(fields.contains(&"mapping.columns"), "{fields:?}");
    // Committing before a dry run is refused.
    let response =
        app.post_json_with_token(&format!("/api/v1/imports/{}/commit", upload.job.id), &json!({}), &token).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_sales_rep_cannot_import_and_jobs_are_private() {
    let app = spawn_app().await;
    let (admin, token) = manager(&app).await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    assert_eq!(upload(&app, &rep, "客户.csv", GBK.to_vec()).await.status(), StatusCode::FORBIDDEN);
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    let other = app.user_token(&admin, "manager2", "sales_manager", None).await;
    let response = app.get_with_token(&format!("/api/v1/imports/{}", upload.job.id), &other).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// A runner standing for another instance of the server, over the same database and files.
fn other_instance(app: &TestApp) -> Arc<FileJobs> {
    let store = Arc::new(LocalStore::new(app.data_dir.join("imports")).unwrap());
    Arc::new(FileJobs::new(app.db.clone(), store.clone(), store, 1 << 30, 1_000_000, chrono::Duration::minutes(1)))
}

/// Commits the first batch of two rows on another instance, which then dies with its lease expired.
async fn die_after_one_batch(app: &TestApp, token: &str) -> ImportId {
    let upload = uploaded(app, token, "客户.csv", GBK).await;
    let mut options = suggested(&upload);
    options["batch_size"] = json!(2);
    set_options(app, token, upload.job.id, &options).await;
    analysed(app, token, upload.job.id).await;
    let dead = other_instance(app);
    assert!(pipeline::start_commit(&dead, upload.job.id.0).await.unwrap());
    pipeline::run(&dead, upload.job.id.0, Pass::Commit, Some(1)).await.unwrap();
    let job = import_jobs::Entity::find_by_id(upload.job.id.0).one(&app.db).await.unwrap().unwrap();
    assert_eq!((job.status.as_str(), job.imported_rows, job.last_line), ("running", 2, 3));
    upload.job.id
}

async fn expire_lease(app: &TestApp, id: ImportId) {
    import_jobs::Entity::update_many()
        .col_expr(import_jobs::Column::LeaseExpiresAt, Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)))
        .filter(import_jobs::Column::Id.eq(id.0))
        .exec(&app.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_job_whose_instance_died_is_resumed_without_duplicating_rows() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    existing_customer(&app, &token).await;
    let id = die_after_one_batch(&app, &token).await;
    expire_lease(&app, id).await;
    let job = settled(&app, &token, id).await;
    assert_eq!(job.status, ImportStatus::Completed, "{job:?}");
    let progress = &job.progress;
    assert_eq!((progress.processed, progress.imported, progress.skipped, progress.failed), (9, 3, 2, 4));
    for name in ["杭州云帆科技有限公司", "宁波海港物流有限公司", "温州鞋业有限公司"] {
        let count = customers::Entity::find().filter(customers::Column::Name.eq(name)).count(&app.db).await.unwrap();
        assert_eq!(count, 1, "{name}");
    }
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 4);
    let report = app.get_with_token(&format!("/api/v1/imports/{id}/error-report"), &token).await.text().await.unwrap();
    assert_eq!(report.lines().count(), 7, "{report}");
}

#[tokio::test]
async fn a_cancelled_commit_keeps_the_committed_batches_and_writes_nothing_more() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let id = die_after_one_batch(&app, &token).await;
    let response = app.post_json_with_token(&format!("/api/v1/imports/{id}/cancel"), &json!({}), &token).await;
    let job: ImportJob = json_ok(response).await;
    assert!(job.cancel_requested);
    expire_lease(&app, id).await;
    let job = settled(&app, &token, id).await;
    assert_eq!(job.status, ImportStatus::Cancelled, "{job:?}");
    assert_eq!((job.progress.imported, job.progress.last_line), (2, 3));
    assert_eq!(customers::Entity::find().count(&app.db).await.unwrap(), 2);
    let response = app.post_json_with_token(&format!("/api/v1/imports/{id}/cancel"), &json!({}), &token).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn mapping_templates_are_saved_listed_renamed_and_deleted() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let body = json!({"name": "旧CRM导出", "mapping": {"columns": [{"column": "客户全称", "field": "name"}]}});
    let response = app.post_json_with_token("/api/v1/import-templates", &body, &token).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let template: crm_types::import::ImportTemplate = response.json().await.unwrap();
    assert_eq!(
        app.post_json_with_token("/api/v1/import-templates", &body, &token).await.status(),
        StatusCode::CONFLICT
    );
    let path = format!("/api/v1/import-templates/{}", template.id);
    let renamed: crm_types::import::ImportTemplate =
        json_ok(app.send(reqwest::Method::PATCH, &path, Some(&json!({"name": "销售台账"})), &token).await).await;
    assert_eq!(renamed.name, "销售台账");
    let list: Vec<crm_types::import::ImportTemplate> =
        json_ok(app.get_with_token("/api/v1/import-templates", &token).await).await;
    assert_eq!(list.len(), 1);
    let response = app.send::<Value>(reqwest::Method::DELETE, &path, None, &token).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    // Every change is in the audit log, the rename with the name before and after.
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::EntityType.eq("import_template"))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["import_template.create", "import_template.update", "import_template.delete"]);
    let renamed = &entries[1];
    assert!(renamed.before.as_deref().unwrap().contains("旧CRM导出"), "{renamed:?}");
    assert!(renamed.after.as_deref().unwrap().contains("销售台账"), "{renamed:?}");
}

#[tokio::test]
async fn a_row_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_imported() {
    use sea_orm::{ConnectionTrait, DbBackend};
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    // A rule of the database the application does not know: it refuses one of the file's names.
    let statements: &[&str] = match app.db.get_database_backend() {
        DbBackend::Postgres => &[
            "CREATE FUNCTION refuse_wenzhou() RETURNS trigger AS $$ BEGIN \
             IF NEW.name = '温州鞋业有限公司' THEN RAISE EXCEPTION 'refused by the database'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_wenzhou BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION refuse_wenzhou()",
        ],
        _ => &["CREATE TRIGGER refuse_wenzhou BEFORE INSERT ON customers WHEN NEW.name = '温州鞋业有限公司' \
                BEGIN SELECT RAISE(ABORT, 'refused by the database'); END"],
    };
    for statement in statements {
        app.db.execute_unprepared(statement).await.unwrap();
    }
    let upload = uploaded(&app, &token, "客户.csv", GBK).await;
    set_options(&app, &token, upload.job.id, &suggested(&upload)).await;
    let job = analysed(&app, &token, upload.job.id).await;
    assert_eq!(job.report.as_ref().unwrap().to_import, 4, "{job:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.status, ImportStatus::Completed, "{job:?}");
    assert_eq!((job.progress.imported, job.progress.failed), (3, 5), "{job:?}");
    let names: Vec<String> =
        customers::Entity::find().all(&app.db).await.unwrap().into_iter().map(|row| row.name).collect();
    assert!(names.contains(&"杭州云帆科技有限公司".to_owned()) && !names.contains(&"温州鞋业有限公司".to_owned()));
    let created =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("customer.create")).count(&app.db).await.unwrap();
    assert_eq!(created, 3, "no entry for the refused row");
    let problems: Page<ImportProblem> =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}/problems?limit=50", job.id), &token).await).await;
    let refused: Vec<_> = problems.items.iter().filter(|p| p.code == "not_saved").collect();
    assert_eq!(refused.len(), 1, "{problems:?}");
    assert_eq!(refused[0].line, 4);
    assert!(refused[0].message.contains("refused by the database"), "{refused:?}");
}

#[tokio::test]
async fn a_value_chosen_for_a_reported_text_applies_to_every_way_of_writing_it() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    let file = "客户名称,所属行业,联系人,手机,客户等级\n\
                甲公司,I65,张一,13800138101,Ｖ Ｉ Ｐ\n\
                乙公司,I65,张二,13800138102, V I P \n";
    let upload = uploaded(&app, &token, "grades.csv", file.as_bytes()).await;
    let mut options = suggested(&upload);
    set_options(&app, &token, upload.job.id, &options).await;
    let job = analysed(&app, &token, upload.job.id).await;
    let report = job.report.unwrap();
    assert_eq!(report.unmatched_values.len(), 1, "{report:?}");
    let text = report.unmatched_values[0].text.clone();
    assert_eq!(report.unmatched_values[0].rows, 2);
    options["mapping"]["values"] = json!({"grade": {text: "S"}});
    set_options(&app, &token, upload.job.id, &options).await;
    let job = analysed(&app, &token, upload.job.id).await;
    assert_eq!(job.report.as_ref().unwrap().to_import, 2, "{job:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!(job.progress.imported, 2);
    let grades: Vec<String> =
        customers::Entity::find().all(&app.db).await.unwrap().into_iter().map(|c| c.grade).collect();
    assert_eq!(grades, ["S", "S"]);
}

#[tokio::test]
async fn the_commit_finds_the_same_repeats_as_the_dry_run_across_batches() {
    let app = spawn_app().await;
    let (_, token) = manager(&app).await;
    // Line 3's phone is line 2's contact's mobile: the database check would match it once line 2 is
    // written, so the file's own comparison must match it too, whatever the batches.
    let file = "客户名称,联系电话,所属行业,联系人,手机\n\
                甲公司,0571-88880001,I65,张一,13800138201\n\
                乙公司,138 0013 8201,I65,张二,13800138202\n\
                丙公司,0571-88880003,I65,张三,13800138203\n";
    let upload = uploaded(&app, &token, "repeats.csv", file.as_bytes()).await;
    let mut options = suggested(&upload);
    options["batch_size"] = json!(1);
    set_options(&app, &token, upload.job.id, &options).await;
    let job = analysed(&app, &token, upload.job.id).await;
    let report = job.report.unwrap();
    assert_eq!((report.to_import, report.in_file_duplicates), (2, 1), "{report:?}");
    let job = committed(&app, &token, upload.job.id).await;
    assert_eq!((job.progress.imported, job.progress.skipped), (2, 1), "{job:?}");
    let problems: Page<ImportProblem> =
        json_ok(app.get_with_token(&format!("/api/v1/imports/{}/problems", job.id), &token).await).await;
    let codes: Vec<(u64, &str)> = problems.items.iter().map(|p| (p.line, p.code.as_str())).collect();
    assert_eq!(codes, [(3, "in_file_duplicate")]);
}
