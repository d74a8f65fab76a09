//! Attachments under `/api/v1/attachments`: upload to a customer, follow-up or demand, list, download
//! or preview, and remove. Access follows the record the files belong to.

use actix_files::NamedFile;
use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::Utc;
use crm_types::UserId;
use crm_types::attachment::{
    AcceptedType, Attachment, AttachmentLimits, AttachmentOwner, ContentQuery, OwnerType, Purpose, UploadForm,
};
use crm_types::followup::UserRef;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::attachments::{kinds, owner, upload};
use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::record::user_names;
use crate::db;
use crate::entities::attachments;
use crate::error::{ApiError, ApiResult};
use crate::openapi::{AuthErrors, BadParameters, JsonBodyErrors, NotFound};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_one).service(list).service(limits).service(content).service(remove);
}

fn owner_type(row: &attachments::Model) -> ApiResult<OwnerType> {
    match row.owner_type.as_str() {
        "customer" => Ok(OwnerType::Customer),
        "followup" => Ok(OwnerType::Followup),
        "demand" => Ok(OwnerType::Demand),
        other => Err(ApiError::Internal(anyhow::anyhow!("attachment {} has the owner type {other:?}", row.id))),
    }
}

async fn to_dtos(db: &impl ConnectionTrait, rows: &[attachments::Model]) -> ApiResult<Vec<Attachment>> {
    let names = user_names(db, rows.iter().map(|r| r.uploaded_by)).await?;
    rows.iter()
        .map(|row| {
            Ok(Attachment {
                id: row.id,
                owner_type: owner_type(row)?,
                owner_id: row.owner_id,
                purpose: if row.purpose == Purpose::Confirmation.as_str() {
                    Purpose::Confirmation
                } else {
                    Purpose::General
                },
                file_name: row.file_name.clone(),
                content_type: row.content_type.clone(),
                size_bytes: row.size_bytes,
                previewable: row.content_type.starts_with("image/") || row.content_type == "application/pdf",
                uploaded_by: UserRef {
                    id: UserId(row.uploaded_by),
                    name: names.get(&row.uploaded_by).cloned().unwrap_or_default(),
                },
                created_at: row.created_at,
            })
        })
        .collect()
}

/// A live attachment whose record the caller sees, or 404.
async fn find_readable(db: &impl ConnectionTrait, caller: &Caller, id: i64) -> ApiResult<attachments::Model> {
    let missing = || ApiError::NotFound(format!("There is no attachment {id}."));
    let row =
        attachments::Entity::find_by_id(id).one(db).await?.filter(|r| r.deleted_at.is_none()).ok_or_else(missing)?;
    owner::check_readable(db, caller, owner_type(&row)?, row.owner_id).await.map_err(|e| match e {
        ApiError::NotFound(_) => missing(),
        other => other,
    })?;
    Ok(row)
}

/// Upload an attachment.
///
/// A multipart body with one part named `file`, to the record named in the query (which the caller
/// must be able to work on). The type is decided by the content: images, PDF, Word/Excel/PowerPoint
/// and plain text are accepted, anything else is 415 whatever its name. The name is made safe (no
/// directories). `purpose=confirmation` (demands only) is the customer's confirmation that lets the
/// demand close.
#[utoipa::path(
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
    let user = caller.user().ok_or_else(|| ApiError::Forbidden("Attachments are uploaded by users.".into()))?.id;
    let purpose = query.purpose.unwrap_or_default();
    if purpose == Purpose::Confirmation && query.owner_type != OwnerType::Demand {
        return Err(ApiError::field("purpose", "not_allowed", "only a demand takes a confirmation"));
    }
    owner::check_writable(&state.db, &caller, query.owner_type, query.owner_id).await?;
    let store = state.attachments.clone();
    let staged = upload::receive(payload, store.staging_dir(), state.max_upload_bytes).await?;
    let Some(kind) = kinds::detect(&staged.head, &staged.file_name) else {
        return Err(ApiError::UnsupportedMediaType(
            "Only images, PDF, Word, Excel, PowerPoint and plain text files are accepted; this file's content is none of them.".into(),
        ));
    };
    let key = uuid::Uuid::new_v4().simple().to_string();
    store.put(&key, staged.path()).await.map_err(|e| ApiError::Internal(e.into()))?;
    let now = Utc::now();
    let row = attachments::ActiveModel {
        owner_type: Set(query.owner_type.as_str().to_owned()),
        owner_id: Set(query.owner_id),
        purpose: Set(purpose.as_str().to_owned()),
        file_name: Set(staged.file_name.clone()),
        content_type: Set(kind.mime.to_owned()),
        size_bytes: Set(i64::try_from(staged.size).unwrap_or(i64::MAX)),
        sha256: Set(staged.sha256.clone()),
        storage_key: Set(key.clone()),
        uploaded_by: Set(user),
        created_at: Set(now),
        deleted_at: Set(None),
        deleted_by: Set(None),
        ..Default::default()
    };
    staged.keep();
    let saved = async {
        let txn = db::begin_write(&state.db).await?;
        let row = row.insert(&txn).await?;
        let dto = to_dtos(&txn, std::slice::from_ref(&row)).await?.remove(0);
        audit::record(
            &txn,
            &caller.actor(),
            Change::new("attachment.create", "attachment", row.id).created(audit::snapshot(&dto)?),
        )
        .await?;
        txn.commit().await?;
        Ok::<_, ApiError>(dto)
    }
    .await;
    match saved {
        Ok(dto) => Ok(HttpResponse::Created().json(dto)),
        Err(error) => {
            let _ = store.delete(&key).await;
            Err(error)
        }
    }
}

