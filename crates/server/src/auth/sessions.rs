//! Sign-in sessions: login, refresh-token rotation with reuse detection, logout, password change.

use chrono::{DateTime, Duration, Utc};
use crm_domain::Password;
use crm_types::FieldErrorCode;
use crm_types::audit::ActorKind;
use crm_types::auth::TokenResponse;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

use crate::audit::{self, Actor, Change};
use crate::auth::tokens::{ACCESS_TOKEN_TTL_SECS, TokenKeys};
use crate::auth::{passwords, throttle};
use crate::db;
use crate::entities::{refresh_tokens, users};
use crate::error::{ApiError, ApiResult};

/// How long a refresh token (and so an idle session) lives.
pub const REFRESH_TOKEN_TTL_DAYS: i64 = 30;

/// Signs in with a username or e-mail and a password, applying the throttles and auditing the outcome.
pub async fn login(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    login: &str,
    password: &str,
    ip: Option<&str>,
) -> ApiResult<TokenResponse> {
    let now = Utc::now();
    throttle::check_address(db, ip, now).await?;
    let login = login.trim();
    let user = users::Entity::find()
        .filter(users::Column::Username.eq(login).or(users::Column::Email.eq(login.to_lowercase())))
        .one(db)
        .await?;
    if let Some(user) = &user {
        throttle::check_account(user, now)?;
    }
    let verified = passwords::verify(password, user.as_ref().map(|u| u.password_hash.as_str())).await?;
    let actor = |kind, id| Actor { kind, id, name: login.chars().take(100).collect(), ip: ip.map(str::to_owned) };
    match user {
        Some(user) if verified && user.is_active => {
            throttle::record_success(db, &user, now).await?;
            let family = uuid::Uuid::new_v4().to_string();
            let txn = db::begin_write(db).await?;
            let response = issue(&txn, keys, &user, &family, now).await?;
            audit::record(&txn, &actor(ActorKind::User, Some(user.id)), Change::new("auth.login", "user", user.id))
                .await?;
            txn.commit().await?;
            Ok(response)
        }
        user => {
            throttle::record_failure(db, user.as_ref(), ip, now).await?;
            let mut change = Change::new("auth.login_failed", "user", "");
            change.entity_id = user.as_ref().map(|u| u.id.to_string());
            audit::record_alone(db, &actor(ActorKind::Anonymous, None), change).await?;
            Err(ApiError::InvalidCredentials)
        }
    }
}

/// Exchanges a refresh token for a new pair. A token presented twice means it was stolen or replayed:
/// the whole family is revoked and the caller must sign in again.
pub async fn refresh(db: &DatabaseConnection, keys: &TokenKeys, token: &str) -> ApiResult<TokenResponse> {
    let now = Utc::now();
    let Some(stored) = find(db, token).await? else {
        return Err(ApiError::Unauthorized("The refresh token is unknown."));
    };
    if stored.revoked_at.is_some() || stored.expires_at <= now {
        return Err(ApiError::Unauthorized("The refresh token has expired or was revoked."));
    }
    // Claim the token atomically: of two concurrent refreshes only one can win.
    let claimed = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .filter(refresh_tokens::Column::Id.eq(stored.id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if claimed.rows_affected != 1 {
        revoke_family(db, &stored.family_id, now).await?;
        tracing::warn!(user_id = stored.user_id, family = %stored.family_id, "refresh token reused; session revoked");
        return Err(ApiError::Unauthorized("The refresh token was already used; sign in again."));
    }
    let user = users::Entity::find_by_id(stored.user_id).one(db).await?;
    match user {
        Some(user) if user.is_active => issue(db, keys, &user, &stored.family_id, now).await,
        _ => Err(ApiError::Unauthorized("The account is disabled.")),
    }
}

/// Ends the session the refresh token belongs to. Unknown tokens are ignored: logout always succeeds.
pub async fn logout(db: &DatabaseConnection, token: &str) -> ApiResult<()> {
    if let Some(stored) = find(db, token).await? {
        revoke_family(db, &stored.family_id, Utc::now()).await?;
    }
    Ok(())
}

/// Changes a user's password after checking the current one; every other session is revoked and a new
/// session is returned.
pub async fn change_password(
    db: &DatabaseConnection,
    keys: &TokenKeys,
    actor: &Actor,
    user: &users::Model,
    current: &str,
    new: &str,
) -> ApiResult<TokenResponse> {
    if !passwords::verify(current, Some(&user.password_hash)).await? {
        return Err(ApiError::field("current_password", FieldErrorCode::Incorrect, "the current password is wrong"));
    }
    let password = Password::parse(new).map_err(|e| ApiError::field("new_password", e.code, &e.message))?;
    if passwords::verify(new, Some(&user.password_hash)).await? {
        return Err(ApiError::field(
            "new_password",
            FieldErrorCode::Unchanged,
            "must differ from the current password",
        ));
    }
    let hash = passwords::hash(&password).await?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.must_change_password = Set(false);
    active.updated_at = Set(now);
    let updated = active.update(&txn).await?;
    revoke_all(&txn, user.id, now).await?;
    let response = issue(&txn, keys, &updated, &uuid::Uuid::new_v4().to_string(), now).await?;
    audit::record(&txn, actor, Change::new("auth.password_change", "user", user.id)).await?;
    txn.commit().await?;
    Ok(response)
}

async fn issue(
    db: &impl ConnectionTrait,
    keys: &TokenKeys,
    user: &users::Model,
    family: &str,
    now: DateTime<Utc>,
) -> ApiResult<TokenResponse> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let refresh_token = format!("rt_{}", hex(&raw));
    refresh_tokens::ActiveModel {
        user_id: Set(user.id),
        family_id: Set(family.to_owned()),
        token_hash: Set(digest(&refresh_token)),
        expires_at: Set(now + Duration::days(REFRESH_TOKEN_TTL_DAYS)),
        used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(TokenResponse {
        access_token: keys.issue(user.id, family, now)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: ACCESS_TOKEN_TTL_SECS,
        must_change_password: user.must_change_password,
    })
}

async fn find(db: &DatabaseConnection, token: &str) -> ApiResult<Option<refresh_tokens::Model>> {
    Ok(refresh_tokens::Entity::find().filter(refresh_tokens::Column::TokenHash.eq(digest(token))).one(db).await?)
}

async fn revoke_family(db: &DatabaseConnection, family: &str, now: DateTime<Utc>) -> ApiResult<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::FamilyId.eq(family))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// SHA-256 of a token, hex: what is stored instead of the token.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Ends every session of a user (password change or reset, account disabled).
pub async fn revoke_all(db: &impl ConnectionTrait, user_id: i64, now: DateTime<Utc>) -> ApiResult<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::RevokedAt, Expr::value(now))
        .filter(refresh_tokens::Column::UserId.eq(user_id))
        .filter(refresh_tokens::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
