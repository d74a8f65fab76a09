//! Reads of customers: the list (filters, sorts, keyset cursors, full-text search), a record as its
//! wire form, the look-alikes of the duplicate check.

pub mod duplicates;
pub mod handovers;
pub mod list;
pub mod list_page;
pub mod record;
pub mod search;
pub mod timeline;
