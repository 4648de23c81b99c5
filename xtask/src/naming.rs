//! The Rust names progenitor (typify) gives to schemas, properties and
//! operations, so a change can say which type, field or method it touches.

/// `cardCVV` → `card_cvv`, `threeDS` → `three_ds`, `orderNo` → `order_no`.
pub(crate) fn snake(name: &str) -> String {
    words(name).join("_")
}

/// `creditCard` → `CreditCard`, `threeDS` → `ThreeDs`.
pub(crate) fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

/// Splits an identifier into lowercase words at case changes and separators.
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(index + 1);
        let boundary = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_typify() {
        assert_eq!(snake("cardCVV"), "card_cvv");
        assert_eq!(snake("threeDS"), "three_ds");
        assert_eq!(snake("orderNo"), "order_no");
        assert_eq!(snake("cardHolderFirstName"), "card_holder_first_name");
        assert_eq!(pascal("threeDS"), "ThreeDs");
        assert_eq!(pascal("creditCard"), "CreditCard");
        assert_eq!(pascal("pay"), "Pay");
        assert_eq!(pascal("HTTPResponse"), "HttpResponse");
        assert_eq!(pascal("query_order"), "QueryOrder");
        assert_eq!(snake("QueryOrder"), "query_order");
    }
}
