//! Searches that trigrams answer badly — two Chinese characters (华为, 美的) and phone numbers — get an
//! index of their own: `customers.search_grams` holds the search text's pairs of Chinese characters
//! and seven-digit runs (`crm_domain::search::grams`), indexed by an FTS5 table on SQLite and, for the
//! pairs, a GIN index on PostgreSQL. Existing customers get their terms here.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DbBackend, Statement, TransactionTrait};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Customers {
    Table,
    SearchGrams,
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
                    .add_column(ColumnDef::new(Customers::SearchGrams).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        fill(manager).await?;
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE customer_grams USING fts5(search_grams, content='customers', \
                     content_rowid='id', tokenize='unicode61')",
                )
                .await?;
                db.execute_unprepared("INSERT INTO customer_grams(customer_grams) VALUES('rebuild')").await?;
                for (name, body) in [
                    (
                        "customers_grams_insert",
                        "AFTER INSERT ON customers BEGIN INSERT INTO customer_grams(rowid, search_grams) VALUES (new.id, new.search_grams); END",
                    ),
                    (
                        "customers_grams_delete",
                        "AFTER DELETE ON customers BEGIN INSERT INTO customer_grams(customer_grams, rowid, search_grams) VALUES ('delete', old.id, old.search_grams); END",
                    ),
                    (
                        "customers_grams_update",
                        "AFTER UPDATE OF search_grams ON customers BEGIN INSERT INTO customer_grams(customer_grams, rowid, search_grams) VALUES ('delete', old.id, old.search_grams); INSERT INTO customer_grams(rowid, search_grams) VALUES (new.id, new.search_grams); END",
                    ),
                ] {
                    db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}")).await?;
                }
            }
            _ => {
                // Only the pairs of Chinese characters: a GIN index of every seven-digit run (tens of
                // millions of distinct terms) takes minutes to build, and pg_trgm answers phone numbers
                // well on PostgreSQL.
                db.execute_unprepared(
                    "CREATE FUNCTION crm_search_pairs(grams text) RETURNS text[] LANGUAGE sql IMMUTABLE \
                     PARALLEL SAFE AS $$ SELECT ARRAY(SELECT t FROM unnest(string_to_array(grams, ' ')) AS t \
                     WHERE t !~ '^[0-9]+$') $$",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX ix_customers_grams ON customers USING gin (crm_search_pairs(search_grams))",
                )
                .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Sqlite {
            for trigger in ["customers_grams_insert", "customers_grams_delete", "customers_grams_update"] {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS {trigger}")).await?;
            }
            db.execute_unprepared("DROP TABLE IF EXISTS customer_grams").await?;
        } else {
            db.execute_unprepared("DROP INDEX IF EXISTS ix_customers_grams").await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS crm_search_pairs(text)").await?;
        }
        manager.alter_table(Table::alter().table(Customers::Table).drop_column(Customers::SearchGrams).to_owned()).await
    }
}

/// Gives every existing customer its terms, a batch at a time in id order.
async fn fill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let (select, update) = match backend {
        DbBackend::Postgres => (
            "SELECT id, search_text FROM customers WHERE id > $1 ORDER BY id LIMIT $2",
            "UPDATE customers SET search_grams = $1 WHERE id = $2",
        ),
        _ => (
            "SELECT id, search_text FROM customers WHERE id > ? ORDER BY id LIMIT ?",
            "UPDATE customers SET search_grams = ? WHERE id = ?",
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
            let terms = crm_domain::search::grams(&text);
            if !terms.is_empty() {
                txn.execute(Statement::from_sql_and_values(backend, update, [terms.into(), id.into()])).await?;
            }
        }
        txn.commit().await?;
    }
}