/// List a record's attachments.
///
/// Newest first, for a record the caller sees.
#[utoipa::path(
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
    owner::check_readable(&state.db, &caller, query.owner_type, query.owner_id).await?;
    let rows = attachments::Entity::find()
        .filter(attachments::Column::OwnerType.eq(query.owner_type.as_str()))
        .filter(attachments::Column::OwnerId.eq(query.owner_id))
        .filter(attachments::Column::DeletedAt.is_null())
        .order_by_desc(attachments::Column::Id)
        .all(&state.db)
        .await?;
    Ok(web::Json(to_dtos(&state.db, &rows).await?))
}

/// What an upload may be.
///
/// The largest file accepted and the types accepted, with their usual extensions, so a client can
/// check a file before sending it. The type is still decided by the content on upload.
#[utoipa::path(
    tag = "attachments",
    security(("bearer" = [])),
    responses((status = 200, description = "The limits.", body = AttachmentLimits), AuthErrors)
)]
#[get("/attachments/limits")]
pub async fn limits(state: web::Data<AppState>, _caller: Caller) -> web::Json<AttachmentLimits> {
    let accepted = kinds::accepted()
        .map(|(mime, previewable, extensions)| AcceptedType {
            content_type: mime.to_owned(),
            extensions: extensions.iter().map(|e| (*e).to_owned()).collect(),
            previewable,
        })
        .collect();
    web::Json(AttachmentLimits { max_bytes: state.max_upload_bytes, accepted })
}

/// Download or preview an attachment.
///
/// The file with its stored type. `inline=true` shows images and PDF in the browser; everything else
/// always downloads.
#[utoipa::path(
    tag = "attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The attachment's id."), ContentQuery),
    responses(
        (status = 200, description = "The file, with the type found in its content (`image/png`, `application/pdf`…).", content_type = "*/*", body = Vec<u8>),
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
    let row = find_readable(&state.db, &caller, id.into_inner()).await?;
    let path = state.attachments.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let previewable = row.content_type.starts_with("image/") || row.content_type == "application/pdf";
    let disposition =
        if query.inline == Some(true) && previewable { DispositionType::Inline } else { DispositionType::Attachment };
    let mime: mime::Mime = row.content_type.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM);
    let file = NamedFile::open_async(path)
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .set_content_type(mime)
        .set_content_disposition(ContentDisposition {
            disposition,
            parameters: vec![DispositionParam::FilenameExt(header::ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: row.file_name.clone().into_bytes(),
            })],
        })
        .use_etag(false)
        .use_last_modified(false);
    let mut response = file.into_response(&request);
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
    tag = "attachments",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The attachment's id.")),
    responses((status = 204, description = "Removed."), AuthErrors, NotFound, BadParameters)
)]
#[delete("/attachments/{id:-?\\d+}")]
pub async fn remove(state: web::Data<AppState>, caller: Caller, id: web::Path<i64>) -> ApiResult<HttpResponse> {
    let user = caller.user().map(|u| u.id);
    let txn = db::begin_write(&state.db).await?;
    let row = find_readable(&txn, &caller, id.into_inner()).await?;
    owner::check_writable(&txn, &caller, owner_type(&row)?, row.owner_id).await?;
    if row.owner_type == "demand" && row.purpose == Purpose::Confirmation.as_str() {
        let demand = crate::entities::demands::Entity::find_by_id(row.owner_id).one(&txn).await?;
        if demand.is_some_and(|d| d.status == crm_types::demand::DemandStatus::Done.as_str()) {
            return Err(ApiError::Conflict("The confirmation of a closed demand is kept.".into()));
        }
    }
    attachments::Entity::update_many()
        .col_expr(attachments::Column::DeletedAt, Expr::value(Utc::now()))
        .col_expr(attachments::Column::DeletedBy, Expr::value(user))
        .filter(attachments::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    let before =
        serde_json::json!({"file_name": row.file_name, "owner_type": row.owner_type, "owner_id": row.owner_id});
    audit::record(
        &txn,
        &caller.actor(),
        Change::new("attachment.delete", "attachment", row.id).diff(&before, &serde_json::json!({})),
    )
    .await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
