//! Attachments (附件) of customers, follow-ups, demands and tickets: the file's metadata here, its bytes
//! in the attachment store (a directory under the data dir by default).

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    OwnerType,
    OwnerId,
    Purpose,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    StorageKey,
    UploadedBy,
    CreatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Attachments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id(A::Id))
                    // `customer`, `followup`, `demand` or `ticket`.
                    .col(ColumnDef::new(A::OwnerType).string_len(20).not_null())
                    .col(ColumnDef::new(A::OwnerId).big_integer().not_null())
                    // `general` or `confirmation` (a customer's confirmation that closes a demand).
                    .col(ColumnDef::new(A::Purpose).string_len(20).not_null())
                    .col(ColumnDef::new(A::FileName).string_len(200).not_null())
                    .col(ColumnDef::new(A::ContentType).string_len(100).not_null())
                    .col(ColumnDef::new(A::SizeBytes).big_integer().not_null())
                    .col(ColumnDef::new(A::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(A::StorageKey).string_len(200).not_null().unique_key())
                    .col(ColumnDef::new(A::UploadedBy).big_integer().not_null())
                    .col(timestamp(A::CreatedAt))
                    .col(ColumnDef::new(A::DeletedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(A::DeletedBy).big_integer().null())
                    .foreign_key(ForeignKey::create().from(A::Table, A::UploadedBy).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_attachments_owner")
                    .table(A::Table)
                    .col(A::OwnerType)
                    .col(A::OwnerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Attachments::Table).to_owned()).await
    }
}
