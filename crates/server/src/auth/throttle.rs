//! Sign-in throttling: an account is locked for a growing delay after 5 consecutive failures, and an
//! address that fails too often in a window is refused until the window ends. Both answer 429 with
//! `Retry-After`. State lives in the database, so every server instance applies the same limits.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::{login_throttles, users};
use crate::error::ApiError;

/// Consecutive failures after which an account is locked.
pub const ACCOUNT_FAILURES: i32 = 5;
/// Failures from one address within [`ADDRESS_WINDOW_MINUTES`] after which it is refused.
pub const ADDRESS_FAILURES: i32 = 50;
/// The address window.
pub const ADDRESS_WINDOW_MINUTES: i64 = 15;
/// The longest account lock.
pub const MAX_LOCK_MINUTES: i64 = 60;

/// How long an account stays locked after its `failures`-th consecutive failure: 1, 2, 4… minutes from
/// the fifth on, at most an hour; no lock before the fifth.
pub fn lock_duration(failures: i32) -> Option<Duration> {
    if failures < ACCOUNT_FAILURES {
        return None;
    }
    let beyond = failures - ACCOUNT_FAILURES;
    let minutes = 1_i64.checked_shl(beyond.clamp(0, 16) as u32).unwrap_or(MAX_LOCK_MINUTES).min(MAX_LOCK_MINUTES);
    Some(Duration::minutes(minutes))
}

fn retry_after(until: DateTime<Utc>, now: DateTime<Utc>) -> ApiError {
    ApiError::TooManyRequests { retry_after: (until - now).num_seconds().max(1) as u64 }
}

/// 429 if the account is locked.
pub fn check_account(user: &users::Model, now: DateTime<Utc>) -> Result<(), ApiError> {
    match user.locked_until {
        Some(until) if until > now => Err(retry_after(until, now)),
        _ => Ok(()),
    }
}

/// 429 if the address has failed too often in the current window.
pub async fn check_address(db: &DatabaseConnection, ip: Option<&str>, now: DateTime<Utc>) -> Result<(), ApiError> {
    let Some(ip) = ip else { return Ok(()) };
    let row = login_throttles::Entity::find_by_id(key(ip)).one(db).await?;
    match row {
        Some(row) if row.failures >= ADDRESS_FAILURES => {
            let window_end = row.window_start + Duration::minutes(ADDRESS_WINDOW_MINUTES);
            if window_end > now { Err(retry_after(window_end, now)) } else { Ok(()) }
        }
        _ => Ok(()),
    }
}

/// Counts a failure for the account (locking it from the fifth on) and for the address.
pub async fn record_failure(
    db: &DatabaseConnection,
    user: Option<&users::Model>,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    if let Some(user) = user {
        let failures = user.failed_logins.saturating_add(1);
        users::Entity::update_many()
            .col_expr(users::Column::FailedLogins, Expr::value(failures))
            .col_expr(users::Column::LockedUntil, Expr::value(lock_duration(failures).map(|d| now + d)))
            .filter(users::Column::Id.eq(user.id))
            .exec(db)
            .await?;
    }
    if let Some(ip) = ip {
        bump(db, &key(ip), Duration::minutes(ADDRESS_WINDOW_MINUTES), now).await?;
    }
    Ok(())
}

/// Clears the account's failure count after a successful sign-in.
pub async fn record_success(db: &DatabaseConnection, user: &users::Model, now: DateTime<Utc>) -> Result<(), ApiError> {
    users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::value(0))
        .col_expr(users::Column::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

fn key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Counts one more event under `key` in a window of `window` that starts with the first event after
/// the previous window ended, and returns the count so far. One statement, so concurrent requests on
/// any instance each count once.
pub async fn bump(db: &impl ConnectionTrait, key: &str, window: Duration, now: DateTime<Utc>) -> Result<i32, ApiError> {
    use login_throttles::{Column, Entity};
    let expired = Expr::col((Entity, Column::WindowStart)).lte(now - window);
    let row = Entity::insert(login_throttles::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(1),
        window_start: Set(now),
    })
    .on_conflict(
        OnConflict::column(Column::Key)
            .value(
                Column::Failures,
                Expr::case(expired.clone(), 1).finally(Expr::col((Entity, Column::Failures)).add(1)),
            )
            .value(Column::WindowStart, Expr::case(expired, now).finally(Expr::col((Entity, Column::WindowStart))))
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    Ok(row.failures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_starts_at_the_fifth_failure_and_doubles_up_to_an_hour() {
        let minutes = |n| lock_duration(n).map(|d| d.num_minutes());
        assert_eq!(minutes(4), None);
        assert_eq!(minutes(5), Some(1));
        assert_eq!(minutes(6), Some(2));
        assert_eq!(minutes(8), Some(8));
        assert_eq!(minutes(12), Some(60));
        assert_eq!(minutes(1000), Some(60));
    }
}
