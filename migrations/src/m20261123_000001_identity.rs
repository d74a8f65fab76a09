//! Departments, roles, users and their refresh-token sessions.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Departments {
    Table,
    Id,
    Name,
    ParentId,
    Path,
    SortOrder,
    IsActive,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Roles {
    Table,
    Id,
    Code,
    Name,
    Description,
    IsSystem,
    Permissions,
    DataScopes,
    FieldRules,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Users {
    Table,
    Id,
    Username,
    Email,
    Mobile,
    DisplayName,
    PasswordHash,
    DepartmentId,
    RoleId,
    MustChangePassword,
    IsActive,
    FailedLogins,
    LockedUntil,
    LastLoginAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    FamilyId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    RevokedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Departments::Table)
                    .col(id(Departments::Id))
                    .col(ColumnDef::new(Departments::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Departments::ParentId).big_integer().null())
                    // Materialised path of ids, `/1/4/9/`, so that a subtree is one LIKE prefix query.
                    .col(ColumnDef::new(Departments::Path).string_len(1000).not_null())
                    .col(ColumnDef::new(Departments::SortOrder).integer().not_null().default(0))
                    .col(ColumnDef::new(Departments::IsActive).boolean().not_null().default(true))
                    .col(timestamp(Departments::CreatedAt))
                    .col(timestamp(Departments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Departments::Table, Departments::ParentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_departments_path")
                    .table(Departments::Table)
                    .col(Departments::Path)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Roles::Table)
                    .col(id(Roles::Id))
                    .col(ColumnDef::new(Roles::Code).string_len(50).not_null().unique_key())
                    .col(ColumnDef::new(Roles::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Roles::Description).string_len(500).not_null().default(""))
                    .col(ColumnDef::new(Roles::IsSystem).boolean().not_null().default(false))
                    // JSON documents, read and written only through the server's typed structs.
                    .col(ColumnDef::new(Roles::Permissions).text().not_null())
                    .col(ColumnDef::new(Roles::DataScopes).text().not_null())
                    .col(ColumnDef::new(Roles::FieldRules).text().not_null())
                    .col(timestamp(Roles::CreatedAt))
                    .col(timestamp(Roles::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(id(Users::Id))
                    .col(ColumnDef::new(Users::Username).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(Users::Email).string_len(254).null().unique_key())
                    .col(ColumnDef::new(Users::Mobile).string_len(20).null())
                    .col(ColumnDef::new(Users::DisplayName).string_len(100).not_null())
                    .col(ColumnDef::new(Users::PasswordHash).string_len(255).not_null())
                    .col(ColumnDef::new(Users::DepartmentId).big_integer().null())
                    .col(ColumnDef::new(Users::RoleId).big_integer().not_null())
                    .col(ColumnDef::new(Users::MustChangePassword).boolean().not_null().default(false))
                    .col(ColumnDef::new(Users::IsActive).boolean().not_null().default(true))
                    .col(ColumnDef::new(Users::FailedLogins).integer().not_null().default(0))
                    .col(ColumnDef::new(Users::LockedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Users::LastLoginAt).timestamp_with_time_zone().null())
                    .col(timestamp(Users::CreatedAt))
                    .col(timestamp(Users::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::DepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .foreign_key(ForeignKey::create().from(Users::Table, Users::RoleId).to(Roles::Table, Roles::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_users_department").table(Users::Table).col(Users::DepartmentId).to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .col(id(RefreshTokens::Id))
                    .col(ColumnDef::new(RefreshTokens::UserId).big_integer().not_null())
                    .col(ColumnDef::new(RefreshTokens::FamilyId).string_len(36).not_null())
                    .col(ColumnDef::new(RefreshTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(timestamp(RefreshTokens::ExpiresAt))
                    .col(ColumnDef::new(RefreshTokens::UsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(RefreshTokens::RevokedAt).timestamp_with_time_zone().null())
                    .col(timestamp(RefreshTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_refresh_tokens_family")
                    .table(RefreshTokens::Table)
                    .col(RefreshTokens::FamilyId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RefreshTokens::Table.into_iden(),
            Users::Table.into_iden(),
            Roles::Table.into_iden(),
            Departments::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
