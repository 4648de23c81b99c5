//! Pay an order, then see what a second attempt gets.
//!
//! With no `ATLAS_*` variables this starts the embedded sandbox and pays its
//! order `SBX-DEMO-001` by VCC passthrough with a sandbox test card. With
//! `ATLAS_CLIENT_ID`, `ATLAS_CLIENT_SECRET` and `ATLAS_BASE_URL` set it talks
//! to that server instead, paying `ATLAS_ORDER_NO` (default `SBX-DEMO-001`).
//!
//! Run: `cargo run -p atlas-pay --features sandbox --example pay`

#![allow(clippy::print_stdout)]

use atlas_pay::sandbox::Sandbox;
use atlas_pay::{Card, Client, Delivery, Expiry, PayError, PaymentRequest};

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
    println!("  safe to resend:    {}", error.is_safe_to_resend());
    if error.delivery() == Delivery::Unknown {
        println!("  → look the order up before anything else; never resend blindly");
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = std::env::var_os("ATLAS_CLIENT_ID").is_some();
    let (client, _sandbox) = if configured {
        println!(
            "using ATLAS_BASE_URL ({})",
            std::env::var("ATLAS_BASE_URL").unwrap_or_else(|_| "the public sandbox".into())
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

    let card = test_card()?;
    println!(
        "\npaying order {order_no} by VCC passthrough with card {} ({})",
        card.number(),
        card.brand()
    );
    match client
        .pay(PaymentRequest::vcc_passthrough(&order_no, card))
        .await
    {
        Ok(paid) => println!(
            "  paid {} by {}: PNR {}, airlines {:?}",
            paid.order_no,
            paid.method,
            paid.pnr_code.as_deref().unwrap_or("not yet known"),
            paid.airlines
        ),
        Err(error) => explain(&error),
    }

    println!("\nsending the same payment again (what a retry loop would do):");
    match client
        .pay(PaymentRequest::vcc_passthrough(&order_no, test_card()?))
        .await
    {
        Ok(paid) => println!("  paid again?! {paid:?}"),
        Err(error) => explain(&error),
    }
    if let Some(sandbox) = &_sandbox {
        // Let the sandbox's clock run past "payment in progress" (no real waiting).
        sandbox.advance(atlas_pay::sandbox::IN_PROGRESS_FOR * 2);
        println!("\nonce the airline has confirmed, the same payment gets:");
        match client
            .pay(PaymentRequest::vcc_passthrough(&order_no, test_card()?))
            .await
        {
            Ok(paid) => println!("  paid again?! {paid:?}"),
            Err(error) => explain(&error),
        }
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
    }
    Ok(())
}
