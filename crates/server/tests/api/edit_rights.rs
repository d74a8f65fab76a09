//! Rights over particular records, beside the role × operation matrix: every write operation on a
//! customer and on what hangs off it (contacts, collaborators, follow-ups, demands, tasks, files,
//! handover), tried by four people who are not its owner — a view collaborator, an edit collaborator,
//! a rep of the owner's department and a manager of another department.

use chrono::{Duration, Utc};
use crm_types::AttachmentId;
use crm_types::api::{Nothing, SetCollaborator};
use crm_types::customer::{
    CollaboratorAccess, CollaboratorInput, ContactPatch, Customer, CustomerPatch, HandoverRequest, NewContact,
    NewCustomer,
};
use crm_types::demand::{Demand, DemandPatch, NewDemand, NewTask, Priority};
use crm_types::followup::{Followup, FollowupPatch, NewFollowup, ReviewDecision, ReviewInput};
use crm_types::task::{Task, TaskPatch};
use crm_types::{ErrorCode, UserId};
use reqwest::{Response, StatusCode};

use crate::actors::Role;
use crate::demands::PDF;
use crate::helpers::{TestApp, json_ok, spawn_app};

/// What a person gets from an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A 2xx answer: the change was made.
    Done,
    /// 403: the person sees the record but may not change it.
    Refused,
    /// 404 (or a 422 naming the record as not found): the record is outside the person's scope.
    Unseen,
}

use Expect::{Done, Refused, Unseen};

/// The owner's customer with a follow-up, a demand with a task, and a file, in 华东区; the person
/// under test signed in.
struct World {
    app: TestApp,
    customer: Customer,
    followup: Followup,
    demand: Demand,
    task: Task,
    file: i64,
    colleague: UserId,
    person: String,
}

/// Who tries.
#[derive(Debug, Clone, Copy)]
enum Person {
    ViewCollaborator,
    EditCollaborator,
    SameDepartmentRep,
    OtherDepartmentManager,
}

async fn world(person: Person) -> World {
    let app = spawn_app().await;
    let admin = app.admin_token().await;
    let east = app.create_department(&admin, "华东区销售部", None).await;
    let north = app.create_department(&admin, "华北区销售部", None).await;
    let owner = app.actor(&admin, "owner", Role::SalesRep, Some(east)).await.token;
    let colleague = app.create_user(&admin, "colleague", Role::SalesRep.code(), Some(east)).await;
    let (role, department) = match person {
        Person::ViewCollaborator | Person::OtherDepartmentManager => (Role::SalesManager, north),
        Person::EditCollaborator => (Role::SalesRep, north),
        Person::SameDepartmentRep => (Role::SalesRep, east),
    };
    let tried = app.actor(&admin, "person", role, Some(department)).await;

    let new = NewCustomer {
        name: "浙江青山制造有限公司".into(),
        phone: "13800138000".into(),
        industry: "C".into(),
        contacts: vec![NewContact { name: "张伟".into(), ..Default::default() }],
        ..Default::default()
    };
    let response = app.post_json_with_token("/api/v1/customers", &new, &owner).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let customer: Customer = response.json().await.unwrap();
    let access = match person {
        Person::ViewCollaborator => Some(CollaboratorAccess::View),
        Person::EditCollaborator => Some(CollaboratorAccess::Edit),
        Person::SameDepartmentRep | Person::OtherDepartmentManager => None,
    };
    if let Some(access) = access {
        let path = (customer.id, tried.id);
        let body = CollaboratorInput { access };
        let response = app.call::<SetCollaborator>(&path, &Nothing {}, &body, None, &owner).await;
        assert!(response.status().is_success(), "{}", response.status());
    }
    let followup: Followup =
        app.post_json_with_token("/api/v1/followups", &followup_on(&customer), &owner).await.json().await.unwrap();
    let demand: Demand =
        app.post_json_with_token("/api/v1/demands", &demand_on(&customer), &owner).await.json().await.unwrap();
    let task: Task = app
        .post_json_with_token(&format!("/api/v1/demands/{}/tasks", demand.id), &task_body(), &owner)
        .await
        .json()
        .await
        .unwrap();
    let file: crm_types::attachment::Attachment = app
        .upload(
            &format!("owner_type=customer&owner_id={}", customer.id),
            "合同.pdf",
            "application/pdf",
            PDF.to_vec(),
            &owner,
        )
        .await
        .json()
        .await
        .unwrap();
    World { app, customer, followup, demand, task, file: file.id.0, colleague: colleague.id, person: tried.token }
}

