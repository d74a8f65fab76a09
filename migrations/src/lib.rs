//! The schema, one migration per step, applied in order at server start and by `crm-server migrate`.
//!
//! Architecture invariant: a migration that has been released is never edited; changes are new
//! migrations. Every migration runs on both SQLite and PostgreSQL, so it uses the schema builder, not
//! engine-specific SQL, unless it branches on the backend explicitly.

pub use sea_orm_migration::prelude::*;

mod columns;
mod m20261123_000001_identity;
mod m20261123_000002_access;
mod m20261123_000003_code_sequences;
mod m20261123_000004_dictionaries;
mod m20261123_000005_customers;
mod m20261123_000006_custom_fields;
mod m20261123_000008_saved_views;
mod m20261124_000009_followups_demands;
mod m20261124_000010_attachments;
mod m20261124_000011_notifications_jobs;
mod m20261124_000012_imports;
mod m20261124_000013_file_retention;
mod m20261203_000014_search_grams;
mod m20261203_000015_reference_generation;
mod m20261203_000016_list_index_scope;
mod m20261203_000017_search_merges;

/// The ordered list of migrations.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_identity::Migration),
            Box::new(m20261123_000002_access::Migration),
            Box::new(m20261123_000003_code_sequences::Migration),
            Box::new(m20261123_000004_dictionaries::Migration),
            Box::new(m20261123_000005_customers::Migration),
            Box::new(m20261123_000006_custom_fields::Migration),
            Box::new(m20261123_000008_saved_views::Migration),
            Box::new(m20261124_000009_followups_demands::Migration),
            Box::new(m20261124_000010_attachments::Migration),
            Box::new(m20261124_000011_notifications_jobs::Migration),
            Box::new(m20261124_000012_imports::Migration),
            Box::new(m20261124_000013_file_retention::Migration),
            Box::new(m20261203_000014_search_grams::Migration),
            Box::new(m20261203_000015_reference_generation::Migration),
            Box::new(m20261203_000016_list_index_scope::Migration),
            Box::new(m20261203_000017_search_merges::Migration),
        ]
    }
}
