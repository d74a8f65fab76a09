//! Customers (客户档案), the worked example of a module (see ARCHITECTURE.md): `routes` (the HTTP
//! handlers, thin: extract, call, respond), `service` (every change — create, update, contacts,
//! collaborators, handover, delete — taking the caller's proof of access from `policy::customers`
//! and a transaction; used by the routes, the import, the seeders and the jobs alike) and `queries`
//! (reads: the list with its filters, sorts and search, the record as DTO, duplicates, timeline).

pub mod queries;
pub mod routes;
pub mod service;
