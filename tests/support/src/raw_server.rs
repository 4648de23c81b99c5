//! A minimal HTTP/1.1 server on 127.0.0.1 for transport-level cases that a
//! mocking library cannot stage (used by atlas-pay's integration tests and
//! benchmarks): a connection closed right after the request
//! was read, a server that never answers, and a fixed fast answer for
//! benchmarks. It reads each request fully (headers and `Content-Length`
//! body) before acting, and keeps connections alive.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does once it has read a request.
#[derive(Clone)]
pub enum Behaviour {
    /// Answer `200 OK` with this JSON body.
    Json(Vec<u8>),
    /// Close the connection without a byte of answer.
    CloseAfterRequest,
    /// Keep the connection open and never answer.
    NeverAnswer,
}

/// A running server; stops when dropped.
pub struct RawServer {
    /// `http://127.0.0.1:<port>`
    pub url: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl RawServer {
    /// Starts a server with `behaviour` on an OS-assigned port.
    pub async fn start(behaviour: Behaviour) -> std::io::Result<RawServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let behaviour = behaviour.clone();
                let counter = Arc::clone(&counter);
                tokio::spawn(serve(stream, behaviour, counter));
            }
        });
        Ok(RawServer {
            url,
            requests,
            task,
        })
    }

    /// How many complete requests the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, behaviour: Behaviour, counter: Arc<AtomicUsize>) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let Some(consumed) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        buffer.drain(..consumed);
        counter.fetch_add(1, Ordering::SeqCst);
        match &behaviour {
            Behaviour::Json(body) => {
                let mut answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                )
                .into_bytes();
                answer.extend_from_slice(body);
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
            Behaviour::CloseAfterRequest => return,
            Behaviour::NeverAnswer => {
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Reads one request into `buffer`; returns its length in bytes.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<usize> {
    loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            while buffer.len() < total {
                if !read_more(stream, buffer).await {
                    return None;
                }
            }
            return Some(total);
        }
        if !read_more(stream, buffer).await {
            return None;
        }
    }
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut chunk = [0u8; 4096];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => false,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
