//! Receive Atlas's `order.ticketed` after paying, confirm it by query, and
//! print the ticket numbers; when the notification never comes, the same
//! follow ends by polling.
//!
//! It starts the embedded sandbox and a receiver (`atlas_pay::webhook`) on
//! loopback ports, registers the receiver's URL with the sandbox, and
//!
//! 1. pays `SBX-DEMO-001` by deposit and follows its ticketing on real time
//!    with slow waits (20 s): the notification wakes the follow early, the
//!    order query decides, and the event is confirmed against it;
//! 2. does the same with a sandbox that drops every notification: the
//!    follow ends by polling, on the sandbox's virtual clock.
//!
//! Run: `cargo run -p atlas-pay --features sandbox,webhook --example webhook`

#![allow(clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use atlas_pay::sandbox::{EventDelivery, Sandbox};
use atlas_pay::{
    Client, Confirmation, Environment, Event, FollowTicketing, PaymentRequest, ReconcilePolicy,
    Ticketing,
};
use tokio::sync::broadcast;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The receiver: notifications go to a broadcast channel.
    let (events, mut received) = broadcast::channel::<Event>(64);
    let app = axum::Router::new().nest(
        "/atlas/7f3a9c1e",
        atlas_pay::webhook::router(events.clone()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/atlas/7f3a9c1e", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // 1. Delivered: the notification wakes the follow; the query decides.
    let sandbox = Arc::new(Sandbox::builder().with_default_orders().start().await?);
    let (id, secret) = sandbox.credentials();
    let client = Client::builder()
        .credentials(id, secret)
        .environment(Environment::custom(sandbox.base_url())?)
        .build()?; // real time: a notification can beat its waits
    client.register_webhook(&url).await?;
    client.pay(PaymentRequest::deposit("SBX-DEMO-001")).await?;
    let airline = Arc::clone(&sandbox);
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        airline.advance(Duration::from_secs(10 * 60)); // the airline issues the tickets
    });
    let slow = ReconcilePolicy::default()
        .schedule([Duration::from_secs(20)])
        .budget(Duration::from_secs(120));
    let started = Instant::now();
    let follow = FollowTicketing::order_no("SBX-DEMO-001")
        .policy(slow)
        .wake_on(events.subscribe());
    let ticketing = client.follow_ticketing(follow).await?;
    println!(
        "{ticketing} after {:?} (waits were 20 s)",
        started.elapsed()
    );
    let event = received.recv().await?;
    match client.confirm(&event).await? {
        Confirmation::Confirmed { order } => {
            for passenger in order.passengers() {
                println!(
                    "confirmed {}: tickets {:?}",
                    event.kind(),
                    passenger.ticket_numbers
                );
            }
        }
        other => println!("{}: {other}", event.kind()),
    }

    // 2. Dropped: the follow ends by polling all the same.
    let dropping = Sandbox::builder()
        .with_default_orders()
        .event_delivery(EventDelivery::Dropped)
        .start()
        .await?;
    let client = dropping.client()?; // virtual time: the waits pass at once
    client.register_webhook(&url).await?;
    client.pay(PaymentRequest::deposit("SBX-DEMO-002")).await?;
    let follow = FollowTicketing::order_no("SBX-DEMO-002")
        .policy(ReconcilePolicy::default().budget(Duration::from_secs(15 * 60)))
        .wake_on(events.subscribe());
    if let Ticketing::Ticketed { order } = client.follow_ticketing(follow).await? {
        println!(
            "no notification came; polling found {} ticketed: {:?}",
            order.order_no,
            order.passengers()[0].ticket_numbers
        );
    }
    Ok(())
}
