//! Record codes: the next code of a kind (客户编号, 需求编号…) from its format and the database's
//! sequence counter. One `INSERT … ON CONFLICT DO UPDATE … RETURNING` statement allocates the number,
//! so concurrent creates on any number of server instances never get the same code, on SQLite and
//! PostgreSQL alike.

use chrono::NaiveDate;
use crm_domain::CodeFormat;
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// Allocates the next sequence number of `kind` in `period` (1 for the first).
pub async fn allocate(db: &impl ConnectionTrait, kind: &str, period: &str) -> Result<i64, DbErr> {
    allocate_many(db, kind, period, 1).await
}

/// Allocates the next `count` sequence numbers of `kind` in `period` at once; returns the last (the
/// first is `last - count + 1`).
pub async fn allocate_many(db: &impl ConnectionTrait, kind: &str, period: &str, count: i64) -> Result<i64, DbErr> {
    let table = Alias::new("code_sequences");
    let last_value = Alias::new("last_value");
    let statement = Query::insert()
        .into_table(table.clone())
        .columns([Alias::new("kind"), Alias::new("period"), last_value.clone()])
        .values([kind.into(), period.into(), count.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .on_conflict(
            OnConflict::columns([Alias::new("kind"), Alias::new("period")])
                .value(last_value.clone(), Expr::col((table, last_value.clone())).add(count))
                .to_owned(),
        )
        .returning_col(last_value)
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&statement))
        .await?
        .ok_or_else(|| DbErr::Custom("the sequence counter returned no row".into()))?;
    row.try_get("", "last_value")
}

/// The next code of `kind` made with `format` on `today`.
pub async fn next_code(
    db: &impl ConnectionTrait,
    kind: &str,
    format: &CodeFormat,
    today: NaiveDate,
) -> Result<String, DbErr> {
    let period = format.period(today);
    let sequence = allocate(db, kind, &period).await?;
    Ok(format.render(today, u64::try_from(sequence).unwrap_or_default()))
}

/// The next `count` codes of `kind` made with `format` on `today`, in order.
pub async fn next_codes(
    db: &impl ConnectionTrait,
    kind: &str,
    format: &CodeFormat,
    today: NaiveDate,
    count: usize,
) -> Result<Vec<String>, DbErr> {
    if count == 0 {
        return Ok(Vec::new());
    }
    let period = format.period(today);
    let count = i64::try_from(count).map_err(|e| DbErr::Custom(e.to_string()))?;
    let last = allocate_many(db, kind, &period, count).await?;
    Ok((last - count + 1..=last).map(|n| format.render(today, u64::try_from(n).unwrap_or_default())).collect())
}
