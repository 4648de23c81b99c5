//! The walk over schemas: types, descriptions, nullability and
//! compositions; constraints and properties have their own modules.

use super::{Ctx, Walker, escape, get, has_catch_all, text};
use crate::diff::change::{Direction, Level};
use crate::diff::rules;
use crate::naming::pascal;
use serde_json::Value;

impl<'a> Walker<'a> {
    pub(super) fn schema(&mut self, ctx: &Ctx, old: &Value, new: &Value) {
        let (old_ref, old) = Self::resolve_in(self.old_doc, old);
        let (new_ref, new) = Self::resolve_in(self.new_doc, new);
        let mut ctx = ctx.clone();
        ctx.component = new_ref.clone();
        if let Some(name) = &new_ref {
            // An inline schema that became a reference is reported where it
            // sits; otherwise at the component.
            if old_ref.is_some() {
                ctx.pointer = format!("#/components/schemas/{}", escape(name));
            }
            if ctx.field.is_none() {
                ctx.type_name = pascal(name);
            }
            // A component already walked is not walked again, unless this
            // place referred to something else before (an inline schema that
            // became a reference must still be compared with it).
            if old_ref == new_ref && !self.visited.insert((name.clone(), ctx.direction, ctx.open)) {
                return;
            }
        }
        let type_changed = ctx.rule(
            &rules::REQUEST_PROPERTY_TYPE_CHANGED,
            &rules::RESPONSE_PROPERTY_TYPE_CHANGED,
        );
        if old_ref.is_some() && new_ref.is_some() && old_ref != new_ref {
            // A renamed or swapped component: the type of the field changes.
            let (a, b) = (
                old_ref.unwrap_or_default(),
                new_ref.clone().unwrap_or_default(),
            );
            self.emit(
                &ctx,
                Level::Breaking,
                type_changed,
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
                type_changed,
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
        let alternatives = |s: &Value| get(s, "oneOf").or_else(|| get(s, "anyOf")).is_some();
        if (old_type.is_some() && !alternatives(old) && alternatives(new) && new_type.is_none())
            || (new_type.is_some() && !alternatives(new) && alternatives(old) && old_type.is_none())
        {
            let (from, to) = if alternatives(new) {
                ("a plain type", "alternatives (`oneOf`/`anyOf`)")
            } else {
                ("alternatives (`oneOf`/`anyOf`)", "a plain type")
            };
            self.emit(
                &ctx,
                Level::Breaking,
                type_changed,
                format!("{} changed from {from} to {to}", ctx.what()),
                format!(
                    "{} changes shape (a plain type ↔ an untagged enum): compile break",
                    ctx.subject()
                ),
            );
            return;
        }
        let (old_format, new_format) = (get(old, "format"), get(new, "format"));
        if old_format != new_format {
            // typify picks the integer width from the format, and maps some
            // string formats to types of their own.
            let integers = (
                super::constraints::typify_integer(old),
                super::constraints::typify_integer(new),
            );
            let typed = |f: Option<&Value>| {
                f.and_then(Value::as_str).is_some_and(|f| {
                    ["date-time", "date", "uuid", "ip", "ipv4", "ipv6"].contains(&f)
                })
            };
            let retyped = match integers {
                (Some(x), Some(y)) => x != y,
                _ => typed(old_format) || typed(new_format),
            };
            self.emit(
                &ctx,
                if retyped {
                    Level::Breaking
                } else {
                    Level::PossiblyBreaking
                },
                type_changed,
                format!(
                    "{} format `{}` became `{}`",
                    ctx.what(),
                    text(old_format),
                    text(new_format)
                ),
                match integers {
                    (Some(x), Some(y)) if x != y => {
                        format!("{} retyped `{x}` → `{y}`: compile break", ctx.subject())
                    }
                    _ if retyped => format!("{} retyped: compile break", ctx.subject()),
                    _ => format!("{} keeps its Rust type", ctx.subject()),
                },
            );
        }
        self.nullable(&ctx, old, new);
        self.enumeration(&ctx, old, new);
        self.pattern(&ctx, old, new);
        self.limits(&ctx, old, new);
        self.default_value(&ctx, old, new);
        self.additional_properties(&ctx, old, new);
        self.properties(&ctx, old, new);
        if let (Some(a), Some(b)) = (get(old, "items"), get(new, "items")) {
            let mut items = ctx.at("items");
            // typify names an inline object item after its list: the
            // property's holder and name (`QueryOrderResponsePaxTicketInfosItem`),
            // or a named list's name. Other items generate no type of their own.
            if get(b, "$ref").is_none() && get(b, "properties").is_some() {
                items.type_name = match &ctx.field {
                    Some((json, _)) => format!("{}{}Item", ctx.type_name, pascal(json)),
                    None => format!("{}Item", ctx.type_name),
                };
                items.field = None;
            }
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
                    Level::Breaking
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
                    Level::Breaking
                } else {
                    Level::NonBreaking
                },
                &rules::RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
                format!("{} is no longer nullable", ctx.what()),
                rust("Option<T>", "T"),
            ),
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
        if key == "allOf" {
            self.all_of_members(&at, ctx, a, b, request);
            return;
        }
        let (added, removed) = match (key, request) {
            ("anyOf", true) => (
                &rules::REQUEST_PROPERTY_ANY_OF_ADDED,
                &rules::REQUEST_PROPERTY_ANY_OF_REMOVED,
            ),
            ("anyOf", false) => (
                &rules::RESPONSE_PROPERTY_ANY_OF_ADDED,
                &rules::RESPONSE_PROPERTY_ANY_OF_REMOVED,
            ),
            (_, true) => (
                &rules::REQUEST_PROPERTY_ONE_OF_ADDED,
                &rules::REQUEST_PROPERTY_ONE_OF_REMOVED,
            ),
            (_, false) => (
                &rules::RESPONSE_PROPERTY_ONE_OF_ADDED,
                &rules::RESPONSE_PROPERTY_ONE_OF_REMOVED,
            ),
        };
        // The untagged enum gains a variant. It is `#[non_exhaustive]`, so
        // the API stays compatible; a request may now carry the new shape
        // (compatible), but an answer in it fails to decode in clients
        // built on the old crate.
        if b.len() > a.len() {
            self.emit(
                &at,
                if request {
                    Level::NonBreaking
                } else {
                    Level::Breaking
                },
                added,
                format!(
                    "{} `{key}` gained {} member(s)",
                    ctx.what(),
                    b.len() - a.len()
                ),
                if request {
                    format!(
                        "the untagged enum for {} gains variants (`#[non_exhaustive]`): \
                        compatible",
                        ctx.subject()
                    )
                } else {
                    format!(
                        "the untagged enum for {} gains variants (`#[non_exhaustive]`: the \
                        API is compatible); answers in the new shape fail to decode in \
                        clients built on the old crate",
                        ctx.subject()
                    )
                },
            );
        } else if a.len() > b.len() {
            self.emit(
                &at,
                Level::Breaking,
                removed,
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

impl Walker<'_> {
    /// `allOf` members added or removed: their properties join or leave the
    /// generated struct. A member that brings required properties is a new
    /// required field (requests) or a field old answers lack (responses).
    fn all_of_members(&mut self, at: &Ctx, ctx: &Ctx, a: &[Value], b: &[Value], request: bool) {
        let brings = |doc: &Value, member: &Value, key: &str| {
            let member = Walker::resolve_in(doc, member).1;
            get(member, key).is_some_and(|v| match v {
                Value::Array(items) => !items.is_empty(),
                Value::Object(fields) => !fields.is_empty(),
                _ => false,
            })
        };
        if b.len() > a.len() {
            let added = &b[a.len()..];
            let required = added
                .iter()
                .any(|member| brings(self.new_doc, member, "required"));
            // New optional properties are new fields of a `#[non_exhaustive]`
            // struct (compatible); required ones change its `new`.
            self.emit(
                at,
                if required {
                    Level::Breaking
                } else {
                    Level::NonBreaking
                },
                if request {
                    &rules::REQUEST_PROPERTY_ALL_OF_ADDED
                } else {
                    &rules::RESPONSE_PROPERTY_ALL_OF_ADDED
                },
                format!(
                    "{} `allOf` gained {} member(s){}",
                    ctx.what(),
                    b.len() - a.len(),
                    if required {
                        " with required properties"
                    } else {
                        ""
                    }
                ),
                format!(
                    "the struct for {} gains the members' fields{}",
                    ctx.subject(),
                    match (required, request) {
                        (true, true) =>
                            ": its `new` gains parameters, so code building it \
                                        stops compiling",
                        (true, false) =>
                            ": its `new` gains parameters; answers without \
                                         them no longer decode",
                        (false, _) => " (`#[non_exhaustive]`): compatible",
                    }
                ),
            );
        } else if a.len() > b.len() {
            self.emit(
                at,
                Level::Breaking,
                if request {
                    &rules::REQUEST_PROPERTY_ALL_OF_REMOVED
                } else {
                    &rules::RESPONSE_PROPERTY_ALL_OF_REMOVED
                },
                format!(
                    "{} `allOf` lost {} member(s)",
                    ctx.what(),
                    a.len() - b.len()
                ),
                format!(
                    "the struct for {} loses the members' fields: compile break",
                    ctx.subject()
                ),
            );
        }
    }
}
