//! The customer list and the duplicate check.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use crm_types::access::{Permission, Resource};
use crm_types::customer::{CustomerPage, CustomerQuery, DuplicateMatch, DuplicateQuery};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::access::CustomerScope;
use crate::customers::duplicates::{self, Probe};
use crate::customers::list::{self, ListRow, Sort};
use crate::customers::record;
use crate::entities::{customer_tags, customers};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery};
use crate::state::AppState;
use crate::validation::{check_lengths, next_cursor};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_customers).service(find_duplicates);
}

/// List customers.
///
/// The customers in the caller's scope that pass every filter, in the chosen order, a page at a
/// time: pass `next_cursor` back as `cursor` for the next page (pages stay fast however deep).
/// `with_total=true` also counts the matches.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(CustomerQuery),
    responses((status = 200, description = "A page of customers.", body = CustomerPage), AuthErrors, BadParameters, InvalidQuery)
)]
#[get("/customers")]
pub async fn list_customers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CustomerQuery>,
) -> ApiResult<HttpResponse> {
    let scope = CustomerScope::of(&caller)?.listing(&state.db).await?;
    check_lengths(&[
        ("q", query.q.as_deref(), 100),
        ("customer_type", query.customer_type.as_deref(), 400),
        ("industry", query.industry.as_deref(), 400),
        ("grade", query.grade.as_deref(), 400),
        ("stage", query.stage.as_deref(), 400),
        ("lifecycle_status", query.lifecycle_status.as_deref(), 400),
        ("company_size", query.company_size.as_deref(), 400),
        ("source_channel", query.source_channel.as_deref(), 400),
        ("tag", query.tag.as_deref(), 400),
        ("owner_id", query.owner_id.as_deref(), 400),
        ("province", query.province.as_deref(), 40),
        ("city", query.city.as_deref(), 40),
        ("district", query.district.as_deref(), 40),
        ("cf", query.cf.as_deref(), 400),
        ("ids", query.ids.as_deref(), 2000),
        ("decision_role", query.decision_role.as_deref(), 400),
        ("sort", query.sort.as_deref(), 30),
        ("cursor", query.cursor.as_deref(), 400),
    ])?;
    let limit = u64::from(query.limit.unwrap_or(20));
    if !(1..=200).contains(&limit) {
        return Err(ApiError::BadRequest("limit must be between 1 and 200.".into()));
    }
    let sort = Sort::parse(query.sort.as_deref())?;
    let mut select =
        customers::Entity::find().filter(scope.condition()).filter(list::filters(&state.db, &query).await?);
    select = if query.deleted == Some(true) {
        caller.require(Permission::CustomerDelete)?;
        select.filter(customers::Column::DeletedAt.is_not_null())
    } else {
        select.filter(customers::Column::DeletedAt.is_null())
    };
    let total = if query.with_total == Some(true) { Some(select.clone().count(&state.db).await?) } else { None };
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        select = select.filter(list::after_cursor(sort, cursor)?);
    }
    for (expr, order) in sort.order() {
        select = select.order_by(expr, order);
    }
    let mut rows = select.limit(limit + 1).into_partial_model::<ListRow>().all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |row| list::cursor_after(sort, row));
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if !rows.is_empty() {
        let found = customer_tags::Entity::find()
            .filter(customer_tags::Column::CustomerId.is_in(rows.iter().map(|r| r.id)))
            .order_by_asc(customer_tags::Column::Tag)
            .all(&state.db)
            .await?;
        for tag in found {
            tags.entry(tag.customer_id).or_default().push(tag.tag);
        }
    }
    let items = rows.iter().map(|row| record::summary(row, tags.remove(&row.id).unwrap_or_default())).collect();
    let page = CustomerPage { items, next_cursor, total };
    if !caller.access.hides_any(Resource::Customers) {
        return Ok(HttpResponse::Ok().json(page));
    }
    let mut body = serde_json::to_value(&page).map_err(|e| ApiError::Internal(e.into()))?;
    if let Some(items) = body.get_mut("items").and_then(serde_json::Value::as_array_mut) {
        for item in items {
            caller.access.redact(Resource::Customers, item);
        }
    }
    Ok(HttpResponse::Ok().json(body))
}

/// Check for duplicates.
///
/// Existing customers with the same normalised name, phone (the customer's or a contact's mobile)
/// or USCC as typed so far — for the form to warn while the user types. Matches are shown whoever
/// owns them, with the owner's name, so that colleagues can sort it out.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(DuplicateQuery),
    responses((status = 200, description = "The look-alikes (at most ten).", body = Vec<DuplicateMatch>), AuthErrors, BadParameters)
)]
#[get("/customers/duplicates")]
pub async fn find_duplicates(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<DuplicateQuery>,
) -> ApiResult<web::Json<Vec<DuplicateMatch>>> {
    if !caller.access.has(Permission::CustomerCreate) {
        caller.require(Permission::CustomerEdit)?;
    }
    check_lengths(&[
        ("name", query.name.as_deref(), 100),
        ("phone", query.phone.as_deref(), 30),
        ("uscc", query.uscc.as_deref(), 18),
    ])?;
    let probe = Probe {
        name: query.name.as_deref(),
        phone: query.phone.as_deref(),
        uscc: query.uscc.as_deref(),
        mobiles: Vec::new(),
        except: query.except,
    };
    Ok(web::Json(duplicates::find(&state.db, &probe).await?))
}
