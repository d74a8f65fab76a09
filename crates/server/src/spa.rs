//! Serves the built SPA: its static assets with their MIME types, and `index.html` for every client
//! route so that deep links and reloads work.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::http::header::{CACHE_CONTROL, HeaderValue};
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
            let mut response = open(&candidate).await?.into_response(req);
            // Assets are named by content hash where the build can; index.html never is.
            response.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
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
    fn ordinary_paths_map_into_the_directory() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative_path("/crm-frontend_bg.wasm"), Some(PathBuf::from("crm-frontend_bg.wasm")));
        assert_eq!(safe_relative_path("/customers/42"), Some(PathBuf::from("customers/42")));
    }
}
