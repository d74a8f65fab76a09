//! The probes and the version (`/healthz`, `/readyz` at the root, `/api/v1/version`): what load
//! balancers and the sign-in page ask without credentials. `routes` (thin) and `queries` (the
//! database's readiness and engine, through `db`).

pub mod queries;
pub mod routes;
