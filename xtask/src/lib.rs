//! Maintainer tasks for the atlas-pay workspace.
//!
//! The data flows one way, and each step is a module here:
//!
//! ```text
//! docs pages ──import──▶ openapi/<name>.upstream.json, one per page
//!                         ──merge──▶ one document
//!                        + openapi/overlay.yaml ──overlay──▶
//!                        + openapi/personal-data.yaml ──classes──▶ openapi/atlas-pay.json
//!                                                 ──generate──▶ atlas-pay-gen/src/generated*.rs
//!                                                               + atlas-pay-gen/src/operations.rs
//! ```
//!
//! `main.rs` is only the command line; everything it does is callable from
//! tests and benchmarks through this library.

pub mod api;
pub mod bound;
pub mod compat;
pub mod dependent_build;
pub mod diff;
pub mod document;
pub mod generate;
pub mod import;
pub mod modules;
mod naming;
pub mod operations;
pub mod overlay;
pub mod pages;
pub mod paths;
pub mod personal;
pub mod severity;
pub mod sources;
pub mod surface;
pub mod watch;