fn followup_on(customer: &Customer) -> NewFollowup {
    NewFollowup {
        customer_id: customer.id,
        occurred_at: Utc::now() - Duration::minutes(5),
        kind: "phone".into(),
        topic: "回访".into(),
        summary: "电话回访,客户关心交付周期。".into(),
        ..Default::default()
    }
}

fn demand_on(customer: &Customer) -> NewDemand {
    NewDemand {
        customer_id: customer.id,
        description: "对接 ERP 订单接口".into(),
        kind: None,
        priority: Some(Priority::Medium),
        owner_id: None,
    }
}

fn task_body() -> NewTask {
    NewTask { name: "联调".into(), owner_id: None, planned_finish: Utc::now().date_naive() + Duration::days(5) }
}

/// Every write operation on the owner's customer and what hangs off it, sent as the person tried, with
/// the answer each got.
async fn try_everything(world: &World) -> Vec<(&'static str, Response)> {
    use crm_types::api::*;
    let (app, token) = (&world.app, world.person.as_str());
    let customer = world.customer.id;
    let contact = world.customer.contacts[0].id;
    let mut answers = Vec::new();
    let patch = CustomerPatch { notes: Some(Some("改备注".into())), ..Default::default() };
    let version = Some(world.customer.version);
    answers.push((
        "update the customer",
        app.call::<UpdateCustomer>(&customer, &Nothing {}, &patch, version, token).await,
    ));
    let new_contact = NewContact { name: "王芳".into(), ..Default::default() };
    answers.push(("add a contact", app.call::<AddContact>(&customer, &Nothing {}, &new_contact, None, token).await));
    let change = ContactPatch { position: Some(Some("采购经理".into())), ..Default::default() };
    answers.push((
        "change a contact",
        app.call::<UpdateContact>(&(customer, contact), &Nothing {}, &change, None, token).await,
    ));
    let access = CollaboratorInput { access: CollaboratorAccess::View };
    let colleague = (customer, world.colleague);
    answers
        .push(("add a collaborator", app.call::<SetCollaborator>(&colleague, &Nothing {}, &access, None, token).await));
    answers.push((
        "remove a collaborator",
        app.call::<RemoveCollaborator>(&colleague, &Nothing {}, &Nothing {}, None, token).await,
    ));
    let followup = followup_on(&world.customer);
    answers.push(("write a follow-up", app.call::<CreateFollowup>(&(), &Nothing {}, &followup, None, token).await));
    let correction = FollowupPatch { topic: Some("再次回访".into()), ..Default::default() };
    let followup_version = Some(world.followup.version);
    answers.push((
        "correct the owner's follow-up",
        app.call::<UpdateFollowup>(&world.followup.id, &Nothing {}, &correction, followup_version, token).await,
    ));
    let review = ReviewInput { decision: ReviewDecision::Approve, comment: None };
    answers.push((
        "review the follow-up",
        app.call::<ReviewFollowup>(&world.followup.id, &Nothing {}, &review, None, token).await,
    ));
    let demand = demand_on(&world.customer);
    answers.push(("raise a demand", app.call::<CreateDemand>(&(), &Nothing {}, &demand, None, token).await));
    let priority = DemandPatch { priority: Some(Priority::High), ..Default::default() };
    let demand_version = Some(world.demand.version);
    answers.push((
        "change the demand",
        app.call::<UpdateDemand>(&world.demand.id, &Nothing {}, &priority, demand_version, token).await,
    ));
    answers.push((
        "plan a task",
        app.call::<AddDemandTask>(&world.demand.id, &Nothing {}, &task_body(), None, token).await,
    ));
    answers.push((
        "approve the plan",
        app.call::<ApproveDemandTasks>(&world.demand.id, &Nothing {}, &Nothing {}, None, token).await,
    ));
    let rename = TaskPatch { name: Some("接口联调".into()), ..Default::default() };
    let task_version = Some(world.task.version);
    answers.push((
        "change the task",
        app.call::<UpdateTask>(&world.task.id, &Nothing {}, &rename, task_version, token).await,
    ));
    for (owner_type, id) in
        [("customer", world.customer.id.0), ("followup", world.followup.id.0), ("demand", world.demand.id.0)]
    {
        let query = format!("owner_type={owner_type}&owner_id={id}");
        answers.push(("attach a file", app.upload(&query, "纪要.pdf", "application/pdf", PDF.to_vec(), token).await));
    }
    answers.push((
        "remove the owner's file",
        app.call::<DeleteAttachment>(&AttachmentId(world.file), &Nothing {}, &Nothing {}, None, token).await,
    ));
    let handover =
        HandoverRequest { customer_ids: vec![customer], to_user_id: world.colleague, reason: "区域调整".into() };
    answers.push((
        "hand the customer over",
        app.call::<HandOverCustomers>(&(), &Nothing {}, &handover, None, token).await,
    ));
    answers.push((
        "delete the customer",
        app.call::<DeleteCustomer>(&customer, &Nothing {}, &Nothing {}, None, token).await,
    ));
    answers
}

