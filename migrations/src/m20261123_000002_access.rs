//! API keys, module switches, password resets, sign-in throttling and the audit log.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};
use crate::m20261123_000001_identity::{Roles, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    KeyHash,
    RoleId,
    CreatedBy,
    ExpiresAt,
    RevokedAt,
    LastUsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Modules {
    Table,
    Key,
    Enabled,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LoginThrottles {
    Table,
    Key,
    Failures,
    WindowStart,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    OccurredAt,
    ActorKind,
    ActorId,
    ActorName,
    Ip,
    Action,
    EntityType,
    EntityId,
    Before,
    After,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum AuditHead {
    Table,
    Id,
    LastId,
    LastHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(id(ApiKeys::Id))
                    .col(ColumnDef::new(ApiKeys::Name).string_len(100).not_null())
                    .col(ColumnDef::new(ApiKeys::Prefix).string_len(16).not_null())
                    .col(ColumnDef::new(ApiKeys::KeyHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(ApiKeys::RoleId).big_integer().not_null())
                    .col(ColumnDef::new(ApiKeys::CreatedBy).big_integer().not_null())
                    .col(timestamp(ApiKeys::ExpiresAt))
                    .col(ColumnDef::new(ApiKeys::RevokedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(ApiKeys::LastUsedAt).timestamp_with_time_zone().null())
                    .col(timestamp(ApiKeys::CreatedAt))
                    .foreign_key(ForeignKey::create().from(ApiKeys::Table, ApiKeys::RoleId).to(Roles::Table, Roles::Id))
                    .foreign_key(
                        ForeignKey::create().from(ApiKeys::Table, ApiKeys::CreatedBy).to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Modules::Table)
                    .col(ColumnDef::new(Modules::Key).string_len(50).not_null().primary_key())
                    .col(ColumnDef::new(Modules::Enabled).boolean().not_null())
                    .col(timestamp(Modules::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(id(PasswordResets::Id))
                    .col(ColumnDef::new(PasswordResets::UserId).big_integer().not_null())
                    .col(ColumnDef::new(PasswordResets::TokenHash).string_len(64).not_null().unique_key())
                    .col(timestamp(PasswordResets::ExpiresAt))
                    .col(ColumnDef::new(PasswordResets::UsedAt).timestamp_with_time_zone().null())
                    .col(timestamp(PasswordResets::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PasswordResets::Table, PasswordResets::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottles::Table)
                    .col(ColumnDef::new(LoginThrottles::Key).string_len(100).not_null().primary_key())
                    .col(ColumnDef::new(LoginThrottles::Failures).integer().not_null())
                    .col(timestamp(LoginThrottles::WindowStart))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(timestamp(AuditLog::OccurredAt))
                    .col(ColumnDef::new(AuditLog::ActorKind).string_len(20).not_null())
                    .col(ColumnDef::new(AuditLog::ActorId).big_integer().null())
                    .col(ColumnDef::new(AuditLog::ActorName).string_len(100).not_null())
                    .col(ColumnDef::new(AuditLog::Ip).string_len(64).null())
                    .col(ColumnDef::new(AuditLog::Action).string_len(50).not_null())
                    .col(ColumnDef::new(AuditLog::EntityType).string_len(50).not_null())
                    .col(ColumnDef::new(AuditLog::EntityId).string_len(50).null())
                    .col(ColumnDef::new(AuditLog::Before).text().null())
                    .col(ColumnDef::new(AuditLog::After).text().null())
                    .col(ColumnDef::new(AuditLog::PrevHash).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLog::Hash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_audit_actor", AuditLog::ActorId),
            ("idx_audit_entity", AuditLog::EntityType),
            ("idx_audit_occurred", AuditLog::OccurredAt),
        ] {
            manager.create_index(Index::create().name(name).table(AuditLog::Table).col(column).to_owned()).await?;
        }
        // One row: the newest entry's id and hash. Appending locks it, so the chain never forks.
        manager
            .create_table(
                Table::create()
                    .table(AuditHead::Table)
                    .col(ColumnDef::new(AuditHead::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(AuditHead::LastId).big_integer().not_null())
                    .col(ColumnDef::new(AuditHead::LastHash).string_len(64).not_null())
                    .to_owned(),
            )
            .await?;
        let genesis = Query::insert()
            .into_table(AuditHead::Table)
            .columns([AuditHead::Id, AuditHead::LastId, AuditHead::LastHash])
            .values_panic([1.into(), 0.into(), "0".repeat(64).into()])
            .to_owned();
        manager.exec_stmt(genesis).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditHead::Table.into_iden(),
            AuditLog::Table.into_iden(),
            LoginThrottles::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Modules::Table.into_iden(),
            ApiKeys::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
