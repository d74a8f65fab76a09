//! Changes to customers. Each function takes the caller, an `Editable` proof of the customer it
//! changes (or the right to create one) and a transaction, and writes history and audit with it.

pub mod collaborators;
pub mod contact_rules;
pub mod contacts;
pub mod create;
pub mod delete;
pub mod events;
pub mod handover;
pub mod input;
pub mod update;
