//! The record of handovers: who moved which customers to whom, when and why. A user sees the handovers
//! they made, received or gave customers away in; a manager also those to users of their department
//! subtree; a caller who sees every customer sees every handover.

use std::collections::HashMap;

use actix_web::{get, web};
use crm_types::customer::{HandedOverCustomer, Handover, HandoverDetail, HandoverPage, HandoverQuery};
use crm_types::{CustomerId, UserId};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::auth::scope::Visibility;
use crate::customers::access::CustomerScope;
use crate::customers::record::user_names;
use crate::entities::{customer_handover_items, customer_handovers, customers, users};
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery, NotFound};
use crate::state::AppState;
use crate::validation::{check_lengths, next_cursor, page_limit};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_handovers).service(get_handover);
}

/// The condition on `customer_handovers` rows the caller may read (`None`: all of them).
fn readable(caller: &Caller) -> ApiResult<Option<Condition>> {
    let scope = CustomerScope::of(caller)?;
    let user_id = match &scope.visibility {
        Visibility::All => return Ok(None),
        Visibility::Nothing => return Ok(Some(Condition::all().add(Expr::val(1).eq(0)))),
        Visibility::Own { user_id } | Visibility::Department { user_id, .. } => *user_id,
    };
    let gave = Query::select()
        .column(customer_handover_items::Column::HandoverId)
        .from(customer_handover_items::Entity)
        .and_where(customer_handover_items::Column::FromUserId.eq(user_id))
        .to_owned();
    let mut any = Condition::any()
        .add(customer_handovers::Column::ByUserId.eq(user_id))
        .add(customer_handovers::Column::ToUserId.eq(user_id))
        .add(customer_handovers::Column::Id.in_subquery(gave));
    if let Visibility::Department { departments, .. } = &scope.visibility {
        let colleagues = Query::select()
            .column(users::Column::Id)
            .from(users::Entity)
            .and_where(users::Column::DepartmentId.is_in(departments.iter().copied()))
            .to_owned();
        any = any.add(customer_handovers::Column::ToUserId.in_subquery(colleagues));
    }
    Ok(Some(any))
}

/// The wire form of handovers, with the names of the users.
async fn with_names(state: &AppState, rows: &[customer_handovers::Model]) -> ApiResult<Vec<Handover>> {
    let names = user_names(&state.db, rows.iter().flat_map(|r| [Some(r.to_user_id), r.by_user_id]).flatten()).await?;
    Ok(rows
        .iter()
        .map(|row| Handover {
            id: row.id,
            to_user_id: UserId(row.to_user_id),
            by_user_id: row.by_user_id.map(UserId),
            reason: row.reason.clone(),
            customer_count: u32::try_from(row.customer_count).unwrap_or_default(),
            created_at: row.created_at,
            to_user_name: names.get(&row.to_user_id).cloned(),
            by_user_name: row.by_user_id.and_then(|id| names.get(&id).cloned()),
        })
        .collect())
}

/// List handovers.
///
/// The handovers the caller may read, newest first, a page at a time.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(HandoverQuery),
    responses((status = 200, description = "A page of handovers.", body = HandoverPage), AuthErrors, BadParameters, InvalidQuery)
)]
#[get("/customers/handovers")]
pub async fn list_handovers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<HandoverQuery>,
) -> ApiResult<web::Json<HandoverPage>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 40)])?;
    let limit = page_limit(query.limit, 50, 200)?;
    let mut select = customer_handovers::Entity::find();
    if let Some(condition) = readable(&caller)? {
        select = select.filter(condition);
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let before = cursor
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| cursor.parse::<i64>().ok())
            .flatten()
            .ok_or_else(|| ApiError::field("cursor", "invalid", "is not a cursor this list gave out"))?;
        select = select.filter(customer_handovers::Column::Id.lt(before));
    }
    let mut rows = select.order_by_desc(customer_handovers::Column::Id).limit(limit + 1).all(&state.db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |row| row.id.to_string());
    Ok(web::Json(HandoverPage { items: with_names(&state, &rows).await?, next_cursor }))
}

/// Get a handover.
///
/// A handover the caller may read, with the customers it moved and their previous owners.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The handover's id.")),
    responses((status = 200, description = "The handover.", body = HandoverDetail), AuthErrors, NotFound, BadParameters)
)]
#[get("/customers/handovers/{id}")]
pub async fn get_handover(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<i64>,
) -> ApiResult<web::Json<HandoverDetail>> {
    let id = id.into_inner();
    let mut select = customer_handovers::Entity::find_by_id(id);
    if let Some(condition) = readable(&caller)? {
        select = select.filter(condition);
    }
    let row = select.one(&state.db).await?.ok_or_else(|| ApiError::NotFound(format!("There is no handover {id}.")))?;
    let items = customer_handover_items::Entity::find()
        .filter(customer_handover_items::Column::HandoverId.eq(id))
        .order_by_asc(customer_handover_items::Column::CustomerId)
        .all(&state.db)
        .await?;
    // Each customer's code and name, in one read.
    let labels: HashMap<i64, (String, String)> = customers::Entity::find()
        .select_only()
        .column(customers::Column::Id)
        .column(customers::Column::Code)
        .column(customers::Column::Name)
        .filter(customers::Column::Id.is_in(items.iter().map(|i| i.customer_id)))
        .into_tuple::<(i64, String, String)>()
        .all(&state.db)
        .await?
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect();
    let owners = user_names(&state.db, items.iter().filter_map(|i| i.from_user_id)).await?;
    let customers = items
        .iter()
        .map(|item| {
            let (code, name) = labels.get(&item.customer_id).cloned().unwrap_or_default();
            HandedOverCustomer {
                customer_id: CustomerId(item.customer_id),
                code,
                name,
                from_user_id: item.from_user_id.map(UserId),
                from_user_name: item.from_user_id.and_then(|id| owners.get(&id).cloned()),
            }
        })
        .collect();
    let handover = with_names(&state, &[row]).await?.pop().ok_or_else(|| ApiError::NotFound(format!("{id}")))?;
    Ok(web::Json(HandoverDetail { handover, customers }))
}
