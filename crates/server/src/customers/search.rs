//! Full-text search over a customer's name, code, phones, contacts and USCC (`customers.search_text`):
//! through the FTS5 trigram index on SQLite and the pg_trgm index on PostgreSQL. Both find any
//! fragment of three characters or more through the index; shorter fragments (a two-character
//! Chinese name such as 华为) fall back to a scan of the rows the other filters leave.

use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, SimpleExpr};

/// `%`, `_` and `\` taken literally in a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The condition "the customer's search text contains `text`".
pub fn matches(backend: DbBackend, text: &str) -> SimpleExpr {
    let text = text.trim();
    match backend {
        DbBackend::Sqlite if text.chars().count() >= 3 => {
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            Expr::cust_with_values(
                "\"customers\".\"id\" IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ?)",
                [phrase],
            )
        }
        DbBackend::Sqlite => {
            Expr::cust_with_values("\"customers\".\"search_text\" LIKE ? ESCAPE '\\'", [like_pattern(text)])
        }
        _ => Expr::cust_with_values("\"customers\".\"search_text\" ILIKE $1 ESCAPE '\\'", [like_pattern(text)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_the_text_are_taken_literally() {
        assert_eq!(like_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
