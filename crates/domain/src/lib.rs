//! Business rules of the CRM, as plain Rust.
//!
//! Architecture invariant: this crate does no I/O and depends on no web or database framework, so it
//! compiles for `wasm32-unknown-unknown` and the SPA validates input with exactly the server's rules.
//! Values are parsed into newtypes ("parse, don't validate"): once you hold a [`Password`], it is valid.

pub mod calendar;
pub mod china_time;
pub mod code_format;
pub mod custom_field;
pub mod dedupe;
pub mod email;
pub mod error;
pub mod id_card;
pub mod import;
pub mod mask;
pub mod money;
pub mod password;
pub mod phone;
pub mod search;
pub mod spreadsheet;
pub mod uscc;
pub mod workflow;

pub use code_format::CodeFormat;
pub use custom_field::FieldKey;
pub use email::Email;
pub use error::DomainError;
pub use id_card::IdCardNo;
pub use password::Password;
pub use phone::{Mobile, Phone};
pub use uscc::Uscc;
