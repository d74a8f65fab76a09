//! Where attachment bytes live. The server talks to an [`AttachmentStore`]; [`LocalStore`] keeps files
//! in a directory under the data dir, and an S3-compatible store can take its place by implementing
//! the same three operations.

use std::path::{Path, PathBuf};

use async_trait::async_trait;

/// A place that keeps attachment bytes under opaque keys.
#[async_trait]
pub trait AttachmentStore: Send + Sync + std::fmt::Debug {
    /// A directory for uploads in progress, on the same file system as the store when it is local.
    fn staging_dir(&self) -> &Path;

    /// Takes the complete file at `staged` (in the staging directory) and keeps it under `key`.
    async fn put(&self, key: &str, staged: &Path) -> std::io::Result<()>;

    /// The file kept under `key`, as a local path to stream from.
    async fn open(&self, key: &str) -> std::io::Result<PathBuf>;

    /// Forgets `key` (a missing key is not an error).
    async fn delete(&self, key: &str) -> std::io::Result<()>;
}

/// Files in a directory: `{root}/{key[0..2]}/{key}`, uploads staged in `{root}/.staging`.
#[derive(Debug, Clone)]
pub struct LocalStore {
    root: PathBuf,
    staging: PathBuf,
}

impl LocalStore {
    /// A store rooted at `root`, creating its directories.
    pub fn new(root: PathBuf) -> std::io::Result<Self> {
        let staging = root.join(".staging");
        std::fs::create_dir_all(&staging)?;
        Ok(Self { root, staging })
    }

    /// The path of `key`; keys are generated hex strings, anything else is refused.
    fn path(&self, key: &str) -> std::io::Result<PathBuf> {
        if key.len() < 8 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not an attachment key"));
        }
        Ok(self.root.join(&key[..2]).join(key))
    }
}

#[async_trait]
impl AttachmentStore for LocalStore {
    fn staging_dir(&self) -> &Path {
        &self.staging
    }

    async fn put(&self, key: &str, staged: &Path) -> std::io::Result<()> {
        let target = self.path(key)?;
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        tokio::fs::rename(staged, target).await
    }

    async fn open(&self, key: &str) -> std::io::Result<PathBuf> {
        let path = self.path(key)?;
        tokio::fs::metadata(&path).await?;
        Ok(path)
    }

    async fn delete(&self, key: &str) -> std::io::Result<()> {
        match tokio::fs::remove_file(self.path(key)?).await {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }
}
