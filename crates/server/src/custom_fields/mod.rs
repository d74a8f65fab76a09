//! Custom fields on customers (自定义字段): `routes` (every signed-in user reads the definitions under
//! `/api/v1/custom-fields`; administrators define and change them under `/admin/custom-fields`),
//! `service` (defining and changing them with the proof of `admin.settings`; a customer's values
//! checked against them), `queries` (the definitions; the `cf=` list filter on the JSON column) and
//! `wire` (a definition and a value between row, wire and domain form).
//!
//! The definitions are also part of the request's reference data (`reference`), which the customer
//! form and the import read. What other modules call — the customers (values checked, the `cf=`
//! filter), the import and the export (definitions, wire values), the reference data and the
//! seeders — is re-exported here, so their paths did not change when this file became a folder.

pub mod queries;
pub mod routes;
pub mod service;
pub mod wire;

pub use queries::filter::filter;
pub use queries::{all, definitions};
pub use service::values::{check_against, check_customer};
pub use wire::{domain_type, to_wire};
