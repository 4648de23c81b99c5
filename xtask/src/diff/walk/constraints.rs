//! The walk over a schema's constraints: enum values, patterns and
//! numeric and length limits.

use super::{Ctx, Walker, get, num};
use crate::diff::change::{Direction, Level};

use crate::diff::rules::{self, Rule};
use serde_json::Value;

impl<'a> Walker<'a> {
    pub(super) fn enumeration(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let values = |s: &Value| -> Option<Vec<String>> {
            get(s, "enum")
                .and_then(Value::as_array)
                .map(|v| v.iter().map(Value::to_string).collect())
        };
        let at = Ctx {
            pointer: format!("{}/enum", ctx.pointer),
            ..ctx.clone()
        };
        // typify makes a string enum a Rust enum (a value is a variant) and
        // an integer one a newtype checked by `TryFrom` (a value is data).
        let strings = is_string_enum(new) || is_string_enum(old);
        match (values(old), values(new)) {
            (Some(a), Some(b)) => {
                for value in b.iter().filter(|v| !a.contains(v)) {
                    if strings && ctx.direction == Direction::Request {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} may now be {value}", ctx.what()),
                            format!(
                                "{} gains a variant; the enum is `#[non_exhaustive]`: \
                                compatible",
                                ctx.value_type()
                            ),
                        );
                    } else if strings && !ctx.open {
                        self.emit(
                            &at,
                            Level::Breaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} may now be {value}", ctx.what()),
                            format!(
                                "{} gains a variant (`#[non_exhaustive]`: the API is \
                                compatible), but it is closed: clients built on the old \
                                crate fail to decode answers carrying {value}",
                                ctx.value_type()
                            ),
                        );
                    } else if ctx.direction == Direction::Request {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} accepts new value {value}", ctx.what()),
                            format!("{} accepts {value}", ctx.value_type()),
                        );
                    } else if ctx.open {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} may now be {value}", ctx.what()),
                            format!(
                                "open `oneOf`: {value} decodes into the catch-all \
                                variant until regenerated, then into {}",
                                ctx.value_type()
                            ),
                        );
                    } else {
                        self.emit(
                            &at,
                            Level::Breaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
                            format!("{} may now be {value}", ctx.what()),
                            format!(
                                "closed {}: answers carrying {value} fail to decode \
                                until regenerated",
                                ctx.value_type()
                            ),
                        );
                    }
                }
                for value in a.iter().filter(|v| !b.contains(v)) {
                    if ctx.direction == Direction::Request && strings {
                        self.emit(
                            &at,
                            Level::Breaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} no longer accepts {value}", ctx.what()),
                            format!(
                                "{} loses the variant for {value}: code naming it stops compiling",
                                ctx.value_type()
                            ),
                        );
                    } else if ctx.direction == Direction::Request {
                        self.emit(
                            &at,
                            Level::PossiblyBreaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} no longer accepts {value}", ctx.what()),
                            format!(
                                "{}: `try_from({value})` fails at run time, requests using \
                                it are refused before sending (it still compiles)",
                                ctx.value_type()
                            ),
                        );
                    } else {
                        self.emit(
                            &at,
                            Level::Breaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} is no longer {value}", ctx.what()),
                            format!(
                                "{} stops accepting {value}: answers of the old shape \
                                carrying it no longer decode{}",
                                ctx.value_type(),
                                if strings {
                                    ", and code naming its variant stops compiling"
                                } else {
                                    ""
                                }
                            ),
                        );
                    }
                }
            }
            (None, Some(_)) => self.emit(
                &at,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_ENUM_ADDED,
                    &rules::RESPONSE_PROPERTY_ENUM_ADDED,
                ),
                format!("{} is now restricted to a list of values", ctx.what()),
                format!(
                    "{} becomes a validated newtype: compile break",
                    ctx.subject()
                ),
            ),
            (Some(_), None) => self.emit(
                &at,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_ENUM_REMOVED,
                    &rules::RESPONSE_PROPERTY_ENUM_REMOVED,
                ),
                format!("{} is no longer restricted to a list of values", ctx.what()),
                format!(
                    "{} stops being a validated newtype: compile break",
                    ctx.subject()
                ),
            ),
            (None, None) => {}
        }
    }

    pub(super) fn pattern(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let at = Ctx {
            pointer: format!("{}/pattern", ctx.pointer),
            ..ctx.clone()
        };
        let (a, b) = (get(old, "pattern"), get(new, "pattern"));
        let request = ctx.direction == Direction::Request;
        // Whether the field stays a `String` or a validated newtype either way.
        let flips = !hand_written(ctx) && string_newtype(old) != string_newtype(new);
        let (level, id, text, rust) = match (a, b) {
            (None, Some(p)) => (
                if flips {
                    Level::Breaking
                } else {
                    Level::PossiblyBreaking
                },
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_ADDED,
                    &rules::RESPONSE_PROPERTY_PATTERN_ADDED,
                ),
                format!("{} must now match {p}", ctx.what()),
                if request {
                    format!(
                        "{} becomes a validated newtype: compile break; values \
                        not matching are refused before sending",
                        ctx.subject()
                    )
                } else {
                    format!(
                        "{} becomes a validated newtype: compile break; answers \
                        not matching fail to decode",
                        ctx.subject()
                    )
                },
            ),
            (Some(p), None) => (
                if flips {
                    Level::Breaking
                } else {
                    Level::NonBreaking
                },
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_REMOVED,
                    &rules::RESPONSE_PROPERTY_PATTERN_REMOVED,
                ),
                format!("{} no longer has to match {p}", ctx.what()),
                format!(
                    "{} stops being a validated newtype: compile break for code naming it",
                    ctx.subject()
                ),
            ),
            (Some(p), Some(q)) if p != q => (
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_PATTERN_CHANGED,
                    &rules::RESPONSE_PROPERTY_PATTERN_CHANGED,
                ),
                format!("{} pattern {p} became {q}", ctx.what()),
                if request {
                    "values valid before may be refused before sending".to_owned()
                } else {
                    "answers valid before may fail to decode".to_owned()
                },
            ),
            _ => return,
        };
        self.emit(&at, level, id, text, rust);
    }

    pub(super) fn limits(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        // (keyword, is a maximum, id when tightened, id when relaxed), per direction.
        let table: [(&str, bool, [&'static Rule; 4]); 6] = [
            (
                "maxItems",
                true,
                [
                    &rules::REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
                    &rules::REQUEST_PROPERTY_MAX_ITEMS_INCREASED,
                    &rules::RESPONSE_PROPERTY_MAX_ITEMS_DECREASED,
                    &rules::RESPONSE_PROPERTY_MAX_ITEMS_INCREASED,
                ],
            ),
            (
                "minItems",
                false,
                [
                    &rules::REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
                    &rules::REQUEST_PROPERTY_MIN_ITEMS_DECREASED,
                    &rules::RESPONSE_PROPERTY_MIN_ITEMS_INCREASED,
                    &rules::RESPONSE_PROPERTY_MIN_ITEMS_DECREASED,
                ],
            ),
            (
                "maxLength",
                true,
                [
                    &rules::REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
                    &rules::REQUEST_PROPERTY_MAX_LENGTH_INCREASED,
                    &rules::RESPONSE_PROPERTY_MAX_LENGTH_DECREASED,
                    &rules::RESPONSE_PROPERTY_MAX_LENGTH_INCREASED,
                ],
            ),
            (
                "minLength",
                false,
                [
                    &rules::REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
                    &rules::REQUEST_PROPERTY_MIN_LENGTH_DECREASED,
                    &rules::RESPONSE_PROPERTY_MIN_LENGTH_INCREASED,
                    &rules::RESPONSE_PROPERTY_MIN_LENGTH_DECREASED,
                ],
            ),
            (
                "maximum",
                true,
                [
                    &rules::REQUEST_PROPERTY_MAX_DECREASED,
                    &rules::REQUEST_PROPERTY_MAX_INCREASED,
                    &rules::RESPONSE_PROPERTY_MAX_DECREASED,
                    &rules::RESPONSE_PROPERTY_MAX_INCREASED,
                ],
            ),
            (
                "minimum",
                false,
                [
                    &rules::REQUEST_PROPERTY_MIN_INCREASED,
                    &rules::REQUEST_PROPERTY_MIN_DECREASED,
                    &rules::RESPONSE_PROPERTY_MIN_INCREASED,
                    &rules::RESPONSE_PROPERTY_MIN_DECREASED,
                ],
            ),
        ];
        for (key, is_max, ids) in table {
            let (a, b) = (
                get(old, key).and_then(Value::as_f64),
                get(new, key).and_then(Value::as_f64),
            );
            let tightened = match (a, b) {
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(x), Some(y)) if x != y => {
                    if is_max {
                        y < x
                    } else {
                        y > x
                    }
                }
                _ => continue,
            };
            let request = ctx.direction == Direction::Request;
            let id = match (request, tightened) {
                (true, true) => ids[0],
                (true, false) => ids[1],
                (false, true) => ids[2],
                (false, false) => ids[3],
            };
            // typify turns a length-limited string into a validated newtype
            // and picks an integer type from the bounds: when the Rust type
            // changes, code naming it stops compiling.
            let retyped = match key {
                "maxLength" | "minLength" => {
                    (!hand_written(ctx) && string_newtype(old) != string_newtype(new)).then(|| {
                        let name = |s: &Value| {
                            if string_newtype(s) {
                                "a validated newtype"
                            } else {
                                "`String`"
                            }
                        };
                        format!("{} became {}", name(old), name(new))
                    })
                }
                "maximum" | "minimum" => match (typify_integer(old), typify_integer(new)) {
                    (Some(x), Some(y)) if x != y => Some(format!("`{x}` became `{y}`")),
                    _ => None,
                },
                _ => None,
            };
            let level = if retyped.is_some() {
                Level::Breaking
            } else if request == tightened {
                Level::PossiblyBreaking
            } else {
                Level::NonBreaking
            };
            let verb = if tightened { "tightened" } else { "relaxed" };
            let rust = if request == tightened {
                if request {
                    "values valid before may be refused (before sending where typify validates)"
                } else {
                    "answers valid now may fail typify's validation when decoding"
                }
            } else {
                "none"
            };
            let integer_note = match &retyped {
                Some(change) => format!("; the field's type {change}: compile break"),
                None => String::new(),
            };
            self.emit(
                &Ctx {
                    pointer: format!("{}/{key}", ctx.pointer),
                    ..ctx.clone()
                },
                level,
                id,
                format!("{} `{key}` {verb}: {} → {}", ctx.what(), num(a), num(b)),
                format!("{rust}{integer_note}"),
            );
        }
    }
}

