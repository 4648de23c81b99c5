//! Helpers for the workspace-level tests in `tests/tests/`.
//!
//! [`api_surface`] turns the generated Rust file into a short, line-per-item
//! listing of its public API, so that a spec change shows up as a diff a
//! reviewer reads in seconds beside the large generated diff.

pub mod api_surface;
