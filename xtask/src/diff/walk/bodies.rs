//! The walk over request bodies and responses.

use super::{Ctx, Walker, escape, get, obj};
use crate::diff::change::{Direction, Level};
use crate::diff::rules;
use crate::naming::pascal;
use serde_json::{Map, Value};

impl<'a> Walker<'a> {
    pub(super) fn request_body(
        &mut self,
        label: &str,
        pointer: &str,
        old: &'a Value,
        new: &'a Value,
        method: &str,
    ) {
        let op = Some(label.to_owned());
        let at = format!("{pointer}/requestBody");
        let (old_body, new_body) = (
            get(old, "requestBody").map(|b| Walker::resolve_in(self.old_doc, b).1),
            get(new, "requestBody").map(|b| Walker::resolve_in(self.new_doc, b).1),
        );
        match (old_body, new_body) {
            (None, Some(_)) => self.push(
                Level::Breaking,
                &rules::REQUEST_BODY_ADDED,
                op,
                Direction::Request,
                at,
                "request body added".into(),
                format!(
                    "setter `builder::{}::body` added; calls without it fail",
                    pascal(method)
                ),
            ),
            (Some(_), None) => self.push(
                Level::Breaking,
                &rules::REQUEST_BODY_REMOVED,
                op,
                Direction::Request,
                at,
                "request body removed".into(),
                format!(
                    "setter `builder::{}::body` removed: compile break",
                    pascal(method)
                ),
            ),
            (Some(old_body), Some(new_body)) => {
                let required =
                    |b: &Value| get(b, "required").and_then(Value::as_bool).unwrap_or(false);
                if !required(old_body) && required(new_body) {
                    self.push(
                        Level::Breaking,
                        &rules::REQUEST_BODY_BECAME_REQUIRED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/required"),
                        "request body became required".into(),
                        "calls without a body now fail".into(),
                    );
                }
                let empty = Map::new();
                let (old_media, new_media) = (content(old_body, &empty), content(new_body, &empty));
                for name in new_media.keys().filter(|k| !old_media.contains_key(*k)) {
                    self.push(
                        Level::NonBreaking,
                        &rules::REQUEST_BODY_MEDIA_TYPE_ADDED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/content/{}", escape(name)),
                        format!("request media type `{name}` added"),
                        "none (progenitor sends the first JSON type)".into(),
                    );
                }
                for name in old_media.keys().filter(|k| !new_media.contains_key(*k)) {
                    self.push(
                        Level::Breaking,
                        &rules::REQUEST_BODY_MEDIA_TYPE_REMOVED,
                        op.clone(),
                        Direction::Request,
                        format!("{at}/content/{}", escape(name)),
                        format!("request media type `{name}` removed"),
                        "the body's type and encoding change: compile break".into(),
                    );
                }
                let type_name = format!("{}Body", pascal(method));
                self.media_schemas(
                    &op,
                    Direction::Request,
                    &at,
                    &type_name,
                    old_media,
                    new_media,
                );
            }
            (None, None) => {}
        }
    }

    pub(super) fn responses(
        &mut self,
        label: &str,
        pointer: &str,
        old: &'a Value,
        new: &'a Value,
        method: &str,
    ) {
        let op = Some(label.to_owned());
        let empty = Map::new();
        let (old_r, new_r) = (
            get(old, "responses").and_then(obj).unwrap_or(&empty),
            get(new, "responses").and_then(obj).unwrap_or(&empty),
        );
        let success = |code: &str| code.starts_with('2');
        for (code, response) in new_r {
            let at = format!("{pointer}/responses/{}", escape(code));
            match old_r.get(code) {
                None if success(code) => self.push(
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_SUCCESS_STATUS_ADDED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("success status {code} added"),
                    format!(
                        "`send()` of `builder::{}` may return a different type: \
                        compile break if it becomes an enum",
                        pascal(method)
                    ),
                ),
                None => self.push(
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_NON_SUCCESS_STATUS_ADDED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("error status {code} added"),
                    "the `Error<E>` type of the method changes: compile \
                    break for code naming it"
                        .into(),
                ),
                Some(before) => {
                    let (before, after) = (
                        Walker::resolve_in(self.old_doc, before).1,
                        Walker::resolve_in(self.new_doc, response).1,
                    );
                    let (old_media, new_media) = (content(before, &empty), content(after, &empty));
                    for name in old_media.keys().filter(|k| !new_media.contains_key(*k)) {
                        self.push(
                            Level::Breaking,
                            &rules::RESPONSE_MEDIA_TYPE_REMOVED,
                            op.clone(),
                            Direction::Response,
                            format!("{at}/content/{}", escape(name)),
                            format!("response media type `{name}` removed from {code}"),
                            "the response is no longer decoded as JSON: compile break".into(),
                        );
                    }
                    for name in new_media.keys().filter(|k| !old_media.contains_key(*k)) {
                        self.push(
                            Level::NonBreaking,
                            &rules::RESPONSE_MEDIA_TYPE_ADDED,
                            op.clone(),
                            Direction::Response,
                            format!("{at}/content/{}", escape(name)),
                            format!("response media type `{name}` added to {code}"),
                            "none".into(),
                        );
                    }
                    if get(before, "description") != get(after, "description") {
                        self.push(
                            Level::NonBreaking,
                            &rules::RESPONSE_DESCRIPTION_CHANGED,
                            op.clone(),
                            Direction::Response,
                            format!("{at}/description"),
                            format!("description of {code} changed"),
                            "rustdoc only".into(),
                        );
                    }
                    let type_name = format!("{}Response", pascal(method));
                    self.media_schemas(
                        &op,
                        Direction::Response,
                        &at,
                        &type_name,
                        old_media,
                        new_media,
                    );
                }
            }
        }
        for code in old_r.keys().filter(|k| !new_r.contains_key(*k)) {
            let at = format!("{pointer}/responses/{}", escape(code));
            if success(code) {
                self.push(
                    Level::Breaking,
                    &rules::RESPONSE_SUCCESS_STATUS_REMOVED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("success status {code} removed"),
                    "answers with it now fail as UnexpectedResponse".into(),
                );
            } else {
                self.push(
                    Level::PossiblyBreaking,
                    &rules::RESPONSE_NON_SUCCESS_STATUS_REMOVED,
                    op.clone(),
                    Direction::Response,
                    at,
                    format!("error status {code} removed"),
                    "the `Error<E>` type of the method changes".into(),
                );
            }
        }
    }

