//! Decoding a JSON value the way the generated types' `Deserialize` would,
//! read from their listing instead of compiled: structs (a missing field is an
//! error unless it is an `Option` or `#[serde(default)]`), string enums (one of
//! their JSON values), untagged enums (the first variant that decodes),
//! transparent and validated newtypes (their accepted or refused values),
//! aliases, `Option`, `Vec`, maps and the primitive types.
//!
//! The spec review uses it to ask whether an answer of the old shape still
//! decodes with the new types. Types it cannot see into (the hand-written
//! secret and checked types, `serde_json::Value`) accept any value of their
//! JSON kind.

use serde_json::Value;

use super::listing::{Item, Kind, Surface};

/// Why a value does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where in the value (`/passengers/0/name`).
    pub at: String,
    /// What serde would say.
    pub reason: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at `{}`: {}", self.at, self.reason)
    }
}

/// Decodes `value` as the type named `ty` (as the listing writes types) of
/// `surface`.
pub fn decode(surface: &Surface, ty: &str, value: &Value) -> Result<(), DecodeError> {
    Decoder { surface }.decode(ty, value, "")
}

struct Decoder<'a> {
    surface: &'a Surface,
}

impl Decoder<'_> {
    fn decode(&self, ty: &str, value: &Value, at: &str) -> Result<(), DecodeError> {
        let fail = |reason: String| failure(at, reason);
        let ty = ty.trim();
        if let Some(inner) = generic(ty, "Option") {
            return if value.is_null() {
                Ok(())
            } else {
                self.decode(inner, value, at)
            };
        }
        if let Some(inner) = generic(ty, "Box") {
            return self.decode(inner, value, at);
        }
        if let Some(inner) = generic(ty, "Vec") {
            let Value::Array(items) = value else {
                return fail(format!("expected a sequence for `{ty}`"));
            };
            for (index, item) in items.iter().enumerate() {
                self.decode(inner, item, &format!("{at}/{index}"))?;
            }
            return Ok(());
        }
        for map in ["HashMap", "BTreeMap", "Map"] {
            if let Some(arguments) = generic(ty, map) {
                let Value::Object(entries) = value else {
                    return fail(format!("expected a map for `{ty}`"));
                };
                let element = arguments
                    .split_once(", ")
                    .map_or(arguments, |(_, value)| value);
                for (key, item) in entries {
                    self.decode(element, item, &format!("{at}/{key}"))?;
                }
                return Ok(());
            }
        }
        let kind_ok = match ty {
            "String" | "str" => Some(value.is_string()),
            "bool" => Some(value.is_boolean()),
            "i64" | "i32" | "i16" | "i8" | "isize" => Some(value.is_i64()),
            "u64" | "u32" | "u16" | "u8" | "usize" => Some(value.is_u64()),
            "NonZeroU64" | "std::num::NonZeroU64" | "num::NonZeroU64" => {
                Some(value.as_u64().is_some_and(|n| n != 0))
            }
            "f64" | "f32" => Some(value.is_number()),
            "Value" | "serde_json::Value" => Some(true),
            "()" => Some(value.is_null()),
            _ => None,
        };
        if let Some(ok) = kind_ok {
            return if ok {
                Ok(())
            } else {
                fail(format!("invalid type: {} for `{ty}`", kind_of(value)))
            };
        }
        if ty.starts_with("crate::") {
            // Hand-written secret and checked types: strings (or null for
            // the CVV's `Option`), checked by code the listing cannot see.
            return if value.is_string() {
                Ok(())
            } else {
                fail(format!("invalid type: {} for `{ty}`", kind_of(value)))
            };
        }
        let name = ty.strip_prefix("types::").unwrap_or(ty);
        let Some(item) = self.surface.get(&format!("types::{name}")) else {
            return fail(format!("unknown type `{ty}`"));
        };
        self.decode_item(item, value, at)
    }

    fn decode_item(&self, item: &Item, value: &Value, at: &str) -> Result<(), DecodeError> {
        let fail = |reason: String| failure(at, reason);
        match item.kind {
            Kind::Alias => {
                let target = item.signature.trim_start_matches(" = ");
                self.decode(target, value, at)
            }
            Kind::Newtype => {
                let inner = item.signature.trim_start_matches('(').trim_end_matches(')');
                self.decode(inner, value, at)?;
                match item.validation_list() {
                    Some((accepts, values)) => {
                        let text = match value {
                            Value::String(s) => format!("\"{s}\""),
                            other => other.to_string(),
                        };
                        if values.contains(&text) == accepts {
                            Ok(())
                        } else {
                            fail(format!("invalid value {text} for `{}`", item.path))
                        }
                    }
                    None => Ok(()),
                }
            }
            Kind::Struct => {
                let Value::Object(entries) = value else {
                    return fail(format!(
                        "invalid type: {} for struct `{}`",
                        kind_of(value),
                        item.path
                    ));
                };
                for member in &item.members {
                    let json = member.json.as_deref().unwrap_or(&member.name);
                    match entries.get(json) {
                        Some(field) => self.decode(&member.ty, field, &format!("{at}/{json}"))?,
                        None if member.defaulted || generic(&member.ty, "Option").is_some() => {}
                        None => return fail(format!("missing field `{json}`")),
                    }
                }
                if item.markers.contains("deny_unknown_fields")
                    && let Some(extra) = entries.keys().find(|key| {
                        !item
                            .members
                            .iter()
                            .any(|m| m.json.as_deref().unwrap_or(&m.name) == key.as_str())
                    })
                {
                    return fail(format!("unknown field `{extra}`"));
                }
                Ok(())
            }
            Kind::Enum if item.markers.contains("untagged") => {
                let decodes = item.members.iter().any(|variant| {
                    if variant.ty.is_empty() {
                        value.is_null()
                    } else {
                        self.decode(&variant.ty, value, at).is_ok()
                    }
                });
                if decodes {
                    Ok(())
                } else {
                    fail(format!(
                        "data did not match any variant of untagged enum `{}`",
                        item.path
                    ))
                }
            }
            Kind::Enum => {
                let Value::String(text) = value else {
                    return fail(format!(
                        "invalid type: {} for enum `{}`",
                        kind_of(value),
                        item.path
                    ));
                };
                let known = item
                    .members
                    .iter()
                    .any(|v| v.ty.is_empty() && v.json.as_deref().unwrap_or(&v.name) == text);
                if known {
                    Ok(())
                } else {
                    fail(format!("unknown variant `{text}` of `{}`", item.path))
                }
            }
            Kind::Unit => Ok(()),
            Kind::Fn | Kind::Const => fail(format!("`{}` is not a type", item.path)),
        }
    }
}

