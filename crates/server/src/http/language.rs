//! The language of the texts a person reads in an API answer — a problem's `detail` and its field
//! errors' `message`s: Chinese unless the request's `Accept-Language` prefers English (the product's
//! default is zh-CN). Codes, field names and everything a program matches on stay the same.

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_TYPE, HeaderValue, VARY};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use crm_types::problem::PROBLEM_CONTENT_TYPE;
use crm_types::{ErrorCode, FieldErrorCode};
use serde_json::Value;

use crate::http::chinese;
use crate::http::fallback::is_api_path;

/// A language the server writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// 简体中文 (the default).
    Chinese,
    /// English.
    English,
}

impl Language {
    /// The language `Accept-Language` prefers among Chinese and English (by quality, then order);
    /// Chinese when it names neither or is absent.
    pub fn preferred(accept_language: Option<&str>) -> Self {
        let mut best: Option<(f32, Self)> = None;
        for range in accept_language.unwrap_or_default().split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let language = match tag.split('-').next() {
                Some("zh") => Self::Chinese,
                Some("en") => Self::English,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, language));
            }
        }
        best.map_or(Self::Chinese, |(_, language)| language)
    }

    fn tag(self) -> &'static str {
        match self {
            Self::Chinese => "zh-CN",
            Self::English => "en",
        }
    }
}

/// Middleware (for `middleware::from_fn`): writes the problem answers of the API in the caller's
/// language and says which (`Content-Language`).
pub async fn speak_the_callers_language(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !is_api_path(req.path()) {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    }
    let language = Language::preferred(req.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    let mut response = next.call(req).await?.map_into_boxed_body();
    let is_problem = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_CONTENT_TYPE));
    if !is_problem {
        return Ok(response);
    }
    response.headers_mut().insert(CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    response.headers_mut().append(VARY, HeaderValue::from_static("accept-language"));
    if language == Language::English {
        return Ok(response);
    }
    let (request, original) = response.into_parts();
    let status = original.status();
    let headers = original.headers().clone();
    let bytes =
        to_bytes(original.into_body()).await.map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string()))?;
    let body = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut problem) => {
            in_chinese(&mut problem);
            serde_json::to_vec(&problem).unwrap_or_else(|_| bytes.to_vec())
        }
        Err(_) => bytes.to_vec(),
    };
    let mut translated = HttpResponse::build(status);
    for (name, value) in &headers {
        if name != actix_web::http::header::CONTENT_LENGTH {
            translated.append_header((name.clone(), value.clone()));
        }
    }
    Ok(ServiceResponse::new(request, translated.body(body)))
}

/// Replaces a problem's `detail` and its errors' `message`s with their Chinese by code.
fn in_chinese(problem: &mut Value) {
    let code = problem.get("code").cloned().and_then(|c| serde_json::from_value::<ErrorCode>(c).ok());
    if let Some(code) = code {
        problem["detail"] = Value::from(chinese::detail(code));
    }
    if let Some(errors) = problem.get_mut("errors").and_then(Value::as_array_mut) {
        for error in errors {
            let field = error.get("field").and_then(Value::as_str).unwrap_or_default().to_owned();
            let code = error.get("code").cloned().and_then(|c| serde_json::from_value::<FieldErrorCode>(c).ok());
            if let Some(code) = code {
                error["message"] = Value::from(chinese::field_message(&field, code));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language::{self, Chinese, English};

    #[test]
    fn the_preferred_of_chinese_and_english_wins_and_chinese_is_the_default() {
        assert_eq!(Language::preferred(None), Chinese);
        assert_eq!(Language::preferred(Some("")), Chinese);
        assert_eq!(Language::preferred(Some("fr-FR")), Chinese);
        assert_eq!(Language::preferred(Some("en-US,en;q=0.9")), English);
        assert_eq!(Language::preferred(Some("zh-CN,zh;q=0.9,en;q=0.8")), Chinese);
        assert_eq!(Language::preferred(Some("en;q=0.5, zh-TW;q=0.8")), Chinese);
        assert_eq!(Language::preferred(Some("de, en;q=0.7, zh;q=0")), English);
    }
}
