//! The administration (`/api/v1/admin`): user accounts, the department tree, roles and their
//! permission matrix, module switches, API keys, the audit log, settings, the working-day calendar and
//! the delivery log of outside channels.
//!
//! `routes` (thin: extract, call, respond), `service` (every change: each function takes the
//! caller's [`Admin`](crate::policy::admin::Admin) proof of the right from `policy::admin` and a
//! transaction, and writes its audit entry in it) and `queries` (the reads, which take the same proof).
//!
//! Helpers other modules share stay where they are: `auth::roles` (a role between row and wire form,
//! the seeded roles), `auth::passwords` and `auth::sessions` (hashing, ending a user's sessions),
//! `system_settings` (the settings as stored, read by customers, jobs and the reference data),
//! `calendar` (the calendar in force and its seeding, read by demands and jobs), `modules` (the
//! switches as read by every module's gate) and `audit` (recording and verifying the chain).

pub mod queries;
pub mod routes;
pub mod service;
