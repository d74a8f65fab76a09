//! Lookups many modules share: people's and customers' names for records shown beside them, and an
//! active user to own or handle a record.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::entities::{customers, users};
use crate::error::ApiResult;

/// The display names of users by id (no query for none): owners, actors and collaborators shown
/// beside customers.
pub async fn user_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

/// The names of customers by id, for records shown with their customer (follow-ups, demands, tasks).
pub async fn customer_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> ApiResult<HashMap<i64, String>> {
    let ids: Vec<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(customers::Entity::find()
        .select_only()
        .column(customers::Column::Id)
        .column(customers::Column::Name)
        .filter(customers::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// An active user (an owner or assignee to be), or `None`.
pub async fn active_user(db: &impl ConnectionTrait, id: i64) -> ApiResult<Option<users::Model>> {
    Ok(users::Entity::find_by_id(id).one(db).await?.filter(|u| u.is_active))
}
