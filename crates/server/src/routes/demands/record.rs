//! A demand: raise, list, read, and change its status, priority, owner and description.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use crm_domain::CodeFormat;
use crm_domain::calendar::WorkCalendar;
use crm_types::access::Permission;
use crm_types::demand::{Demand, DemandKind, DemandPage, DemandPatch, DemandQuery, DemandStatus, NewDemand, Priority};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use super::DEMAND_CODE_FORMAT;
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::events::{self, Event};
use crate::customers::record::active_user;
use crate::demands::record::{assemble, priority_of, status_of};
use crate::demands::scope::DemandScope;
use crate::demands::{sla, workflow};
use crate::entities::{attachments, demands, users};
use crate::error::{ApiError, ApiResult};
use crate::http::versions;
use crate::notifications::messages;
use crate::notifications::raise::{Notice, raise};
use crate::openapi::{AuthErrors, BadParameters, Conflict, InvalidQuery, JsonBodyErrors, NotFound, Preconditions};
use crate::state::AppState;
use crate::validation::{Problems, check_lengths, next_cursor, page_limit};
use crate::{calendar, china_time, codes, db, jobs};

pub(super) fn user_of(caller: &Caller) -> ApiResult<&users::Model> {
    caller.user().ok_or_else(|| ApiError::Forbidden("Demands are raised and handled by users.".into()))
}

/// Tells a demand's new owner that it is theirs.
async fn assigned(
    db: &impl ConnectionTrait,
    row: &demands::Model,
    customer: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let (title, body) = messages::demand_assigned(&row.code, customer);
    let notice = Notice {
        user_id: row.owner_id,
        kind: "demand_assigned",
        title,
        body,
        link: Some(format!("/demands/{}", row.id)),
        dedupe_key: format!("demand_assigned:{}:{}:{}", row.id, row.owner_id, row.version),
        channels: None,
    };
    raise(db, notice, now).await?;
    Ok(())
}

/// The wire form of one demand, over the calendar in force.
pub(super) async fn one(
    db: &impl ConnectionTrait,
    row: &demands::Model,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> ApiResult<Demand> {
    assemble(db, std::slice::from_ref(row), calendar, now)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("demand {} did not assemble", row.id)))
}

pub(super) fn respond(response: actix_web::HttpResponseBuilder, demand: Demand) -> HttpResponse {
    versions::respond(response, demand.version, &demand)
}

/// The filters the demand list and the board's summary share.
pub(super) struct Filters {
    /// One customer's demands.
    pub customer_id: Option<i64>,
    /// Handled by this user.
    pub owner_id: Option<i64>,
    /// Of this priority.
    pub priority: Option<Priority>,
    /// Only those past their deadline without a response.
    pub overdue: Option<bool>,
}

impl Filters {
    /// `select` narrowed to the demands these filters name, `overdue` meaning at `now`.
    pub fn apply(&self, mut select: Select<demands::Entity>, now: DateTime<Utc>) -> Select<demands::Entity> {
        use demands::Column as D;
        if let Some(customer) = self.customer_id {
            select = select.filter(D::CustomerId.eq(customer));
        }
        if let Some(owner) = self.owner_id {
            select = select.filter(D::OwnerId.eq(owner));
        }
        if let Some(priority) = self.priority {
            select = select.filter(D::Priority.eq(priority.as_str()));
        }
        if self.overdue == Some(true) {
            select = select.filter(D::RespondedAt.is_null()).filter(D::DueAt.lte(now));
        }
        select
    }
}

/// List demands.
///
/// Newest first, within the caller's demand scope; by customer, owner, status, priority, or only
/// those past their response deadline (`overdue=true`).
#[utoipa::path(
    tag = "demands",
    security(("bearer" = [])),
    params(DemandQuery),
    responses((status = 200, description = "A page of demands.", body = DemandPage), AuthErrors, NotFound, BadParameters, InvalidQuery)
)]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DemandQuery>,
) -> ApiResult<web::Json<DemandPage>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 100)])?;
    let scope = DemandScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    use demands::Column as D;
    let filters = Filters {
        customer_id: query.customer_id,
        owner_id: query.owner_id,
        priority: query.priority,
        overdue: query.overdue,
    };
    let mut select = filters.apply(scope.demands(), now);
    if let Some(status) = query.status {
        select = select.filter(D::Status.eq(status.as_str()));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let id: i64 =
            cursor.parse().map_err(|_| ApiError::field("cursor", "invalid", "is not a cursor this list gave out"))?;
        select = select.filter(D::Id.lt(id));
    }
    let limit = page_limit(query.limit, 20, 200)?;
    let mut rows = select.order_by_desc(D::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    let calendar = calendar::load(&state.db).await?;
    Ok(web::Json(DemandPage { items: assemble(&state.db, &rows, &calendar, now).await?, next_cursor }))
}

