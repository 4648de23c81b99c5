//! Payment requests (one constructor per method) and their result.

use std::net::IpAddr;

use atlas_pay_gen::types;

use super::card::credit_card_body;
use super::error::PayRefusal;
use crate::answer::VendorMessage;
use crate::card::{Brand, Card, CardDetails, CardType, Cvv, ReusedCard};
use crate::method::{CreditTransPayment, PaymentMethod};

/// The 3-D Secure data a merchant-of-record payment carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThreeDs {
    /// The end user's device IP address.
    pub ip: IpAddr,
}

impl ThreeDs {
    /// 3-D Secure data for the end user at `ip`.
    pub fn new(ip: IpAddr) -> Self {
        Self { ip }
    }
}

/// The card of a merchant-of-record payment: with its CVV on first use,
/// without it (sent as `null`) when reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MorCard {
    /// First use of the card: the CVV is sent.
    FirstUse(Card),
    /// A card used before: the CVV is sent as JSON `null`.
    Reused(ReusedCard),
}

impl From<Card> for MorCard {
    fn from(card: Card) -> Self {
        MorCard::FirstUse(card)
    }
}

impl From<ReusedCard> for MorCard {
    fn from(card: ReusedCard) -> Self {
        MorCard::Reused(card)
    }
}

/// What the seller knows about the order from `search.do`/`verify.do` and
/// order creation. Given to [`PaymentRequest::order_facts`], it lets the
/// client refuse a payment Atlas would refuse, before sending it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrderFacts {
    credit_accepted: Option<bool>,
    card_type: Option<CardType>,
}

impl OrderFacts {
    /// Nothing known yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The order's `supportCreditTransPayment` flag (parse Atlas's `"0"` or
    /// `"1"` with `str::parse`).
    pub fn support_credit_trans_payment(mut self, flag: CreditTransPayment) -> Self {
        self.credit_accepted = Some(flag.accepts_cards());
        self
    }

