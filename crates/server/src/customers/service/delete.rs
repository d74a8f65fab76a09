//! Deleting a customer (a soft delete: out of lists and searches, kept for an administrator to
//! restore) and restoring it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::audit::{self, Change};
use crate::auth::Caller;
use crate::customers::service::events::{self, Event};
use crate::entities::customers;
use crate::error::ApiResult;
use crate::policy::Editable;

/// Marks `customer` deleted.
pub async fn remove(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let current = customer.into_inner();
    let user_id = caller.user().map(|u| u.id);
    customers::Entity::update_many()
        .col_expr(customers::Column::DeletedAt, Expr::value(now))
        .col_expr(customers::Column::DeletedBy, Expr::value(user_id))
        .col_expr(customers::Column::Version, Expr::value(current.version + 1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .filter(customers::Column::Id.eq(current.id))
        .exec(txn)
        .await?;
    events::record(txn, current.id, user_id, Event::new("deleted"), now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.delete", "customer", current.id)
            .created(serde_json::json!({"code": current.code, "name": current.name})),
    )
    .await?;
    Ok(())
}

/// Brings back the deleted `customer` as it was.
pub async fn restore(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    customer: Editable<customers::Model>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    let current = customer.into_inner();
    let user_id = caller.user().map(|u| u.id);
    customers::Entity::update_many()
        .col_expr(customers::Column::DeletedAt, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(customers::Column::DeletedBy, Expr::value(Option::<i64>::None))
        .col_expr(customers::Column::Version, Expr::value(current.version + 1))
        .col_expr(customers::Column::UpdatedAt, Expr::value(now))
        .filter(customers::Column::Id.eq(current.id))
        .exec(txn)
        .await?;
    events::record(txn, current.id, user_id, Event::new("restored"), now).await?;
    audit::record(
        txn,
        &caller.actor(),
        Change::new("customer.restore", "customer", current.id)
            .created(serde_json::json!({"code": current.code, "name": current.name})),
    )
    .await?;
    Ok(())
}