/// Raise a demand.
///
/// Needs `demand.create` and a customer the caller sees. The demand gets the next `DE{yyyy}{seq:4}`
/// code and a response deadline from its priority (high 24 h, medium 3 working days, low 5 working
/// days) over the working-day calendar.
#[utoipa::path(
    tag = "demands",
    security(("bearer" = [])),
    request_body = NewDemand,
    responses(
        (status = 201, description = "Raised.", body = Demand, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, JsonBodyErrors
    )
)]
#[post("")]
pub async fn create_one(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<NewDemand>,
) -> ApiResult<HttpResponse> {
    caller.require(Permission::DemandCreate)?;
    let me = user_of(&caller)?.id;
    let customers = CustomerScope::of(&caller)?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let customer = customers.find(&txn, body.customer_id.0).await?;
    let mut problems = Problems::default();
    let description = problems.text("description", &body.description, 5000);
    let owner = match body.owner_id {
        Some(owner) => active_user(&txn, owner.0).await?,
        None => active_user(&txn, me).await?,
    };
    if owner.is_none() {
        problems.add("owner_id", "unknown", "must be an active user");
    }
    problems.finish()?;
    let owner = owner.ok_or_else(|| ApiError::field("owner_id", "unknown", "must be an active user"))?;
    let priority = body.priority.unwrap_or(Priority::Medium);
    let calendar = calendar::load(&txn).await?;
    let format = CodeFormat::parse(DEMAND_CODE_FORMAT).map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    let code = codes::next_code(&txn, "demand", &format, china_time::day_of(now)).await?;
    let row = demands::ActiveModel {
        code: Set(code.clone()),
        customer_id: Set(customer.id),
        description: Set(description),
        kind: Set(body.kind.unwrap_or(DemandKind::Existing).as_str().to_owned()),
        priority: Set(priority.as_str().to_owned()),
        status: Set(DemandStatus::Open.as_str().to_owned()),
        owner_id: Set(owner.id),
        department_id: Set(owner.department_id),
        due_at: Set(sla::due_at(now, priority, &calendar)),
        responded_at: Set(None),
        closed_at: Set(None),
        version: Set(1),
        created_by: Set(me),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let row = sea_orm::ActiveModelTrait::insert(row, &txn).await?;
    events::record(&txn, customer.id, Some(me), Event::new("demand_created").detail(code)).await?;
    jobs::handlers::schedule_demand(&txn, &row, sla::warning_at(row.created_at, row.due_at, &calendar), now).await?;
    if row.owner_id != me {
        assigned(&txn, &row, &customer.name, now).await?;
    }
    let demand = one(&txn, &row, &calendar, now).await?;
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("demand.create", "demand", row.id).created(audit::snapshot(&demand)?),
    )
    .await?;
    txn.commit().await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/api/v1/demands/{}", row.id)));
    Ok(respond(response, demand))
}

