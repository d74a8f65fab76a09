//! A safety net: any error response under the API paths that is not already problem+json (one made
//! by the framework or by a third-party service) is rewritten as one, keeping its status and `Allow`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{ALLOW, CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use crm_types::problem::PROBLEM_CONTENT_TYPE;

use crate::error::problem_for_status;
use crate::http::fallback::is_api_path;

/// Middleware (for `middleware::from_fn`).
pub async fn ensure_problem_bodies(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !is_api_path(req.path()) {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    }
    // Handler and extractor errors arrive here already turned into responses by actix-web.
    let response = next.call(req).await?.map_into_boxed_body();
    if response.status().as_u16() < 400 || is_problem(response.headers()) {
        return Ok(response);
    }
    let (request, original) = response.into_parts();
    let mut replacement = HttpResponse::build(original.status());
    replacement.insert_header((CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
    for name in [ALLOW, RETRY_AFTER] {
        if let Some(value) = original.headers().get(&name) {
            replacement.insert_header((name, value.clone()));
        }
    }
    Ok(ServiceResponse::new(request, replacement.json(problem_for_status(original.status()))))
}

fn is_problem(headers: &HeaderMap) -> bool {
    headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE))
}
