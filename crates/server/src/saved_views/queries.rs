//! Reads of saved views.

use std::collections::{HashMap, HashSet};

use crm_types::saved_view::{SavedView, ViewResource, ViewVisibility};
use crm_types::{DepartmentId, UserId};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{saved_views, users};
use crate::error::{ApiError, ApiResult};
use crate::policy::saved_views::{Viewer, seen_by};

/// The wire form of a view, as `caller_id` sees it (`is_mine`).
pub fn to_dto(row: &saved_views::Model, owner_name: &str, caller_id: i64) -> ApiResult<SavedView> {
    let corrupt = |what: &str| ApiError::Internal(anyhow::anyhow!("saved view {} has a bad {what}", row.id));
    Ok(SavedView {
        id: crm_types::SavedViewId(row.id),
        resource: ViewResource::parse(&row.resource).ok_or_else(|| corrupt("resource"))?,
        name: row.name.clone(),
        filters: row.filters.clone(),
        columns: serde_json::from_str(&row.columns).map_err(|_| corrupt("column list"))?,
        sort: row.sort.clone(),
        visibility: ViewVisibility::parse(&row.visibility).ok_or_else(|| corrupt("visibility"))?,
        owner_id: UserId(row.owner_id),
        owner_name: owner_name.to_owned(),
        department_id: row.department_id.map(DepartmentId),
        is_mine: row.owner_id == caller_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The views of `resource` that `viewer` sees — their own and those shared with their department —
/// by name.
pub async fn list(db: &impl ConnectionTrait, viewer: &Viewer<'_>, resource: ViewResource) -> ApiResult<Vec<SavedView>> {
    let rows = saved_views::Entity::find()
        .filter(saved_views::Column::Resource.eq(resource.as_str()))
        .filter(seen_by(viewer))
        .order_by_asc(saved_views::Column::Name)
        .order_by_asc(saved_views::Column::Id)
        .all(db)
        .await?;
    let owner_ids: HashSet<i64> = rows.iter().map(|r| r.owner_id).collect();
    let names: HashMap<i64, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(owner_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    rows.iter().map(|row| to_dto(row, names.get(&row.owner_id).map_or("", String::as_str), viewer.id)).collect()
}
