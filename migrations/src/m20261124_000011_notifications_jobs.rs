//! Notifications (提醒) and the scheduled jobs that raise them. Jobs are rows claimed under a lease, so
//! that with several server instances on one database each job runs once, and a job of an instance
//! that died is taken over when its lease runs out.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    Title,
    Body,
    Link,
    DedupeKey,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum NotificationDeliveries {
    Table,
    Id,
    NotificationId,
    Channel,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    SentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Channels,
    ImKind,
    ImWebhook,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ScheduledJobs {
    Table,
    Id,
    Kind,
    Payload,
    RunAt,
    DedupeKey,
    Status,
    Attempts,
    LockedBy,
    LockedUntil,
    LastError,
    CreatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Notifications as N;
        manager
            .create_table(
                Table::create()
                    .table(N::Table)
                    .col(id(N::Id))
                    .col(ColumnDef::new(N::UserId).big_integer().not_null())
                    .col(ColumnDef::new(N::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(N::Title).string_len(200).not_null())
                    .col(ColumnDef::new(N::Body).text().not_null())
                    // The SPA route it points to (`/customers/12`).
                    .col(ColumnDef::new(N::Link).string_len(200).null())
                    // What makes it unique (`followup_due:12:1767225600`): a reminder is raised once.
                    .col(ColumnDef::new(N::DedupeKey).string_len(200).not_null().unique_key())
                    .col(timestamp(N::CreatedAt))
                    .col(ColumnDef::new(N::ReadAt).timestamp_with_time_zone().null())
                    .foreign_key(ForeignKey::create().from(N::Table, N::UserId).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_user")
                    .table(N::Table)
                    .col(N::UserId)
                    .col(N::ReadAt)
                    .col(N::Id)
                    .to_owned(),
            )
            .await?;

        use NotificationDeliveries as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id(D::Id))
                    .col(ColumnDef::new(D::NotificationId).big_integer().not_null())
                    // `email`, `sms` or `im`.
                    .col(ColumnDef::new(D::Channel).string_len(10).not_null())
                    // `pending`, `sent` or `failed` (after the last retry).
                    .col(ColumnDef::new(D::Status).string_len(10).not_null())
                    .col(ColumnDef::new(D::Attempts).integer().not_null().default(0))
                    .col(timestamp(D::NextAttemptAt))
                    .col(ColumnDef::new(D::LockedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(D::LastError).text().null())
                    .col(ColumnDef::new(D::SentAt).timestamp_with_time_zone().null())
                    .col(timestamp(D::CreatedAt))
                    .foreign_key(ForeignKey::create().from(D::Table, D::NotificationId).to(N::Table, N::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notification_deliveries_due")
                    .table(D::Table)
                    .col(D::Status)
                    .col(D::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notification_deliveries_notification")
                    .table(D::Table)
                    .col(D::NotificationId)
                    .to_owned(),
            )
            .await?;

        use NotificationPreferences as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(ColumnDef::new(P::UserId).big_integer().not_null().primary_key())
                    // JSON: the channels besides the bell, `["email", "im"]`.
                    .col(ColumnDef::new(P::Channels).string_len(100).not_null().default("[]"))
                    // `wecom`, `dingtalk` or `feishu`.
                    .col(ColumnDef::new(P::ImKind).string_len(20).null())
                    .col(ColumnDef::new(P::ImWebhook).string_len(500).null())
                    .col(timestamp(P::UpdatedAt))
                    .foreign_key(ForeignKey::create().from(P::Table, P::UserId).to(Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;

        use ScheduledJobs as J;
        manager
            .create_table(
                Table::create()
                    .table(J::Table)
                    .col(id(J::Id))
                    .col(ColumnDef::new(J::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(J::Payload).text().not_null().default("{}"))
                    .col(timestamp(J::RunAt))
                    // One job per key: scheduling the same reminder twice is a no-op.
                    .col(ColumnDef::new(J::DedupeKey).string_len(200).not_null().unique_key())
                    // `pending`, `running`, `done`, `failed` or `cancelled`.
                    .col(ColumnDef::new(J::Status).string_len(10).not_null())
                    .col(ColumnDef::new(J::Attempts).integer().not_null().default(0))
                    .col(ColumnDef::new(J::LockedBy).string_len(60).null())
                    .col(ColumnDef::new(J::LockedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(J::LastError).text().null())
                    .col(timestamp(J::CreatedAt))
                    .col(ColumnDef::new(J::FinishedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("ix_scheduled_jobs_due").table(J::Table).col(J::Status).col(J::RunAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ScheduledJobs::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
            NotificationDeliveries::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
