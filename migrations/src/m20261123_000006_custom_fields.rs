//! Custom field definitions (自定义字段). Customers keep their values in `customers.custom_fields`.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CustomFields {
    Table,
    Id,
    Key,
    LabelZh,
    LabelEn,
    FieldType,
    Required,
    DefaultValue,
    Options,
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
                    .table(CustomFields::Table)
                    .col(id(CustomFields::Id))
                    .col(ColumnDef::new(CustomFields::Key).string_len(40).not_null())
                    .col(ColumnDef::new(CustomFields::LabelZh).string_len(100).not_null())
                    .col(ColumnDef::new(CustomFields::LabelEn).string_len(100).not_null())
                    .col(ColumnDef::new(CustomFields::FieldType).string_len(20).not_null())
                    .col(ColumnDef::new(CustomFields::Required).boolean().not_null().default(false))
                    // JSON: the default value, or NULL.
                    .col(ColumnDef::new(CustomFields::DefaultValue).text().null())
                    // JSON: `[{"code", "label_zh", "label_en"}]`.
                    .col(ColumnDef::new(CustomFields::Options).text().not_null().default("[]"))
                    .col(ColumnDef::new(CustomFields::SortOrder).integer().not_null())
                    .col(ColumnDef::new(CustomFields::IsActive).boolean().not_null().default(true))
                    .col(timestamp(CustomFields::CreatedAt))
                    .col(timestamp(CustomFields::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_custom_fields_key")
                    .table(CustomFields::Table)
                    .col(CustomFields::Key)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CustomFields::Table).to_owned()).await
    }
}
