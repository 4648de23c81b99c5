//! Helpers shared by the workspace's tests and benchmarks (`tests/tests/`,
//! `tests/benches/`). A library only: it depends on no crate of the
//! workspace, so no two crates dev-depend on each other.
//!
//! [`raw_server`] stages transport failures no mocking library can (cards and dates come
//! from `atlas_pay::test_cards`). [`alternate`] times a client call against
//! a hand-written baseline in the same run, for the benchmarks.

pub mod alternate;
pub mod raw_server;
