//! Saved views (`/api/v1/saved-views`, the `saved_views` table): a user's named filter string,
//! columns and sort of a list, kept private or shared with the owner's department. `routes` (thin),
//! `service` (save, change, delete — each taking its proof from `policy::saved_views`: a keeper of
//! views of that list, or the owner of the view — and a transaction, audited) and `queries` (the views
//! a user sees, in wire form).

pub mod queries;
pub mod routes;
pub mod service;
