//! `cargo xtask watch` end to end, against Atlas's whole document served by
//! a local HTTP server: no change; an optional answer field added (patch);
//! an answer field removed (breaking); an operation this workspace does not
//! bind; the overlay changed alone; the document moved to another URL; and
//! sources that cannot be taken (server down, cut short, OpenAPI 3.1), each
//! a clear error with nothing written. The same change watched twice writes
//! the same bytes.

#![allow(clippy::expect_used, clippy::unwrap_used)] // a test fails by panicking

mod support;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use support::{sandbox, xtask};
use xtask::pages;

const TODAY: &str = "2026-12-06";

/// What the local server answers: a status and a body, or a body cut short
/// (the announced length is longer than what is sent).
#[derive(Clone)]
struct Answer {
    status: u16,
    body: Vec<u8>,
    cut: bool,
}

/// A loopback HTTP server answering every request with the current answer.
struct Server {
    url: String,
    answer: Arc<Mutex<Answer>>,
}

impl Server {
    fn start(body: Vec<u8>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/atlas-api.json", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new(Answer {
            status: 200,
            body,
            cut: false,
        }));
        let current = Arc::clone(&answer);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let answer = current.lock().unwrap().clone();
                let announced = if answer.cut {
                    answer.body.len() * 2
                } else {
                    answer.body.len()
                };
                let head = format!(
                    "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\nconnection: close\r\n\r\n",
                    answer.status
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&answer.body);
            }
        });
        Server { url, answer }
    }

    fn serve(&self, status: u16, body: Vec<u8>, cut: bool) {
        *self.answer.lock().unwrap() = Answer { status, body, cut };
    }
}

/// Atlas's whole document as today's pages publish the bound operations.
fn hosted_document(root: &Path) -> Value {
    pages::merge(&pages::read_all(root).unwrap()).unwrap()
}

fn bytes(document: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(document).unwrap()
}

