//! Authentication: password hashing, access tokens, refresh-token sessions, the caller extractor and
//! the first administrator.

pub mod bootstrap;
pub mod caller;
pub mod passwords;
pub mod sessions;
pub mod tokens;

pub use caller::{Caller, SessionCaller};
