//! The standalone `atlas-pay-sandbox` binary serves seeded orders to plain
//! HTTP clients (what `curl` sends), from its defaults or an `--orders` file.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free port; returns it and its base URL.
fn start(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_atlas-pay-sandbox"))
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    let url = first
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    (Running(child), url)
}

async fn post(url: &str, body: &str) -> serde_json::Value {
    post_to(url, "/pay.do", body).await
}

async fn post_to(url: &str, path: &str, body: &str) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{url}{path}"))
        .header("content-type", "application/json")
        .header("x-atlas-client-id", "sandbox-client-id")
        .header("x-atlas-client-secret", "sandbox-client-secret")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn serves_the_default_orders() {
    let (_server, url) = start(&[]);
    let answer = post(&url, r#"{"orderNo":"SBX-DEMO-001","paymentMethod":1}"#).await;
    assert_eq!(answer["status"], 0, "{answer}");
    assert_eq!(answer["orderNo"], "SBX-DEMO-001");
    let again = post(&url, r#"{"orderNo":"SBX-DEMO-001","paymentMethod":1}"#).await;
    assert_eq!(again["status"], 406, "{again}");
}

#[tokio::test]
async fn serves_the_order_query_with_the_same_credentials_and_book() {
    let dir = tempfile_dir();
    let file = dir.join("query-orders.json");
    std::fs::write(
        &file,
        r#"[{"orderNo": "Q-1"}, {"orderNo": "Q-2", "queryFault": {"kind": "timeout", "times": 1}}]"#,
    )
    .unwrap();
    let (_server, url) = start(&["--orders", file.to_str().unwrap()]);
    let query = |body: &'static str| post_to(&url, "/queryOrderDetails.do", body);
    let unpaid = query(r#"{"orderNo":"Q-1"}"#).await;
    assert_eq!(unpaid["status"], 0, "{unpaid}");
    assert_eq!(unpaid["orderStatus"], "0");
    assert!(unpaid["paymentMethod"].is_null());
    assert_eq!(
        post(&url, r#"{"orderNo":"Q-1","paymentMethod":1}"#).await["status"],
        0
    );
    let paid = query(r#"{"orderNo":"Q-1"}"#).await;
    assert_eq!(paid["orderStatus"], "1");
    assert_eq!(paid["paymentMethod"], 1);
    assert_eq!(query(r#"{"orderNo":"Q-2"}"#).await["status"], 705);
    assert_eq!(query(r#"{"orderNo":"Q-2"}"#).await["status"], 0);
    assert_eq!(query(r#"{"orderNo":"NOPE"}"#).await["status"], 800);
    let wrong = reqwest::Client::new()
        .post(format!("{url}/queryOrderDetails.do"))
        .header("content-type", "application/json")
        .header("x-atlas-client-id", "sandbox-client-id")
        .header("x-atlas-client-secret", "wrong")
        .body(r#"{"orderNo":"Q-1"}"#)
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(wrong["status"], 900);
}

#[tokio::test]
async fn serves_orders_from_a_file() {
    let dir = tempfile_dir();
    let file = dir.join("orders.json");
    std::fs::write(
        &file,
        r#"[{"orderNo": "FILE-1"}, {"orderNo": "FILE-2", "state": "ticketed"}]"#,
    )
    .unwrap();
    let (_server, url) = start(&["--orders", file.to_str().unwrap()]);
    assert_eq!(
        post(&url, r#"{"orderNo":"FILE-1","paymentMethod":4}"#).await["status"],
        0
    );
    assert_eq!(
        post(&url, r#"{"orderNo":"FILE-2","paymentMethod":4}"#).await["status"],
        402
    );
    assert_eq!(
        post(&url, r#"{"orderNo":"SBX-DEMO-001","paymentMethod":4}"#).await["status"],
        400
    );
}

#[test]
fn a_bad_orders_file_is_a_clear_error_and_nothing_is_served() {
    let dir = tempfile_dir();
    let cases = [
        ("not json", "bad.json", "at .: expected"),
        (
            r#"[{"orderNo": "A1"}, {"orderNo": "A2", "stat": "ticketed"}]"#,
            "typo.json",
            "at [1].stat: unknown field `stat`",
        ),
        (
            r#"[{"orderNo": "A1", "fault": {"kind": "delay", "ms": "soon"}}]"#,
            "value.json",
            "at [0].fault",
        ),
    ];
    for (text, name, expected) in cases {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_atlas-pay-sandbox"))
            .args(["--port", "0", "--orders", file.to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{name}: {stderr}");
        assert!(stderr.contains("is not a valid orders file"), "{stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: it started serving");
    }
}

/// A scratch directory of this test, removed when dropped.
struct Scratch(std::path::PathBuf);

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "atlas-pay-sandbox-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}
