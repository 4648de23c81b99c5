//! Pay an order, follow it until its tickets are issued, then quote a
//! refund, submit it and follow it until the money is back; and what a
//! submission whose answer is lost gets.
//!
//! It starts the embedded sandbox (on its virtual clock: Atlas's minutes and
//! the airline's hours pass at once) and
//!
//! 1. pays `SBX-DEMO-001` by deposit and follows it until it is ticketed;
//! 2. quotes a voluntary refund of every passenger's whole ticket, submits
//!    the quotation's offer, and follows the refund until it is refunded:
//!    the deposit is back where it was;
//! 3. shows the other quotations the sandbox seeds (`SBX-REFUND-*`): "cannot
//!    quote" and not refundable;
//! 4. submits a refund of `SBX-REFUND-CUT`, whose connection the sandbox
//!    cuts after filing the refund: the outcome is unknown, the settlement
//!    without a refund code is undetermined, and nothing is submitted again.
//!
//! Run: `cargo run -p atlas-pay --features sandbox --example refund`

#![allow(clippy::print_stdout)]

use std::time::Duration;

use atlas_pay::sandbox::Sandbox;
use atlas_pay::{
    Client, Delivery, FollowRefund, FollowTicketing, PaymentRequest, ReconcilePolicy,
    ReconcileRefund, RefundOutcome, RefundQuotation, RefundReason, RefundRequest, Ticketing,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::builder().with_default_orders().start().await?;
    let client = sandbox.client()?;
    let before = client.balance("USD").await?;

    // 1. Pay and follow ticketing (minutes: a longer budget than Atlas's 120 s).
    client.pay(PaymentRequest::deposit("SBX-DEMO-001")).await?;
    let minutes = ReconcilePolicy::default().budget(Duration::from_secs(15 * 60));
    let follow = FollowTicketing::order_no("SBX-DEMO-001").policy(minutes);
    let Ticketing::Ticketed { order } = client.follow_ticketing(follow).await? else {
        return Err("the order was not ticketed".into());
    };
    println!(
        "paid and ticketed: {before} -> {}",
        client.balance("USD").await?
    );

    // 2. Quote whole tickets (every segment, every passenger), refund the offer, follow it.
    let scope = order.refund_scope(RefundReason::Voluntary)?;
    let quotation = client
        .refund_quotation(RefundQuotation::new("SBX-DEMO-001", scope))
        .await?;
    let text = |price: &Option<atlas_pay::Price>| price.as_ref().map(ToString::to_string);
    println!(
        "quoted: refundable {}, {:?}, back {:?}, fee {:?}",
        quotation.refundable,
        quotation.quote_type,
        text(&quotation.fare_refund),
        text(&quotation.service_fee)
    );
    let offer = quotation.offer_id.clone().ok_or("no offer to submit")?;
    let submitted = client
        .refund(RefundRequest::offer("SBX-DEMO-001", offer))
        .await?;
    println!(
        "submitted: refund {} is {}",
        submitted.refund_code, submitted.state
    );
    // Refunds take hours to days: follow with a budget that fits, on a job if need be.
    let hours = ReconcilePolicy::default()
        .schedule([Duration::from_secs(15 * 60)])
        .budget(Duration::from_secs(6 * 60 * 60));
    let outcome = client
        .follow_refund(FollowRefund::new("SBX-DEMO-001", &submitted.refund_code).policy(hours))
        .await?;
    println!("{outcome}");
    if let RefundOutcome::Refunded { .. } = outcome {
        println!("deposit back: {}", client.balance("USD").await?);
    }

    // 3. The other quotations.
    for order_no in ["SBX-REFUND-CANNOT-QUOTE", "SBX-REFUND-UNREFUNDABLE"] {
        quote(&client, order_no).await?;
    }

    // 4. A submission whose answer is lost: settle, never submit again.
    let scope = client
        .query_order("SBX-REFUND-CUT")
        .await?
        .refund_scope(RefundReason::Voluntary)?;
    match client
        .refund(RefundRequest::tickets("SBX-REFUND-CUT", scope))
        .await
    {
        Err(error) if error.delivery() == Delivery::Unknown => {
            println!("unknown: {error}");
            let settlement = client
                .reconcile_refund(ReconcileRefund::new("SBX-REFUND-CUT"))
                .await?;
            println!("{settlement}");
        }
        other => println!("{other:?}"),
    }
    println!("refunds the sandbox filed: {}", sandbox.refunds().len());
    Ok(())
}

async fn quote(client: &Client, order_no: &str) -> Result<(), Box<dyn std::error::Error>> {
    let scope = client
        .query_order(order_no)
        .await?
        .refund_scope(RefundReason::Involuntary)?;
    let quotation = client
        .refund_quotation(RefundQuotation::new(order_no, scope))
        .await?;
    println!(
        "{order_no}: refundable {}, {:?}",
        quotation.refundable, quotation.quote_type
    );
    Ok(())
}
