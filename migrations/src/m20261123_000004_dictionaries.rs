//! Dictionary values (数据字典).

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DictionaryItems {
    Table,
    Id,
    Kind,
    Code,
    LabelZh,
    LabelEn,
    ParentCode,
    SortOrder,
    IsActive,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DictionaryItems::Table)
                    .col(id(DictionaryItems::Id))
                    .col(ColumnDef::new(DictionaryItems::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(DictionaryItems::Code).string_len(40).not_null())
                    .col(ColumnDef::new(DictionaryItems::LabelZh).string_len(100).not_null())
                    .col(ColumnDef::new(DictionaryItems::LabelEn).string_len(100).not_null())
                    .col(ColumnDef::new(DictionaryItems::ParentCode).string_len(40).null())
                    .col(ColumnDef::new(DictionaryItems::SortOrder).integer().not_null())
                    .col(ColumnDef::new(DictionaryItems::IsActive).boolean().not_null().default(true))
                    .col(timestamp(DictionaryItems::CreatedAt))
                    .col(timestamp(DictionaryItems::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_dictionary_items_kind_code")
                    .table(DictionaryItems::Table)
                    .col(DictionaryItems::Kind)
                    .col(DictionaryItems::Code)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DictionaryItems::Table).to_owned()).await
    }
}