    /// The `cardType` given when the order was created.
    pub fn card_type(mut self, card_type: CardType) -> Self {
        self.card_type = Some(card_type);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Funding {
    Account,
    Card {
        details: Box<CardDetails>,
        cvv: Option<Cvv>,
        three_ds: Option<ThreeDs>,
    },
}

/// One payment of one order. Build it with the constructor for its method;
/// combinations Atlas rejects (a VCC payment without a CVV, a balance payment
/// with a card) cannot be built.
///
/// A request is consumed by [`Client::pay`](crate::Client::pay) and is not
/// `Clone`: sending a payment twice takes a deliberate second request.
#[derive(Debug, PartialEq, Eq)]
pub struct PaymentRequest {
    order_no: String,
    method: PaymentMethod,
    funding: Funding,
    client_order_no: Option<String>,
    request_source: Option<String>,
    facts: OrderFacts,
}

impl PaymentRequest {
    fn new(order_no: impl Into<String>, method: PaymentMethod, funding: Funding) -> Self {
        Self {
            order_no: order_no.into(),
            method,
            funding,
            client_order_no: None,
            request_source: None,
            facts: OrderFacts::default(),
        }
    }

    /// Pays from the seller's deposit (method 1).
    pub fn deposit(order_no: impl Into<String>) -> Self {
        Self::new(order_no, PaymentMethod::Deposit, Funding::Account)
    }

    /// Passes a virtual card through to the airline (method 3); the CVV is required.
    pub fn vcc_passthrough(order_no: impl Into<String>, card: Card) -> Self {
        let funding = Funding::Card {
            details: Box::new(card.details),
            cvv: Some(card.cvv),
            three_ds: None,
        };
        Self::new(order_no, PaymentMethod::VccPassthrough, funding)
    }

    /// Pays through the seller's own airline account (method 4).
    pub fn byoa(order_no: impl Into<String>) -> Self {
        Self::new(order_no, PaymentMethod::Byoa, Funding::Account)
    }

    /// Atlas as merchant of record (method 5): a [`Card`] on first use, a
    /// [`ReusedCard`] (CVV sent as `null`) after, and the end user's IP for 3-D Secure.
    pub fn merchant_of_record(
        order_no: impl Into<String>,
        card: impl Into<MorCard>,
        three_ds: ThreeDs,
    ) -> Self {
        let (details, cvv) = match card.into() {
            MorCard::FirstUse(card) => (card.details, Some(card.cvv)),
            MorCard::Reused(card) => (card.details, None),
        };
        let funding = Funding::Card {
            details: Box::new(details),
            cvv,
            three_ds: Some(three_ds),
        };
        Self::new(order_no, PaymentMethod::MerchantOfRecord, funding)
    }

    /// The seller's own order number, echoed in Atlas's records.
    pub fn client_order_no(mut self, client_order_no: impl Into<String>) -> Self {
        self.client_order_no = Some(client_order_no.into());
        self
    }

    /// The channel the traffic came from (e.g. "SkyScanner", "Google").
    pub fn request_source(mut self, source: impl Into<String>) -> Self {
        self.request_source = Some(source.into());
        self
    }

    /// What is known about the order; checked before sending.
    pub fn order_facts(mut self, facts: OrderFacts) -> Self {
        self.facts = facts;
        self
    }

    /// The order number.
    pub fn order_no(&self) -> &str {
        &self.order_no
    }

    /// The payment method.
    pub fn method(&self) -> PaymentMethod {
        self.method
    }

    /// Every check this client can make before sending.
    pub fn validate(&self) -> Result<(), PayRefusal> {
        if self.order_no.trim().is_empty() {
            return Err(PayRefusal::EmptyOrderNo);
        }
        if self.facts.credit_accepted == Some(false) && self.method != PaymentMethod::Deposit {
            return Err(PayRefusal::MethodNotAllowedForOrder {
                method: self.method,
            });
        }
        if let (Some(card_type), Funding::Card { details, .. }) =
            (self.facts.card_type, &self.funding)
        {
            let brand = details.number.brand();
            if !card_type.matches(brand) {
                return Err(PayRefusal::CardTypeMismatch { card_type, brand });
            }
        }
        Ok(())
    }

    /// The exact body [`Client::pay`](crate::Client::pay) sends for this
    /// request, as the generated type, after the same checks.
    ///
    /// For tests that match requests with `atlas_pay_gen::mock` (its
    /// `PayWhen::body` takes this type), and for sending through a transport
    /// of your own. The type's `Debug` masks the card number and CVV, but its
    /// JSON carries them in full: it is what Atlas receives, so treat the
    /// serialized form as card data.
    ///
    /// ```
    /// use atlas_pay::PaymentRequest;
    ///
    /// let body = PaymentRequest::deposit("AFKMN2025000001").into_body()?;
    /// assert_eq!(body.order_no, "AFKMN2025000001");
    /// assert_eq!(
    ///     serde_json::to_string(&body).unwrap(),
    ///     r#"{"orderNo":"AFKMN2025000001","paymentMethod":1}"#
    /// );
    /// # Ok::<(), atlas_pay::PayRefusal>(())
    /// ```
    pub fn into_body(self) -> Result<types::PayBody, PayRefusal> {
        self.into_wire().map(|(_, body)| body)
    }

    /// The generated body this request sends, after [`validate`](Self::validate),
    /// and what the client keeps to read the answer.
    ///
    /// Consumes the request: the card's fields move into the body, and the
    /// card's own copy of its number is wiped as the body's is made, so one
    /// copy of the card number exists at a time. Built with the generated
    /// `new`: a new required field in the spec is a new parameter, so a
    /// compile error here, not a runtime "no value supplied".
    pub(crate) fn into_wire(self) -> Result<(Sent, types::PayBody), PayRefusal> {
        self.validate()?;
        let payment_method = types::PaymentMethod::try_from(self.method.code()).map_err(schema)?;
        let PaymentRequest {
            order_no,
            method,
            funding,
            client_order_no,
            request_source,
            facts: _,
        } = self;
        let (credit_card, card) = match funding {
            Funding::Account => (None, None),
            Funding::Card {
                details,
                cvv,
                three_ds,
            } => {
                let card = (details.number.brand(), details.number.last_four().to_owned());
                let body = credit_card_body(*details, cvv, three_ds.map(|t| t.ip));
                (Some(body), Some(card))
            }
        };
        let sent = Sent {
            order_no: order_no.clone(),
            method,
            card,
        };
        let mut body = types::PayBody::new(order_no, payment_method);
        body.credit_card = credit_card;
        body.client_order_no = client_order_no;
        body.request_source = request_source.map(types::RequestSource);
        Ok((sent, body))
    }
}

/// What the client keeps of a request once its body is sent: enough to check
/// the answer against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sent {
    /// The order number sent; Atlas must echo it.
    pub(crate) order_no: String,
    /// The method sent, reported when Atlas does not echo one.
    pub(crate) method: PaymentMethod,
    /// The card's brand and last four digits, for the journal.
    pub(crate) card: Option<(Brand, String)>,
}

fn schema(error: types::error::ConversionError) -> PayRefusal {
    PayRefusal::Schema(error.to_string())
}

/// A successful payment (Atlas answered `status` 0 for the order sent).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Payment {
    /// The order paid (checked to be the one sent).
    pub order_no: String,
    /// The method Atlas reports (the one sent, if Atlas did not echo it).
    pub method: PaymentMethod,
    /// The airline booking reference, when Atlas already has it.
    pub pnr_code: Option<String>,
    /// The airlines of the order, when Atlas lists them.
    pub airlines: Vec<String>,
    /// Atlas's `msg`, for humans only (card numbers and e-mail addresses
    /// masked, as in errors).
    pub message: Option<VendorMessage>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{BillingAddress, Expiry};
    use std::net::Ipv4Addr;

