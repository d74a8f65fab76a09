//! Changes to imports. Each takes the caller's own job or template (the proof from
//! `policy::imports`) or the importer's id, checked input and the time, and returns the wire form.

pub mod options;
pub mod passes;
pub mod templates;
pub mod upload;
