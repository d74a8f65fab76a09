//! Import: turning the cells of a spreadsheet into customer fields — header synonyms, and transforms for
//! dates, phones, amounts and dictionary values.
//!
//! The server streams rows through these pieces; none of them does I/O or keeps state:
//! - [`header`] proposes which column feeds which target field, from what the headers say.
//! - [`text`] cleans a cell (invisible characters, full-width forms, placeholders for "nothing").
//! - [`date`], [`amount`], [`phone`] and [`dictionary`] read one cell each into a typed value, or say
//!   with a stable [`ErrorCode`] what is wrong with it.
//!
//! No function panics, whatever the input.

pub mod amount;
pub mod custom_field;
pub mod customer;
pub mod date;
pub mod dictionary;
pub mod error;
pub mod header;
pub mod phone;
pub mod text;

pub use error::{CellError, CellWarning, ErrorCode, WarningCode};
