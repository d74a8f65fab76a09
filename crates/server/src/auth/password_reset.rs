//! Forgotten passwords: an e-mail address and the bound mobile number that match an account get a
//! one-time token by mail, valid 30 minutes. Whether they matched is never revealed.
//!
//! So that nobody can fill a mailbox through this form, an account gets at most
//! [`MAILS_PER_ACCOUNT`] reset mails an hour and one client address makes at most
//! [`REQUESTS_PER_ADDRESS`] requests an hour; past either, the request is answered as always and
//! nothing is sent.

use chrono::{DateTime, Duration, Utc};
use crm_domain::{Email, Mobile, Password};
use crm_types::FieldErrorCode;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};

use crate::audit::{self, Actor, Change};
use crate::auth::sessions::{digest, revoke_all};
use crate::auth::{passwords, throttle};
use crate::db;
use crate::entities::{password_resets, users};
use crate::error::{ApiError, ApiResult};
use crate::mailer::{Mail, Mailer};

/// How long a reset token is valid.
pub const TOKEN_TTL_MINUTES: i64 = 30;
/// Reset mails one account gets in [`LIMIT_WINDOW_MINUTES`].
pub const MAILS_PER_ACCOUNT: u64 = 3;
/// Reset requests one client address makes in [`LIMIT_WINDOW_MINUTES`].
pub const REQUESTS_PER_ADDRESS: i32 = 10;
/// The window of both limits.
pub const LIMIT_WINDOW_MINUTES: i64 = 60;

/// The time as sign-in security reads it: the system clock, which access tokens are checked against
/// too (a test clock moved forward must not expire tokens or reset limits).
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Counts a request from `ip`; false once the address has made more than [`REQUESTS_PER_ADDRESS`] in
/// the window (the request is then dropped, answered like any other).
pub async fn admit_address(db: &DatabaseConnection, ip: Option<&str>, now: DateTime<Utc>) -> ApiResult<bool> {
    let Some(ip) = ip else { return Ok(true) };
    let count = throttle::bump(db, &format!("reset:{ip}"), Duration::minutes(LIMIT_WINDOW_MINUTES), now).await?;
    Ok(count <= REQUESTS_PER_ADDRESS)
}

/// Sends a reset token if `email` and `mobile` belong to one active account that has not had
/// [`MAILS_PER_ACCOUNT`] of them in the last hour; otherwise does nothing.
pub async fn request(
    db: &DatabaseConnection,
    mailer: &dyn Mailer,
    public_url: &str,
    email: &str,
    mobile: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (Ok(email), Ok(mobile)) = (Email::parse(email), Mobile::parse(mobile)) else { return Ok(()) };
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::Mobile.eq(mobile.as_str()))
        .filter(users::Column::IsActive.eq(true))
        .one(db)
        .await?;
    let Some(user) = user else { return Ok(()) };
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let txn = db::begin_write(db).await?;
    // Requests for one account are counted one at a time (SQLite's writers queue; PostgreSQL locks the
    // account's row), so concurrent ones cannot all see room for one more mail.
    if txn.get_database_backend() == DbBackend::Postgres {
        users::Entity::find_by_id(user.id).lock(LockType::Update).one(&txn).await?;
    }
    let recent = password_resets::Entity::find()
        .filter(password_resets::Column::UserId.eq(user.id))
        .filter(password_resets::Column::CreatedAt.gt(now - Duration::minutes(LIMIT_WINDOW_MINUTES)))
        .count(&txn)
        .await?;
    if recent >= MAILS_PER_ACCOUNT {
        audit::record(&txn, &Actor::system(), Change::new("auth.password_reset_limited", "user", user.id)).await?;
        txn.commit().await?;
        tracing::warn!(user_id = user.id, "password reset mail not sent: the account had {recent} this hour");
        return Ok(());
    }
    password_resets::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(digest(&token)),
        expires_at: Set(now + Duration::minutes(TOKEN_TTL_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, &Actor::system(), Change::new("auth.password_reset_request", "user", user.id)).await?;
    txn.commit().await?;
    let link = format!("{}/reset-password?token={token}", public_url.trim_end_matches('/'));
    let body = format!(
        "{name}:\n\n有人为您的账号 {username} 申请了重置密码。如是您本人操作,请在 {TOKEN_TTL_MINUTES} 分钟内打开以下链接设置新密码:\n{link}\n\n\
         Someone asked to reset the password of your account {username}. If it was you, open this link within \
         {TOKEN_TTL_MINUTES} minutes to choose a new password:\n{link}\n\n重置令牌 / Reset token: {token}\n",
        name = user.display_name,
        username = user.username,
    );
    mailer.send(Mail { to: email.as_str().to_owned(), subject: "重置密码 / Password reset".into(), body }).await
}

/// Sets a new password with a reset token: the token is spent, every session of the account ends.
pub async fn confirm(db: &DatabaseConnection, token: &str, new_password: &str) -> ApiResult<()> {
    let now = Utc::now();
    let stored = password_resets::Entity::find()
        .filter(password_resets::Column::TokenHash.eq(digest(token.trim())))
        .one(db)
        .await?;
    let Some(stored) = stored.filter(|s| s.used_at.is_none() && s.expires_at > now) else {
        return Err(ApiError::field("token", FieldErrorCode::Invalid, "the reset link is invalid, used or expired"));
    };
    let password = Password::parse(new_password).map_err(|e| ApiError::field("new_password", e.code, &e.message))?;
    let hash = passwords::hash(&password).await?;
    let txn = db::begin_write(db).await?;
    let spent = password_resets::Entity::update_many()
        .col_expr(password_resets::Column::UsedAt, Expr::value(now))
        .filter(password_resets::Column::Id.eq(stored.id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if spent.rows_affected != 1 {
        return Err(ApiError::field("token", FieldErrorCode::Invalid, "the reset link is invalid, used or expired"));
    }
    let Some(user) = users::Entity::find_by_id(stored.user_id).one(&txn).await? else {
        return Err(ApiError::field("token", FieldErrorCode::Invalid, "the reset link is invalid, used or expired"));
    };
    let mut active: users::ActiveModel = user.into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.failed_logins = Set(0);
    active.locked_until = Set(None);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    revoke_all(&txn, stored.user_id, now).await?;
    audit::record(&txn, &Actor::system(), Change::new("auth.password_reset", "user", stored.user_id)).await?;
    txn.commit().await?;
    Ok(())
}
