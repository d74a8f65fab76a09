//! Customers (客户档案): the rules around the records — who sees and edits which, validation against
//! the dictionaries, duplicates, history, search and the list. Handlers in `routes::customers` stay
//! thin over these.

pub mod access;
pub mod contacts;
pub mod create;
pub mod duplicates;
pub mod events;
pub mod input;
pub mod list;
pub mod record;
pub mod search;
pub mod update;