/// A copy of what the watch reads and writes: the pipeline's files, the
/// manifests, the lock file, the CHANGELOG and the wrapper's sources.
fn workspace() -> tempfile::TempDir {
    let dir = sandbox();
    let from = xtask::paths::workspace_root();
    for file in [
        "Cargo.toml",
        "Cargo.lock",
        "CHANGELOG.md",
        "atlas-pay-gen/Cargo.toml",
        "atlas-pay/Cargo.toml",
    ] {
        let target = dir.path().join(file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(from.join(file), target).unwrap();
    }
    copy_dir(
        &from.join("atlas-pay/src"),
        &dir.path().join("atlas-pay/src"),
    );
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `root`, with its bytes.
fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                out.push((
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

fn watch(root: &Path, url: &str) -> std::process::Output {
    xtask(root, &["watch", "--url", url, "--today", TODAY])
}

fn watch_ok(root: &Path, url: &str) -> String {
    let out = watch(root, url);
    assert!(
        out.status.success(),
        "watch: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(root: &Path, file: &str) -> String {
    fs::read_to_string(root.join(file)).unwrap_or_default()
}

/// A workspace where the watch already took today's document once, and the
/// server serving it.
fn watched() -> (tempfile::TempDir, Server, Value) {
    let dir = workspace();
    let document = hosted_document(dir.path());
    let server = Server::start(bytes(&document));
    let out = watch_ok(dir.path(), &server.url);
    assert!(out.contains("no API change"), "{out}");
    assert!(read(dir.path(), "openapi/watch.json").contains(&server.url));
    (dir, server, document)
}

const QUERY_ANSWER: &str =
    "/paths/~1queryOrderDetails.do/post/responses/200/content/application~1json/schema/properties";

#[test]
fn an_unchanged_document_writes_nothing_and_a_moved_one_is_a_source_change() {
    let (dir, server, document) = watched();
    let root = dir.path();
    let before = files(root);
    let out = watch_ok(root, &server.url);
    assert!(out.contains("unchanged"), "{out}");
    assert_eq!(files(root), before, "an unchanged document writes nothing");

    let moved = Server::start(bytes(&document));
    let out = watch_ok(root, &moved.url);
    assert!(out.contains("source moved"), "{out}");
    assert!(read(root, "openapi/watch.json").contains(&moved.url));
    let after: Vec<(PathBuf, Vec<u8>)> = files(root)
        .into_iter()
        .filter(|(path, _)| !path.ends_with("watch.json"))
        .collect();
    let before: Vec<(PathBuf, Vec<u8>)> = before
        .into_iter()
        .filter(|(path, _)| !path.ends_with("watch.json"))
        .collect();
    assert_eq!(after, before, "a moved document regenerates nothing");
}

#[test]
fn an_optional_answer_field_is_a_patch_and_a_removed_one_breaks() {
    for (removed, version, label) in [
        (false, "0.2.1", "semver-patch"),
        (true, "0.3.0", "semver-minor"),
    ] {
        let (dir, server, mut document) = watched();
        let root = dir.path();
        let answer = document
            .pointer_mut(QUERY_ANSWER)
            .unwrap()
            .as_object_mut()
            .unwrap();
        let field = if removed {
            answer.remove("itineraryDownload").unwrap();
            "itineraryDownload"
        } else {
            answer.insert(
                "loyaltyPoints".into(),
                json!({"type": "integer", "description": "Points earned."}),
            );
            "loyaltyPoints"
        };
        server.serve(200, bytes(&document), false);
        let out = watch_ok(root, &server.url);
        assert!(out.contains(&format!("label: {label}")), "{out}");
        assert!(read(root, "Cargo.toml").contains(&format!("version = \"{version}\"")));
        assert!(read(root, "CHANGELOG.md").contains(&format!("## Unreleased ({version})")));
        let body = read(root, "target/spec-watch/pull-request.md");
        assert!(body.contains(field), "{body}");
        assert!(body.contains(&format!("→ {version}")), "{body}");
        assert!(
            body.contains("Rust"),
            "the body says what dependents meet: {body}"
        );
        assert!(!body.contains("TOO LOW"), "the bump is in: {body}");
        assert_eq!(read(root, "target/spec-watch/label"), label);
        let generated = read(root, xtask::paths::GENERATED);
        let rust = if removed {
            "itinerary_download"
        } else {
            "loyalty_points"
        };
        assert_eq!(
            generated.contains(&format!("pub {rust}:")),
            !removed,
            "{rust}"
        );
    }
}

#[test]
fn an_operation_not_bound_is_listed_and_generates_nothing() {
    let (dir, server, mut document) = watched();
    let root = dir.path();
    let generated = read(root, xtask::paths::GENERATED);
    document["paths"]["/search.do"] = json!({"post": {
        "summary": "Search", "responses": {"200": {"description": ""}}}});
    server.serve(200, bytes(&document), false);
    let out = watch_ok(root, &server.url);
    assert!(out.contains("not bound: POST /search.do"), "{out}");
    assert!(!out.contains("label:"), "{out}");
    assert_eq!(read(root, xtask::paths::GENERATED), generated);
    assert!(read(root, "target/spec-watch/pull-request.md").contains("POST /search.do"));
}

#[test]
fn a_changed_overlay_alone_regenerates_and_is_reviewed() {
    let (dir, server, _) = watched();
    let root = dir.path();
    let overlay = read(root, xtask::paths::OVERLAY);
    let edited = overlay.replacen(
        "description: The client identifier (the reference's example sends it).",
        "description: The client identifier, as Atlas's registration example sends it.",
        1,
    );
    assert_ne!(edited, overlay);
    fs::write(root.join(xtask::paths::OVERLAY), edited).unwrap();
    let out = watch_ok(root, &server.url);
    assert!(out.contains("changed:"), "{out}");
    let body = read(root, "target/spec-watch/pull-request.md");
    assert!(body.contains("description"), "{body}");
}

#[test]
fn sources_that_cannot_be_taken_are_clear_errors_and_write_nothing() {
    let (dir, server, document) = watched();
    let root = dir.path();
    let before = files(root);
    let mut three_one = document.clone();
    three_one["openapi"] = json!("3.1.0");
    let whole = bytes(&document);
    for (status, body, cut, why) in [
        (
            200,
            whole[..whole.len() / 2].to_vec(),
            false,
            "neither JSON nor YAML",
        ),
        (200, whole.clone(), true, "cut short"),
        (200, bytes(&three_one), false, "OpenAPI 3.1.0"),
        (503, b"busy".to_vec(), false, "HTTP 503"),
    ] {
        server.serve(status, body, cut);
        let out = watch(root, &server.url);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{why}");
        assert!(stderr.contains(why), "{why}: {stderr}");
        assert_eq!(files(root), before, "{why}: nothing written");
    }
    let down = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/atlas-api.json", listener.local_addr().unwrap())
    };
    let out = watch(root, &down);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach"));
    assert_eq!(files(root), before);
}

#[test]
fn the_same_change_watched_twice_writes_the_same_bytes() {
    let mut results = Vec::new();
    for _ in 0..2 {
        let (dir, server, mut document) = watched();
        document.pointer_mut(QUERY_ANSWER).unwrap()["loyaltyPoints"] = json!({"type": "integer"});
        server.serve(200, bytes(&document), false);
        watch_ok(dir.path(), &server.url);
        let written: Vec<(PathBuf, Vec<u8>)> = files(dir.path())
            .into_iter()
            .map(|(path, bytes)| {
                // The URL holds the server's port: the only difference allowed.
                let text = String::from_utf8_lossy(&bytes).replace(&server.url, "URL");
                (path, text.into_bytes())
            })
            .collect();
        results.push(written);
    }
    assert_eq!(results[0], results[1]);
}
