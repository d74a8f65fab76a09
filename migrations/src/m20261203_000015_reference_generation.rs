//! The reference generation: one number that every change of the reference data — roles, departments,
//! dictionaries, custom fields, settings, module switches — raises, through triggers, in the changing
//! transaction. A server instance keeps the reference data in memory and reloads it when the number
//! it reads with the caller's identity differs from the one it loaded, so every instance sees a change
//! as soon as it is committed, whoever made it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReferenceGeneration {
    Table,
    Id,
    Value,
}

/// The tables whose rows are reference data.
const TABLES: [&str; 6] = ["roles", "departments", "dictionary_items", "custom_fields", "settings", "modules"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReferenceGeneration::Table)
                    .col(ColumnDef::new(ReferenceGeneration::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(ReferenceGeneration::Value).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO reference_generation (id, value) VALUES (1, 1)").await?;
        let bump = "UPDATE reference_generation SET value = value + 1 WHERE id = 1";
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(&format!(
                    "CREATE FUNCTION bump_reference_generation() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN {bump}; RETURN NULL; END $$"
                ))
                .await?;
                for table in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_generation()"
                    ))
                    .await?;
                }
            }
            _ => {
                for table in TABLES {
                    for operation in ["INSERT", "UPDATE", "DELETE"] {
                        let name = format!("{table}_reference_{}", operation.to_lowercase());
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN {bump}; END"
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for table in TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_reference ON {table}")).await?;
                }
                db.execute_unprepared("DROP FUNCTION IF EXISTS bump_reference_generation()").await?;
            }
            _ => {
                for table in TABLES {
                    for operation in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {table}_reference_{operation}")).await?;
                    }
                }
            }
        }
        manager.drop_table(Table::drop().table(ReferenceGeneration::Table).to_owned()).await
    }
}
