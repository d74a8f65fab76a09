//! Attachments under `/api/v1/attachments`: upload to a customer, follow-up or demand, list, download
//! or preview, and remove. Access follows the record the files belong to.

use actix_files::NamedFile;
use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use crm_types::AttachmentId;
use crm_types::attachment::{Attachment, AttachmentLimits, AttachmentOwner, ContentQuery, UploadForm};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::attachments::service::{self, Upload};
use crate::attachments::{queries, upload};
use crate::auth::Caller;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::policy;
use crate::policy::attachments::Owner;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_one).service(list).service(limits).service(content).service(remove);
}

/// Upload an attachment.
///
/// A multipart body with one part named `file`, to the record named in the query (which the caller
/// must be able to work on). The type is decided by the content: images, PDF, Word/Excel/PowerPoint
/// and plain text are accepted, anything else is 415 whatever its name. The name is made safe (no
/// directories). `purpose=confirmation` (demands only) is the customer's confirmation that lets the
/// demand close.
#[utoipa::path(
    operation_id = crm_types::api::UploadAttachment::ID,
    tag = "attachments",
    security(("bearer" = [])),
    params(AttachmentOwner),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored.", body = Attachment),
        (status = 413, description = "The file is larger than the limit.", body = crm_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "The file's content is not an accepted type.", body = crm_types::Problem, content_type = "application/problem+json"),
        AuthErrors, NotFound, BadParameters, JsonBodyErrors
    )
)]
#[post("/attachments")]
pub async fn upload_one(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AttachmentOwner>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let uploader = policy::attachments::uploader(&caller)?;
    let purpose = service::purpose(query.owner_type, query.purpose)?;
    let owner =
        policy::attachments::writable(&state.db, &caller, Owner { kind: query.owner_type, id: query.owner_id }).await?;
    let file = upload::receive(payload, state.attachments.staging_dir(), state.max_upload_bytes).await?;
    let upload = Upload { owner, purpose, file };
    let store = &*state.attachments;
    let dto = service::upload(&state.db, store, &caller, uploader, upload, state.clock.now()).await?;
    Ok(HttpResponse::Created().json(dto))
}

/// List a record's attachments.
///
/// Newest first, for a record the caller sees.
#[utoipa::path(
    operation_id = crm_types::api::ListAttachments::ID,
    tag = "attachments",
    security(("bearer" = [])),
    params(AttachmentOwner),
    responses((status = 200, description = "The attachments.", body = Vec<Attachment>), AuthErrors, NotFound, BadParameters)
)]
#[get("/attachments")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AttachmentOwner>,
) -> ApiResult<web::Json<Vec<Attachment>>> {
    let owner =
        policy::attachments::readable(&state.db, &caller, Owner { kind: query.owner_type, id: query.owner_id }).await?;
    Ok(web::Json(queries::list(&state.db, &owner).await?))
}

/// What an upload may be.
///
/// The largest file accepted and the types accepted, with their usual extensions, so a client can
/// check a file before sending it. The type is still decided by the content on upload.
#[utoipa::path(
    operation_id = crm_types::api::GetAttachmentLimits::ID,
    tag = "attachments",
    security(("bearer" = [])),
    responses((status = 200, description = "The limits.", body = AttachmentLimits), AuthErrors)
)]
#[get("/attachments/limits")]
pub async fn limits(state: web::Data<AppState>, _caller: Caller) -> web::Json<AttachmentLimits> {
    web::Json(queries::limits(state.max_upload_bytes))
}

/// Download or preview an attachment.
///
/// The file with its stored type. `inline=true` shows images and PDF in the browser; everything else
/// always downloads.
#[utoipa::path(
    operation_id = crm_types::api::GetAttachmentContent::ID,
    tag = "attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The attachment's id."), ContentQuery),
    responses(
        (status = 200, description = "The file, with the type found in its content (`image/png`, `application/pdf`…).", content_type = "*/*", body = crm_types::api::FileBytes),
        AuthErrors, NotFound, BadParameters
    )
)]
#[get("/attachments/{id:-?\\d+}/content")]
pub async fn content(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    id: web::Path<i64>,
    query: web::Query<ContentQuery>,
) -> ApiResult<HttpResponse> {
    let attachment = policy::attachments::visible(&state.db, &caller, AttachmentId(id.into_inner())).await?;
    let file = queries::content(&*state.attachments, attachment).await?;
    let disposition = if query.inline == Some(true) && file.previewable {
        DispositionType::Inline
    } else {
        DispositionType::Attachment
    };
    let mime: mime::Mime = file.content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let named = NamedFile::open_async(file.path)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .set_content_type(mime)
        .set_content_disposition(ContentDisposition {
            disposition,
            parameters: vec![DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.file_name.into_bytes(),
            })],
        })
        .use_etag(false)
        .use_last_modified(false);
    let mut response = named.into_response(&request);
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"),
    );
    Ok(response)
}

/// Remove an attachment.
///
/// By someone who may work on its record. A demand's last confirmation cannot be removed once the
/// demand is closed.
#[utoipa::path(
    operation_id = crm_types::api::DeleteAttachment::ID,
    tag = "attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The attachment's id.")),
    responses((status = 204, description = "Removed."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/attachments/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let txn = db::begin_write(&state.db).await?;
    let attachment = policy::attachments::removable(&txn, &caller, AttachmentId(id.into_inner())).await?;
    service::remove(&txn, &caller, attachment, state.clock.now()).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
