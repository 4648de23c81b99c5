//! The walk over schemas and their properties: types, nullability, enums,
//! patterns, limits, required properties and compositions.

use super::{Ctx, Walker, escape, get, has_catch_all, num, obj, string_list, text};
use crate::diff::change::{Direction, Level};
use crate::diff::naming::{pascal, snake};
use crate::diff::rules::{self, Rule};
use serde_json::{Map, Value};

impl<'a> Walker<'a> {
    pub(super) fn schema(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let (old_ref, old) = Self::resolve_in(self.old_doc, old);
        let (new_ref, new) = Self::resolve_in(self.new_doc, new);
        let mut ctx = ctx.clone();
        ctx.component = new_ref.clone();
        if let Some(name) = &new_ref {
            ctx.pointer = format!("#/components/schemas/{}", escape(name));
            if ctx.field.is_none() {
                ctx.type_name = pascal(name);
            }
            if !self.visited.insert((name.clone(), ctx.direction, ctx.open)) {
                return;
            }
        }
        if old_ref.is_some() && new_ref.is_some() && old_ref != new_ref {
            // A renamed or swapped component: the type of the field changes.
            let (a, b) = (
                old_ref.unwrap_or_default(),
                new_ref.clone().unwrap_or_default(),
            );
            self.emit(
                &ctx,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!("{} now refers to `{b}` instead of `{a}`", ctx.what()),
                format!(
                    "{} retyped `{}` → `{}`: compile break",
                    ctx.subject(),
                    pascal(&a),
                    pascal(&b)
                ),
            );
        }
        self.description(&ctx, old, new);
        let (old_type, new_type) = (
            get(old, "type").and_then(Value::as_str),
            get(new, "type").and_then(Value::as_str),
        );
        if old_type != new_type && old_type.is_some() && new_type.is_some() {
            let rust = if ctx.direction == Direction::Response {
                "compile break, and answers fail to decode until regenerated"
            } else {
                "compile break"
            };
            self.emit(
                &ctx,
                Level::Breaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!(
                    "{} type `{}` became `{}`",
                    ctx.what(),
                    old_type.unwrap_or("?"),
                    new_type.unwrap_or("?")
                ),
                format!("{} retyped: {rust}", ctx.subject()),
            );
            return;
        }
        let (old_format, new_format) = (get(old, "format"), get(new, "format"));
        if old_format != new_format {
            self.emit(
                &ctx,
                Level::PossiblyBreaking,
                ctx.rule(
                    &rules::REQUEST_PROPERTY_TYPE_CHANGED,
                    &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
                ),
                format!(
                    "{} format `{}` became `{}`",
                    ctx.what(),
                    text(old_format),
                    text(new_format)
                ),
                format!(
                    "{} may be retyped (e.g. integer width): compile break if so",
                    ctx.subject()
                ),
            );
        }
        self.nullable(&ctx, old, new);
        self.enumeration(&ctx, old, new);
        self.pattern(&ctx, old, new);
        self.limits(&ctx, old, new);
        self.properties(&ctx, old, new);
        if let (Some(a), Some(b)) = (get(old, "items"), get(new, "items")) {
            let mut items = ctx.at("items");
            items.type_name = format!("{}Item", ctx.type_name);
            self.schema(&items, a, b);
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            self.composition(&ctx, key, old, new);
        }
    }

    pub(super) fn description(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        if get(old, "description") != get(new, "description") {
            self.emit(
                &Ctx {
                    pointer: format!("{}/description", ctx.pointer),
                    ..ctx.clone()
                },
                Level::NonBreaking,
                &rules::DESCRIPTION_CHANGED,
                format!("description of {} changed", ctx.what()),
                "rustdoc only".into(),
            );
        }
    }

