//! The append-only audit log. Entries are written in the same transaction as the change they record,
//! and each stores the hash of its predecessor, so that editing or deleting a row breaks the chain and
//! `crm-server audit verify` finds the first broken link.

use chrono::{DateTime, SubsecRound, Utc};
use crm_types::audit::ActorKind;
use sea_orm::sea_query::{Expr, LockType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::entities::{audit_head, audit_log};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who acted, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// User, API key, system or anonymous.
    pub kind: ActorKind,
    /// The user's or key's id.
    pub id: Option<i64>,
    /// The name at the time.
    pub name: String,
    /// The client address.
    pub ip: Option<String>,
}

impl Actor {
    /// The server itself.
    pub fn system() -> Self {
        Self { kind: ActorKind::System, id: None, name: "system".into(), ip: None }
    }
}

/// One change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `user.create`, `auth.login_failed`…
    pub action: &'static str,
    /// `user`, `role`…
    pub entity_type: &'static str,
    /// The record's id.
    pub entity_id: Option<String>,
    /// The changed fields before.
    pub before: Option<Value>,
    /// The changed fields after.
    pub after: Option<Value>,
}

impl Change {
    /// A change of `entity_type` #`entity_id`.
    pub fn new(action: &'static str, entity_type: &'static str, entity_id: impl ToString) -> Self {
        Self { action, entity_type, entity_id: Some(entity_id.to_string()), before: None, after: None }
    }

    /// Records the full state after a creation.
    pub fn created(mut self, after: Value) -> Self {
        self.after = Some(after);
        self
    }

    /// Records only the fields that differ between two states.
    pub fn diff(mut self, before: &Value, after: &Value) -> Self {
        let (b, a) = diff(before, after);
        self.before = Some(b);
        self.after = Some(a);
        self
    }
}

/// The fields of two JSON objects that differ, as two objects.
pub fn diff(before: &Value, after: &Value) -> (Value, Value) {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return (before.clone(), after.clone());
    };
    let mut old = serde_json::Map::new();
    let mut new = serde_json::Map::new();
    for key in b.keys().chain(a.keys()) {
        if b.get(key) != a.get(key) && !old.contains_key(key) {
            old.insert(key.clone(), b.get(key).cloned().unwrap_or(Value::Null));
            new.insert(key.clone(), a.get(key).cloned().unwrap_or(Value::Null));
        }
    }
    (Value::Object(old), Value::Object(new))
}

/// A record's state as the audit log stores it (the DTO the API shows, as JSON).
pub fn snapshot(record: &impl serde::Serialize) -> Result<Value, crate::error::ApiError> {
    serde_json::to_value(record).map_err(|e| crate::error::ApiError::Internal(e.into()))
}

/// Appends an entry. Call inside the transaction of the change (begun with [`crate::db::begin_write`]),
/// so that the change and its record commit together.
pub async fn record(txn: &impl ConnectionTrait, actor: &Actor, change: Change) -> Result<(), DbErr> {
    record_many(txn, actor, vec![change]).await
}

/// Entries per multi-row INSERT (13 columns each, well under SQLite's limit of bound variables).
const CHUNK: usize = 256;

/// Appends entries in order, chained as if recorded one by one, with one read and one update of the
/// head whatever their number (an import records a batch of creations so).
pub async fn record_many(txn: &impl ConnectionTrait, actor: &Actor, changes: Vec<Change>) -> Result<(), DbErr> {
    if changes.is_empty() {
        return Ok(());
    }
    // Lock the head row: concurrent writers append one after the other, and the chain never forks.
    let mut head_query = audit_head::Entity::find_by_id(1);
    if txn.get_database_backend() == DbBackend::Postgres {
        head_query = head_query.lock(LockType::Update);
    }
    let head = head_query.one(txn).await?.ok_or_else(|| DbErr::RecordNotFound("audit_head".into()))?;
    let mut last_hash = head.last_hash;
    let mut rows = Vec::with_capacity(changes.len());
    for change in changes {
        let entry = entry(actor, change, last_hash);
        last_hash = entry.hash.clone();
        rows.push(active(entry));
    }
    let mut last_id = head.last_id;
    for chunk in crate::db::statement_chunks(&rows, CHUNK) {
        let ids = audit_log::Entity::insert_many(chunk.to_vec()).exec_with_returning_keys(txn).await?;
        last_id = ids.into_iter().max().unwrap_or(last_id);
    }
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastId, Expr::value(last_id))
        .col_expr(audit_head::Column::LastHash, Expr::value(last_hash))
        .filter(audit_head::Column::Id.eq(1))
        .exec(txn)
        .await?;
    Ok(())
}

