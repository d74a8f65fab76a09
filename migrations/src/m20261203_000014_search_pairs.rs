//! Two-character search (华为, 美的): `customers.search_bigrams` holds the pairs of adjacent characters
//! of the search text (`crm_domain::search::bigrams`), indexed by an FTS5 table on SQLite and a GIN
//! index over its words on PostgreSQL. Existing customers get their pairs here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Customers {
    Table,
    SearchBigrams,
}

/// Customers filled per transaction.
const BATCH: u64 = 1000;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(ColumnDef::new(Customers::SearchBigrams).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        fill(manager).await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE customer_bigrams USING fts5(search_bigrams, content='customers', \
                     content_rowid='id', tokenize='unicode61')",
                )
                .await?;
                db.execute_unprepared("INSERT INTO customer_bigrams(customer_bigrams) VALUES('rebuild')").await?;
                for (name, body) in [
                    (
                        "customers_bigrams_insert",
                        "AFTER INSERT ON customers BEGIN INSERT INTO customer_bigrams(rowid, search_bigrams) VALUES (new.id, new.search_bigrams); END",
                    ),
                    (
                        "customers_bigrams_delete",
                        "AFTER DELETE ON customers BEGIN INSERT INTO customer_bigrams(customer_bigrams, rowid, search_bigrams) VALUES ('delete', old.id, old.search_bigrams); END",
                    ),
                    (
                        "customers_bigrams_update",
                        "AFTER UPDATE OF search_bigrams ON customers BEGIN INSERT INTO customer_bigrams(customer_bigrams, rowid, search_bigrams) VALUES ('delete', old.id, old.search_bigrams); INSERT INTO customer_bigrams(rowid, search_bigrams) VALUES (new.id, new.search_bigrams); END",
                    ),
                ] {
                    db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}")).await?;
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE INDEX ix_customers_bigrams ON customers USING gin (string_to_array(search_bigrams, ' '))",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Sqlite {
            for trigger in ["customers_bigrams_insert", "customers_bigrams_delete", "customers_bigrams_update"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {trigger}")).await?;
            }
            db.execute_unprepared("DROP TABLE IF EXISTS customer_bigrams").await?;
        } else {
            db.execute_unprepared("DROP INDEX IF EXISTS ix_customers_bigrams").await?;
        }
        manager
            .alter_table(Table::alter().table(Customers::Table).drop_column(Customers::SearchBigrams).to_owned())
            .await
    }
}

/// Gives every existing customer its pairs, a batch at a time in id order.
async fn fill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let (select, update) = match backend {
        DbBackend::Postgres => (
            "SELECT id, search_text FROM customers WHERE id > $1 ORDER BY id LIMIT $2",
            "UPDATE customers SET search_bigrams = $1 WHERE id = $2",
        ),
        _ => (
            "SELECT id, search_text FROM customers WHERE id > ? ORDER BY id LIMIT ?",
            "UPDATE customers SET search_bigrams = ? WHERE id = ?",
        ),
    };
    let mut after = 0_i64;
    loop {
        let rows = db.query_all(Statement::from_sql_and_values(backend, select, [after.into(), BATCH.into()])).await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after = last.try_get("", "id")?;
        let txn = db.begin().await?;
        for row in &rows {
            let id: i64 = row.try_get("", "id")?;
            let text: String = row.try_get("", "search_text")?;
            let pairs = crm_domain::search::bigrams(&text);
            if !pairs.is_empty() {
                txn.execute(Statement::from_sql_and_values(backend, update, [pairs.into(), id.into()])).await?;
            }
        }
        txn.commit().await?;
    }
}
