//! Import and export (导入/导出): import jobs with their options, counters and lease, the problems found
//! in each row, saved mapping templates, and export jobs. Uploaded files and written exports live in
//! a store under the data dir, named by `storage_key`.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    Target,
    FileName,
    FileKind,
    SizeBytes,
    Sha256,
    StorageKey,
    Encoding,
    Delimiter,
    Sheet,
    DateOrder,
    InFilePolicy,
    DatabasePolicy,
    BatchSize,
    Mapping,
    Status,
    Report,
    TotalRows,
    ProcessedRows,
    ImportedRows,
    UpdatedRows,
    SkippedRows,
    FailedRows,
    LastLine,
    CancelRequested,
    LeaseOwner,
    LeaseExpiresAt,
    Error,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    StartedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum ImportProblems {
    Table,
    Id,
    JobId,
    Phase,
    Line,
    Column,
    Field,
    Code,
    Message,
}

#[derive(DeriveIden)]
enum ImportTemplates {
    Table,
    Id,
    Name,
    Target,
    Mapping,
    OwnerId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ExportJobs {
    Table,
    Id,
    Format,
    Columns,
    Filter,
    Status,
    TotalRows,
    RowsWritten,
    StorageKey,
    SizeBytes,
    LeaseOwner,
    LeaseExpiresAt,
    Error,
    CreatedBy,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn counter<T: IntoIden>(name: T) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().default(0).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ImportJobs as J;
        manager
            .create_table(
                Table::create()
                    .table(J::Table)
                    .col(id(J::Id))
                    // `customer` (later `contact`, `followup`, `lead`, `order`).
                    .col(ColumnDef::new(J::Target).string_len(20).not_null())
                    .col(ColumnDef::new(J::FileName).string_len(200).not_null())
                    // `csv`, `xlsx` or `xls`, decided by the content.
                    .col(ColumnDef::new(J::FileKind).string_len(10).not_null())
                    .col(ColumnDef::new(J::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(J::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(J::StorageKey).string_len(200).not_null().unique_key())
                    // Options: null until set, then as chosen (encoding and delimiter for CSV, sheet for Excel).
                    .col(ColumnDef::new(J::Encoding).string_len(20).null())
                    .col(ColumnDef::new(J::Delimiter).string_len(2).null())
                    .col(ColumnDef::new(J::Sheet).string_len(100).null())
                    .col(ColumnDef::new(J::DateOrder).string_len(20).not_null().default("auto"))
                    .col(ColumnDef::new(J::InFilePolicy).string_len(10).not_null().default("skip"))
                    .col(ColumnDef::new(J::DatabasePolicy).string_len(10).not_null().default("skip"))
                    .col(ColumnDef::new(J::BatchSize).integer().not_null().default(500))
                    // The `Mapping` DTO as JSON; null until set.
                    .col(ColumnDef::new(J::Mapping).text().null())
                    // uploaded › analysing › analysed › running › completed | cancelled | failed.
                    .col(ColumnDef::new(J::Status).string_len(20).not_null())
                    // The dry run's `ImportReport` as JSON.
                    .col(ColumnDef::new(J::Report).text().null())
                    .col(counter(J::TotalRows))
                    .col(counter(J::ProcessedRows))
                    .col(counter(J::ImportedRows))
                    .col(counter(J::UpdatedRows))
                    .col(counter(J::SkippedRows))
                    .col(counter(J::FailedRows))
                    // The last line of the last committed batch: the commit resumes after it.
                    .col(counter(J::LastLine))
                    .col(ColumnDef::new(J::CancelRequested).boolean().not_null().default(false))
                    // The instance working on the job and until when; another takes over once it expires.
                    .col(ColumnDef::new(J::LeaseOwner).string_len(64).null())
                    .col(ColumnDef::new(J::LeaseExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(J::Error).text().null())
                    .col(ColumnDef::new(J::CreatedBy).big_integer().not_null())
                    .col(timestamp(J::CreatedAt))
                    .col(timestamp(J::UpdatedAt))
                    .col(ColumnDef::new(J::StartedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(J::FinishedAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(J::Table, J::CreatedBy).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_jobs_created_by")
                    .table(J::Table)
                    .col(J::CreatedBy)
                    .col(J::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("ix_import_jobs_status").table(J::Table).col(J::Status).to_owned())
            .await?;

        use ImportProblems as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(id(P::Id))
                    .col(ColumnDef::new(P::JobId).big_integer().not_null())
                    // `dry_run` or `commit`: the report of each pass is kept apart.
                    .col(ColumnDef::new(P::Phase).string_len(10).not_null())
                    .col(ColumnDef::new(P::Line).big_integer().not_null())
                    .col(ColumnDef::new(P::Column).string_len(200).null())
                    .col(ColumnDef::new(P::Field).string_len(60).null())
                    .col(ColumnDef::new(P::Code).string_len(40).not_null())
                    .col(ColumnDef::new(P::Message).text().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(P::Table, P::JobId)
                            .to(J::Table, J::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_problems_job")
                    .table(P::Table)
                    .col(P::JobId)
                    .col(P::Phase)
                    .col(P::Line)
                    .col(P::Id)
                    .to_owned(),
            )
            .await?;

        use ImportTemplates as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id(T::Id))
                    .col(ColumnDef::new(T::Name).string_len(100).not_null())
                    .col(ColumnDef::new(T::Target).string_len(20).not_null())
                    .col(ColumnDef::new(T::Mapping).text().not_null())
                    .col(ColumnDef::new(T::OwnerId).big_integer().not_null())
                    .col(timestamp(T::CreatedAt))
                    .col(timestamp(T::UpdatedAt))
                    .foreign_key(ForeignKey::create().from(T::Table, T::OwnerId).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_import_templates_name")
                    .table(T::Table)
                    .col(T::OwnerId)
                    .col(T::Target)
                    .col(T::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use ExportJobs as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(id(E::Id))
                    .col(ColumnDef::new(E::Format).string_len(10).not_null())
                    // The column keys, as a JSON array.
                    .col(ColumnDef::new(E::Columns).text().not_null())
                    // The `CustomerQuery` as JSON, also written to the audit log.
                    .col(ColumnDef::new(E::Filter).text().not_null())
                    // running › completed | failed.
                    .col(ColumnDef::new(E::Status).string_len(20).not_null())
                    .col(counter(E::TotalRows))
                    .col(counter(E::RowsWritten))
                    .col(ColumnDef::new(E::StorageKey).string_len(200).not_null().unique_key())
                    .col(ColumnDef::new(E::SizeBytes).big_integer().null())
                    .col(ColumnDef::new(E::LeaseOwner).string_len(64).null())
                    .col(ColumnDef::new(E::LeaseExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(E::Error).text().null())
                    .col(ColumnDef::new(E::CreatedBy).big_integer().not_null())
                    .col(timestamp(E::CreatedAt))
                    .col(ColumnDef::new(E::FinishedAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(E::Table, E::CreatedBy).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_export_jobs_created_by")
                    .table(E::Table)
                    .col(E::CreatedBy)
                    .col(E::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ExportJobs::Table.into_iden(),
            ImportTemplates::Table.into_iden(),
            ImportProblems::Table.into_iden(),
            ImportJobs::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
