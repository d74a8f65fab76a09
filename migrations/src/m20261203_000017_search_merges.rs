//! SQLite's full-text indexes merge their segments less eagerly: FTS5 writes a small segment with every
//! committed change and, by default, merges four of a level into one, so that a customer's creation now
//! and then pays for rewriting a large part of the index (a few creates in a hundred took 25 ms and
//! more). Merging sixteen at a time rewrites each entry less often; searches read a few more segments.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn set_automerge(manager: &SchemaManager<'_>, segments: u8) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    let db = manager.get_connection();
    for table in ["customer_search", "customer_grams"] {
        db.execute_unprepared(&format!("INSERT INTO {table}({table}, rank) VALUES('automerge', {segments})")).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_automerge(manager, 16).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_automerge(manager, 4).await
    }
}
