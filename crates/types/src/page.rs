//! One page of a list: what every list of the API answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One page of a list, in the list's order. Pass `next_cursor` as `cursor` for the next page; it is
/// absent on the last one. Cursors are opaque and stable under inserts (keyset pagination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// The cursor of the next page, if there is one.
    pub next_cursor: Option<String>,
    /// Every row the filters match, when the list was asked for it (`with_total=true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of `items`, followed by `next_cursor` when there is more.
    pub fn new(items: Vec<T>, next_cursor: Option<String>) -> Self {
        Self { items, next_cursor, total: None }
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self::new(Vec::new(), None)
    }
}
