//! sea-orm entities: the server's view of the tables. Entities never leave this crate; handlers turn
//! them into `crm-types` DTOs.

pub mod api_keys;
pub mod attachments;
pub mod audit_head;
pub mod audit_log;
pub mod calendar_days;
pub mod custom_fields;
pub mod customer_collaborators;
pub mod customer_contacts;
pub mod customer_events;
pub mod customer_handover_items;
pub mod customer_handovers;
pub mod customer_tags;
pub mod customers;
pub mod demands;
pub mod departments;
pub mod dictionary_items;
pub mod followup_contacts;
pub mod followup_participants;
pub mod followups;
pub mod login_throttles;
pub mod modules;
pub mod notification_deliveries;
pub mod notification_preferences;
pub mod notifications;
pub mod password_resets;
pub mod refresh_tokens;
pub mod roles;
pub mod saved_views;
pub mod scheduled_jobs;
pub mod settings;
pub mod task_events;
pub mod tasks;
pub mod users;
