//! The sales rep's working records: demands (需求), follow-ups (跟进记录) with the contacts and colleagues
//! involved, tasks (任务, from a demand's plan or a follow-up's to-dos) with their history, and the
//! working-day calendar the response deadlines are computed over.

use sea_orm_migration::prelude::*;

use crate::columns::{id, timestamp};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Demands {
    Table,
    Id,
    Code,
    CustomerId,
    Description,
    Kind,
    Priority,
    Status,
    OwnerId,
    DepartmentId,
    DueAt,
    RespondedAt,
    ClosedAt,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Followups {
    Table,
    Id,
    CustomerId,
    AuthorId,
    DepartmentId,
    OccurredAt,
    Kind,
    Topic,
    Summary,
    Feedback,
    StageFrom,
    StageTo,
    NextFollowupAt,
    NextChannels,
    DemandId,
    ReviewStatus,
    ReviewedBy,
    ReviewedAt,
    ReviewComment,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum FollowupContacts {
    Table,
    FollowupId,
    ContactId,
}

#[derive(DeriveIden)]
enum FollowupParticipants {
    Table,
    FollowupId,
    UserId,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    CustomerId,
    DemandId,
    FollowupId,
    Name,
    OwnerId,
    DepartmentId,
    PlannedFinish,
    Status,
    DelayReason,
    PlanApprovedBy,
    PlanApprovedAt,
    CompletedAt,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TaskEvents {
    Table,
    Id,
    TaskId,
    Field,
    FromValue,
    ToValue,
    Reason,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CalendarDays {
    Table,
    Day,
    Kind,
    Name,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CustomerContacts {
    Table,
    Id,
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

/// A foreign key from `table.column` to `target.id`.
fn fk(
    table: impl IntoIden,
    column: impl IntoIden,
    target: impl IntoIden,
    target_id: impl IntoIden,
) -> ForeignKeyCreateStatement {
    let (table, target) = (table.into_iden(), target.into_iden());
    ForeignKey::create().from(table, column).to(target, target_id).to_owned()
}

fn index(name: &str, table: impl IntoIden + 'static, columns: Vec<DynIden>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Demands as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id(D::Id))
                    .col(ColumnDef::new(D::Code).string_len(40).not_null().unique_key())
                    .col(ColumnDef::new(D::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(D::Description).text().not_null())
                    .col(ColumnDef::new(D::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(D::Priority).string_len(10).not_null())
                    .col(ColumnDef::new(D::Status).string_len(30).not_null())
                    .col(ColumnDef::new(D::OwnerId).big_integer().not_null())
                    .col(ColumnDef::new(D::DepartmentId).big_integer().null())
                    // The response deadline from the priority's SLA over the working-day calendar.
                    .col(timestamp(D::DueAt))
                    .col(ColumnDef::new(D::RespondedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(D::ClosedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(D::Version).integer().not_null().default(1))
                    .col(ColumnDef::new(D::CreatedBy).big_integer().not_null())
                    .col(timestamp(D::CreatedAt))
                    .col(timestamp(D::UpdatedAt))
                    .foreign_key(&mut fk(D::Table, D::CustomerId, Customers::Table, Customers::Id))
                    .foreign_key(&mut fk(D::Table, D::OwnerId, Users::Table, Users::Id))
                    .foreign_key(&mut fk(D::Table, D::DepartmentId, Departments::Table, Departments::Id))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_demands_customer", vec![D::CustomerId.into_iden(), D::CreatedAt.into_iden()]),
            ("ix_demands_owner_status", vec![D::OwnerId.into_iden(), D::Status.into_iden()]),
            ("ix_demands_status_due", vec![D::Status.into_iden(), D::DueAt.into_iden()]),
        ] {
            manager.create_index(index(name, D::Table, columns)).await?;
        }

        use Followups as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(id(F::Id))
                    .col(ColumnDef::new(F::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(F::AuthorId).big_integer().not_null())
                    .col(ColumnDef::new(F::DepartmentId).big_integer().null())
                    .col(timestamp(F::OccurredAt))
                    .col(ColumnDef::new(F::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(F::Topic).string_len(200).not_null())
                    .col(ColumnDef::new(F::Summary).text().not_null())
                    .col(ColumnDef::new(F::Feedback).text().null())
                    .col(ColumnDef::new(F::StageFrom).string_len(40).null())
                    .col(ColumnDef::new(F::StageTo).string_len(40).null())
                    .col(ColumnDef::new(F::NextFollowupAt).timestamp_with_time_zone().null())
                    // JSON: `["in_app", "email"]`.
                    .col(ColumnDef::new(F::NextChannels).string_len(100).not_null().default("[]"))
                    .col(ColumnDef::new(F::DemandId).big_integer().null())
                    .col(ColumnDef::new(F::ReviewStatus).string_len(20).not_null())
                    .col(ColumnDef::new(F::ReviewedBy).big_integer().null())
                    .col(ColumnDef::new(F::ReviewedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(F::ReviewComment).text().null())
                    .col(ColumnDef::new(F::Version).integer().not_null().default(1))
                    .col(timestamp(F::CreatedAt))
                    .col(timestamp(F::UpdatedAt))
                    .foreign_key(&mut fk(F::Table, F::CustomerId, Customers::Table, Customers::Id))
                    .foreign_key(&mut fk(F::Table, F::AuthorId, Users::Table, Users::Id))
                    .foreign_key(&mut fk(F::Table, F::DepartmentId, Departments::Table, Departments::Id))
                    .foreign_key(&mut fk(F::Table, F::DemandId, D::Table, D::Id))
                    .foreign_key(&mut fk(F::Table, F::ReviewedBy, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("ix_followups_customer", vec![F::CustomerId.into_iden(), F::OccurredAt.into_iden()]),
            ("ix_followups_author", vec![F::AuthorId.into_iden(), F::OccurredAt.into_iden()]),
            ("ix_followups_review", vec![F::ReviewStatus.into_iden(), F::DepartmentId.into_iden()]),
            ("ix_followups_next", vec![F::NextFollowupAt.into_iden()]),
        ] {
            manager.create_index(index(name, F::Table, columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(FollowupContacts::Table)
                    .col(ColumnDef::new(FollowupContacts::FollowupId).big_integer().not_null())
                    .col(ColumnDef::new(FollowupContacts::ContactId).big_integer().not_null())
                    .primary_key(Index::create().col(FollowupContacts::FollowupId).col(FollowupContacts::ContactId))
                    .foreign_key(&mut fk(FollowupContacts::Table, FollowupContacts::FollowupId, F::Table, F::Id))
                    .foreign_key(&mut fk(
                        FollowupContacts::Table,
                        FollowupContacts::ContactId,
                        CustomerContacts::Table,
                        CustomerContacts::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowupParticipants::Table)
                    .col(ColumnDef::new(FollowupParticipants::FollowupId).big_integer().not_null())
                    .col(ColumnDef::new(FollowupParticipants::UserId).big_integer().not_null())
                    .primary_key(
                        Index::create().col(FollowupParticipants::FollowupId).col(FollowupParticipants::UserId),
                    )
                    .foreign_key(&mut fk(
                        FollowupParticipants::Table,
                        FollowupParticipants::FollowupId,
                        F::Table,
                        F::Id,
                    ))
                    .foreign_key(&mut fk(
                        FollowupParticipants::Table,
                        FollowupParticipants::UserId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;

        use Tasks as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id(T::Id))
                    .col(ColumnDef::new(T::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(T::DemandId).big_integer().null())
                    .col(ColumnDef::new(T::FollowupId).big_integer().null())
                    .col(ColumnDef::new(T::Name).string_len(200).not_null())
                    .col(ColumnDef::new(T::OwnerId).big_integer().not_null())
                    .col(ColumnDef::new(T::DepartmentId).big_integer().null())
                    .col(ColumnDef::new(T::PlannedFinish).date().not_null())
                    .col(ColumnDef::new(T::Status).string_len(20).not_null())
                    .col(ColumnDef::new(T::DelayReason).text().null())
                    .col(ColumnDef::new(T::PlanApprovedBy).big_integer().null())
                    .col(ColumnDef::new(T::PlanApprovedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(T::CompletedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(T::Version).integer().not_null().default(1))
                    .col(ColumnDef::new(T::CreatedBy).big_integer().not_null())
                    .col(timestamp(T::CreatedAt))
                    .col(timestamp(T::UpdatedAt))
                    .foreign_key(&mut fk(T::Table, T::CustomerId, Customers::Table, Customers::Id))
                    .foreign_key(&mut fk(T::Table, T::DemandId, D::Table, D::Id))
                    .foreign_key(&mut fk(T::Table, T::FollowupId, F::Table, F::Id))
                    .foreign_key(&mut fk(T::Table, T::OwnerId, Users::Table, Users::Id))
                    .foreign_key(&mut fk(T::Table, T::DepartmentId, Departments::Table, Departments::Id))
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            (
                "ix_tasks_owner_status",
                vec![T::OwnerId.into_iden(), T::Status.into_iden(), T::PlannedFinish.into_iden()],
            ),
            ("ix_tasks_demand", vec![T::DemandId.into_iden()]),
            ("ix_tasks_followup", vec![T::FollowupId.into_iden()]),
            ("ix_tasks_due", vec![T::PlannedFinish.into_iden()]),
        ] {
            manager.create_index(index(name, T::Table, columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TaskEvents::Table)
                    .col(id(TaskEvents::Id))
                    .col(ColumnDef::new(TaskEvents::TaskId).big_integer().not_null())
                    .col(ColumnDef::new(TaskEvents::Field).string_len(30).not_null())
                    .col(ColumnDef::new(TaskEvents::FromValue).string_len(100).null())
                    .col(ColumnDef::new(TaskEvents::ToValue).string_len(100).null())
                    .col(ColumnDef::new(TaskEvents::Reason).text().null())
                    .col(ColumnDef::new(TaskEvents::ActorId).big_integer().null())
                    .col(timestamp(TaskEvents::CreatedAt))
                    .foreign_key(&mut fk(TaskEvents::Table, TaskEvents::TaskId, T::Table, T::Id))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_task_events_task", TaskEvents::Table, vec![TaskEvents::TaskId.into_iden()]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CalendarDays::Table)
                    .col(ColumnDef::new(CalendarDays::Day).date().not_null().primary_key())
                    // `holiday` (a day off that would be a working day) or `workday` (a make-up working day).
                    .col(ColumnDef::new(CalendarDays::Kind).string_len(10).not_null())
                    .col(ColumnDef::new(CalendarDays::Name).string_len(40).not_null())
                    .col(timestamp(CalendarDays::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CalendarDays::Table.into_iden(),
            TaskEvents::Table.into_iden(),
            Tasks::Table.into_iden(),
            FollowupParticipants::Table.into_iden(),
            FollowupContacts::Table.into_iden(),
            Followups::Table.into_iden(),
            Demands::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
