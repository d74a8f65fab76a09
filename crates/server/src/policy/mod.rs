//! The one access layer: who may read and who may change which record, and which of its fields.
//!
//! A policy (one file here per record type) is the only code that can make the proofs below: the
//! fields of [`Visible`] and [`Editable`] are private to this module and its children. A service
//! function that changes a record takes an [`Editable`] of it, so a write whose rights nobody checked
//! does not compile. Queries over many rows take the record type's scope (a query condition) from
//! the same policy file, so a list, a count, an export and a fetch by id cannot disagree.
//!
//! Field rules (hidden, read-only, masked) are applied by [`fields`], on every response, export and
//! write, over typed field names.

pub mod admin;
pub mod attachments;
pub mod customers;
pub mod demands;
pub mod exports;
pub mod fields;
pub mod followups;
pub mod imports;
pub mod notifications;
pub mod saved_views;
pub mod scope;
pub mod tasks;

use std::ops::Deref;

/// A record the caller may read. Only a policy makes one.
#[derive(Debug, Clone)]
pub struct Visible<T>(T);

impl<T> Visible<T> {
    /// The record.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Visible<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A record the caller may change (which implies reading it). Only a policy makes one.
#[derive(Debug, Clone)]
pub struct Editable<T>(T);

impl<T> Editable<T> {
    /// The record.
    pub fn into_inner(self) -> T {
        self.0
    }

    /// The same record as readable.
    pub fn visible(&self) -> Visible<&T> {
        Visible(&self.0)
    }
}

impl<T> Deref for Editable<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
