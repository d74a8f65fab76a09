//! What answers when no route matched: 405 for a known path with another method, a problem 404 under
//! `/api`, and otherwise the SPA (a static asset, or `index.html` for client-side routes).
//!
//! The known paths come from the OpenAPI document, which utoipa-actix-web builds from the very routes
//! that are registered, so the `Allow` header can't disagree with the router.

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;

use crate::ApiError;
use crate::spa::WebDir;

/// Every documented path template with the methods it accepts.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<Method>)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter,
}

impl RouteTable {
    /// Builds the table from an OpenAPI document.
    pub fn from_openapi(spec: &OpenApi) -> Self {
        let routes = spec
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let segments = split(template)
                    .map(|s| {
                        if s.starts_with('{') && s.ends_with('}') {
                            Segment::Parameter
                        } else {
                            Segment::Literal(s.to_owned())
                        }
                    })
                    .collect();
                let operations = [
                    (Method::GET, item.get.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::HEAD, item.head.is_some()),
                    (Method::OPTIONS, item.options.is_some()),
                    (Method::TRACE, item.trace.is_some()),
                ];
                let methods = operations.into_iter().filter(|(_, present)| *present).map(|(m, _)| m).collect();
                (segments, methods)
            })
            .collect();
        Self { routes }
    }

    /// Adds a path that is served outside the OpenAPI document (the document itself, for one).
    pub fn with(mut self, template: &str, methods: &[Method]) -> Self {
        let segments = split(template).map(|s| Segment::Literal(s.to_owned())).collect();
        self.routes.push((segments, methods.to_vec()));
        self
    }

    /// The methods that `path` accepts, if it is a known path.
    pub fn allowed_methods(&self, path: &str) -> Option<Vec<Method>> {
        let wanted: Vec<&str> = split(path).collect();
        let mut allowed: Vec<Method> = Vec::new();
        // The most specific templates win: `/customers/handover` over `/customers/{id}`.
        let mut best_literals = 0;
        for (segments, methods) in &self.routes {
            let matches = segments.len() == wanted.len()
                && segments.iter().zip(&wanted).all(|(segment, part)| match segment {
                    Segment::Literal(literal) => literal == part,
                    Segment::Parameter => !part.is_empty(),
                });
            if !matches {
                continue;
            }
            let literals = segments.iter().filter(|s| matches!(s, Segment::Literal(_))).count();
            if literals > best_literals {
                best_literals = literals;
                allowed.clear();
            }
            if literals == best_literals {
                allowed.extend(methods.iter().filter(|m| !allowed.contains(m)).cloned().collect::<Vec<_>>());
            }
        }
        (!allowed.is_empty()).then_some(allowed)
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.trim_end_matches('/').split('/').filter(|s| !s.is_empty())
}

/// Whether `path` belongs to the API (and so answers with problem+json, never with the SPA).
pub fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/") || path == "/healthz" || path == "/readyz"
}

/// The application's default service.
pub async fn fallback(
    req: HttpRequest,
    routes: web::Data<RouteTable>,
    web_dir: web::Data<WebDir>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if let Some(allow) = routes.allowed_methods(path) {
        if allow.contains(req.method()) {
            // The route exists for this method, but a path parameter did not fit its pattern.
            return Err(ApiError::BadRequest(format!("A path parameter of {path} is malformed.")));
        }
        return Err(ApiError::MethodNotAllowed { allow });
    }
    if path == "/api/docs" && req.method() == Method::GET {
        return Ok(HttpResponse::PermanentRedirect().insert_header(("Location", "/api/docs/")).finish());
    }
    if is_api_path(path) {
        return Err(ApiError::NotFound(format!("There is no API resource at {path}.")));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::MethodNotAllowed { allow: vec![Method::GET, Method::HEAD] });
    }
    web_dir.serve(&req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::openapi::OpenApiBuilder;
    use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem, PathsBuilder};

    fn table() -> RouteTable {
        let paths = PathsBuilder::new()
            .path("/api/v1/customers", PathItem::new(HttpMethod::Get, OperationBuilder::new().build()))
            .path("/api/v1/customers", PathItem::new(HttpMethod::Post, OperationBuilder::new().build()))
            .path("/api/v1/customers/{id}", PathItem::new(HttpMethod::Delete, OperationBuilder::new().build()))
            .path("/api/v1/customers/handover", PathItem::new(HttpMethod::Post, OperationBuilder::new().build()))
            .build();
        RouteTable::from_openapi(&OpenApiBuilder::new().paths(paths).build())
    }

    #[test]
    fn a_known_path_reports_its_methods() {
        let table = table();
        assert_eq!(table.allowed_methods("/api/v1/customers"), Some(vec![Method::GET, Method::POST]));
        assert_eq!(table.allowed_methods("/api/v1/customers/"), Some(vec![Method::GET, Method::POST]));
        assert_eq!(table.allowed_methods("/api/v1/customers/42"), Some(vec![Method::DELETE]));
    }

    #[test]
    fn a_literal_segment_is_more_specific_than_a_parameter() {
        assert_eq!(table().allowed_methods("/api/v1/customers/handover"), Some(vec![Method::POST]));
    }

    #[test]
    fn an_unknown_path_has_no_methods() {
        let table = table();
        assert_eq!(table.allowed_methods("/api/v1/customer"), None);
        assert_eq!(table.allowed_methods("/api/v1/customers/42/contacts"), None);
        assert!(is_api_path("/api/v2/anything"));
        assert!(!is_api_path("/apis"));
    }
}