    pub(super) fn nullable(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let nullable = |s: &Value| get(s, "nullable").and_then(Value::as_bool).unwrap_or(false);
        let (was, is) = (nullable(old), nullable(new));
        if was == is {
            return;
        }
        let retyped = ctx.required; // an optional field is an Option either way
        let rust = |from: &str, to: &str| {
            if retyped {
                format!("{} retyped `{from}` → `{to}`: compile break", ctx.subject())
            } else {
                format!("{} stays an `Option`", ctx.subject())
            }
        };
        match (ctx.direction, is) {
            (Direction::Request, true) => self.emit(
                ctx,
                if retyped {
                    Level::PossiblyBreaking
                } else {
                    Level::NonBreaking
                },
                &rules::REQUEST_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                rust("T", "Option<T>"),
            ),
            (Direction::Request, false) => self.emit(
                ctx,
                Level::Breaking,
                &rules::REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
                format!(
                    "{} is no longer nullable: clients sending null are refused",
                    ctx.what()
                ),
                rust("Option<T>", "T"),
            ),
            (_, true) if retyped => self.emit(
                ctx,
                Level::Breaking,
                &rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                format!(
                    "{}; until regenerated, a null fails to decode",
                    rust("T", "Option<T>")
                ),
            ),
            (_, true) => self.emit(
                ctx,
                Level::NonBreaking,
                &rules::RESPONSE_PROPERTY_BECAME_NULLABLE,
                format!("{} became nullable", ctx.what()),
                format!("{}: a null decodes as `None`", rust("T", "Option<T>")),
            ),
            (_, false) => self.emit(
                ctx,
                if retyped {
                    Level::PossiblyBreaking
                } else {
                    Level::NonBreaking
                },
                &rules::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
                format!("{} is no longer nullable", ctx.what()),
                rust("Option<T>", "T"),
            ),
        }
    }

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
                        self.emit(&at, Level::NonBreaking, &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED, format!("{} may now be {value}", ctx.what()), format!("open `oneOf`: {value} decodes into the catch-all variant until regenerated, then into {}", ctx.value_type()));
                    } else {
                        self.emit(&at, Level::Breaking, &rules::RESPONSE_PROPERTY_ENUM_VALUE_ADDED, format!("{} may now be {value}", ctx.what()), format!("closed {}: answers carrying {value} fail to decode until regenerated", ctx.value_type()));
                    }
                }
                for value in a.iter().filter(|v| !b.contains(v)) {
                    if ctx.direction == Direction::Request {
                        self.emit(&at, Level::Breaking, &rules::REQUEST_PROPERTY_ENUM_VALUE_REMOVED, format!("{} no longer accepts {value}", ctx.what()), format!("{}: `try_from({value})` fails, requests using it are refused before sending", ctx.value_type()));
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
                if ctx.direction == Direction::Request {
                    Level::PossiblyBreaking
                } else {
                    Level::Breaking
                },
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
                Level::PossiblyBreaking,
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
                        "{} becomes a validated newtype: compile break; values not matching are refused before sending",
                        ctx.subject()
                    )
                } else {
                    format!(
                        "{} becomes a validated newtype: compile break; answers not matching fail to decode",
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
        let table: [(&str, bool, [&'static Rule; 4]); 4] = [
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

    pub(super) fn properties(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let empty = Map::new();
        let (old_p, new_p) = (
            get(old, "properties").and_then(obj).unwrap_or(&empty),
            get(new, "properties").and_then(obj).unwrap_or(&empty),
        );
        let (old_req, new_req) = (
            string_list(get(old, "required")),
            string_list(get(new, "required")),
        );
        let request = ctx.direction == Direction::Request;
        for (name, schema) in new_p {
            let mut child = ctx.at("properties").at(name);
            child.field = Some((name.clone(), snake(name)));
            child.required = new_req.contains(name);
            child.open = false;
            let subject = child.subject();
            match old_p.get(name) {
                None => {
                    let (level, id, rust) = match (request, child.required) {
                        (true, true) => (
                            Level::Breaking,
                            &rules::NEW_REQUIRED_REQUEST_PROPERTY,
                            format!(
                                "{subject} added; requests without it are refused (builders fail with \"no value supplied\", struct literals stop compiling)"
                            ),
                        ),
                        (true, false) => (
                            Level::NonBreaking,
                            &rules::NEW_OPTIONAL_REQUEST_PROPERTY,
                            format!(
                                "{subject} added as `Option`; struct literals (atlas-pay's `to_wire`) must name it: compile break caught in this repo"
                            ),
                        ),
                        (false, true) => (
                            Level::NonBreaking,
                            &rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
                            format!("{subject} added"),
                        ),
                        (false, false) => (
                            Level::NonBreaking,
                            &rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
                            format!("{subject} added as `Option`"),
                        ),
                    };
                    let kind = if child.required {
                        "required"
                    } else {
                        "optional"
                    };
                    self.emit(
                        &child,
                        level,
                        id,
                        format!("{kind} {} added", child.what()),
                        rust,
                    );
                }
                Some(before) => {
                    let was_required = old_req.contains(name);
                    if was_required != child.required {
                        let option = |r: bool| if r { "T" } else { "Option<T>" };
                        let retype = format!(
                            "{subject} retyped `{}` → `{}`",
                            option(was_required),
                            option(child.required)
                        );
                        let (level, id, rust) = match (request, child.required) {
                            (true, true) => (
                                Level::Breaking,
                                &rules::REQUEST_PROPERTY_BECAME_REQUIRED,
                                format!("{retype}: compile break; requests without it are refused"),
                            ),
                            (true, false) => (
                                Level::PossiblyBreaking,
                                &rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                                format!("{retype}: compile break"),
                            ),
                            (false, true) => (
                                Level::PossiblyBreaking,
                                &rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                                format!("{retype}: compile break"),
                            ),
                            (false, false) => (
                                Level::Breaking,
                                &rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                                format!(
                                    "{retype}: compile break; until regenerated, answers without it fail to decode"
                                ),
                            ),
                        };
                        let state = if child.required {
                            "required"
                        } else {
                            "optional"
                        };
                        self.emit(
                            &child,
                            level,
                            id,
                            format!("{} became {state}", child.what()),
                            rust,
                        );
                    }
                    let inline_object =
                        get(schema, "$ref").is_none() && get(schema, "properties").is_some();
                    if inline_object {
                        child.type_name = format!("{}{}", ctx.type_name, pascal(name));
                        child.field = None;
                        child.required = true;
                    }
                    self.schema(&child, before, schema);
                }
            }
        }
        for (name, _) in old_p.iter().filter(|(n, _)| !new_p.contains_key(*n)) {
            let mut child = ctx.at("properties").at(name);
            child.field = Some((name.clone(), snake(name)));
            let was_required = old_req.contains(name);
            let (level, id) = match (request, was_required) {
                (true, _) => (Level::Breaking, &rules::REQUEST_PROPERTY_REMOVED),
                (false, true) => (Level::Breaking, &rules::RESPONSE_REQUIRED_PROPERTY_REMOVED),
                (false, false) => (Level::Breaking, &rules::RESPONSE_OPTIONAL_PROPERTY_REMOVED),
            };
            self.emit(
                &child,
                level,
                id,
                format!("{} removed", child.what()),
                format!("{} removed: compile break", child.subject()),
            );
        }
    }

    pub(super) fn composition(&mut self, ctx: &Ctx, key: &str, old: &Value, new: &Value) {
        let empty = Vec::new();
        let (a, b) = (
            get(old, key).and_then(Value::as_array).unwrap_or(&empty),
            get(new, key).and_then(Value::as_array).unwrap_or(&empty),
        );
        if a.is_empty() && b.is_empty() {
            return;
        }
        let request = ctx.direction == Direction::Request;
        let open = key == "oneOf" && has_catch_all(self.new_doc, b);
        for (index, (x, y)) in a.iter().zip(b.iter()).enumerate() {
            let mut child = ctx.at(key).at(&index.to_string());
            child.open = open;
            self.schema(&child, x, y);
        }
        let at = Ctx {
            pointer: format!("{}/{key}", ctx.pointer),
            ..ctx.clone()
        };
        if b.len() > a.len() {
            let (level, id) = if request {
                (Level::NonBreaking, &rules::REQUEST_PROPERTY_ONE_OF_ADDED)
            } else {
                (
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_PROPERTY_ONE_OF_ADDED,
                )
            };
            self.emit(
                &at,
                level,
                id,
                format!(
                    "{} `{key}` gained {} member(s)",
                    ctx.what(),
                    b.len() - a.len()
                ),
                format!(
                    "the untagged enum for {} gains variants: exhaustive matches stop compiling",
                    ctx.subject()
                ),
            );
        } else if a.len() > b.len() {
            let (level, id) = if request {
                (Level::Breaking, &rules::REQUEST_PROPERTY_ONE_OF_REMOVED)
            } else {
                (
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_PROPERTY_ONE_OF_REMOVED,
                )
            };
            self.emit(
                &at,
                level,
                id,
                format!(
                    "{} `{key}` lost {} member(s)",
                    ctx.what(),
                    a.len() - b.len()
                ),
                format!(
                    "the untagged enum for {} loses variants: compile break",
                    ctx.subject()
                ),
            );
        }
    }
}
