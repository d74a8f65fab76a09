//! Authentication: password hashing, access tokens, refresh-token sessions, the caller extractor and
//! the first administrator; `routes` the sign-in, session and password endpoints and `/me`.

pub mod access;
pub mod api_keys;
pub mod bootstrap;
pub mod caller;
pub mod password_reset;
pub mod passwords;
pub mod roles;
pub mod routes;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use caller::{Caller, Principal, SessionCaller};
