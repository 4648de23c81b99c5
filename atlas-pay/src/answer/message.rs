//! Atlas's human-readable `msg`, masked on arrival.

use std::fmt;

/// Atlas's human-readable `msg`. Any run of 12 or more digits in it (a card
/// number, possibly grouped by spaces or dashes) and any e-mail address are
/// masked on construction, so a message that echoes a card or a passenger's
/// contact cannot leak it into a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorMessage(String);

impl VendorMessage {
    /// The (masked) text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for VendorMessage {
    fn from(text: &str) -> Self {
        VendorMessage(scrub_emails(&scrub_card_numbers(text)))
    }
}

impl From<String> for VendorMessage {
    fn from(text: String) -> Self {
        VendorMessage::from(text.as_str())
    }
}

impl fmt::Display for VendorMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) struct DisplayMessage<'a>(pub(crate) Option<&'a VendorMessage>);

impl fmt::Display for DisplayMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(message) if !message.0.is_empty() => write!(f, " (Atlas says: {:?})", message.0),
            _ => Ok(()),
        }
    }
}

/// Masks every run of 12 or more digits (spaces and dashes allowed between
/// them) in `text`, so that a message echoing a card number cannot leak it.
pub(crate) fn scrub_card_numbers(text: &str) -> String {
    if text.bytes().filter(u8::is_ascii_digit).count() < 12 {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        if chars[index].is_ascii_digit() {
            let start = index;
            let mut end = index;
            let mut digits = 0;
            let mut cursor = index;
            while cursor < chars.len() {
                let c = chars[cursor];
                if c.is_ascii_digit() {
                    digits += 1;
                    end = cursor + 1;
                } else if !(c == ' ' || c == '-')
                    || !chars.get(cursor + 1).is_some_and(char::is_ascii_digit)
                {
                    break;
                }
                cursor += 1;
            }
            if digits >= 12 {
                out.push_str("<card number>");
            } else {
                out.extend(&chars[start..end]);
            }
            index = end;
        } else {
            out.push(chars[index]);
            index += 1;
        }
    }
    out
}

/// Masks every e-mail address (`local@domain.tld`) in `text`.
pub(crate) fn scrub_emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || ".-".contains(c);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        if chars[index] == '@' {
            let mut start = index;
            while start > 0 && local(chars[start - 1]) {
                start -= 1;
            }
            let mut end = index + 1;
            while end < chars.len() && domain(chars[end]) {
                end += 1;
            }
            let host: String = chars[index + 1..end].iter().collect();
            let host = host.trim_end_matches('.');
            if start < index && host.contains('.') {
                // Drop the local part already copied, then the address.
                for _ in start..index {
                    out.pop();
                }
                out.push_str("<e-mail>");
                index = index + 1 + host.chars().count();
                continue;
            }
        }
        out.push(chars[index]);
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_in_messages_are_masked() {
        assert_eq!(
            scrub_emails("no order for jane.smith@example.com."),
            "no order for <e-mail>."
        );
        assert_eq!(scrub_emails("a @ b and x@y"), "a @ b and x@y");
        assert_eq!(
            VendorMessage::from("card 4532015112830366 of a@b.example").as_str(),
            "card <card number> of <e-mail>"
        );
    }

    #[test]
    fn card_numbers_in_messages_are_masked() {
        assert_eq!(
            scrub_card_numbers("card 4532015112830366 declined"),
            "card <card number> declined"
        );
        assert_eq!(
            scrub_card_numbers("card 4532 0151 1283 0366."),
            "card <card number>."
        );
        assert_eq!(
            scrub_card_numbers("order 12345 at 10:30"),
            "order 12345 at 10:30"
        );
        assert_eq!(scrub_card_numbers("ü 123456789012 ü"), "ü <card number> ü");
    }
}
