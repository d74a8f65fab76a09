//! Benchmarks of the CRM server: `crm-bench` (the customer API under load) and `crm-bench-import`
//! (a million-row import, then exports). Both start the release server on 127.0.0.1 and stop it.

pub mod server;
