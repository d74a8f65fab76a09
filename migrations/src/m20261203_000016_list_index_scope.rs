//! The index of filtered customer lists (industry, stage, newest first) carries the columns of the
//! data scope and of deletion on SQLite, so that a page is found by reading the index and only the
//! rows shown are read from the table. (PostgreSQL checks such conditions on the table row whatever
//! the index holds, so its index stays as it is.)

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Replaces the index in one batch, on one connection: another pooled connection could still have the
/// old schema in memory and refuse the new index as existing.
async fn replace(manager: &SchemaManager<'_>, columns: &str) -> Result<(), DbErr> {
    let sql = format!(
        "DROP INDEX IF EXISTS ix_customers_industry_stage; \
         CREATE INDEX ix_customers_industry_stage ON customers ({columns})"
    );
    manager.get_connection().execute_unprepared(&sql).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        replace(manager, "industry, stage, created_at, id, department_id, owner_id, deleted_at").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        replace(manager, "industry, stage, created_at, id").await
    }
}
