//! Attachments: typed by content, names made safe, size-limited, and seen only through their record.

use crm_types::attachment::{Attachment, AttachmentLimits};
use crm_types::customer::Customer;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::demands::PDF;
use crate::helpers::{json_ok, problem, spawn_app};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

#[tokio::test]
async fn the_content_decides_the_type_and_a_path_in_the_name_goes_nowhere() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let body = json!({"name": "杭州云栖科技有限公司", "phone": "13800138000", "industry": "I65", "contacts": [{"name": "张伟"}]});
    let customer: Customer = app.post_json_with_token("/api/v1/customers", &body, &rep).await.json().await.unwrap();
    let query = format!("owner_type=customer&owner_id={}", customer.id);

    let exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0".to_vec();
    problem(app.upload(&query, "photo.png", "image/png", exe, &rep).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;
    let script = b"<script>alert(1)</script>".to_vec();
    problem(app.upload(&query, "page.html", "text/html", script, &rep).await, StatusCode::UNSUPPORTED_MEDIA_TYPE).await;

    let response = app.upload(&query, "../../etc/passwd.pdf", "application/octet-stream", PDF.to_vec(), &rep).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let pdf: Attachment = response.json().await.unwrap();
    assert_eq!(
        (pdf.file_name.as_str(), pdf.content_type.as_str(), pdf.previewable),
        ("passwd.pdf", "application/pdf", true)
    );
    assert!(!app.data_dir.join("etc").exists() && !app.data_dir.parent().unwrap().join("etc/passwd.pdf").exists());
    let image: Attachment = app.upload(&query, "名片.png", "image/png", PNG.to_vec(), &rep).await.json().await.unwrap();

    let download = app.get_with_token(&format!("/api/v1/attachments/{}/content", pdf.id), &rep).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    let preview = app.get_with_token(&format!("/api/v1/attachments/{}/content?inline=true", image.id), &rep).await;
    assert!(preview.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));

    let listed: Vec<Attachment> =
        json_ok(app.get_with_token(&format!("/api/v1/attachments?{query}"), &rep).await).await;
    assert_eq!(listed.iter().map(|a| a.id).collect::<Vec<_>>(), [image.id, pdf.id]);
    let big = vec![b'a'; 1_100_000];
    problem(app.upload(&query, "大文件.txt", "text/plain", big, &rep).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    let staging = std::fs::read_dir(app.data_dir.join("attachments/.staging")).unwrap().count();
    assert_eq!(staging, 0, "nothing is left half-uploaded");
}

#[tokio::test]
async fn attachments_are_seen_through_their_record() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let alice = app.user_token(&admin, "alice", "sales_rep", None).await;
    let bob = app.user_token(&admin, "bob", "sales_rep", None).await;
    let service = app.user_token(&admin, "service", "service_agent", None).await;
    let body = json!({"name": "杭州云栖科技有限公司", "phone": "13800138000", "industry": "I65", "contacts": [{"name": "张伟"}]});
    let customer: Customer = app.post_json_with_token("/api/v1/customers", &body, &alice).await.json().await.unwrap();
    let query = format!("owner_type=customer&owner_id={}", customer.id);
    let pdf: Attachment =
        app.upload(&query, "合同.pdf", "application/pdf", PDF.to_vec(), &alice).await.json().await.unwrap();
    let content = format!("/api/v1/attachments/{}/content", pdf.id);

    problem(app.get_with_token(&content, &bob).await, StatusCode::NOT_FOUND).await;
    problem(app.get_with_token(&format!("/api/v1/attachments?{query}"), &bob).await, StatusCode::NOT_FOUND).await;
    problem(app.upload(&query, "x.pdf", "application/pdf", PDF.to_vec(), &bob).await, StatusCode::NOT_FOUND).await;
    assert_eq!(app.get_with_token(&content, &service).await.status(), StatusCode::OK);
    problem(app.upload(&query, "x.pdf", "application/pdf", PDF.to_vec(), &service).await, StatusCode::FORBIDDEN).await;
    problem(
        app.send(Method::DELETE, &format!("/api/v1/attachments/{}", pdf.id), None::<&()>, &service).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    let confirmation =
        app.upload(&format!("{query}&purpose=confirmation"), "x.pdf", "application/pdf", PDF.to_vec(), &alice).await;
    problem(confirmation, StatusCode::UNPROCESSABLE_ENTITY).await;

    let removed = app.send(Method::DELETE, &format!("/api/v1/attachments/{}", pdf.id), None::<&()>, &alice).await;
    assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    problem(app.get_with_token(&content, &alice).await, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn the_upload_limits_are_published_as_the_upload_applies_them() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let rep = app.user_token(&admin, "rep", "sales_rep", None).await;
    let limits: AttachmentLimits = json_ok(app.get_with_token("/api/v1/attachments/limits", &rep).await).await;
    // The test server's limit (CRM_MAX_UPLOAD_BYTES).
    assert_eq!(limits.max_bytes, 1_048_576);
    let pdf = limits.accepted.iter().find(|t| t.content_type == "application/pdf").unwrap();
    assert_eq!((pdf.extensions.as_slice(), pdf.previewable), (["pdf".to_owned()].as_slice(), true));
    let text = limits.accepted.iter().find(|t| t.content_type == "text/plain").unwrap();
    assert_eq!((text.extensions.join(","), text.previewable), ("txt,csv".to_owned(), false));
    let types: Vec<&str> = limits.accepted.iter().map(|t| t.content_type.as_str()).collect();
    assert!(types.contains(&"image/png") && types.contains(&"application/vnd.ms-excel"), "{types:?}");
    assert!(limits.accepted.iter().all(|t| !t.extensions.is_empty()));

    // A file of exactly the limit passes, one byte more is refused.
    let body = json!({"name": "杭州云栖科技有限公司", "phone": "13800138000", "industry": "I65", "contacts": [{"name": "张伟"}]});
    let customer: Customer = app.post_json_with_token("/api/v1/customers", &body, &rep).await.json().await.unwrap();
    let query = format!("owner_type=customer&owner_id={}", customer.id);
    let at_limit = vec![b'a'; limits.max_bytes as usize];
    let response = app.upload(&query, "刚好.txt", "text/plain", at_limit, &rep).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let over = vec![b'a'; limits.max_bytes as usize + 1];
    problem(app.upload(&query, "多一字节.txt", "text/plain", over, &rep).await, StatusCode::PAYLOAD_TOO_LARGE).await;
    problem(app.get("/api/v1/attachments/limits").await, StatusCode::UNAUTHORIZED).await;
}