/// A decode failure at `at` (the root when empty).
fn failure(at: &str, reason: String) -> Result<(), DecodeError> {
    Err(DecodeError {
        at: if at.is_empty() {
            "/".to_owned()
        } else {
            at.to_owned()
        },
        reason,
    })
}

/// The argument of `Name<...>` when `ty` is one.
fn generic<'t>(ty: &'t str, name: &str) -> Option<&'t str> {
    let rest = ty.strip_prefix(name).or_else(|| {
        ty.rsplit_once("::")
            .and_then(|(_, last)| last.strip_prefix(name))
    })?;
    let inner = rest.strip_prefix('<')?.strip_suffix('>')?;
    // `Option<A>` only when the brackets are the outermost ones.
    Some(inner).filter(|_| rest.starts_with('<'))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn surface() -> Surface {
        let mut surface = Surface::default();
        surface
            .add_source(
                r#"pub mod types {
                    pub struct Answer {
                        #[serde(rename = "orderNo")] pub order_no: String,
                        pub status: Status,
                        pub tags: Option<Vec<Kind>>,
                    }
                    #[serde(untagged)] pub enum Status { Known(Code), Int64(i64) }
                    #[serde(transparent)] pub struct Code(i64);
                    impl TryFrom<i64> for Code { fn try_from(v: i64) { if ![1_i64, 2_i64].contains(&v) {} } }
                    pub enum Kind { #[serde(rename = "a")] A, #[serde(rename = "b")] B }
                }"#,
            )
            .unwrap();
        surface
    }

    #[test]
    fn decodes_what_serde_would_and_says_where_it_fails() {
        let s = surface();
        let ok = json!({"orderNo": "1", "status": 7, "tags": ["a", "b"], "extra": true});
        assert_eq!(decode(&s, "Answer", &ok), Ok(()));
        assert_eq!(
            decode(&s, "Answer", &json!({"orderNo": "1", "status": 1})),
            Ok(())
        );
        let missing = decode(&s, "Answer", &json!({"status": 1})).unwrap_err();
        assert_eq!(missing.reason, "missing field `orderNo`");
        let unknown = decode(
            &s,
            "Answer",
            &json!({"orderNo": "1", "status": 1, "tags": ["c"]}),
        )
        .unwrap_err();
        assert_eq!(unknown.at, "/tags/0");
        assert!(decode(&s, "Code", &json!(3)).is_err());
        assert!(decode(&s, "Answer", &json!({"orderNo": 1, "status": 1})).is_err());
    }
}
