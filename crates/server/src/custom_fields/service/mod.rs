//! Custom fields in use: defining and changing them (administrators, with the proof of `admin.settings`
//! and a transaction, audited) and checking a customer's values against them.

pub mod definitions;
pub mod values;
