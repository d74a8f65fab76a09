//! Seeded data: `seed-demo` (a small demo company, through the same service code as the API) and
//! `seed-bench` (a large data set for load tests, bulk-loaded).

pub mod bench;
pub mod demo;
pub mod demo_activity;
pub mod fake;
pub mod org;
