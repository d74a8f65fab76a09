//! Customers (客户档案), their contacts, tags, collaborators, history and handovers, the search index
//! and the settings table.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::columns::{id, timestamp};
use crate::m20261123_000001_identity::{Departments, Users};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Code,
    Kind,
    Name,
    NameKey,
    Uscc,
    IdCardNo,
    Phone,
    PhoneKey,
    Email,
    Province,
    City,
    District,
    AddressDetail,
    Website,
    CustomerType,
    Industry,
    Grade,
    CompanySize,
    SourceChannel,
    Stage,
    LifecycleStatus,
    FirstCoopDate,
    LastCoopDate,
    CumulativeFen,
    AnnualFen,
    DecisionRoles,
    InitialNeed,
    Notes,
    OwnerId,
    DepartmentId,
    PrimaryContact,
    CustomFields,
    SearchText,
    LastFollowupAt,
    Version,
    CreatedBy,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
    DeletedBy,
}

#[derive(DeriveIden)]
enum CustomerContacts {
    Table,
    Id,
    CustomerId,
    Name,
    Position,
    Mobile,
    Email,
    DecisionRole,
    Status,
    IsPrimary,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CustomerTags {
    Table,
    CustomerId,
    Tag,
}

#[derive(DeriveIden)]
enum CustomerCollaborators {
    Table,
    CustomerId,
    UserId,
    Access,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerEvents {
    Table,
    Id,
    CustomerId,
    Kind,
    Field,
    FromValue,
    ToValue,
    Reason,
    Detail,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerHandovers {
    Table,
    Id,
    ToUserId,
    ByUserId,
    Reason,
    CustomerCount,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CustomerHandoverItems {
    Table,
    HandoverId,
    CustomerId,
    FromUserId,
}

fn customer_index(name: &str, columns: Vec<Customers>) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(Customers::Table).to_owned();
    for column in columns {
        index.col(column);
    }
    index
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(ColumnDef::new(Settings::Key).string_len(100).not_null().primary_key())
                    .col(ColumnDef::new(Settings::Value).text().not_null())
                    .col(timestamp(Settings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        let text = |column: Customers, len: u32| ColumnDef::new(column).string_len(len).null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(id(Customers::Id))
                    .col(ColumnDef::new(Customers::Code).string_len(40).not_null().unique_key())
                    .col(ColumnDef::new(Customers::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(Customers::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Customers::NameKey).string_len(100).not_null())
                    .col(text(Customers::Uscc, 18))
                    .col(text(Customers::IdCardNo, 18))
                    .col(text(Customers::Phone, 30))
                    .col(text(Customers::PhoneKey, 30))
                    .col(text(Customers::Email, 254))
                    .col(text(Customers::Province, 40))
                    .col(text(Customers::City, 40))
                    .col(text(Customers::District, 40))
                    .col(text(Customers::AddressDetail, 200))
                    .col(text(Customers::Website, 200))
                    .col(ColumnDef::new(Customers::CustomerType).string_len(40).not_null())
                    .col(ColumnDef::new(Customers::Industry).string_len(40).not_null())
                    .col(ColumnDef::new(Customers::Grade).string_len(40).not_null())
                    .col(text(Customers::CompanySize, 40))
                    .col(text(Customers::SourceChannel, 40))
                    .col(ColumnDef::new(Customers::Stage).string_len(40).not_null())
                    .col(ColumnDef::new(Customers::LifecycleStatus).string_len(40).not_null())
                    .col(ColumnDef::new(Customers::FirstCoopDate).date().null())
                    .col(ColumnDef::new(Customers::LastCoopDate).date().null())
                    .col(ColumnDef::new(Customers::CumulativeFen).big_integer().null())
                    .col(ColumnDef::new(Customers::AnnualFen).big_integer().null())
                    .col(ColumnDef::new(Customers::DecisionRoles).string_len(400).not_null().default(""))
                    .col(ColumnDef::new(Customers::InitialNeed).text().null())
                    .col(ColumnDef::new(Customers::Notes).text().null())
                    .col(ColumnDef::new(Customers::OwnerId).big_integer().null())
                    .col(ColumnDef::new(Customers::DepartmentId).big_integer().null())
                    .col(text(Customers::PrimaryContact, 50))
                    .col(ColumnDef::new(Customers::CustomFields).text().not_null().default("{}"))
                    .col(ColumnDef::new(Customers::SearchText).text().not_null().default(""))
                    .col(ColumnDef::new(Customers::LastFollowupAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Customers::Version).integer().not_null().default(1))
                    .col(ColumnDef::new(Customers::CreatedBy).big_integer().null())
                    .col(ColumnDef::new(Customers::UpdatedBy).big_integer().null())
                    .col(timestamp(Customers::CreatedAt))
                    .col(timestamp(Customers::UpdatedAt))
                    .col(ColumnDef::new(Customers::DeletedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Customers::DeletedBy).big_integer().null())
                    .foreign_key(
                        ForeignKey::create().from(Customers::Table, Customers::OwnerId).to(Users::Table, Users::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Customers::Table, Customers::DepartmentId)
                            .to(Departments::Table, Departments::Id),
                    )
                    .to_owned(),
            )
            .await?;
        use Customers as C;
        for (name, columns) in [
            ("ix_customers_created", vec![C::CreatedAt, C::Id]),
            ("ix_customers_updated", vec![C::UpdatedAt, C::Id]),
            ("ix_customers_name", vec![C::Name, C::Id]),
            ("ix_customers_owner", vec![C::OwnerId, C::CreatedAt, C::Id]),
            ("ix_customers_department", vec![C::DepartmentId, C::CreatedAt, C::Id]),
            ("ix_customers_industry_stage", vec![C::Industry, C::Stage, C::CreatedAt, C::Id]),
            ("ix_customers_last_followup", vec![C::LastFollowupAt]),
            ("ix_customers_name_key", vec![C::NameKey]),
            ("ix_customers_phone_key", vec![C::PhoneKey]),
            ("ix_customers_uscc", vec![C::Uscc]),
        ] {
            manager.create_index(customer_index(name, columns)).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(CustomerContacts::Table)
                    .col(id(CustomerContacts::Id))
                    .col(ColumnDef::new(CustomerContacts::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerContacts::Name).string_len(50).not_null())
                    .col(ColumnDef::new(CustomerContacts::Position).string_len(50).null())
                    .col(ColumnDef::new(CustomerContacts::Mobile).string_len(30).null())
                    .col(ColumnDef::new(CustomerContacts::Email).string_len(254).null())
                    .col(ColumnDef::new(CustomerContacts::DecisionRole).string_len(40).null())
                    .col(ColumnDef::new(CustomerContacts::Status).string_len(20).not_null())
                    .col(ColumnDef::new(CustomerContacts::IsPrimary).boolean().not_null())
                    .col(timestamp(CustomerContacts::CreatedAt))
                    .col(timestamp(CustomerContacts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerContacts::Table, CustomerContacts::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customer_contacts_customer")
                    .table(CustomerContacts::Table)
                    .col(CustomerContacts::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customer_contacts_mobile")
                    .table(CustomerContacts::Table)
                    .col(CustomerContacts::Mobile)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerTags::Table)
                    .col(ColumnDef::new(CustomerTags::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerTags::Tag).string_len(40).not_null())
                    .primary_key(Index::create().col(CustomerTags::CustomerId).col(CustomerTags::Tag))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerTags::Table, CustomerTags::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customer_tags_tag")
                    .table(CustomerTags::Table)
                    .col(CustomerTags::Tag)
                    .col(CustomerTags::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerCollaborators::Table)
                    .col(ColumnDef::new(CustomerCollaborators::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerCollaborators::UserId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerCollaborators::Access).string_len(10).not_null())
                    .col(timestamp(CustomerCollaborators::CreatedAt))
                    .primary_key(
                        Index::create().col(CustomerCollaborators::CustomerId).col(CustomerCollaborators::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerCollaborators::Table, CustomerCollaborators::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerCollaborators::Table, CustomerCollaborators::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customer_collaborators_user")
                    .table(CustomerCollaborators::Table)
                    .col(CustomerCollaborators::UserId)
                    .col(CustomerCollaborators::CustomerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerEvents::Table)
                    .col(id(CustomerEvents::Id))
                    .col(ColumnDef::new(CustomerEvents::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerEvents::Kind).string_len(40).not_null())
                    .col(ColumnDef::new(CustomerEvents::Field).string_len(40).null())
                    .col(ColumnDef::new(CustomerEvents::FromValue).string_len(200).null())
                    .col(ColumnDef::new(CustomerEvents::ToValue).string_len(200).null())
                    .col(ColumnDef::new(CustomerEvents::Reason).string_len(500).null())
                    .col(ColumnDef::new(CustomerEvents::Detail).text().null())
                    .col(ColumnDef::new(CustomerEvents::ActorId).big_integer().null())
                    .col(timestamp(CustomerEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerEvents::Table, CustomerEvents::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_customer_events_customer")
                    .table(CustomerEvents::Table)
                    .col(CustomerEvents::CustomerId)
                    .col(CustomerEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerHandovers::Table)
                    .col(id(CustomerHandovers::Id))
                    .col(ColumnDef::new(CustomerHandovers::ToUserId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerHandovers::ByUserId).big_integer().null())
                    .col(ColumnDef::new(CustomerHandovers::Reason).string_len(500).not_null())
                    .col(ColumnDef::new(CustomerHandovers::CustomerCount).integer().not_null())
                    .col(timestamp(CustomerHandovers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerHandovers::Table, CustomerHandovers::ToUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CustomerHandoverItems::Table)
                    .col(ColumnDef::new(CustomerHandoverItems::HandoverId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerHandoverItems::CustomerId).big_integer().not_null())
                    .col(ColumnDef::new(CustomerHandoverItems::FromUserId).big_integer().null())
                    .primary_key(
                        Index::create().col(CustomerHandoverItems::HandoverId).col(CustomerHandoverItems::CustomerId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerHandoverItems::Table, CustomerHandoverItems::HandoverId)
                            .to(CustomerHandovers::Table, CustomerHandovers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CustomerHandoverItems::Table, CustomerHandoverItems::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .to_owned(),
            )
            .await?;
        create_search_index(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            manager.get_connection().execute_unprepared("DROP TABLE IF EXISTS customer_search").await?;
        }
        for table in [
            CustomerHandoverItems::Table.into_iden(),
            CustomerHandovers::Table.into_iden(),
            CustomerEvents::Table.into_iden(),
            CustomerCollaborators::Table.into_iden(),
            CustomerTags::Table.into_iden(),
            CustomerContacts::Table.into_iden(),
            Customers::Table.into_iden(),
            Settings::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

/// Full-text search over `customers.search_text` (name, code, phones, contacts, USCC): an FTS5 trigram
/// table on SQLite, a pg_trgm GIN index on PostgreSQL when the extension is available (without it,
/// searches still work by scanning).
async fn create_search_index(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    match manager.get_database_backend() {
        DbBackend::Sqlite => {
            db.execute_unprepared(
                "CREATE VIRTUAL TABLE customer_search USING fts5(search_text, content='customers', \
                 content_rowid='id', tokenize='trigram')",
            )
            .await?;
            for (name, body) in [
                (
                    "customers_search_insert",
                    "AFTER INSERT ON customers BEGIN INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text); END",
                ),
                (
                    "customers_search_delete",
                    "AFTER DELETE ON customers BEGIN INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
                ),
                (
                    "customers_search_update",
                    "AFTER UPDATE OF search_text ON customers BEGIN INSERT INTO customer_search(customer_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); INSERT INTO customer_search(rowid, search_text) VALUES (new.id, new.search_text); END",
                ),
            ] {
                db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}")).await?;
            }
            Ok(())
        }
        _ => {
            let available = db
                .query_one(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT 1 AS present FROM pg_available_extensions WHERE name = 'pg_trgm'",
                ))
                .await?
                .is_some();
            if available {
                db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pg_trgm").await?;
                db.execute_unprepared(
                    "CREATE INDEX ix_customers_search ON customers USING gin (search_text gin_trgm_ops)",
                )
                .await?;
            }
            Ok(())
        }
    }
}
