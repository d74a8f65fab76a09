//! Reads of demands: the list and the board's totals with the filters they share, one demand as its
//! wire form (deadline and SLA state over the calendar in force).

pub mod record;

use chrono::{DateTime, Utc};
use crm_domain::calendar::WorkCalendar;
use crm_types::FieldErrorCode;
use crm_types::demand::{
    Demand, DemandQuery, DemandStatus, DemandStatusCount, DemandSummary, DemandSummaryQuery, Priority,
};
use crm_types::page::Page;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::calendar;
use crate::entities::demands;
use crate::error::{ApiError, ApiResult};
use crate::policy::Visible;
use crate::policy::demands::DemandScope;
use crate::validation::{check_lengths, next_cursor, page_limit};
use record::assemble;

/// The wire form of one demand, over the calendar in force.
pub async fn one(
    db: &impl ConnectionTrait,
    row: &demands::Model,
    calendar: &WorkCalendar,
    now: DateTime<Utc>,
) -> ApiResult<Demand> {
    assemble(db, std::slice::from_ref(row), calendar, now)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("demand {} did not assemble", row.id)))
}

/// The wire form of a demand the caller sees, over the calendar in force.
pub async fn shown(db: &impl ConnectionTrait, row: &Visible<demands::Model>, now: DateTime<Utc>) -> ApiResult<Demand> {
    let calendar = calendar::load(db).await?;
    one(db, row, &calendar, now).await
}

/// The filters the demand list and the board's summary share.
pub(super) struct Filters {
    /// One customer's demands.
    pub customer_id: Option<i64>,
    /// Handled by this user.
    pub owner_id: Option<i64>,
    /// Of this priority.
    pub priority: Option<Priority>,
    /// Only those past their deadline without a response.
    pub overdue: Option<bool>,
}

impl Filters {
    /// `select` narrowed to the demands these filters name, `overdue` meaning at `now`.
    pub fn apply(&self, mut select: Select<demands::Entity>, now: DateTime<Utc>) -> Select<demands::Entity> {
        use demands::Column as D;
        if let Some(customer) = self.customer_id {
            select = select.filter(D::CustomerId.eq(customer));
        }
        if let Some(owner) = self.owner_id {
            select = select.filter(D::OwnerId.eq(owner));
        }
        if let Some(priority) = self.priority {
            select = select.filter(D::Priority.eq(priority.as_str()));
        }
        if self.overdue == Some(true) {
            select = select.filter(D::RespondedAt.is_null()).filter(D::DueAt.lte(now));
        }
        select
    }
}

/// The page of demands `query` asks for, newest first, within `scope`.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &DemandScope,
    query: &DemandQuery,
    now: DateTime<Utc>,
) -> ApiResult<Page<Demand>> {
    check_lengths(&[("cursor", query.cursor.as_deref(), 100)])?;
    use demands::Column as D;
    let filters = Filters {
        customer_id: query.customer_id.map(|id| id.0),
        owner_id: query.owner_id.map(|id| id.0),
        priority: query.priority,
        overdue: query.overdue,
    };
    let mut select = filters.apply(scope.demands(), now);
    if let Some(status) = query.status {
        select = select.filter(D::Status.eq(status.as_str()));
    }
    if let Some(cursor) = query.cursor.as_deref().filter(|c| !c.is_empty()) {
        let id: i64 = cursor
            .parse()
            .map_err(|_| ApiError::field("cursor", FieldErrorCode::Invalid, "is not a cursor this list gave out"))?;
        select = select.filter(D::Id.lt(id));
    }
    let limit = page_limit(query.limit, 20, 200)?;
    let mut rows = select.order_by_desc(D::Id).limit(limit + 1).all(db).await?;
    let next_cursor = next_cursor(&mut rows, limit, |r| r.id.to_string());
    let calendar = calendar::load(db).await?;
    Ok(Page::new(assemble(db, &rows, &calendar, now).await?, next_cursor))
}

/// The board's totals: per status in workflow order, past their deadline, all — within `scope` and
/// the list's filters.
pub async fn summary(
    db: &impl ConnectionTrait,
    scope: &DemandScope,
    query: DemandSummaryQuery,
    now: DateTime<Utc>,
) -> ApiResult<DemandSummary> {
    let filters = Filters {
        customer_id: query.customer_id.map(|id| id.0),
        owner_id: query.owner_id.map(|id| id.0),
        priority: query.priority,
        overdue: query.overdue,
    };
    use demands::Column as D;
    let counted: Vec<(String, i64)> = filters
        .apply(scope.demands(), now)
        .select_only()
        .column(D::Status)
        .column_as(Expr::col((demands::Entity, D::Id)).count(), "count")
        .group_by(D::Status)
        .into_tuple()
        .all(db)
        .await?;
    let count_of = |status: DemandStatus| {
        counted.iter().filter(|(s, _)| s == status.as_str()).map(|(_, n)| u64::try_from(*n).unwrap_or(0)).sum()
    };
    let by_status: Vec<DemandStatusCount> =
        DemandStatus::ALL.iter().map(|&status| DemandStatusCount { status, count: count_of(status) }).collect();
    let overdue = filters
        .apply(scope.demands(), now)
        .filter(D::RespondedAt.is_null())
        .filter(D::DueAt.lte(now))
        .count(db)
        .await?;
    Ok(DemandSummary { total: by_status.iter().map(|c| c.count).sum(), by_status, overdue })
}
