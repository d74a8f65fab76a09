//! Dictionaries (数据字典): the value lists of dictionary fields — industries, customer types, grades,
//! sizes, sources, decision roles, sales stages, statuses, tags… `routes` (every signed-in user reads a
//! dictionary under `/api/v1/dictionaries/{kind}`; administrators add and change values under
//! `/admin/dictionaries`), `service` (the defaults seeded at start when missing; values added and
//! changed with the proof of `admin.settings`), `queries` (a dictionary in order, in wire form) and
//! `seed` (the defaults as data, which the import benchmark's generator reads too).
//!
//! Values are renamed, reordered and disabled, never deleted: records keep the codes they use. The
//! dictionaries are also part of the request's reference data (`reference`), which customers, the
//! import and the list filters check codes against.

pub mod queries;
pub mod routes;
pub mod seed;
pub mod service;

pub use service::ensure_seeded;
