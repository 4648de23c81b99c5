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
    reqwest::Client::new()
        .post(format!("{url}/pay.do"))
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

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "atlas-pay-sandbox-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
