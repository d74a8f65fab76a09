//! Full-text search over a customer's name, code, phones, contacts and USCC (`customers.search_text`).
//!
//! Two indexes answer it (see `crm_domain::search`): trigrams for fragments of three characters or
//! more (an FTS5 trigram table on SQLite, pg_trgm on PostgreSQL), and grams — pairs of Chinese
//! characters and seven-digit runs — for two-character fragments such as 华为 and for phone numbers
//! (an FTS5 table over `search_grams` on SQLite; on PostgreSQL a GIN index of the pairs, phone numbers
//! being answered there by pg_trgm). A search
//! first asks its index for the customers that may match, up to [`CANDIDATES_MAX`]: when there are no
//! more than that, the list reads those rows (and compares their text, as a gram is part of a longer
//! fragment); when there are more, the fragment is so common (有限, 科技) that reading the list in its
//! own order and comparing each row's text fills a page sooner than sorting every match would. Either
//! way the rows found are the same: those whose search text contains the fragment.

use crm_domain::search::{Lookup, grams};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbBackend, Statement};

use crate::entities::customers;
use crate::error::ApiResult;

/// The most customers a search reads by id; a fragment matching more is compared row by row.
pub const CANDIDATES_MAX: usize = 2000;

/// Sets the row's search text and its gram terms.
pub fn index(row: &mut customers::ActiveModel, text: String) {
    row.search_grams = Set(grams(&text));
    row.search_text = Set(text);
}

/// The condition "the customer's search text contains `text`" (trimmed), chosen after asking the index
/// how many customers match.
pub async fn condition(db: &impl ConnectionTrait, text: &str) -> ApiResult<SimpleExpr> {
    let text = text.trim();
    let backend = db.get_database_backend();
    let lookup = Lookup::of(text);
    if let Some(probe) = probe(backend, &lookup, text) {
        let rows = db.query_all(probe).await?;
        if rows.len() <= CANDIDATES_MAX {
            let ids = rows.iter().map(|row| row.try_get_by_index::<i64>(0)).collect::<Result<Vec<_>, _>>()?;
            return Ok(match lookup {
                // A trigram search finds exactly the texts that contain the fragment; a gram, those
                // that contain its first characters.
                Lookup::Trigrams => among(backend, &ids),
                _ => among(backend, &ids).and(contains(backend, text)),
            });
        }
    }
    Ok(contains(backend, text))
}

/// The index query for up to `CANDIDATES_MAX + 1` customers whose text may contain `text`, if an index
/// can answer it.
fn probe(backend: DbBackend, lookup: &Lookup, text: &str) -> Option<Statement> {
    let limit = i64::try_from(CANDIDATES_MAX + 1).unwrap_or(i64::MAX);
    let phrase = |text: &str| format!("\"{}\"", text.replace('"', "\"\""));
    let (sql, value) = match (lookup, backend) {
        (Lookup::Scan, _) => return None,
        (Lookup::Trigrams, DbBackend::Postgres) => {
            ("SELECT id FROM customers WHERE search_text ILIKE $1 ESCAPE '\\' LIMIT $2", like_pattern(text))
        }
        // PostgreSQL indexes the pairs only; its trigram index answers digits.
        (Lookup::Gram(term), DbBackend::Postgres) if term.chars().all(|c| c.is_ascii_digit()) => {
            ("SELECT id FROM customers WHERE search_text ILIKE $1 ESCAPE '\\' LIMIT $2", like_pattern(text))
        }
        (Lookup::Gram(term), DbBackend::Postgres) => {
            ("SELECT id FROM customers WHERE crm_search_pairs(search_grams) @> ARRAY[$1::text] LIMIT $2", term.clone())
        }
        (Lookup::Trigrams, _) => {
            ("SELECT rowid FROM customer_search WHERE customer_search MATCH ? LIMIT ?", phrase(text))
        }
        (Lookup::Gram(term), _) => {
            ("SELECT rowid FROM customer_grams WHERE customer_grams MATCH ? LIMIT ?", phrase(term))
        }
    };
    Some(Statement::from_sql_and_values(backend, sql, [value.into(), limit.into()]))
}

/// "The customer is one of `ids`", as one bound value whatever their number (so that the statement
/// stays the same and cached).
fn among(backend: DbBackend, ids: &[i64]) -> SimpleExpr {
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    match backend {
        DbBackend::Postgres => {
            Expr::cust_with_values("\"customers\".\"id\" = ANY(CAST($1 AS bigint[]))", [format!("{{{list}}}")])
        }
        _ => Expr::cust_with_values("\"customers\".\"id\" IN (SELECT value FROM json_each(?))", [format!("[{list}]")]),
    }
}

/// "The customer's search text contains `text`", compared row by row.
fn contains(backend: DbBackend, text: &str) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => {
            Expr::cust_with_values("\"customers\".\"search_text\" ILIKE $1 ESCAPE '\\'", [like_pattern(text)])
        }
        _ => Expr::cust_with_values("\"customers\".\"search_text\" LIKE ? ESCAPE '\\'", [like_pattern(text)]),
    }
}

/// "Contains `text`" as a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(text: &str) -> String {
    format!("%{}%", like_escaped(text))
}

/// `text` with `%`, `_` and `\` taken literally in a LIKE pattern with `ESCAPE '\'`.
pub fn like_escaped(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use sea_orm::{EntityTrait, QueryFilter, QueryTrait};

    use super::*;

    #[test]
    fn like_wildcards_in_the_text_are_taken_literally() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn candidates_are_one_bound_value() {
        let sql = |backend| customers::Entity::find().filter(among(backend, &[3, 5])).build(backend).to_string();
        assert!(
            sql(DbBackend::Sqlite).ends_with(r#"WHERE "customers"."id" IN (SELECT value FROM json_each('[3,5]'))"#)
        );
        assert!(sql(DbBackend::Postgres).ends_with(r#"WHERE "customers"."id" = ANY(CAST('{3,5}' AS bigint[]))"#));
    }

    #[test]
    fn only_fragments_an_index_answers_are_looked_up_first() {
        let sql = |backend, text| probe(backend, &Lookup::of(text), text).map(|s| s.sql);
        assert!(sql(DbBackend::Sqlite, "华").is_none());
        assert!(sql(DbBackend::Sqlite, "13").is_none());
        let gram = "SELECT rowid FROM customer_grams WHERE customer_grams MATCH ? LIMIT ?";
        assert_eq!(sql(DbBackend::Sqlite, "华为").as_deref(), Some(gram));
        assert_eq!(sql(DbBackend::Sqlite, "13812345678").as_deref(), Some(gram));
        assert!(sql(DbBackend::Sqlite, "138123").is_some_and(|sql| sql.contains("customer_search")));
        assert!(sql(DbBackend::Postgres, "华为").is_some_and(|sql| sql.contains("crm_search_pairs")));
        assert!(sql(DbBackend::Postgres, "13812345678").is_some_and(|sql| sql.contains("ILIKE")));
    }
}