impl Walker<'_> {
    /// `default`: added or removed changes the generated field's type
    /// (typify makes an optional field with a default a plain `T`); a changed
    /// value changes what an omitted field means.
    pub(super) fn default_value(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let (a, b) = (get(old, "default"), get(new, "default"));
        if a == b {
            return;
        }
        let at = Ctx {
            pointer: format!("{}/default", ctx.pointer),
            ..ctx.clone()
        };
        let (level, id, text, rust) = match (a, b) {
            (None, Some(value)) => (
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_DEFAULT_VALUE_ADDED,
                    &rules::RESPONSE_PROPERTY_DEFAULT_VALUE_ADDED,
                ),
                format!("{} gained the default {value}", ctx.what()),
                format!(
                    "{} may turn from `Option<T>` into `T`: compile break",
                    ctx.subject()
                ),
            ),
            (Some(value), None) => (
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_DEFAULT_VALUE_REMOVED,
                    &rules::RESPONSE_PROPERTY_DEFAULT_VALUE_REMOVED,
                ),
                format!("{} lost the default {value}", ctx.what()),
                format!(
                    "{} may turn from `T` into `Option<T>`: compile break",
                    ctx.subject()
                ),
            ),
            (Some(x), Some(y)) => (
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED,
                    &rules::RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED,
                ),
                format!("{} default {x} became {y}", ctx.what()),
                "an omitted field now means another value".to_owned(),
            ),
            (None, None) => return,
        };
        self.emit(&at, level, id, text, rust);
    }

    /// `additionalProperties`: a map's value schema is walked like any
    /// other; a map appearing, disappearing or changing kind (`true`,
    /// `false`, a schema) changes the generated type's shape.
    pub(super) fn additional_properties(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let (a, b) = (
            get(old, "additionalProperties"),
            get(new, "additionalProperties"),
        );
        match (a, b) {
            (Some(x @ Value::Object(_)), Some(y @ Value::Object(_))) => {
                let mut values = ctx.at("additionalProperties");
                // typify names an inline object value after its map; other
                // values generate no type of their own.
                if get(y, "$ref").is_none() && get(y, "properties").is_some() {
                    values.type_name = match &ctx.field {
                        Some((json, _)) => {
                            format!("{}{}Value", ctx.type_name, crate::naming::pascal(json))
                        }
                        None => format!("{}Value", ctx.type_name),
                    };
                    values.field = None;
                }
                self.schema(&values, x, y);
            }
            (x, y) if x != y => self.emit(
                &Ctx {
                    pointer: format!("{}/additionalProperties", ctx.pointer),
                    ..ctx.clone()
                },
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED,
                    &rules::RESPONSE_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED,
                ),
                format!(
                    "{} `additionalProperties` changed: {} → {}",
                    ctx.what(),
                    x.map_or("absent".to_owned(), Value::to_string),
                    y.map_or("absent".to_owned(), Value::to_string)
                ),
                format!(
                    "{} changes shape (map or struct): compile break",
                    ctx.subject()
                ),
            ),
            _ => {}
        }
    }
}

