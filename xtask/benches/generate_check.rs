//! Wall time of `cargo xtask generate --check` on this workspace's document.
fn main() {}