    /// Walks what an operation's callbacks send to the client (OpenAPI
    /// `callbacks`: the notifications Atlas POSTs to a URL the operation
    /// registered). Their request bodies are data the client receives, so
    /// they are walked as answers are.
    pub(super) fn callbacks(&mut self, label: &str, pointer: &str, old: &Value, new: &Value) {
        let op = Some(label.to_owned());
        let empty = Map::new();
        let Some(new_c) = get(new, "callbacks").and_then(obj) else {
            return;
        };
        let old_c = get(old, "callbacks").and_then(obj);
        for (name, new_callback) in new_c {
            let Some(old_callback) = old_c.and_then(|c| c.get(name)) else {
                self.push(
                    Level::NonBreaking,
                    &rules::RESPONSE_MEDIA_TYPE_ADDED,
                    op.clone(),
                    Direction::Response,
                    format!("{pointer}/callbacks/{}", escape(name)),
                    format!("callback `{name}` added"),
                    "none: callbacks are not generated as client methods".into(),
                );
                continue;
            };
            for (expression, new_item) in obj(new_callback).into_iter().flatten() {
                let Some(old_item) = get(old_callback, expression) else {
                    continue;
                };
                for (method, new_op) in obj(new_item).into_iter().flatten() {
                    let Some(old_op) = get(old_item, method) else {
                        continue;
                    };
                    let at = format!(
                        "{pointer}/callbacks/{}/{}/{method}/requestBody",
                        escape(name),
                        escape(expression)
                    );
                    let old_media = get(old_op, "requestBody")
                        .map(|b| Walker::resolve_in(self.old_doc, b).1)
                        .map_or(&empty, |b| content(b, &empty))
                        .clone();
                    let new_media = get(new_op, "requestBody")
                        .map(|b| Walker::resolve_in(self.new_doc, b).1)
                        .map_or(&empty, |b| content(b, &empty))
                        .clone();
                    self.media_schemas(
                        &op,
                        Direction::Response,
                        &at,
                        "Notification",
                        &old_media,
                        &new_media,
                    );
                }
            }
        }
    }

    /// Walks the schema of every media type both versions of a body or
    /// response carry; `at` points at the body or response.
    fn media_schemas(
        &mut self,
        op: &Option<String>,
        direction: Direction,
        at: &str,
        type_name: &str,
        old_media: &Map<String, Value>,
        new_media: &Map<String, Value>,
    ) {
        for (name, new_m) in new_media {
            if let (Some(old_s), Some(new_s)) = (
                old_media.get(name).and_then(|m| get(m, "schema")),
                get(new_m, "schema"),
            ) {
                let ctx = Ctx {
                    operation: op.clone(),
                    direction,
                    pointer: format!("{at}/content/{}/schema", escape(name)),
                    type_name: type_name.to_owned(),
                    field: None,
                    required: true,
                    open: false,
                    component: None,
                };
                self.schema(&ctx, old_s, new_s);
            }
        }
    }
}

/// The `content` map (media type → media object) of a body or response,
/// borrowed; `empty` when it has none.
fn content<'v>(value: &'v Value, empty: &'v Map<String, Value>) -> &'v Map<String, Value> {
    get(value, "content").and_then(obj).unwrap_or(empty)
}
