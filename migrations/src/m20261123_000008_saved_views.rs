//! Saved views (保存的视图) of lists: a named filter, column set and sort, private or shared with the
//! owner's department.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SavedViews {
    Table,
    Id,
    Resource,
    Name,
    Filters,
    Columns,
    Sort,
    Visibility,
    OwnerId,
    DepartmentId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SavedViews::Table)
                    .col(id(SavedViews::Id))
                    .col(ColumnDef::new(SavedViews::Resource).string_len(30).not_null())
                    .col(ColumnDef::new(SavedViews::Name).string_len(50).not_null())
                    // The list's query string without cursor and limit.
                    .col(ColumnDef::new(SavedViews::Filters).text().not_null().default(""))
                    // JSON: `["name", "stage", …]`.
                    .col(ColumnDef::new(SavedViews::Columns).text().not_null().default("[]"))
                    .col(ColumnDef::new(SavedViews::Sort).string_len(40).null())
                    .col(ColumnDef::new(SavedViews::Visibility).string_len(20).not_null())
                    .col(ColumnDef::new(SavedViews::OwnerId).big_integer().not_null())
                    // The owner's department when shared; NULL for private views.
                    .col(ColumnDef::new(SavedViews::DepartmentId).big_integer().null())
                    .col(timestamp(SavedViews::CreatedAt))
                    .col(timestamp(SavedViews::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create().from(SavedViews::Table, SavedViews::OwnerId).to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(SavedViews::Table, SavedViews::DepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_saved_views_owner_resource_name")
                    .table(SavedViews::Table)
                    .col(SavedViews::OwnerId)
                    .col(SavedViews::Resource)
                    .col(SavedViews::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_saved_views_department")
                    .table(SavedViews::Table)
                    .col(SavedViews::DepartmentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SavedViews::Table).to_owned()).await
    }
}
