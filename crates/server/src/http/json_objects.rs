//! Every JSON body the API takes is an object. serde would also build a struct from an array of its
//! fields in order (`[[], null]` as `{"channels": [], "im_kind": null}`), a shape no client means and
//! the OpenAPI document does not allow; this middleware refuses a JSON body that is an array, reading
//! no further than its first significant byte. (Other values that are not objects are refused by the
//! extractor; operations that take no body ignore one, such as the `null` some clients send.)

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage};
use crm_types::FieldErrorCode;
use futures_util::{StreamExt, stream};

use crate::ApiError;

/// Middleware (for `middleware::from_fn`): a JSON body that is an array is a 422.
pub async fn require_json_objects(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if !is_json(&req) {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    let mut payload = req.take_payload();
    let mut read: Vec<Bytes> = Vec::new();
    let mut first = None;
    while first.is_none() {
        let Some(chunk) = payload.next().await else { break };
        let chunk = chunk?;
        first = chunk.iter().copied().find(|b| !b.is_ascii_whitespace());
        read.push(chunk);
    }
    if first == Some(b'[') {
        let error = ApiError::field("body", FieldErrorCode::InvalidType, "the body must be a JSON object");
        return Ok(req.error_response(error).map_into_right_body());
    }
    let replayed = stream::iter(read.into_iter().map(Ok)).chain(payload);
    req.set_payload(Payload::Stream { payload: Box::pin(replayed) });
    next.call(req).await.map(ServiceResponse::map_into_left_body)
}

/// Whether the request says its body is JSON (`application/json`, `application/merge-patch+json`…).
fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::trim)
        .is_some_and(|mime| {
            let mime = mime.to_ascii_lowercase();
            mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
}
