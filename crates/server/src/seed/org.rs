//! Departments and users for seeded data, written the way the administration pages write them.

use chrono::Utc;
use crm_domain::Password;
use rand::Rng;
use rand::seq::IndexedRandom;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{departments, roles, users};

/// Creates a department under `parent` with its materialised path (`/1/4/`).
pub async fn department(
    db: &impl ConnectionTrait,
    name: &str,
    parent: Option<&departments::Model>,
    sort_order: i32,
) -> anyhow::Result<departments::Model> {
    let now = Utc::now();
    let row = departments::ActiveModel {
        name: Set(name.to_owned()),
        parent_id: Set(parent.map(|p| p.id)),
        path: Set(String::new()),
        sort_order: Set(sort_order),
        is_active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let path = format!("{}{}/", parent.map_or("/", |p| p.path.as_str()), row.id);
    let mut active: departments::ActiveModel = row.into();
    active.path = Set(path);
    Ok(active.update(db).await?)
}

/// The id of the seeded role `code`.
pub async fn role_id(db: &impl ConnectionTrait, code: &str) -> anyhow::Result<i64> {
    roles::Entity::find()
        .filter(roles::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|r| r.id)
        .ok_or_else(|| anyhow::anyhow!("the seeded role {code} is missing"))
}

/// A new user.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub mobile: Option<String>,
    pub department_id: Option<i64>,
    pub role_id: i64,
    /// The argon2id PHC string of the initial password.
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

/// Inserts a user.
pub async fn user(db: &impl ConnectionTrait, new: NewUser<'_>) -> anyhow::Result<users::Model> {
    let now = Utc::now();
    Ok(users::ActiveModel {
        username: Set(new.username.to_owned()),
        email: Set(None),
        mobile: Set(new.mobile),
        display_name: Set(new.display_name.to_owned()),
        password_hash: Set(new.password_hash.to_owned()),
        department_id: Set(new.department_id),
        role_id: Set(new.role_id),
        must_change_password: Set(new.must_change_password),
        is_active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Fails naming the first of `usernames` that is taken.
pub async fn ensure_free(db: &impl ConnectionTrait, usernames: &[String]) -> anyhow::Result<()> {
    let taken = users::Entity::find().filter(users::Column::Username.is_in(usernames.iter().cloned())).one(db).await?;
    if let Some(user) = taken {
        anyhow::bail!("the user '{}' exists already; seed into a database without these users", user.username);
    }
    Ok(())
}

/// A random 12-character initial password that satisfies the password policy.
pub fn generate_password() -> Password {
    const LETTERS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    const SYMBOLS: &[u8] = b"#%+=@";
    let mut rng = rand::rng();
    loop {
        let raw: String = (0..12)
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
