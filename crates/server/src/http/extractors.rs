//! Extractor configurations whose errors are problem+json like every other error.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use crm_types::{FieldError, FieldErrorCode};

use crate::ApiError;

/// JSON bodies: at most `limit` bytes, `application/json` only, malformed bodies are 400 and bodies of
/// the wrong shape 422 with the offending field named where serde names it.
pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(|err, _req: &HttpRequest| json_error(err).into())
}

fn json_error(err: JsonPayloadError) -> ApiError {
    match err {
        JsonPayloadError::OverflowKnownLength { length, limit } => {
            ApiError::PayloadTooLarge(format!("The body is {length} bytes; at most {limit} bytes are accepted."))
        }
        JsonPayloadError::Overflow { limit } => {
            ApiError::PayloadTooLarge(format!("The body is larger than the {limit} bytes accepted."))
        }
        JsonPayloadError::ContentType => {
            ApiError::UnsupportedMediaType("Send the body as JSON with Content-Type: application/json.".into())
        }
        JsonPayloadError::Deserialize(error) if error.is_data() => ApiError::Validation(vec![field_error(&error)]),
        JsonPayloadError::Deserialize(error) => ApiError::MalformedJson(format!("The body is not valid JSON: {error}")),
        other => ApiError::BadRequest(format!("The body could not be read: {other}")),
    }
}

/// Names the field in serde's "missing field `x`" / "unknown field `x`" messages.
fn field_error(error: &serde_json::Error) -> FieldError {
    let message = error.to_string();
    let quoted = message.split('`').nth(1).map(str::to_owned);
    let (field, code) = match quoted {
        Some(field) if message.starts_with("missing field") => (field, FieldErrorCode::Required),
        Some(field) if message.starts_with("unknown field") => (field, FieldErrorCode::UnknownField),
        _ => ("body".to_owned(), FieldErrorCode::InvalidType),
    };
    FieldError::new(field, code, message)
}

/// Query strings: a bad parameter is a 400 naming it.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req: &HttpRequest| {
        ApiError::BadRequest(format!("Invalid query string: {err}")).into()
    })
}

/// Path parameters: a malformed id is a 400.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err: PathError, _req: &HttpRequest| {
        ApiError::BadRequest(format!("Invalid path parameter: {err}")).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "only deserialised")]
    struct Body {
        name: String,
    }

    fn error_for(json: &str) -> FieldError {
        let error = serde_json::from_str::<Body>(json).unwrap_err();
        field_error(&error)
    }

    #[test]
    fn missing_and_unknown_fields_are_named() {
        assert_eq!(error_for("{}").field, "name");
        assert_eq!(error_for("{}").code, FieldErrorCode::Required);
        let unknown = error_for(r#"{"name":"x","nickname":"y"}"#);
        assert_eq!((unknown.field.as_str(), unknown.code.as_str()), ("nickname", "unknown_field"));
        assert_eq!(error_for(r#"{"name":1}"#).field, "body");
    }
}
