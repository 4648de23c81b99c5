//! Test support shared by the integration tests.

pub mod fixtures;
pub mod raw_server;
