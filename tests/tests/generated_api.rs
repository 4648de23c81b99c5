//! Guards the public API of `atlas-pay-gen`: a spec change shows up as a
//! short, readable diff of `snapshots/generated_api__api_surface.snap`.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::path::Path;

use atlas_pay_test_support::api_surface::api_surface;

#[test]
fn generated_api_surface() {
    let mut listing = String::new();
    for file in ["generated.rs", "generated_client.rs", "operations.rs"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../atlas-pay-gen/src")
            .join(file);
        let source = std::fs::read_to_string(&path).expect("the generated file is readable");
        listing.push_str(&api_surface(&source).expect("the generated file parses"));
    }
    insta::assert_snapshot!(listing);
}
