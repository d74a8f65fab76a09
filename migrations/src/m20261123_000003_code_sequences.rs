//! Sequence counters for record codes (CUS202405001, DE20240005…), one per code kind and period.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CodeSequences {
    Table,
    Kind,
    Period,
    LastValue,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CodeSequences::Table)
                    .col(ColumnDef::new(CodeSequences::Kind).string_len(50).not_null())
                    .col(ColumnDef::new(CodeSequences::Period).string_len(8).not_null())
                    .col(ColumnDef::new(CodeSequences::LastValue).big_integer().not_null())
                    .primary_key(Index::create().col(CodeSequences::Kind).col(CodeSequences::Period))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CodeSequences::Table).to_owned()).await
    }
}
