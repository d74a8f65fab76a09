//! Retention of import and export files: when a job's file was removed from its store, after the
//! retention period (`CRM_FILE_RETENTION_DAYS`). The job rows stay, with their counters, problems and
//! audit entries; only the bytes go.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    FileRemovedAt,
}

#[derive(DeriveIden)]
enum ExportJobs {
    Table,
    FileRemovedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ImportJobs::Table)
                    .add_column(ColumnDef::new(ImportJobs::FileRemovedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ExportJobs::Table)
                    .add_column(ColumnDef::new(ExportJobs::FileRemovedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(ImportJobs::Table).drop_column(ImportJobs::FileRemovedAt).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(ExportJobs::Table).drop_column(ExportJobs::FileRemovedAt).to_owned())
            .await
    }
}
