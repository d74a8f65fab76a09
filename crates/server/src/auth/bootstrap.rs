//! The first administrator, created on an empty database so that somebody can sign in.

use chrono::Utc;
use crm_domain::Password;
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set};

use crate::auth::{passwords, roles};
use crate::entities::users;

/// What [`ensure_admin`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Bootstrap {
    /// Users exist already; nothing was created.
    AlreadyInitialised,
    /// The admin was created with the configured password.
    Created {
        /// The admin's username.
        username: String,
    },
    /// The admin was created with a generated password, to be shown once.
    CreatedWithGeneratedPassword {
        /// The admin's username.
        username: String,
        /// The generated initial password.
        password: String,
    },
}

/// Creates the administrator `username` if there is no user at all. The password must be changed at the
/// first sign-in. Without a configured password, a random one that satisfies the policy is generated.
pub async fn ensure_admin(
    db: &DatabaseConnection,
    username: Option<&str>,
    password: Option<&str>,
) -> anyhow::Result<Bootstrap> {
    if users::Entity::find().count(db).await? > 0 {
        return Ok(Bootstrap::AlreadyInitialised);
    }
    let username = username.map(str::trim).filter(|u| !u.is_empty()).unwrap_or("admin").to_owned();
    let (password, generated) = match password {
        Some(given) => {
            (Password::parse(given).map_err(|e| anyhow::anyhow!("CRM_ADMIN_PASSWORD: {}", e.message))?, false)
        }
        None => (generate(), true),
    };
    let role_id = roles::admin_role_id(db).await?;
    let now = Utc::now();
    users::ActiveModel {
        username: Set(username.clone()),
        email: Set(None),
        mobile: Set(None),
        department_id: Set(None),
        role_id: Set(role_id),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        display_name: Set("系统管理员".into()),
        password_hash: Set(passwords::hash(&password).await?),
        must_change_password: Set(true),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(if generated {
        Bootstrap::CreatedWithGeneratedPassword { username, password: password.expose().to_owned() }
    } else {
        Bootstrap::Created { username }
    })
}

/// A random 16-character password with letters, digits and symbols.
fn generate() -> Password {
    const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    const SYMBOLS: &[u8] = b"!@#$%^&*-_+=";
    let mut rng = rand::rng();
    loop {
        let raw: String = (0..16)
            .map(|i| {
                let set = match i % 4 {
                    0 | 1 => LETTERS,
                    2 => DIGITS,
                    _ if rng.random_bool(0.5) => SYMBOLS,
                    _ => LETTERS,
                };
                char::from(*set.choose(&mut rng).unwrap_or(&b'x'))
            })
            .collect();
        if let Ok(password) = Password::parse(&raw) {
            return password;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_passwords_satisfy_the_policy() {
        for _ in 0..100 {
            assert!(Password::parse(generate().expose()).is_ok());
        }
    }
}
