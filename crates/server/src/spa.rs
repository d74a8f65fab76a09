//! Serves the built SPA: its static assets with their MIME types, and `index.html` for every client
//! route so that deep links and reloads work. Assets named by content hash (`crm_bg.1a2b3c4d5e6f.wasm`,
//! written by `frontend/bundle.mjs`) are cached by browsers for a year; their brotli or gzip copy is
//! sent when the browser accepts it; `index.html` is always revalidated, so a new build shows at once.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{ACCEPT_ENCODING, CACHE_CONTROL, ContentEncoding, HeaderValue, VARY};
use actix_web::{HttpRequest, HttpResponse};

use crate::ApiError;

/// The directory holding the built SPA.
#[derive(Debug, Clone)]
pub struct WebDir(pub PathBuf);

impl WebDir {
    /// Answers a GET or HEAD for a non-API path.
    pub async fn serve(&self, req: &HttpRequest) -> Result<HttpResponse, ApiError> {
        let Some(relative) = safe_relative_path(req.path()) else {
            return Err(ApiError::NotFound("No such file.".into()));
        };
        let candidate = self.0.join(&relative);
        if !relative.as_os_str().is_empty() && candidate.is_file() {
            let immutable = is_content_hashed(&relative);
            let mut response = match precompressed(req, &candidate) {
                Some((copy, encoding)) => {
                    let media_type = actix_files::file_extension_to_mime(
                        candidate.extension().and_then(|e| e.to_str()).unwrap_or_default(),
                    );
                    let file = open(&copy).await?.set_content_type(media_type).set_content_encoding(encoding);
                    file.into_response(req)
                }
                None => open(&candidate).await?.into_response(req),
            };
            let cache = if immutable { "public, max-age=31536000, immutable" } else { "no-cache" };
            let headers = response.headers_mut();
            headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
            headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
            return Ok(response);
        }
        if relative.extension().is_some() {
            return Err(ApiError::NotFound(format!("There is no file {}.", req.path())));
        }
        let index = self.0.join("index.html");
        if !index.is_file() {
            return Err(ApiError::Unavailable(format!(
                "The web interface is not built: {} has no index.html (run `make run`, or set CRM_WEB_DIR).",
                self.0.display()
            )));
        }
        let mut response = open(&index).await?.into_response(req);
        response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        Ok(response)
    }
}

/// Whether the file's name carries its content hash (`name.<12 hex digits>.ext`): such a file never
/// changes, a new build writes a new name.
fn is_content_hashed(relative: &Path) -> bool {
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else { return false };
    let mut parts = name.rsplit('.');
    let (_extension, hash) = (parts.next(), parts.next());
    parts.next().is_some() && hash.is_some_and(|h| h.len() == 12 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The brotli (else gzip) copy of `file` written by the build, when the browser accepts it.
fn precompressed(req: &HttpRequest, file: &Path) -> Option<(PathBuf, ContentEncoding)> {
    let accepted = req.headers().get(ACCEPT_ENCODING)?.to_str().ok()?.to_ascii_lowercase();
    let accepts = |coding: &str| {
        accepted.split(',').any(|part| {
            let mut pieces = part.split(';');
            let named = pieces.next().is_some_and(|c| c.trim() == coding);
            let refused = pieces.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            named && !refused
        })
    };
    [("br", ContentEncoding::Brotli), ("gz", ContentEncoding::Gzip)]
        .into_iter()
        .filter(|(suffix, _)| accepts(if *suffix == "br" { "br" } else { "gzip" }))
        .map(|(suffix, encoding)| (PathBuf::from(format!("{}.{suffix}", file.display())), encoding))
        .find(|(copy, _)| copy.is_file())
}

async fn open(path: &Path) -> Result<NamedFile, ApiError> {
    let file = NamedFile::open_async(path)
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context(format!("cannot open {}", path.display()))))?;
    Ok(file.use_etag(true).use_last_modified(true).set_content_disposition(inline()))
}

fn inline() -> actix_web::http::header::ContentDisposition {
    actix_web::http::header::ContentDisposition {
        disposition: actix_web::http::header::DispositionType::Inline,
        parameters: Vec::new(),
    }
}

/// The request path as a relative file path, or `None` if it tries to leave the directory or to reach
/// hidden files. Percent-encoded paths are client routes, never files.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', '\0', '%', ':']) {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_and_hidden_files_are_refused() {
        assert_eq!(safe_relative_path("/../etc/passwd"), None);
        assert_eq!(safe_relative_path("/assets/..%2f..%2fsecret"), None);
        assert_eq!(safe_relative_path("/.dev-jwt-secret"), None);
        assert_eq!(safe_relative_path("/a\\b"), None);
    }

    #[test]
    fn only_names_with_a_content_hash_are_immutable() {
        assert!(is_content_hashed(Path::new("crm_bg.0123456789ab.wasm")));
        assert!(is_content_hashed(Path::new("style.abcdef012345.css")));
        assert!(!is_content_hashed(Path::new("style.css")));
        assert!(!is_content_hashed(Path::new("index.html")));
        assert!(!is_content_hashed(Path::new("0123456789ab.wasm")));
        assert!(!is_content_hashed(Path::new("crm.0123456789xy.js")));
    }

    #[test]
    fn ordinary_paths_map_into_the_directory() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative_path("/crm-frontend_bg.wasm"), Some(PathBuf::from("crm-frontend_bg.wasm")));
        assert_eq!(safe_relative_path("/customers/42"), Some(PathBuf::from("customers/42")));
    }
}
