//! SQLite's full-text indexes merge their segments a little at a time, never all at once. FTS5 writes
//! a small segment with every committed change; once four share a level, each later write does a
//! bounded share of merging them, but when a level reaches `crisismerge` segments (16 by default) the
//! writing transaction merges the whole level there and then. After a bulk load, whose segments sit
//! on high levels, such a cascade rewrote most of the index inside one customer's creation: 3–6
//! seconds during which every writer waited. With the crisis threshold at 64 the incremental merging
//! keeps up and no write pays for more than its share.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn set_crisis_merge(manager: &SchemaManager<'_>, segments: u8) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let db = manager.get_connection();
    for table in ["customer_search", "customer_grams"] {
        db.execute_unprepared(&format!("INSERT INTO {table}({table}, rank) VALUES('crisismerge', {segments})")).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_crisis_merge(manager, 64).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_crisis_merge(manager, 16).await
    }
}
