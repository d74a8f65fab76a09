//! The API, exercised over HTTP against a real server on a random port and a fresh database.
//!
//! The database is a temporary SQLite file unless `CRM_TEST_DATABASE_URL` points at a PostgreSQL
//! server, in which case every test gets a database of its own there.

#![expect(clippy::unwrap_used, reason = "helpers outside #[test] functions fail the test loudly, as they should")]

mod access_matrix;
mod actors;
mod admin;
mod architecture;
mod attachments;
mod audit;
mod auth;
mod codes;
mod crash_recovery;
mod custom_fields;
mod customers;
mod customers_list;
mod demands;
mod dictionaries;
mod edit_rights;
mod exports;
mod field_rules;
mod followups;
mod helpers;
mod imports;
mod imports_custom_fields;
mod locales;
mod openapi;
mod problems;
mod process;
mod reminders;
mod saved_views;
mod seed;
mod spa;
mod system;
mod tasks;
