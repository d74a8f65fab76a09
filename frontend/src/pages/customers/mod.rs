//! Customers: the list, the create form and the 360° view with its follow-ups, demands and files.

mod bulk;
mod collaborators;
mod columns;
mod contacts;
mod custom;
mod demands;
mod detail;
mod export;
mod field_rules;
mod filter_panel;
mod filters;
mod followup_form;
mod followups;
mod form;
mod list;
mod timeline;
mod user_options;
mod views;
mod vocab;

pub use detail::CustomerDetailPage;
pub use followup_form::{FollowupForm, Subject};
pub use form::{EditCustomerPage, NewCustomerPage};
pub use list::CustomersPage;
pub use vocab::Vocab;
