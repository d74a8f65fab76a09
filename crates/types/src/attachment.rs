//! Attachments (附件) of customers, follow-ups and demands.

use crate::ids::AttachmentId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::followup::UserRef;

/// The kind of record an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OwnerType {
    /// A customer (contracts, business licences…).
    Customer,
    /// A follow-up (meeting notes…).
    Followup,
    /// A demand (the customer's confirmation…).
    Demand,
}

impl OwnerType {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Followup => "followup",
            Self::Demand => "demand",
        }
    }
}

/// What an attachment is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Any file.
    #[default]
    General,
    /// The customer's confirmation (signature, e-mail screenshot) that lets a demand close.
    Confirmation,
}

impl Purpose {
    /// The snake_case name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Confirmation => "confirmation",
        }
    }
}

/// An attachment's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Attachment {
    /// The id.
    pub id: AttachmentId,
    /// The kind of record it belongs to.
    pub owner_type: OwnerType,
    /// That record's id.
    pub owner_id: i64,
    /// What it is for.
    pub purpose: Purpose,
    /// The file's name (made safe).
    pub file_name: String,
    /// The media type, from the content.
    pub content_type: String,
    /// Its size in bytes.
    pub size_bytes: i64,
    /// Whether browsers can show it inline (images, PDF).
    pub previewable: bool,
    /// Who uploaded it.
    pub uploaded_by: UserRef,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Query of `POST /api/v1/attachments` and `GET /api/v1/attachments`: the record the files belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AttachmentOwner {
    /// The kind of record.
    pub owner_type: OwnerType,
    /// Its id.
    pub owner_id: i64,
    /// What the upload is for (uploads only; default `general`).
    pub purpose: Option<Purpose>,
}

/// The multipart body of an upload: one part named `file`.
#[derive(Debug, Clone, ToSchema)]
pub struct UploadForm {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Query of `GET /api/v1/attachments/{id}/content`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContentQuery {
    /// Show an image or PDF in the browser rather than download it.
    pub inline: Option<bool>,
}

/// What an upload may be: `GET /api/v1/attachments/limits`, so a client checks a file before sending
/// it instead of reading a 413 or 415.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AttachmentLimits {
    /// The largest file accepted, in bytes (a larger one is refused with 413).
    pub max_bytes: u64,
    /// The types accepted; the server decides a file's type from its content, so the extensions are
    /// what a file chooser should offer, not what is checked (anything else is refused with 415).
    pub accepted: Vec<AcceptedType>,
}

/// One type of file an upload may be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AcceptedType {
    /// The media type the file is stored and served as (`application/pdf`).
    pub content_type: String,
    /// The usual file name extensions, lower case without the dot (`pdf`).
    pub extensions: Vec<String>,
    /// Whether browsers can show it inline (images, PDF).
    pub previewable: bool,
}
