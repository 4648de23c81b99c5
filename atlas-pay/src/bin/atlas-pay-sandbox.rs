//! `atlas-pay-sandbox`: a local, stateful Atlas (`POST /pay.do` and
//! `POST /queryOrderDetails.do`) for tests in any language.
//!
//! ```text
//! atlas-pay-sandbox [--port 8080] [--orders orders.json] [--client-id ID] [--client-secret SECRET]
//! ```
//!
//! Without `--orders` it serves the default orders (`SBX-DEMO-001`, …; see
//! `atlas_pay::sandbox::Sandbox::default_orders`). The orders file is a JSON
//! array of orders: `[{"orderNo": "A1"}, {"orderNo": "A2", "state": "ticketed"},
//! {"orderNo": "A3", "fault": {"kind": "http500"}}]`. An unknown field or a bad
//! value anywhere in the file is an error naming it, and nothing is served.

use std::io::Write;
use std::process::ExitCode;

use atlas_pay::sandbox::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox, SandboxOrder, parse_orders,
};

const USAGE: &str = "usage: atlas-pay-sandbox [--port PORT] [--orders FILE.json] [--client-id ID] [--client-secret SECRET]";

struct Options {
    port: u16,
    orders: Option<String>,
    client_id: String,
    client_secret: String,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        port: 8080,
        orders: None,
        client_id: DEFAULT_CLIENT_ID.to_owned(),
        client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
    };
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_owned());
        }
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--port" => {
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: {value:?} is not a port"))?
            }
            "--orders" => options.orders = Some(value),
            "--client-id" => options.client_id = value,
            "--client-secret" => options.client_secret = value,
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

fn load_orders(path: &str) -> Result<Vec<SandboxOrder>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    parse_orders(&text).map_err(|e| format!("{path} is not a valid orders file: at {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let orders = match options.orders.as_deref().map(load_orders).transpose() {
        Ok(orders) => orders.unwrap_or_else(Sandbox::default_orders),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let count = orders.len();
    let sandbox = match Sandbox::builder()
        .orders(orders)
        .credentials(&options.client_id, &options.client_secret)
        .port(options.port)
        .start()
        .await
    {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    // One write, errors ignored: a reader that stops listening must not stop the server.
    let banner = format!(
        "atlas-pay sandbox on {url} with {count} orders\n\
         credentials: x-atlas-client-id: {id}  x-atlas-client-secret: {secret}\n\
         try: curl -s {url}/pay.do -H 'content-type: application/json' -H 'x-atlas-client-id: {id}' -H 'x-atlas-client-secret: {secret}' -d '{{\"orderNo\":\"SBX-DEMO-001\",\"paymentMethod\":1}}'\n\
         then: curl -s {url}/queryOrderDetails.do -H 'content-type: application/json' -H 'x-atlas-client-id: {id}' -H 'x-atlas-client-secret: {secret}' -d '{{\"orderNo\":\"SBX-DEMO-001\"}}'\n",
        url = sandbox.base_url(),
        id = options.client_id,
        secret = options.client_secret,
    );
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(banner.as_bytes())
        .and_then(|()| stdout.flush());
    drop(stdout);
    tokio::select! {
        () = sandbox.run() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    ExitCode::SUCCESS
}
