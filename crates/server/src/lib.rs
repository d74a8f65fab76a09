//! The CRM server: REST API under `/api/v1`, OpenAPI document, background jobs and the SPA's host.
//!
//! Entry points: [`cli::main`] for the binary, [`startup::Application::build`] for tests and embedding.

pub mod admin;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod calendar;
pub use crm_domain::china_time;
pub mod cli;
pub mod codes;
pub mod custom_fields;
pub mod customers;
pub mod db;
pub mod demands;
pub mod dictionaries;
pub mod directory;
pub mod entities;
pub mod error;
pub mod exports;
pub mod followups;
pub mod http;
pub mod imports;
pub mod jobs;
pub mod lookups;
pub mod mailer;
pub mod modules;
pub mod notifications;
pub mod openapi;
pub mod policy;
pub mod reference;
pub mod routes;
pub mod saved_views;
pub mod seed;
pub mod settings;
pub mod spa;
pub mod startup;
pub mod state;
pub mod system;
pub mod system_settings;
pub mod tasks;
pub mod telemetry;
pub mod validation;

pub use error::ApiError;
pub use settings::Settings;
pub use startup::Application;
