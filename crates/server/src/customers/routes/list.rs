//! The customer list and the duplicate check.

use actix_web::{HttpResponse, get, web};
use crm_types::access::Permission;
use crm_types::customer::{CustomerQuery, CustomerSummary, DuplicateMatch, DuplicateQuery};
use crm_types::page::Page;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::customers::queries::duplicates::{self, Probe};
use crate::customers::queries::list_page;
use crate::error::ApiResult;
use crate::openapi::{AuthErrors, BadParameters, InvalidQuery};
use crate::policy;
use crate::policy::fields::CustomerFields;
use crate::state::AppState;
use crate::validation::check_lengths;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_customers).service(find_duplicates);
}

/// List customers.
///
/// The customers in the caller's scope that pass every filter, in the chosen order, a page at a
/// time: pass `next_cursor` back as `cursor` for the next page (pages stay fast however deep).
/// `with_total=true` also counts the matches.
#[utoipa::path(
    operation_id = crm_types::api::ListCustomers::ID,
    tag = "customers",
    security(("bearer" = [])),
    params(CustomerQuery),
    responses((status = 200, description = "A page of customers.", body = Page<CustomerSummary>), AuthErrors, BadParameters, InvalidQuery)
)]
#[get("/customers")]
pub async fn list_customers(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<CustomerQuery>,
) -> ApiResult<HttpResponse> {
    let scope = policy::customers::listing(&state.db, &caller, query.deleted == Some(true)).await?;
    let page = list_page::page(&state.db, &scope, &query, state.clock.now()).await?;
    let fields = CustomerFields::of(&caller);
    let page = Page { items: page.items.into_iter().map(|row| fields.summary(row)).collect(), ..page };
    Ok(HttpResponse::Ok().json(page))
}

/// Check for duplicates.
///
/// Existing customers with the same normalised name, phone (the customer's or a contact's mobile)
/// or USCC as typed so far — for the form to warn while the user types. Matches are shown whoever
/// owns them, with the owner's name, so that colleagues can sort it out.
#[utoipa::path(
    operation_id = crm_types::api::FindDuplicateCustomers::ID,
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
