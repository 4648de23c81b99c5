//! Pay an order; when the outcome is uncertain, settle it by reconciliation
//! and decide; then see what a second attempt gets.
//!
//! With no `ATLAS_*` variables this starts the embedded sandbox (on its
//! virtual clock: no real waiting) and
//!
//! 1. pays `SBX-DEMO-001` by VCC passthrough with a sandbox test card;
//! 2. pays `SBX-CUT-CHARGED`, whose connection the sandbox cuts after
//!    charging, and `SBX-CUT-UNCHARGED`, cut before charging: both outcomes
//!    are unknown, so each is reconciled (paid / not paid) and the decision
//!    printed with its reason; only the unpaid one is paid again, with a new
//!    request;
//! 3. sends the first payment again, as a naive retry loop would;
//! 4. checks the deposit balance, pays `SBX-DEMO-002` by deposit, checks the
//!    balance again and follows the payment until its tickets are issued;
//! 5. pays `SBX-DEMO-003` by deposit, stops its ticket issuance, and follows
//!    it until Atlas confirms the stop (cancelled and refunded).
//!
//! With `ATLAS_CLIENT_ID`, `ATLAS_CLIENT_SECRET` and `ATLAS_BASE_URL` set it
//! talks to that server instead, paying `ATLAS_ORDER_NO` (default
//! `SBX-DEMO-001`) and reconciling it if the outcome is uncertain.
//!
//! Run: `cargo run -p atlas-pay --features sandbox --example pay`

#![allow(clippy::print_stdout)]

use std::time::Duration;

use atlas_pay::sandbox::Sandbox;
use atlas_pay::{
    Card, Client, Expiry, FollowTicketing, NextStep, PayError, PaymentRequest, Reconcile,
    ReconcilePolicy, Ticketing,
};

fn test_card() -> Result<Card, Box<dyn std::error::Error>> {
    // The first Visa test card on Atlas's docs page.
    let card = Card::builder("4532 0151 1283 0366".parse()?)
        .expiry(Expiry::new(12, 2031)?)
        .cvv("123".parse()?)
        .holder("Ada", "Lovelace")
        .build()?;
    Ok(card)
}

fn explain(error: &PayError) {
    println!("  error:             {error}");
    println!("  where it stands:   {:?}", error.delivery());
    println!("  money:             {}", error.money());
    println!("  safe to resend:    {}", error.is_safe_to_resend());
    println!("  next step:         {}", error.next_step());
}

/// Pays once; if the outcome is uncertain, reconciles and decides. Never
/// resends blindly: a second payment only after "not paid", as a new request.
async fn pay_and_settle(
    client: &Client,
    order_no: &str,
    request: impl Fn() -> Result<PaymentRequest, Box<dyn std::error::Error>>,
) -> Result<(), Box<dyn std::error::Error>> {
    println!("\npaying order {order_no}");
    let method = request()?.method();
    let attempted_at = client.now();
    let error = match client.pay(request()?).await {
        Ok(paid) => {
            println!(
                "  paid {} by {}: PNR {}, airlines {:?}",
                paid.order_no,
                paid.method,
                paid.pnr_code.as_deref().unwrap_or("not yet known"),
                paid.airlines
            );
            return Ok(());
        }
        Err(error) => error,
    };
    explain(&error);
    // Decide on the next step alone: it covers every status.
    if !matches!(
        error.next_step(),
        NextStep::LookUpOrder | NextStep::NeverPayAgain
    ) {
        println!("  → {}: no need to look the order up", error.next_step());
        return Ok(());
    }
    println!("  → the money may have moved: reconciling (order query, Atlas's polling schedule)");
    let settlement = client
        .reconcile(
            Reconcile::order_no(order_no)
                .since(attempted_at)
                .after(&error)
                .paid_by(method),
        )
        .await?;
    println!("  decision:          {}", settlement.as_str());
    println!("  why:               {settlement}");
    match settlement.next_step() {
        NextStep::SendAgain => {
            println!("  → paying again, with a new request");
            match client.pay(request()?).await {
                Ok(paid) => println!("  paid {} by {}", paid.order_no, paid.method),
                Err(error) => explain(&error),
            }
        }
        NextStep::NeverPayAgain => println!("  → done: never pay this order again"),
        NextStep::NewOrder => println!("  → the order is cancelled: create a new one"),
        step => println!("  → {step}: do not pay this request again as it is"),
    }
    Ok(())
}