/// Get a demand.
///
/// With its deadline, where it stands against it, and its tasks. The `ETag` is the version to send
/// back in `If-Match`.
#[utoipa::path(
    tag = "demands",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The demand's id.")),
    responses(
        (status = 200, description = "The demand.", body = Demand, headers(("ETag" = String, description = "The version."))),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/{id:-?\\d+}")]
pub async fn get_one(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let scope = DemandScope::of(&state.db, &caller).await?;
    let row = scope.find(&state.db, id.into_inner()).await?;
    let calendar = calendar::load(&state.db).await?;
    Ok(respond(HttpResponse::Ok(), one(&state.db, &row, &calendar, Utc::now()).await?))
}

/// Whether the customer's confirmation is attached to demand `id`.
async fn has_confirmation(db: &impl ConnectionTrait, id: i64) -> ApiResult<bool> {
    Ok(attachments::Entity::find()
        .filter(attachments::Column::OwnerType.eq("demand"))
        .filter(attachments::Column::OwnerId.eq(id))
        .filter(attachments::Column::Purpose.eq("confirmation"))
        .filter(attachments::Column::DeletedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Change a demand.
///
/// Needs `demand.create`; send the version in `If-Match`. The status moves one step at a time (open ›
/// in progress › awaiting confirmation › done, or back from awaiting confirmation); leaving `open`
/// records the response time; `done` needs the customer's confirmation attached
/// (`purpose=confirmation`). A new priority recomputes the deadline from the creation time.
#[utoipa::path(
    tag = "demands",
    security(("bearer" = [])),
    params(
        ("id" = i64, Path, description = "The demand's id."),
        ("If-Match" = String, Header, description = "The version read (the ETag).")
    ),
    request_body = DemandPatch,
    responses(
        (status = 200, description = "Changed.", body = Demand, headers(("ETag" = String, description = "The new version."))),
        AuthErrors, NotFound, Conflict, Preconditions, BadParameters, JsonBodyErrors
    )
)]
#[patch("/{id:-?\\d+}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
    body: web::Json<DemandPatch>,
) -> ApiResult<HttpResponse> {
    let sent = versions::if_match(&request)?;
    caller.require(Permission::DemandCreate)?;
    let me = user_of(&caller)?.id;
    let scope = DemandScope::of(&state.db, &caller).await?;
    let now = Utc::now();
    let txn = db::begin_write(&state.db).await?;
    let current = scope.find(&txn, id.into_inner()).await?;
    let calendar = calendar::load(&txn).await?;
    let before = one(&txn, &current, &calendar, now).await?;
    let status = status_of(&current)?;
    if status == DemandStatus::Done {
        return Err(ApiError::Conflict("A closed demand does not change.".into()));
    }
    let mut problems = Problems::default();
    let mut row: demands::ActiveModel = current.clone().into();
    if let Some(description) = &body.description {
        row.description = Set(problems.text("description", description, 5000));
    }
    if let Some(kind) = body.kind {
        row.kind = Set(kind.as_str().to_owned());
    }
    if let Some(priority) = body.priority.filter(|p| Some(*p) != priority_of(&current).ok()) {
        row.priority = Set(priority.as_str().to_owned());
        row.due_at = Set(sla::due_at(current.created_at, priority, &calendar));
    }
    if let Some(owner) = body.owner_id {
        match active_user(&txn, owner.0).await? {
            Some(user) => {
                row.owner_id = Set(user.id);
                row.department_id = Set(user.department_id);
            }
            None => problems.add("owner_id", "unknown", "must be an active user"),
        }
    }
    let new_status = body.status.filter(|s| *s != status);
    if let Some(to) = new_status {
        if !workflow::can_move(status, to) {
            problems.add(
                "status",
                "not_allowed",
                &format!("a demand cannot move from {} to {}", status.as_str(), to.as_str()),
            );
        } else if to == DemandStatus::Done && !has_confirmation(&txn, current.id).await? {
            problems.add(
                "status",
                "confirmation_required",
                "attach the customer's confirmation before closing the demand",
            );
        }
        row.status = Set(to.as_str().to_owned());
        if current.responded_at.is_none() {
            row.responded_at = Set(Some(now));
        }
        if to == DemandStatus::Done {
            row.closed_at = Set(Some(now));
        }
    }
    problems.finish()?;
    versions::check(sent, current.version)?;
    row.version = Set(current.version + 1);
    row.updated_at = Set(now);
    let result = demands::Entity::update_many()
        .set(row)
        .filter(demands::Column::Id.eq(current.id))
        .filter(demands::Column::Version.eq(current.version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(ApiError::PreconditionFailed);
    }
    if let Some(to) = new_status {
        let event = Event {
            kind: "demand_status_changed",
            field: Some("status"),
            from: Some(status.as_str().into()),
            to: Some(to.as_str().into()),
            reason: None,
            detail: Some(current.code.clone()),
        };
        events::record(&txn, current.customer_id, Some(me), event).await?;
    }
    let updated = scope.find(&txn, current.id).await?;
    if updated.due_at != current.due_at {
        jobs::handlers::schedule_demand(
            &txn,
            &updated,
            sla::warning_at(updated.created_at, updated.due_at, &calendar),
            now,
        )
        .await?;
    }
    if updated.owner_id != current.owner_id && updated.owner_id != me {
        assigned(&txn, &updated, &before.customer_name, now).await?;
    }
    let after = one(&txn, &updated, &calendar, now).await?;
    let change =
        Change::new("demand.update", "demand", current.id).diff(&audit::snapshot(&before)?, &audit::snapshot(&after)?);
    audit::record(&txn, &caller.actor(), change).await?;
    txn.commit().await?;
    Ok(respond(HttpResponse::Ok(), after))
}
