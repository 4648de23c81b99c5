//! Whether answers of the old document's shape still decode with the new
//! generated types: one made-up answer after another (see [`super::example`])
//! for each operation's success response, decoded as the new side's answer
//! type would decode it (see [`super::decode`]).

use serde_json::Value;

use super::decode::decode;
use super::example::examples;
use super::listing::Surface;

/// One operation whose old answers do not all decode with the new types.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Undecodable {
    /// The operation (`POST /pay.do`).
    pub operation: String,
    /// The new answer type.
    pub answer: String,
    /// The first failure: the answer and what serde would say.
    pub example: Value,
    /// Why it does not decode.
    pub reason: String,
}

/// Every operation of `old_document` that `new` still has, whose old answers
/// do not all decode with `new`'s answer type.
pub fn undecodable(old_document: &Value, new: &Surface) -> Vec<Undecodable> {
    let mut found = Vec::new();
    for (module, method, path) in new.operations() {
        let Some(schema) = old_document
            .pointer(&format!(
                "/paths/{}/{}",
                path.replace('~', "~0").replace('/', "~1"),
                method.to_lowercase()
            ))
            .and_then(success_schema)
        else {
            continue;
        };
        let Some(answer) = answer_type(new, &module) else {
            continue;
        };
        for example in examples(old_document, schema) {
            if let Err(error) = decode(new, &answer, &example) {
                found.push(Undecodable {
                    operation: format!("{method} {path}"),
                    answer: answer.clone(),
                    example,
                    reason: error.to_string(),
                });
                break;
            }
        }
    }
    found
}

/// The first JSON success response's schema of an operation object.
pub(crate) fn success_schema(operation: &Value) -> Option<&Value> {
    let responses = operation.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .find_map(|(_, response)| response.pointer("/content/application~1json/schema"))
}

/// The answer type the builder of operation module `module` returns.
pub fn answer_type(surface: &Surface, module: &str) -> Option<String> {
    let builder = crate::naming::pascal(module);
    let send = surface.get(&format!("builder::{builder}<'a>::send"))?;
    let start = send.signature.find("ResponseValue<")? + "ResponseValue<".len();
    let rest = &send.signature[start..];
    let end = rest.find('>')?;
    let ty = &rest[..end];
    ty.starts_with("types::").then(|| ty.to_owned())
}