/// Runs every operation as the person and compares each answer with `expect(name)`.
async fn check(person: Person, expect: impl Fn(&str) -> Expect) {
    let world = world(person).await;
    let mut failures = Vec::new();
    for (name, response) in try_everything(&world).await {
        let status = response.status();
        let text = response.text().await.unwrap();
        let not_found = status == StatusCode::NOT_FOUND
            || (status == StatusCode::UNPROCESSABLE_ENTITY && text.contains("\"not_found\""));
        let got = match status {
            s if s.is_success() => Some(Done),
            StatusCode::FORBIDDEN => Some(Refused),
            _ if not_found => Some(Unseen),
            _ => None,
        };
        let wanted = expect(name);
        if got != Some(wanted) {
            failures.push(format!("{person:?}: {name} → {status} {text}, expected {wanted:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_view_collaborator_changes_nothing_not_even_as_a_manager_who_may_hand_over() {
    check(Person::ViewCollaborator, |_| Refused).await;
}

#[tokio::test]
async fn an_edit_collaborator_works_on_the_customer_within_the_rights_of_the_role() {
    check(Person::EditCollaborator, |name| match name {
        // Only the author corrects a follow-up.
        "correct the owner's follow-up" => Refused,
        name if beyond_a_rep(name) => Refused,
        _ => Done,
    })
    .await;
}

/// What a rep's role may not do at all is refused before any record is looked up.
fn beyond_a_rep(name: &str) -> bool {
    matches!(name, "review the follow-up" | "approve the plan" | "hand the customer over" | "delete the customer")
}

#[tokio::test]
async fn a_rep_of_the_same_department_does_not_see_a_colleagues_customer() {
    check(Person::SameDepartmentRep, |name| if beyond_a_rep(name) { Refused } else { Unseen }).await;
}

#[tokio::test]
async fn a_manager_of_another_department_does_not_see_the_customer() {
    check(Person::OtherDepartmentManager, |name| if name == "delete the customer" { Refused } else { Unseen }).await;
}

#[tokio::test]
async fn a_view_collaborator_cannot_hand_the_customer_over_and_the_owner_stays() {
    let world = world(Person::ViewCollaborator).await;
    let request = HandoverRequest {
        customer_ids: vec![world.customer.id],
        to_user_id: world.colleague,
        reason: "离职交接".into(),
    };
    let response = world.app.post_json_with_token("/api/v1/customers/handover", &request, &world.person).await;
    let problem = crate::helpers::problem(response, StatusCode::FORBIDDEN).await;
    assert_eq!(problem.code, ErrorCode::ViewOnly);
    let after: Customer =
        json_ok(world.app.get_with_token(&format!("/api/v1/customers/{}", world.customer.id), &world.person).await)
            .await;
    assert_eq!(after.owner_id, world.customer.owner_id);
    assert_eq!(after.version, world.customer.version);
}
