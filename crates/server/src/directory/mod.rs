//! The staff directory every signed-in user reads (`/api/v1/users`, `/api/v1/departments`): the
//! active colleagues with their names and departments, and the department tree — the choices for an
//! owner, a collaborator, a handover target or an assignee, and what lists are filtered by. Contact
//! details and roles stay in the administration (`admin`), whose department tree this serves as is.
//!
//! `routes` (thin) and `queries`; the directory changes nothing.

pub mod queries;
pub mod routes;
