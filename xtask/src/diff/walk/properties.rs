//! The walk over an object schema's properties: added, removed and
//! required ones, each walked as a schema of its own.

use super::{Ctx, Walker, get, obj, string_list};
use crate::diff::change::{Direction, Level};
use crate::diff::rules;
use crate::naming::{pascal, snake};
use serde_json::{Map, Value};

impl<'a> Walker<'a> {
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
                                "{subject} added; the type's `new` gains a parameter, so \
                                code that builds it stops compiling; requests without it \
                                are refused"
                            ),
                        ),
                        (true, false) => (
                            Level::NonBreaking,
                            &rules::NEW_OPTIONAL_REQUEST_PROPERTY,
                            format!(
                                "{subject} added as `Option` to a `#[non_exhaustive]` \
                                struct; its `new` is unchanged: compatible"
                            ),
                        ),
                        (false, true) => (
                            Level::Breaking,
                            &rules::RESPONSE_REQUIRED_PROPERTY_ADDED,
                            format!(
                                "{subject} added: the type's `new` gains a parameter; \
                                answers of the old shape without it fail to decode"
                            ),
                        ),
                        (false, false) => (
                            Level::NonBreaking,
                            &rules::RESPONSE_OPTIONAL_PROPERTY_ADDED,
                            format!(
                                "{subject} added as `Option` to a `#[non_exhaustive]` \
                                struct: compatible, on the wire and in Rust"
                            ),
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
                        // A nullable field is an `Option` either way.
                        let nullable =
                            |s: &Value| get(s, "nullable").and_then(Value::as_bool) == Some(true);
                        let retyped = !nullable(before) && !nullable(schema);
                        let option = |r: bool| if r && retyped { "T" } else { "Option<T>" };
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
                            (true, false) if retyped => (
                                Level::Breaking,
                                &rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                                format!("{retype}: compile break"),
                            ),
                            (true, false) => (
                                Level::NonBreaking,
                                &rules::REQUEST_PROPERTY_BECAME_OPTIONAL,
                                format!("{retype}: unchanged (nullable)"),
                            ),
                            (false, true) if retyped => (
                                Level::Breaking,
                                &rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                                format!(
                                    "{retype}: compile break; answers of the old shape \
                                    without it fail to decode"
                                ),
                            ),
                            (false, true) => (
                                Level::PossiblyBreaking,
                                &rules::RESPONSE_PROPERTY_BECAME_REQUIRED,
                                format!("{retype}: unchanged (nullable)"),
                            ),
                            (false, false) if retyped => (
                                Level::Breaking,
                                &rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                                format!(
                                    "{retype}: compile break; until regenerated, answers \
                                    without it fail to decode"
                                ),
                            ),
                            (false, false) => (
                                Level::NonBreaking,
                                &rules::RESPONSE_PROPERTY_BECAME_OPTIONAL,
                                format!("{retype}: unchanged (nullable)"),
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
}