    fn card(number: &str, cvv: &str) -> Card {
        Card::builder(number.parse().unwrap())
            .expiry(Expiry::new(3, 2027).unwrap())
            .cvv(cvv.parse().unwrap())
            .holder("Ada", "Lovelace")
            .as_of(crate::test_cards::today())
            .build()
            .unwrap()
    }

    fn wire(request: PaymentRequest) -> String {
        serde_json::to_string_pretty(&request.into_wire().unwrap().1).unwrap()
    }

    #[test]
    fn balance_wire() {
        insta::assert_snapshot!(wire(PaymentRequest::deposit("AFKMN2025001")));
    }

    #[test]
    fn byoa_wire() {
        insta::assert_snapshot!(wire(
            PaymentRequest::byoa("AFKMN2025004").client_order_no("shop-4")
        ));
    }

    #[test]
    fn vcc_passthrough_wire() {
        let request =
            PaymentRequest::vcc_passthrough("AFKMN2025002", card("4532015112830366", "123"))
                .client_order_no("shop-42")
                .request_source("Google");
        insta::assert_snapshot!(wire(request));
    }

    #[test]
    fn merchant_of_record_first_use_wire() {
        let card = Card::builder("4054695723100768".parse().unwrap())
            .expiry(Expiry::new(12, 2030).unwrap())
            .cvv("321".parse().unwrap())
            .holder("Ada", "Lovelace")
            .billing_address(
                BillingAddress::new()
                    .country("US".parse().unwrap())
                    .province("CA")
                    .unwrap()
                    .city("San Francisco")
                    .post_code("94105")
                    .address("1 Market St"),
            )
            .reusable(true)
            .payment_limit(1200)
            .as_of(crate::test_cards::today())
            .build()
            .unwrap();
        let three_ds = ThreeDs::new(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)));
        insta::assert_snapshot!(wire(PaymentRequest::merchant_of_record(
            "AFKMN2025003",
            card,
            three_ds
        )));
    }

    #[test]
    fn merchant_of_record_reused_card_sends_a_null_cvv() {
        let card = Card::builder("5162774114974622".parse().unwrap())
            .expiry(Expiry::new(12, 2030).unwrap())
            .holder("Ada", "Lovelace")
            .reusable(true)
            .as_of(crate::test_cards::today())
            .build_without_cvv()
            .unwrap();
        let three_ds = ThreeDs::new(IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7)));
        let json = wire(PaymentRequest::merchant_of_record(
            "AFKMN2025005",
            card,
            three_ds,
        ));
        assert!(json.contains("\"cardCVV\": null"), "{json}");
        insta::assert_snapshot!(json);
    }

    #[test]
    fn order_facts_refuse_what_atlas_would_refuse() {
        let deposit_only =
            OrderFacts::new().support_credit_trans_payment(CreditTransPayment::DepositOnly);
        let vcc = PaymentRequest::vcc_passthrough("A1", card("4532015112830366", "123"))
            .order_facts(deposit_only);
        assert_eq!(
            vcc.validate(),
            Err(PayRefusal::MethodNotAllowedForOrder {
                method: PaymentMethod::VccPassthrough
            })
        );
        assert_eq!(
            PaymentRequest::deposit("A1")
                .order_facts(deposit_only)
                .validate(),
            Ok(())
        );

        let for_amex = OrderFacts::new().card_type(CardType::Amex);
        let visa = PaymentRequest::vcc_passthrough("A1", card("4532015112830366", "123"))
            .order_facts(for_amex);
        assert!(matches!(
            visa.validate(),
            Err(PayRefusal::CardTypeMismatch { .. })
        ));
        let amex = PaymentRequest::vcc_passthrough("A1", card("378282246310005", "1234"))
            .order_facts(for_amex);
        assert_eq!(amex.validate(), Ok(()));

        assert!("yes".parse::<CreditTransPayment>().is_err());
        assert_eq!(
            " 1 ".parse::<CreditTransPayment>(),
            Ok(CreditTransPayment::DepositOrCard)
        );
        assert_eq!(
            PaymentRequest::deposit(" ").validate(),
            Err(PayRefusal::EmptyOrderNo)
        );
    }
}