/// The entry recording `change`, after the entry whose hash is `prev_hash`.
fn entry(actor: &Actor, change: Change, prev_hash: String) -> audit_log::Model {
    let mut entry = audit_log::Model {
        id: 0,
        occurred_at: Utc::now().trunc_subsecs(6),
        actor_kind: kind_name(actor.kind).to_owned(),
        actor_id: actor.id,
        actor_name: actor.name.chars().take(100).collect(),
        ip: actor.ip.clone(),
        action: change.action.to_owned(),
        entity_type: change.entity_type.to_owned(),
        entity_id: change.entity_id,
        before: change.before.map(|v| v.to_string()),
        after: change.after.map(|v| v.to_string()),
        prev_hash,
        hash: String::new(),
    };
    entry.hash = hash(&entry);
    entry
}

fn active(entry: audit_log::Model) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        occurred_at: Set(entry.occurred_at),
        actor_kind: Set(entry.actor_kind),
        actor_id: Set(entry.actor_id),
        actor_name: Set(entry.actor_name),
        ip: Set(entry.ip),
        action: Set(entry.action),
        entity_type: Set(entry.entity_type),
        entity_id: Set(entry.entity_id),
        before: Set(entry.before),
        after: Set(entry.after),
        prev_hash: Set(entry.prev_hash),
        hash: Set(entry.hash),
        ..Default::default()
    }
}

/// Records a change in a transaction of its own (for events that change nothing else, like a failed
/// sign-in).
pub async fn record_alone(db: &DatabaseConnection, actor: &Actor, change: Change) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    record(&txn, actor, change).await?;
    txn.commit().await
}

/// The wire name of an actor kind.
pub fn kind_name(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::User => "user",
        ActorKind::ApiKey => "api_key",
        ActorKind::System => "system",
        ActorKind::Anonymous => "anonymous",
    }
}

/// The actor kind of a stored name.
pub fn kind_of(name: &str) -> ActorKind {
    match name {
        "user" => ActorKind::User,
        "api_key" => ActorKind::ApiKey,
        "system" => ActorKind::System,
        _ => ActorKind::Anonymous,
    }
}

/// SHA-256 over the previous hash and every recorded field, as an unambiguous JSON array.
fn hash(entry: &audit_log::Model) -> String {
    let content = serde_json::json!([
        entry.prev_hash,
        stamp(entry.occurred_at),
        entry.actor_kind,
        entry.actor_id,
        entry.actor_name,
        entry.ip,
        entry.action,
        entry.entity_type,
        entry.entity_id,
        entry.before,
        entry.after,
    ]);
    Sha256::digest(content.to_string().as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn stamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Entries checked.
    pub checked: u64,
    /// The first entry whose link or content does not match.
    pub first_broken_id: Option<i64>,
}

/// Walks the chain from the first entry and reports the first one whose stored hash does not match
/// its content and predecessor, or that follows a gap (a deleted entry).
pub async fn verify(db: &DatabaseConnection) -> Result<Verification, DbErr> {
    const BATCH: u64 = 1000;
    let mut expected_prev = GENESIS.to_owned();
    let mut after_id = 0_i64;
    let mut checked = 0_u64;
    loop {
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Id.gt(after_id))
            .order_by_asc(audit_log::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?;
        for entry in &batch {
            checked += 1;
            if entry.prev_hash != expected_prev || hash(entry) != entry.hash {
                return Ok(Verification { checked, first_broken_id: Some(entry.id) });
            }
            expected_prev.clone_from(&entry.hash);
            after_id = entry.id;
        }
        if (batch.len() as u64) < BATCH {
            break;
        }
    }
    // Entries deleted from the end leave the head pointing past the last one.
    let head = audit_head::Entity::find_by_id(1).one(db).await?;
    if let Some(head) = head
        && (head.last_id != after_id || head.last_hash != expected_prev)
    {
        return Ok(Verification { checked, first_broken_id: Some(after_id + 1) });
    }
    Ok(Verification { checked, first_broken_id: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_keeps_only_changed_fields() {
        let before = serde_json::json!({"name": "张三", "role_id": 1, "email": null});
        let after = serde_json::json!({"name": "张三", "role_id": 2, "mobile": "13800138000"});
        let (b, a) = diff(&before, &after);
        assert_eq!(b, serde_json::json!({"role_id": 1, "email": null, "mobile": null}));
        assert_eq!(a, serde_json::json!({"role_id": 2, "email": null, "mobile": "13800138000"}));
    }
}
