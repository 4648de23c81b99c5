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
        match (values(old), values(new)) {
            (Some(a), Some(b)) => {
                for value in b.iter().filter(|v| !a.contains(v)) {
                    if ctx.direction == Direction::Request {
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
                    if ctx.direction == Direction::Request {
                        self.emit(
                            &at,
                            Level::Breaking,
                            &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} no longer accepts {value}", ctx.what()),
                            format!(
                                "{}: `try_from({value})` fails, requests using it are \
                                refused before sending",
                                ctx.value_type()
                            ),
                        );
                    } else {
                        self.emit(
                            &at,
                            Level::NonBreaking,
                            &rules::RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
                            format!("{} is no longer {value}", ctx.what()),
                            format!("{} stops accepting {value}", ctx.value_type()),
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
        let (level, id, text, rust) = match (a, b) {
            (None, Some(p)) => (
                Level::PossiblyBreaking,
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
                Level::NonBreaking,
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
            let level = if request == tightened {
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
            let integer_note = if key == "minimum" || key == "maximum" {
                "; typify may pick a different integer type"
            } else {
                ""
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
                values.type_name = format!("{}Value", ctx.type_name);
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
