//! Customers: the list, the create form and the 360° view.

mod columns;
mod custom;
mod detail;
mod form;
mod list;
mod messages;
mod views;
mod vocab;

pub use detail::CustomerDetailPage;
pub use form::{EditCustomerPage, NewCustomerPage};
pub use list::CustomersPage;
