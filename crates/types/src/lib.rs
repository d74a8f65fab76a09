//! The CRM's wire format: every request and response body of the REST API under `/api/v1`.
//!
//! Architecture invariant: this is the one serialisation boundary. The server serialises these structs
//! and the WASM SPA deserialises the very same ones, so the two cannot drift. The crate compiles for
//! `wasm32-unknown-unknown` and depends on no web or database framework.

pub mod access;
pub mod admin;
pub mod api;
pub mod attachment;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod custom_field;
pub mod customer;
pub mod demand;
pub mod dictionary;
pub mod export;
pub mod followup;
pub mod ids;
pub mod import;
pub mod notification;
pub mod page;
pub mod patch;
pub mod problem;
pub mod saved_view;
pub mod settings;
pub mod system;
pub mod task;

pub use ids::{
    ApiKeyId, AttachmentId, AuditEntryId, ContactId, CustomFieldId, CustomerId, DeliveryId, DemandId, DepartmentId,
    DictionaryItemId, ExportId, FollowupId, HandoverId, ImportId, ImportTemplateId, NotificationId, RoleId,
    SavedViewId, TaskId, UserId,
};
pub use problem::{ErrorCode, FieldError, FieldErrorCode, Problem};
