//! Reads of exports: an export as its wire form, the exportable columns, the pages of customers a
//! running export writes (with their primary contacts and tags) and the labels of their cells, and a
//! finished export's file.

use std::collections::HashMap;
use std::path::PathBuf;

use crm_types::export::{Export, ExportColumn, ExportFormat, ExportStatus};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::columns::{self, Labels};
use crate::attachments::store::AttachmentStore;
use crate::customers::queries::list::{self, Sort};
use crate::entities::{customer_contacts, customer_tags, customers, dictionary_items, export_jobs, users};
use crate::error::{ApiError, ApiResult};
use crate::policy::Visible;

/// Customers read per query.
pub const PAGE: u64 = 500;

/// The wire form.
pub fn to_dto(row: &export_jobs::Model) -> Export {
    Export {
        id: crm_types::ExportId(row.id),
        format: if row.format == "xlsx" { ExportFormat::Xlsx } else { ExportFormat::Csv },
        status: match row.status.as_str() {
            "completed" => ExportStatus::Completed,
            "failed" => ExportStatus::Failed,
            _ => ExportStatus::Running,
        },
        columns: serde_json::from_str(&row.columns).unwrap_or_default(),
        total: u64::try_from(row.total_rows).unwrap_or(0),
        rows_written: u64::try_from(row.rows_written).unwrap_or(0),
        size_bytes: row.size_bytes,
        error: row.error.clone(),
        file_removed_at: row.file_removed_at,
        created_at: row.created_at,
        finished_at: row.finished_at,
    }
}

/// Every column an export can hold: the standard ones, then one per active custom field.
pub async fn columns(db: &impl ConnectionTrait) -> ApiResult<Vec<ExportColumn>> {
    let custom = crate::custom_fields::definitions(db).await?;
    Ok(columns::columns(&custom))
}

/// How many live customers match `condition`.
pub async fn count(db: &impl ConnectionTrait, condition: Condition) -> ApiResult<u64> {
    Ok(customers::Entity::find().filter(condition).count(db).await?)
}

/// Dictionary labels and user names for the cells.
pub async fn labels(db: &impl ConnectionTrait) -> ApiResult<Labels> {
    let mut labels = Labels::default();
    for item in dictionary_items::Entity::find().all(db).await? {
        labels.insert(&item.kind, &item.code, &item.label_zh);
    }
    labels.users = users::Entity::find().all(db).await?.into_iter().map(|u| (u.id, u.display_name)).collect();
    Ok(labels)
}

/// One page of customers, with their primary contacts and their tags.
#[derive(Debug)]
pub struct Batch {
    /// The customers, in the list's order.
    pub rows: Vec<customers::Model>,
    /// Their primary contacts, by customer id.
    pub contacts: HashMap<i64, Vec<customer_contacts::Model>>,
    /// Their tags, sorted, by customer id.
    pub tags: HashMap<i64, Vec<String>>,
}

/// The page of customers matching `condition` in `sort` order after `cursor` (the first without one).
pub async fn batch(
    db: DatabaseConnection,
    condition: Condition,
    sort: Sort,
    cursor: Option<String>,
) -> ApiResult<Batch> {
    let mut select = customers::Entity::find().filter(condition);
    if let Some(cursor) = &cursor {
        select = select.filter(list::after_cursor(sort, cursor)?);
    }
    for (expr, order) in sort.order() {
        select = select.order_by(expr, order);
    }
    let rows = select.limit(PAGE).all(&db).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut contacts: HashMap<i64, Vec<customer_contacts::Model>> = HashMap::new();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(Batch { rows, contacts, tags });
    }
    for contact in customer_contacts::Entity::find()
        .filter(customer_contacts::Column::CustomerId.is_in(ids.clone()))
        .filter(customer_contacts::Column::IsPrimary.eq(true))
        .all(&db)
        .await?
    {
        contacts.entry(contact.customer_id).or_default().push(contact);
    }
    for tag in customer_tags::Entity::find()
        .filter(customer_tags::Column::CustomerId.is_in(ids))
        .order_by_asc(customer_tags::Column::Tag)
        .all(&db)
        .await?
    {
        tags.entry(tag.customer_id).or_default().push(tag.tag);
    }
    Ok(Batch { rows, contacts, tags })
}

/// The storage key of export `id`.
pub async fn storage_key(db: &impl ConnectionTrait, id: i64) -> ApiResult<String> {
    export_jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|row| row.storage_key)
        .ok_or_else(|| ApiError::NotFound(format!("There is no export {id}.")))
}

/// A finished export's file.
#[derive(Debug)]
pub struct File {
    /// The local path to stream from.
    pub path: PathBuf,
    /// The name to save it under: the list's name and the day of the export (`客户列表-20261207.xlsx`).
    pub file_name: String,
    /// The same in ASCII, for clients that do not read RFC 6266's `filename*` (`customers-20261207.xlsx`).
    pub ascii_name: String,
    /// Its media type.
    pub content_type: &'static str,
}

/// The file of `export`: 409 while it is being written or after it failed, 404 once it was removed
/// (`retention_days` after the export).
pub async fn file(
    store: &dyn AttachmentStore,
    retention_days: i64,
    export: Visible<export_jobs::Model>,
) -> ApiResult<File> {
    let row = export.into_inner();
    if row.status != ExportStatus::Completed.as_str() {
        return Err(ApiError::WrongState("The export is not ready.".into()));
    }
    if row.file_removed_at.is_some() {
        return Err(ApiError::NotFound(format!(
            "The file of export {} was removed {retention_days} days after it was written: export again.",
            row.id,
        )));
    }
    let path = store.open(&row.storage_key).await.map_err(|e| ApiError::Internal(e.into()))?;
    let (extension, content_type) = if row.format == "xlsx" {
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        ("csv", "text/csv; charset=utf-8")
    };
    let day = crm_domain::china_time::day_of(row.created_at).format("%Y%m%d");
    Ok(File {
        path,
        file_name: format!("客户列表-{day}.{extension}"),
        ascii_name: format!("customers-{day}.{extension}"),
        content_type,
    })
}