/// The deposit balance around a deposit payment, following it until its
/// tickets are issued, and stopping the ticket issuance of another one.
async fn deposit_and_tickets(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
    // Ticketing takes minutes: wait up to 15 (on the sandbox's virtual clock).
    let patient = ReconcilePolicy::default().budget(Duration::from_secs(15 * 60));

    println!("\ndeposit balance:     {}", client.balance("USD").await?);
    client.pay(PaymentRequest::deposit("SBX-DEMO-002")).await?;
    println!("paid SBX-DEMO-002 by deposit");
    println!("deposit balance:     {}", client.balance("USD").await?);
    let ticketing = client
        .follow_ticketing(FollowTicketing::order_no("SBX-DEMO-002").policy(patient.clone()))
        .await?;
    println!("followed:            {ticketing}");
    if let Ticketing::Ticketed { order } = &ticketing {
        for passenger in order.passengers() {
            println!(
                "  passenger ({:?}): tickets {:?}, airline PNRs {:?}",
                passenger.passenger_type, passenger.ticket_numbers, passenger.airline_pnrs
            );
        }
    }

    println!("\npaying SBX-DEMO-003 by deposit, then stopping its ticket issuance");
    client.pay(PaymentRequest::deposit("SBX-DEMO-003")).await?;
    println!("deposit balance:     {}", client.balance("USD").await?);
    let stop = client.stop_ticketing("SBX-DEMO-003").await?;
    println!(
        "stop requested:      Atlas is trying ({})",
        stop.message.as_ref().map_or("", |m| m.as_str())
    );
    let confirmed = client
        .follow_ticketing(FollowTicketing::order_no("SBX-DEMO-003").policy(patient))
        .await?;
    println!("confirmed:           {confirmed}");
    println!("deposit balance:     {}", client.balance("USD").await?);
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = std::env::var_os("ATLAS_CLIENT_ID").is_some();
    let (client, sandbox) = if configured {
        println!(
            "using ATLAS_BASE_URL ({})",
            std::env::var("ATLAS_BASE_URL").unwrap_or_default()
        );
        (Client::from_env()?, None)
    } else {
        let sandbox = Sandbox::start().await?;
        println!(
            "no ATLAS_* variables: started the embedded sandbox on {}",
            sandbox.base_url()
        );
        (sandbox.client()?, Some(sandbox))
    };
    let order_no = std::env::var("ATLAS_ORDER_NO").unwrap_or_else(|_| "SBX-DEMO-001".to_owned());
    let vcc = |order: &str| {
        let order = order.to_owned();
        move || Ok(PaymentRequest::vcc_passthrough(&order, test_card()?))
    };

    pay_and_settle(&client, &order_no, vcc(&order_no)).await?;

    let Some(sandbox) = sandbox else {
        return Ok(());
    };
    for cut in ["SBX-CUT-CHARGED", "SBX-CUT-UNCHARGED"] {
        let order = cut.to_owned();
        pay_and_settle(&client, cut, move || {
            Ok(PaymentRequest::deposit(order.as_str()))
        })
        .await?;
    }

    println!("\nsending the first payment again (what a retry loop would do):");
    match client
        .pay(PaymentRequest::vcc_passthrough(&order_no, test_card()?))
        .await
    {
        Ok(paid) => println!("  paid again?! {paid:?}"),
        Err(error) => explain(&error),
    }

    let order = client.query_order(order_no.as_str()).await?;
    println!(
        "\norder {} as Atlas shows it: {}, tickets {:?}, paid by {}, deadline {}",
        order.order_no,
        order.status,
        order.ticket_status,
        order
            .payment_method
            .map_or_else(|| "-".to_owned(), |m| m.to_string()),
        order
            .payment_deadline
            .as_ref()
            .map_or_else(|| "-".to_owned(), ToString::to_string)
    );
    deposit_and_tickets(&client).await?;

    println!(
        "\nthe sandbox's ledger: {} charge(s)",
        sandbox.ledger().len()
    );
    for charge in sandbox.ledger() {
        println!(
            "  {} method {} amount {} card {}",
            charge.order_no,
            charge.method,
            charge.amount,
            charge.card.as_deref().unwrap_or("-")
        );
    }
    Ok(())
}
