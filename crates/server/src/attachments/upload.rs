//! Receiving an upload: the `file` part of a multipart body streamed to a staged file, hashed and
//! counted as it arrives, stopped at the size limit. The staged file is removed unless kept.

use std::path::{Path, PathBuf};

use actix_multipart::Multipart;
use crm_types::FieldErrorCode;
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::names;
use crate::error::{ApiError, ApiResult};

/// How many first bytes are kept to recognise the file's type.
const HEAD_BYTES: usize = 8192;

/// A received file waiting in the staging directory.
#[derive(Debug)]
pub struct Staged {
    /// Where it waits; removed when this is dropped unless [`Staged::keep`] was called.
    path: Option<PathBuf>,
    /// Its safe name.
    pub file_name: String,
    /// Its size.
    pub size: u64,
    /// Its SHA-256, hex.
    pub sha256: String,
    /// Its first bytes.
    pub head: Vec<u8>,
}

impl Staged {
    /// The staged file's path.
    pub fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Leaves the staged file alone (it has been moved into the store).
    pub fn keep(mut self) {
        self.path = None;
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Streams the `file` part of `payload` into `staging` (413 past `max` bytes; 422 without a file).
pub async fn receive(mut payload: Multipart, staging: &Path, max: u64) -> ApiResult<Staged> {
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| {
            ApiError::field("file", FieldErrorCode::Malformed, &format!("the multipart body is malformed: {e}"))
        })?;
        if field.name() != Some("file") {
            while let Some(chunk) = field.next().await {
                chunk.map_err(|e| {
                    ApiError::field("file", FieldErrorCode::Malformed, &format!("the multipart body is malformed: {e}"))
                })?;
            }
            continue;
        }
        let raw_name = field.content_disposition().and_then(|d| d.get_filename()).unwrap_or_default().to_owned();
        let path = staging.join(format!("{}.part", uuid::Uuid::new_v4().simple()));
        let mut staged = Staged {
            path: Some(path.clone()),
            file_name: names::sanitise(&raw_name),
            size: 0,
            sha256: String::new(),
            head: Vec::new(),
        };
        let mut file = tokio::fs::File::create(&path).await.map_err(|e| ApiError::Internal(e.into()))?;
        let mut hasher = Sha256::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("The upload was interrupted: {e}")))?;
            staged.size += chunk.len() as u64;
            if staged.size > max {
                return Err(ApiError::PayloadTooLarge(format!("A file may be at most {} MB.", max / 1_048_576)));
            }
            if staged.head.len() < HEAD_BYTES {
                let take = (HEAD_BYTES - staged.head.len()).min(chunk.len());
                staged.head.extend_from_slice(&chunk[..take]);
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await.map_err(|e| ApiError::Internal(e.into()))?;
        }
        file.flush().await.map_err(|e| ApiError::Internal(e.into()))?;
        if staged.size == 0 {
            return Err(ApiError::field("file", FieldErrorCode::Empty, "the file is empty"));
        }
        staged.sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        return Ok(staged);
    }
    Err(ApiError::field("file", FieldErrorCode::Required, "send the file in a multipart part named `file`"))
}
