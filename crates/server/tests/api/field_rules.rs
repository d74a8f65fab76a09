//! Field rules per role: what each seeded role reads of a customer — whole, masked (`138****8000`) or
//! not at all — on the record, the list, the contacts and the timeline, and that a field a role may
//! not write is refused in a write.

use crm_types::customer::{
    Contact, ContactPatch, Customer, CustomerPatch, CustomerSummary, NewContact, NewCustomer, TimelineEntry,
};
use crm_types::page::Page;
use crm_types::{ErrorCode, FieldErrorCode};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::actors::Role;
use crate::helpers::{TestApp, json_ok, problem, spawn_app};

const MOBILE: &str = "13812345678";
const CONTACT_MOBILE: &str = "13987654321";
const USCC: &str = "91350100M000100Y43";

/// A customer with a phone, an e-mail, a USCC, a cumulative amount and a contact with a mobile,
/// created by the administrator; and a token per seeded role.
async fn world() -> (TestApp, String, Customer) {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let body = NewCustomer {
        name: "福建青山制造有限公司".into(),
        phone: MOBILE.into(),
        email: Some("sales@qingshan.example.com".into()),
        uscc: Some(USCC.into()),
        industry: "C".into(),
        cumulative_amount: Some("120000.00".parse().unwrap()),
        contacts: vec![NewContact {
            name: "陈晓".into(),
            mobile: Some(CONTACT_MOBILE.into()),
            email: Some("chenxiao@qingshan.example.com".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let response = app.post_json_with_token("/api/v1/customers", &body, &admin).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let customer: Customer = response.json().await.unwrap();
    (app, admin, customer)
}

async fn as_role(app: &TestApp, admin: &str, role: Role) -> String {
    app.actor(admin, &format!("{}_reader", role.code()), role, None).await.token
}

async fn seen(app: &TestApp, token: &str, customer: &Customer) -> (Customer, CustomerSummary, Vec<Contact>) {
    let record: Customer =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}", customer.id), token).await).await;
    let page: Page<CustomerSummary> =
        json_ok(app.get_with_token(&format!("/api/v1/customers?ids={}", customer.id), token).await).await;
    let contacts: Vec<Contact> =
        json_ok(app.get_with_token(&format!("/api/v1/customers/{}/contacts", customer.id), token).await).await;
    (record, page.items.into_iter().next().unwrap(), contacts)
}

#[tokio::test]
async fn an_analyst_reads_contact_details_masked_everywhere_and_figures_whole() {
    let (app, admin, customer) = world().await;
    let analyst = as_role(&app, &admin, Role::Analyst).await;
    let (record, row, contacts) = seen(&app, &analyst, &customer).await;
    assert_eq!(record.phone.as_deref(), Some("138****5678"));
    assert_eq!(record.email.as_deref(), Some("s***@qingshan.example.com"));
    assert_eq!(record.uscc.as_deref(), Some("9135**********0Y43"));
    assert_eq!(record.contacts[0].mobile.as_deref(), Some("139****4321"));
    assert_eq!(record.contacts[0].email.as_deref(), Some("c***@qingshan.example.com"));
    assert_eq!(record.cumulative_amount, customer.cumulative_amount, "figures stay whole");
    assert_eq!(row.phone.as_deref(), Some("138****5678"));
    assert_eq!(contacts[0].mobile.as_deref(), Some("139****4321"));
    let body = serde_json::to_string(&(record, row, contacts)).unwrap();
    assert!(!body.contains(MOBILE) && !body.contains(CONTACT_MOBILE) && !body.contains(USCC), "{body}");
}

#[tokio::test]
async fn a_service_agent_reads_mobiles_masked_and_no_amounts() {
    let (app, admin, customer) = world().await;
    let agent = as_role(&app, &admin, Role::ServiceAgent).await;
    let (record, row, contacts) = seen(&app, &agent, &customer).await;
    assert_eq!(record.phone.as_deref(), Some("138****5678"));
    assert_eq!(record.contacts[0].mobile.as_deref(), Some("139****4321"));
    assert_eq!(record.email, customer.email, "e-mail addresses are not masked for service");
    assert_eq!((record.cumulative_amount, row.cumulative_amount), (None, None));
    assert_eq!(row.phone.as_deref(), Some("138****5678"));
    assert_eq!(contacts[0].mobile.as_deref(), Some("139****4321"));
}

#[tokio::test]
async fn marketing_reads_no_phone_or_email_at_all_and_the_rep_reads_everything() {
    let (app, admin, customer) = world().await;
    let marketing = as_role(&app, &admin, Role::Marketing).await;
    let (record, row, contacts) = seen(&app, &marketing, &customer).await;
    assert_eq!((record.phone, record.email, row.phone), (None, None, None));
    assert_eq!((contacts[0].mobile.as_deref(), contacts[0].email.as_deref()), (None, None));
    let (whole, _, _) = seen(&app, &admin, &customer).await;
    assert_eq!(whole.phone.as_deref(), Some(MOBILE));
    assert_eq!(whole.contacts[0].mobile.as_deref(), Some(CONTACT_MOBILE));
}

/// A role that edits customers but reads `phone` masked and `grade` not at all.
async fn restricted_editor(app: &TestApp, admin: &str) -> String {
    let body = json!({
        "code": "masked_editor", "name": "脱敏编辑",
        "permissions": ["customer.view", "customer.edit", "customer.change_grade"],
        "data_scopes": {"customers": "all"},
        "field_rules": {"customers": {"phone": "masked", "contacts.mobile": "masked", "grade": "hidden"}}
    });
    let response = app.post_json_with_token("/api/v1/admin/roles", &body, admin).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", response.text().await.unwrap());
    app.user_token(admin, "masked_editor_reader", "masked_editor", None).await
}

#[tokio::test]
async fn a_masked_field_is_read_only_and_the_rest_of_the_record_is_edited() {
    let (app, admin, customer) = world().await;
    let editor = restricted_editor(&app, &admin).await;
    let path = format!("/api/v1/customers/{}", customer.id);
    let send = |body: CustomerPatch| {
        let request = app.client.request(Method::PATCH, app.url(&path)).bearer_auth(&editor);
        request.header("If-Match", format!("\"{}\"", customer.version)).json(&body).send()
    };
    let refused = send(CustomerPatch { phone: Some("13800000000".into()), ..Default::default() }).await.unwrap();
    let refused = problem(refused, StatusCode::FORBIDDEN).await;
    assert_eq!(refused.code, ErrorCode::FieldReadOnly);
    assert!(refused.detail.contains("phone"), "{}", refused.detail);
    let named: Vec<_> = refused.errors.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(named, [("phone", FieldErrorCode::ReadOnly)], "the refused field is named for the form to mark");
    let edited = send(CustomerPatch { notes: Some(Some("电话回访过".into())), ..Default::default() }).await.unwrap();
    let edited: Customer = json_ok(edited).await;
    assert_eq!(edited.phone.as_deref(), Some("138****5678"), "the answer is masked too");
    assert_eq!(edited.grade, None);

    let contact = format!("/api/v1/customers/{}/contacts/{}", customer.id, customer.contacts[0].id);
    let body = ContactPatch { mobile: Some(Some("13700000000".into())), ..Default::default() };
    let refused = app.send(Method::PATCH, &contact, Some(&body), &editor).await;
    assert_eq!(problem(refused, StatusCode::FORBIDDEN).await.code, ErrorCode::FieldReadOnly);
    let stored: Customer = json_ok(app.get_with_token(&path, &admin).await).await;
    assert_eq!(stored.phone.as_deref(), Some(MOBILE), "nothing was written");
    assert_eq!(stored.contacts[0].mobile.as_deref(), Some(CONTACT_MOBILE));
}

#[tokio::test]
async fn the_timeline_tells_a_change_of_a_hidden_field_without_its_values() {
    let (app, admin, customer) = world().await;
    let editor = restricted_editor(&app, &admin).await;
    let path = format!("/api/v1/customers/{}", customer.id);
    let regrade = CustomerPatch { grade: Some("A".into()), reason: Some("年度复评".into()), ..Default::default() };
    let request = app.client.request(Method::PATCH, app.url(&path)).bearer_auth(&admin);
    let response = request.header("If-Match", format!("\"{}\"", customer.version)).json(&regrade).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let timeline = |token: String| {
        let app = &app;
        let path = format!("{path}/timeline");
        async move { json_ok::<Page<TimelineEntry>>(app.get_with_token(&path, &token).await).await.items }
    };
    let of_grade = |items: Vec<TimelineEntry>| items.into_iter().find(|e| e.field.as_deref() == Some("grade")).unwrap();
    let whole = of_grade(timeline(admin.clone()).await);
    assert_eq!(whole.to.as_deref(), Some("A"));
    let hidden = of_grade(timeline(editor).await);
    assert_eq!((hidden.from, hidden.to), (None, None));
    assert_eq!(hidden.reason.as_deref(), Some("年度复评"));
}

#[tokio::test]
async fn a_role_names_only_customer_fields_and_masks_or_hides_only_those_that_can_be() {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let role = |rules: serde_json::Value| json!({"code": "checked", "name": "检查", "permissions": ["customer.view"], "field_rules": {"customers": rules}});
    let create = |body: serde_json::Value| {
        let (app, admin) = (&app, &admin);
        async move { app.post_json_with_token("/api/v1/admin/roles", &body, admin).await }
    };
    let unknown = problem(create(role(json!({"mobile": "hidden"}))).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(unknown.errors[0].field, "field_rules.customers.mobile");
    assert_eq!(unknown.errors[0].code, FieldErrorCode::UnknownField);
    let unmaskable = problem(create(role(json!({"notes": "masked"}))).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(unmaskable.errors[0].code, FieldErrorCode::NotApplicable);
    let response = create(role(json!({"contacts.mobile": "masked", "notes": "read_only"}))).await;
    assert_eq!(response.status(), StatusCode::CREATED);
}