/// A named schema the generator maps to a hand-written type, whose Rust
/// type its constraints do not change.
fn hand_written(ctx: &Ctx) -> bool {
    ctx.pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| crate::generate::REPLACED.contains(&name))
}

/// An enum whose values are all strings (typify: a Rust enum).
fn is_string_enum(schema: &Value) -> bool {
    get(schema, "enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_string))
}

/// A string schema typify turns into a validated newtype: one with a length
/// limit or a pattern (and no enum).
fn string_newtype(schema: &Value) -> bool {
    get(schema, "type").and_then(Value::as_str) == Some("string")
        && get(schema, "enum").is_none()
        && ["maxLength", "minLength", "pattern"]
            .iter()
            .any(|key| get(schema, key).is_some())
}

/// The Rust integer type typify picks for an integer schema, from its
/// `format` and bounds (typify 0.8's `convert_integer`, without
/// `multipleOf`).
pub(super) fn typify_integer(schema: &Value) -> Option<&'static str> {
    if get(schema, "type").and_then(Value::as_str) != Some("integer") {
        return None;
    }
    // (format, type, type when the minimum is 1, type's min, type's max),
    // from the most to the least restrictive.
    const FORMATS: [(&str, &str, &str, f64, f64); 10] = [
        ("int8", "i8", "NonZeroU8", i8::MIN as f64, i8::MAX as f64),
        ("uint8", "u8", "NonZeroU8", u8::MIN as f64, u8::MAX as f64),
        (
            "int16",
            "i16",
            "NonZeroU16",
            i16::MIN as f64,
            i16::MAX as f64,
        ),
        (
            "uint16",
            "u16",
            "NonZeroU16",
            u16::MIN as f64,
            u16::MAX as f64,
        ),
        ("int", "i32", "NonZeroU32", i32::MIN as f64, i32::MAX as f64),
        (
            "int32",
            "i32",
            "NonZeroU32",
            i32::MIN as f64,
            i32::MAX as f64,
        ),
        (
            "uint",
            "u32",
            "NonZeroU32",
            u32::MIN as f64,
            u32::MAX as f64,
        ),
        (
            "uint32",
            "u32",
            "NonZeroU32",
            u32::MIN as f64,
            u32::MAX as f64,
        ),
        (
            "int64",
            "i64",
            "NonZeroU64",
            i64::MIN as f64,
            i64::MAX as f64,
        ),
        (
            "uint64",
            "u64",
            "NonZeroU64",
            u64::MIN as f64,
            u64::MAX as f64,
        ),
    ];
    let mut min = get(schema, "minimum").and_then(Value::as_f64);
    let mut max = get(schema, "maximum").and_then(Value::as_f64);
    if let Some(format) = get(schema, "format").and_then(Value::as_str)
        && let Some((_, ty, nonzero, low, high)) = FORMATS.iter().find(|f| f.0 == format)
    {
        let fits = min.is_none_or(|m| m >= *low) && max.is_none_or(|m| m <= *high);
        if fits {
            return Some(if min == Some(1.0) { nonzero } else { ty });
        }
        min.get_or_insert(*low);
        max.get_or_insert(*high);
    }
    let same = |a: f64, b: f64| (a - b).abs() <= f64::EPSILON;
    let found = FORMATS
        .iter()
        .rev()
        .find_map(|(_, ty, nonzero, low, high)| match (min, max) {
            (Some(m), _) if same(m, 1.0) => Some(*nonzero),
            (None, Some(x)) => same(*high, x).then_some(*ty),
            (Some(m), None) => same(*low, m).then_some(*ty),
            (Some(m), Some(x)) => (same(*high, x) && same(*low, m)).then_some(*ty),
            (None, None) => None,
        });
    Some(found.unwrap_or("i64"))
}
