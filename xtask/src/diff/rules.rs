//! The spec diff's rules, in one table: each rule's stable id (oasdiff's
//! where one exists), the levels it is rated at for this client, the way the
//! data flows, and what it means. The walk names rules only through this
//! table; `xtask/tests/diff.rs` holds one fixture per (rule, level).

use super::change::{Direction, Level};

/// One rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The stable id reports print.
    pub id: &'static str,
    /// The levels the walk rates it at (the context decides, e.g. an open
    /// `oneOf` makes a new value harmless).
    pub levels: &'static [Level],
    /// Which way the changed data flows; `None` when the context decides
    /// (a description changes on either side).
    pub direction: Option<Direction>,
    /// What the rule means.
    pub wording: &'static str,
}

/// Api deprecation changed.
pub const API_DEPRECATION_CHANGED: Rule = Rule {
    id: "api-deprecation-changed",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "api deprecation changed",
};
/// Api description changed.
pub const API_DESCRIPTION_CHANGED: Rule = Rule {
    id: "api-description-changed",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "api description changed",
};
/// Api info changed.
pub const API_INFO_CHANGED: Rule = Rule {
    id: "api-info-changed",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "api info changed",
};
/// Api operation id updated.
pub const API_OPERATION_ID_UPDATED: Rule = Rule {
    id: "api-operation-id-updated",
    levels: &[Level::Breaking],
    direction: Some(Direction::Document),
    wording: "api operation id updated",
};
/// A path whose parameters were renamed, its shape unchanged (`/{id}` →
/// `/{orderId}`): the same URL on the wire, not a removed and an added path.
pub const PATH_PARAMETER_RENAMED: Rule = Rule {
    id: "path-parameter-renamed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "path parameter renamed (the URL is unchanged on the wire, but breaking for this \
              client: the generated builder's setter for the parameter is renamed)",
};
/// Api path removed without deprecation.
pub const API_PATH_REMOVED_WITHOUT_DEPRECATION: Rule = Rule {
    id: "api-path-removed-without-deprecation",
    levels: &[Level::Breaking],
    direction: Some(Direction::Document),
    wording: "api path removed without deprecation",
};
/// Api security added.
pub const API_SECURITY_ADDED: Rule = Rule {
    id: "api-security-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "api security added",
};
/// Api security removed.
pub const API_SECURITY_REMOVED: Rule = Rule {
    id: "api-security-removed",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "api security removed",
};
/// Api server added.
pub const API_SERVER_ADDED: Rule = Rule {
    id: "api-server-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "api server added",
};
/// Api server removed.
pub const API_SERVER_REMOVED: Rule = Rule {
    id: "api-server-removed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Document),
    wording: "api server removed",
};
/// An inline schema moved, unchanged, into a named component: the same
/// wire, but typify names the type after the component instead of its
/// place, so the generated type is renamed.
pub const SCHEMA_EXTRACTED: Rule = Rule {
    id: "schema-extracted",
    // Non-breaking when the old name is kept as an alias.
    levels: &[Level::Breaking, Level::NonBreaking],
    // Listed under the operation whose inline schema it was.
    direction: None,
    wording: "inline schema became a named one (the wire is unchanged, but breaking for this \
              client: the generated type is renamed after the component)",
};
/// Description changed.
pub const DESCRIPTION_CHANGED: Rule = Rule {
    id: "description-changed",
    levels: &[Level::NonBreaking],
    direction: None,
    wording: "description changed",
};
/// Endpoint added.
pub const ENDPOINT_ADDED: Rule = Rule {
    id: "endpoint-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "endpoint added",
};
/// New optional request parameter.
pub const NEW_OPTIONAL_REQUEST_PARAMETER: Rule = Rule {
    id: "new-optional-request-parameter",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "new optional request parameter",
};
/// A parameter declared on the path item (shared by every method of the
/// path) added: each operation of the path takes it, so a required one is a
/// new required argument of every generated method there.
pub const PATH_LEVEL_PARAMETER_ADDED: Rule = Rule {
    id: "path-level-parameter-added",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "parameter added to every operation of the path",
};
/// New optional request property.
pub const NEW_OPTIONAL_REQUEST_PROPERTY: Rule = Rule {
    id: "new-optional-request-property",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "new optional request property (compatible: generated structs are `#[non_exhaustive]` and built with `new`, which takes required fields only)",
};
/// New required request parameter.
pub const NEW_REQUIRED_REQUEST_PARAMETER: Rule = Rule {
    id: "new-required-request-parameter",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "new required request parameter",
};
/// New required request property.
pub const NEW_REQUIRED_REQUEST_PROPERTY: Rule = Rule {
    id: "new-required-request-property",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "new required request property (the type's `new` gains a parameter; requests without it are refused)",
};
/// Request body added.
pub const REQUEST_BODY_ADDED: Rule = Rule {
    id: "request-body-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request body added",
};
/// Request body became required.
pub const REQUEST_BODY_BECAME_REQUIRED: Rule = Rule {
    id: "request-body-became-required",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request body became required",
};
/// Request body media type added.
pub const REQUEST_BODY_MEDIA_TYPE_ADDED: Rule = Rule {
    id: "request-body-media-type-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request body media type added",
};
/// Request body media type removed.
pub const REQUEST_BODY_MEDIA_TYPE_REMOVED: Rule = Rule {
    id: "request-body-media-type-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request body media type removed",
};
/// Request body removed.
pub const REQUEST_BODY_REMOVED: Rule = Rule {
    id: "request-body-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request body removed",
};
/// Request parameter became optional.
pub const REQUEST_PARAMETER_BECAME_OPTIONAL: Rule = Rule {
    id: "request-parameter-became-optional",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request parameter became optional",
};
/// Request parameter became required.
pub const REQUEST_PARAMETER_BECAME_REQUIRED: Rule = Rule {
    id: "request-parameter-became-required",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request parameter became required",
};
/// Request parameter removed.
pub const REQUEST_PARAMETER_REMOVED: Rule = Rule {
    id: "request-parameter-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request parameter removed",
};
/// Request property became not nullable.
pub const REQUEST_PROPERTY_BECAME_NOT_NULLABLE: Rule = Rule {
    id: "request-property-became-not-nullable",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property became not nullable",
};
/// Request property became nullable.
pub const REQUEST_PROPERTY_BECAME_NULLABLE: Rule = Rule {
    id: "request-property-became-nullable",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property became nullable (breaking for this client when a required field becomes an `Option`)",
};
/// Request property became optional.
pub const REQUEST_PROPERTY_BECAME_OPTIONAL: Rule = Rule {
    id: "request-property-became-optional",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property became optional (breaking for this client when the field's `Option`-ness flips (it is retyped); a nullable field is an `Option` either way)",
};
/// Request property became required.
pub const REQUEST_PROPERTY_BECAME_REQUIRED: Rule = Rule {
    id: "request-property-became-required",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property became required",
};
/// Request property enum added.
pub const REQUEST_PROPERTY_ENUM_ADDED: Rule = Rule {
    id: "request-property-enum-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property enum added (breaking for this client, where the wire only \
              narrows: the generated field turns from a string into an enum type, and callers \
              stop compiling)",
};
/// Request property enum removed.
pub const REQUEST_PROPERTY_ENUM_REMOVED: Rule = Rule {
    id: "request-property-enum-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property enum removed (breaking for this client, where the wire only \
              widens: the generated enum type becomes a plain string, and callers that name \
              its variants stop compiling)",
};
/// Request property enum value added.
pub const REQUEST_PROPERTY_ENUM_VALUE_ADDED: Rule = Rule {
    id: "request-property-enum-value-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property enum value added (compatible: a string enum is `#[non_exhaustive]`, an integer enum's newtype just accepts it)",
};
/// Request property enum value removed.
pub const REQUEST_PROPERTY_ENUM_VALUE_REMOVED: Rule = Rule {
    id: "request-property-enum-value-removed",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property enum value removed (breaking for a string enum, whose variant goes; possibly breaking for an integer enum, whose `try_from` refuses it at run time)",
};
/// Request property max decreased.
pub const REQUEST_PROPERTY_MAX_DECREASED: Rule = Rule {
    id: "request-property-max-decreased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property max decreased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Request property max increased.
pub const REQUEST_PROPERTY_MAX_INCREASED: Rule = Rule {
    id: "request-property-max-increased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property max increased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Request property max length decreased.
pub const REQUEST_PROPERTY_MAX_LENGTH_DECREASED: Rule = Rule {
    id: "request-property-max-length-decreased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property max length decreased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property max length increased.
pub const REQUEST_PROPERTY_MAX_LENGTH_INCREASED: Rule = Rule {
    id: "request-property-max-length-increased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property max length increased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property min decreased.
pub const REQUEST_PROPERTY_MIN_DECREASED: Rule = Rule {
    id: "request-property-min-decreased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property min decreased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Request property min increased.
pub const REQUEST_PROPERTY_MIN_INCREASED: Rule = Rule {
    id: "request-property-min-increased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property min increased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Request property min length decreased.
pub const REQUEST_PROPERTY_MIN_LENGTH_DECREASED: Rule = Rule {
    id: "request-property-min-length-decreased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property min length decreased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property min length increased.
pub const REQUEST_PROPERTY_MIN_LENGTH_INCREASED: Rule = Rule {
    id: "request-property-min-length-increased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property min length increased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property one of added.
pub const REQUEST_PROPERTY_ONE_OF_ADDED: Rule = Rule {
    id: "request-property-one-of-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property one of added (compatible: the untagged enum is `#[non_exhaustive]`)",
};
/// Request property one of removed.
pub const REQUEST_PROPERTY_ONE_OF_REMOVED: Rule = Rule {
    id: "request-property-one-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property one of removed",
};
/// Request property anyOf member added (an untagged enum gains a variant).
pub const REQUEST_PROPERTY_ANY_OF_ADDED: Rule = Rule {
    id: "request-property-any-of-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property any of added (compatible: the untagged enum is `#[non_exhaustive]`)",
};
/// Request property anyOf member removed.
pub const REQUEST_PROPERTY_ANY_OF_REMOVED: Rule = Rule {
    id: "request-property-any-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property any of removed",
};
/// Response property anyOf member added.
pub const RESPONSE_PROPERTY_ANY_OF_ADDED: Rule = Rule {
    id: "response-property-any-of-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property any of added (the untagged enum gains a variant, `#[non_exhaustive]`; answers in the new shape fail to decode in clients built on the old crate)",
};
/// Response property anyOf member removed.
pub const RESPONSE_PROPERTY_ANY_OF_REMOVED: Rule = Rule {
    id: "response-property-any-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property any of removed (breaking for this client: the untagged enum's variants change, and exhaustive matches or code naming a variant stop compiling)",
};
/// Request property allOf member added: its properties join the generated
/// struct; required ones are new required fields.
pub const REQUEST_PROPERTY_ALL_OF_ADDED: Rule = Rule {
    id: "request-property-all-of-added",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property all of added (breaking when the member brings required properties: the type's `new` gains parameters; optional ones are compatible)",
};
/// Request property allOf member removed.
pub const REQUEST_PROPERTY_ALL_OF_REMOVED: Rule = Rule {
    id: "request-property-all-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property all of removed (the generated struct loses the member's fields)",
};
/// Response property allOf member added.
pub const RESPONSE_PROPERTY_ALL_OF_ADDED: Rule = Rule {
    id: "response-property-all-of-added",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property all of added (breaking when the member brings required properties: answers of the old shape no longer decode; optional ones are compatible)",
};
/// Response property allOf member removed.
pub const RESPONSE_PROPERTY_ALL_OF_REMOVED: Rule = Rule {
    id: "response-property-all-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property all of removed (the generated struct loses the member's fields)",
};
/// Request property max items decreased.
pub const REQUEST_PROPERTY_MAX_ITEMS_DECREASED: Rule = Rule {
    id: "request-property-max-items-decreased",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property max items decreased",
};
/// Request property max items increased.
pub const REQUEST_PROPERTY_MAX_ITEMS_INCREASED: Rule = Rule {
    id: "request-property-max-items-increased",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property max items increased",
};
/// Request property min items increased.
pub const REQUEST_PROPERTY_MIN_ITEMS_INCREASED: Rule = Rule {
    id: "request-property-min-items-increased",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property min items increased",
};
/// Request property min items decreased.
pub const REQUEST_PROPERTY_MIN_ITEMS_DECREASED: Rule = Rule {
    id: "request-property-min-items-decreased",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property min items decreased",
};
/// Request property additional properties changed.
pub const REQUEST_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED: Rule = Rule {
    id: "request-property-additional-properties-changed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property additional properties changed (breaking for this client: the generated map or struct changes shape)",
};
/// Request property default value added.
pub const REQUEST_PROPERTY_DEFAULT_VALUE_ADDED: Rule = Rule {
    id: "request-property-default-value-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property default value added (breaking for this client: typify turns an optional field with a default from `Option<T>` into `T`)",
};
/// Request property default value removed.
pub const REQUEST_PROPERTY_DEFAULT_VALUE_REMOVED: Rule = Rule {
    id: "request-property-default-value-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property default value removed (breaking for this client: the field turns from `T` back into `Option<T>`)",
};
/// Request property default value changed.
pub const REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED: Rule = Rule {
    id: "request-property-default-value-changed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property default value changed",
};
/// Response property max items decreased.
pub const RESPONSE_PROPERTY_MAX_ITEMS_DECREASED: Rule = Rule {
    id: "response-property-max-items-decreased",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property max items decreased",
};
/// Response property max items increased.
pub const RESPONSE_PROPERTY_MAX_ITEMS_INCREASED: Rule = Rule {
    id: "response-property-max-items-increased",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property max items increased",
};
/// Response property min items increased.
pub const RESPONSE_PROPERTY_MIN_ITEMS_INCREASED: Rule = Rule {
    id: "response-property-min-items-increased",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property min items increased",
};
/// Response property min items decreased.
pub const RESPONSE_PROPERTY_MIN_ITEMS_DECREASED: Rule = Rule {
    id: "response-property-min-items-decreased",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property min items decreased",
};
/// Response property additional properties changed.
pub const RESPONSE_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED: Rule = Rule {
    id: "response-property-additional-properties-changed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property additional properties changed (breaking for this client: the generated map or struct changes shape)",
};
/// Response property default value added.
pub const RESPONSE_PROPERTY_DEFAULT_VALUE_ADDED: Rule = Rule {
    id: "response-property-default-value-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property default value added (breaking for this client: typify turns an optional field with a default from `Option<T>` into `T`)",
};
/// Response property default value removed.
pub const RESPONSE_PROPERTY_DEFAULT_VALUE_REMOVED: Rule = Rule {
    id: "response-property-default-value-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property default value removed (breaking for this client: the field turns from `T` back into `Option<T>`)",
};
/// Response property default value changed.
pub const RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED: Rule = Rule {
    id: "response-property-default-value-changed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property default value changed",
};
/// Request property pattern added.
pub const REQUEST_PROPERTY_PATTERN_ADDED: Rule = Rule {
    id: "request-property-pattern-added",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property pattern added (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property pattern changed.
pub const REQUEST_PROPERTY_PATTERN_CHANGED: Rule = Rule {
    id: "request-property-pattern-changed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property pattern changed",
};
/// Request property pattern removed.
pub const REQUEST_PROPERTY_PATTERN_REMOVED: Rule = Rule {
    id: "request-property-pattern-removed",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Request),
    wording: "request property pattern removed (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Request property removed.
pub const REQUEST_PROPERTY_REMOVED: Rule = Rule {
    id: "request-property-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Request),
    wording: "request property removed",
};
/// Request property type changed.
pub const REQUEST_PROPERTY_TYPE_CHANGED: Rule = Rule {
    id: "request-property-type-changed",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Request),
    wording: "request property type changed (a format change is breaking for this client when typify maps it to another Rust type)",
};
/// Response description changed.
pub const RESPONSE_DESCRIPTION_CHANGED: Rule = Rule {
    id: "response-description-changed",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response description changed",
};
/// Response media type added.
pub const RESPONSE_MEDIA_TYPE_ADDED: Rule = Rule {
    id: "response-media-type-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response media type added",
};
/// Response media type removed.
pub const RESPONSE_MEDIA_TYPE_REMOVED: Rule = Rule {
    id: "response-media-type-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response media type removed",
};
/// Response non success status added.
pub const RESPONSE_NON_SUCCESS_STATUS_ADDED: Rule = Rule {
    id: "response-non-success-status-added",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response non success status added",
};
/// Response non success status removed.
pub const RESPONSE_NON_SUCCESS_STATUS_REMOVED: Rule = Rule {
    id: "response-non-success-status-removed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response non success status removed",
};
/// Response optional property added.
pub const RESPONSE_OPTIONAL_PROPERTY_ADDED: Rule = Rule {
    id: "response-optional-property-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response optional property added (compatible: generated structs are `#[non_exhaustive]`)",
};
/// Response optional property removed.
pub const RESPONSE_OPTIONAL_PROPERTY_REMOVED: Rule = Rule {
    id: "response-optional-property-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response optional property removed",
};
/// Response property became not nullable.
pub const RESPONSE_PROPERTY_BECAME_NOT_NULLABLE: Rule = Rule {
    id: "response-property-became-not-nullable",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property became not nullable (breaking for this client when a required field stops being an `Option`)",
};
/// Response property became nullable.
pub const RESPONSE_PROPERTY_BECAME_NULLABLE: Rule = Rule {
    id: "response-property-became-nullable",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property became nullable",
};
/// Response property became optional.
pub const RESPONSE_PROPERTY_BECAME_OPTIONAL: Rule = Rule {
    id: "response-property-became-optional",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property became optional (breaking for this client when the field's `Option`-ness flips (it is retyped); a nullable field is an `Option` either way)",
};
/// Response property became required.
pub const RESPONSE_PROPERTY_BECAME_REQUIRED: Rule = Rule {
    id: "response-property-became-required",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property became required (breaking for this client when the field's `Option`-ness flips (it is retyped); a nullable field is an `Option` either way)",
};
/// Response property enum added.
pub const RESPONSE_PROPERTY_ENUM_ADDED: Rule = Rule {
    id: "response-property-enum-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property enum added",
};
/// Response property enum removed.
pub const RESPONSE_PROPERTY_ENUM_REMOVED: Rule = Rule {
    id: "response-property-enum-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property enum removed (breaking for this client: the generated enum \
              type becomes a plain string, and code matching its variants stops compiling)",
};
/// Response property enum value added.
pub const RESPONSE_PROPERTY_ENUM_VALUE_ADDED: Rule = Rule {
    id: "response-property-enum-value-added",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property enum value added",
};
/// Response property enum value removed.
pub const RESPONSE_PROPERTY_ENUM_VALUE_REMOVED: Rule = Rule {
    id: "response-property-enum-value-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property enum value removed (harmless on the wire, but breaking for this client: answers of the old shape carrying it no longer decode, and a string enum loses the variant)",
};
/// Response property max decreased.
pub const RESPONSE_PROPERTY_MAX_DECREASED: Rule = Rule {
    id: "response-property-max-decreased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property max decreased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Response property max increased.
pub const RESPONSE_PROPERTY_MAX_INCREASED: Rule = Rule {
    id: "response-property-max-increased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property max increased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Response property max length decreased.
pub const RESPONSE_PROPERTY_MAX_LENGTH_DECREASED: Rule = Rule {
    id: "response-property-max-length-decreased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property max length decreased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property max length increased.
pub const RESPONSE_PROPERTY_MAX_LENGTH_INCREASED: Rule = Rule {
    id: "response-property-max-length-increased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property max length increased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property min decreased.
pub const RESPONSE_PROPERTY_MIN_DECREASED: Rule = Rule {
    id: "response-property-min-decreased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property min decreased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Response property min increased.
pub const RESPONSE_PROPERTY_MIN_INCREASED: Rule = Rule {
    id: "response-property-min-increased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property min increased (breaking for this client when typify picks another integer width (`u64` → `i64`))",
};
/// Response property min length decreased.
pub const RESPONSE_PROPERTY_MIN_LENGTH_DECREASED: Rule = Rule {
    id: "response-property-min-length-decreased",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property min length decreased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property min length increased.
pub const RESPONSE_PROPERTY_MIN_LENGTH_INCREASED: Rule = Rule {
    id: "response-property-min-length-increased",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property min length increased (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property one of added.
pub const RESPONSE_PROPERTY_ONE_OF_ADDED: Rule = Rule {
    id: "response-property-one-of-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property one of added (the untagged enum gains a variant, `#[non_exhaustive]`; answers in the new shape fail to decode in clients built on the old crate)",
};
/// Response property one of removed.
pub const RESPONSE_PROPERTY_ONE_OF_REMOVED: Rule = Rule {
    id: "response-property-one-of-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response property one of removed (breaking for this client: the untagged enum's variants change, and exhaustive matches or code naming a variant stop compiling)",
};
/// Response property pattern added.
pub const RESPONSE_PROPERTY_PATTERN_ADDED: Rule = Rule {
    id: "response-property-pattern-added",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property pattern added (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property pattern changed.
pub const RESPONSE_PROPERTY_PATTERN_CHANGED: Rule = Rule {
    id: "response-property-pattern-changed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property pattern changed",
};
/// Response property pattern removed.
pub const RESPONSE_PROPERTY_PATTERN_REMOVED: Rule = Rule {
    id: "response-property-pattern-removed",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Response),
    wording: "response property pattern removed (breaking for this client when the field switches between `String` and typify's validated newtype)",
};
/// Response property type changed.
pub const RESPONSE_PROPERTY_TYPE_CHANGED: Rule = Rule {
    id: "response-property-type-changed",
    levels: &[Level::Breaking, Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response property type changed (a format change is breaking for this client when typify maps it to another Rust type)",
};
/// Response required property added.
pub const RESPONSE_REQUIRED_PROPERTY_ADDED: Rule = Rule {
    id: "response-required-property-added",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response required property added (breaking for this client: the type's `new` gains a parameter, and old answers without it do not decode)",
};
/// Response required property removed.
pub const RESPONSE_REQUIRED_PROPERTY_REMOVED: Rule = Rule {
    id: "response-required-property-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response required property removed",
};
/// Response success status added.
pub const RESPONSE_SUCCESS_STATUS_ADDED: Rule = Rule {
    id: "response-success-status-added",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Response),
    wording: "response success status added",
};
/// Response success status removed.
pub const RESPONSE_SUCCESS_STATUS_REMOVED: Rule = Rule {
    id: "response-success-status-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Response),
    wording: "response success status removed",
};
/// Schema added.
pub const SCHEMA_ADDED: Rule = Rule {
    id: "schema-added",
    levels: &[Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "schema added",
};
/// Schema removed.
pub const SCHEMA_REMOVED: Rule = Rule {
    id: "schema-removed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Document),
    wording: "schema removed",
};
/// Schema renamed.
pub const SCHEMA_RENAMED: Rule = Rule {
    id: "schema-renamed",
    levels: &[Level::Breaking, Level::NonBreaking],
    direction: Some(Direction::Document),
    wording: "schema renamed",
};
/// Security scheme added.
pub const SECURITY_SCHEME_ADDED: Rule = Rule {
    id: "security-scheme-added",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Document),
    wording: "security scheme added",
};
/// Security scheme changed.
pub const SECURITY_SCHEME_CHANGED: Rule = Rule {
    id: "security-scheme-changed",
    levels: &[Level::Breaking],
    direction: Some(Direction::Document),
    wording: "security scheme changed",
};
/// Security scheme removed.
pub const SECURITY_SCHEME_REMOVED: Rule = Rule {
    id: "security-scheme-removed",
    levels: &[Level::PossiblyBreaking],
    direction: Some(Direction::Document),
    wording: "security scheme removed",
};

/// Every rule.
pub const ALL: &[&Rule] = &[
    &API_DEPRECATION_CHANGED,
    &API_DESCRIPTION_CHANGED,
    &API_INFO_CHANGED,
    &API_OPERATION_ID_UPDATED,
    &API_PATH_REMOVED_WITHOUT_DEPRECATION,
    &PATH_PARAMETER_RENAMED,
    &REQUEST_PROPERTY_MAX_ITEMS_DECREASED,
    &REQUEST_PROPERTY_MAX_ITEMS_INCREASED,
    &REQUEST_PROPERTY_MIN_ITEMS_INCREASED,
    &REQUEST_PROPERTY_MIN_ITEMS_DECREASED,
    &REQUEST_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED,
    &REQUEST_PROPERTY_DEFAULT_VALUE_ADDED,
    &REQUEST_PROPERTY_DEFAULT_VALUE_REMOVED,
    &REQUEST_PROPERTY_DEFAULT_VALUE_CHANGED,
    &RESPONSE_PROPERTY_MAX_ITEMS_DECREASED,
    &RESPONSE_PROPERTY_MAX_ITEMS_INCREASED,
    &RESPONSE_PROPERTY_MIN_ITEMS_INCREASED,
    &RESPONSE_PROPERTY_MIN_ITEMS_DECREASED,
    &RESPONSE_PROPERTY_ADDITIONAL_PROPERTIES_CHANGED,
    &RESPONSE_PROPERTY_DEFAULT_VALUE_ADDED,
    &RESPONSE_PROPERTY_DEFAULT_VALUE_REMOVED,
    &RESPONSE_PROPERTY_DEFAULT_VALUE_CHANGED,
    &API_SECURITY_ADDED,
    &API_SECURITY_REMOVED,
    &API_SERVER_ADDED,
    &API_SERVER_REMOVED,
    &DESCRIPTION_CHANGED,
    &ENDPOINT_ADDED,
    &NEW_OPTIONAL_REQUEST_PARAMETER,
    &REQUEST_PROPERTY_ANY_OF_ADDED,
    &REQUEST_PROPERTY_ANY_OF_REMOVED,
    &RESPONSE_PROPERTY_ANY_OF_ADDED,
    &RESPONSE_PROPERTY_ANY_OF_REMOVED,
    &REQUEST_PROPERTY_ALL_OF_ADDED,
    &REQUEST_PROPERTY_ALL_OF_REMOVED,
    &RESPONSE_PROPERTY_ALL_OF_ADDED,
    &RESPONSE_PROPERTY_ALL_OF_REMOVED,
    &PATH_LEVEL_PARAMETER_ADDED,
    &NEW_OPTIONAL_REQUEST_PROPERTY,
    &NEW_REQUIRED_REQUEST_PARAMETER,
    &NEW_REQUIRED_REQUEST_PROPERTY,
    &REQUEST_BODY_ADDED,
    &REQUEST_BODY_BECAME_REQUIRED,
    &REQUEST_BODY_MEDIA_TYPE_ADDED,
    &REQUEST_BODY_MEDIA_TYPE_REMOVED,
    &REQUEST_BODY_REMOVED,
    &REQUEST_PARAMETER_BECAME_OPTIONAL,
    &REQUEST_PARAMETER_BECAME_REQUIRED,
    &REQUEST_PARAMETER_REMOVED,
    &REQUEST_PROPERTY_BECAME_NOT_NULLABLE,
    &REQUEST_PROPERTY_BECAME_NULLABLE,
    &REQUEST_PROPERTY_BECAME_OPTIONAL,
    &REQUEST_PROPERTY_BECAME_REQUIRED,
    &REQUEST_PROPERTY_ENUM_ADDED,
    &REQUEST_PROPERTY_ENUM_REMOVED,
    &REQUEST_PROPERTY_ENUM_VALUE_ADDED,
    &REQUEST_PROPERTY_ENUM_VALUE_REMOVED,
    &REQUEST_PROPERTY_MAX_DECREASED,
    &REQUEST_PROPERTY_MAX_INCREASED,
    &REQUEST_PROPERTY_MAX_LENGTH_DECREASED,
    &REQUEST_PROPERTY_MAX_LENGTH_INCREASED,
    &REQUEST_PROPERTY_MIN_DECREASED,
    &REQUEST_PROPERTY_MIN_INCREASED,
    &REQUEST_PROPERTY_MIN_LENGTH_DECREASED,
    &REQUEST_PROPERTY_MIN_LENGTH_INCREASED,
    &REQUEST_PROPERTY_ONE_OF_ADDED,
    &REQUEST_PROPERTY_ONE_OF_REMOVED,
    &REQUEST_PROPERTY_PATTERN_ADDED,
    &REQUEST_PROPERTY_PATTERN_CHANGED,
    &REQUEST_PROPERTY_PATTERN_REMOVED,
    &REQUEST_PROPERTY_REMOVED,
    &REQUEST_PROPERTY_TYPE_CHANGED,
    &RESPONSE_DESCRIPTION_CHANGED,
    &RESPONSE_MEDIA_TYPE_ADDED,
    &RESPONSE_MEDIA_TYPE_REMOVED,
    &RESPONSE_NON_SUCCESS_STATUS_ADDED,
    &RESPONSE_NON_SUCCESS_STATUS_REMOVED,
    &RESPONSE_OPTIONAL_PROPERTY_ADDED,
    &RESPONSE_OPTIONAL_PROPERTY_REMOVED,
    &RESPONSE_PROPERTY_BECAME_NOT_NULLABLE,
    &RESPONSE_PROPERTY_BECAME_NULLABLE,
    &RESPONSE_PROPERTY_BECAME_OPTIONAL,
    &RESPONSE_PROPERTY_BECAME_REQUIRED,
    &RESPONSE_PROPERTY_ENUM_ADDED,
    &RESPONSE_PROPERTY_ENUM_REMOVED,
    &RESPONSE_PROPERTY_ENUM_VALUE_ADDED,
    &RESPONSE_PROPERTY_ENUM_VALUE_REMOVED,
    &RESPONSE_PROPERTY_MAX_DECREASED,
    &RESPONSE_PROPERTY_MAX_INCREASED,
    &RESPONSE_PROPERTY_MAX_LENGTH_DECREASED,
    &RESPONSE_PROPERTY_MAX_LENGTH_INCREASED,
    &RESPONSE_PROPERTY_MIN_DECREASED,
    &RESPONSE_PROPERTY_MIN_INCREASED,
    &RESPONSE_PROPERTY_MIN_LENGTH_DECREASED,
    &RESPONSE_PROPERTY_MIN_LENGTH_INCREASED,
    &RESPONSE_PROPERTY_ONE_OF_ADDED,
    &RESPONSE_PROPERTY_ONE_OF_REMOVED,
    &RESPONSE_PROPERTY_PATTERN_ADDED,
    &RESPONSE_PROPERTY_PATTERN_CHANGED,
    &RESPONSE_PROPERTY_PATTERN_REMOVED,
    &RESPONSE_PROPERTY_TYPE_CHANGED,
    &RESPONSE_REQUIRED_PROPERTY_ADDED,
    &RESPONSE_REQUIRED_PROPERTY_REMOVED,
    &RESPONSE_SUCCESS_STATUS_ADDED,
    &RESPONSE_SUCCESS_STATUS_REMOVED,
    &SCHEMA_ADDED,
    &SCHEMA_EXTRACTED,
    &SCHEMA_REMOVED,
    &SCHEMA_RENAMED,
    &SECURITY_SCHEME_ADDED,
    &SECURITY_SCHEME_CHANGED,
    &SECURITY_SCHEME_REMOVED,
];

/// Rules rated breaking whose break the generated Rust cannot show: code
/// written against the old crate compiles and old answers decode, but calls
/// fail on the wire. The self-check (`xtask/tests/diff.rs`) accepts their
/// level without a computed break, for the reason given.
pub const WIRE_ONLY: &[(&str, &str)] = &[
    (
        "new-required-request-parameter",
        "the builder gains a setter; a send without it fails at run time (\"no value supplied\")",
    ),
    (
        "request-parameter-became-required",
        "the setter is unchanged; a send without it fails at run time",
    ),
    (
        "path-level-parameter-added",
        "every builder of the path gains a setter; a send without a required one fails at run time",
    ),
    (
        "request-property-became-required",
        "a nullable field stays an `Option`; requests without it are refused by the server",
    ),
    (
        "request-body-added",
        "the builder gains `body`; a send without it fails at run time",
    ),
    (
        "request-body-became-required",
        "the builder's `body` is unchanged; requests without one are refused by the server",
    ),
    (
        "response-success-status-removed",
        "the answer type is unchanged; the old status is no longer a success to the client",
    ),
    (
        "security-scheme-changed",
        "credentials are not in the generated API; the client sends the old ones and is refused",
    ),
    (
        "response-property-enum-value-added",
        "the new types accept the value; clients built on the old crate fail to decode it until they upgrade",
    ),
    (
        "response-property-one-of-added",
        "the new untagged enum (`#[non_exhaustive]`) decodes the new shape; clients built on the old crate fail to decode it until they upgrade",
    ),
    (
        "response-property-any-of-added",
        "the new untagged enum (`#[non_exhaustive]`) decodes the new shape; clients built on the old crate fail to decode it until they upgrade",
    ),
];

/// Of the [`WIRE_ONLY`] rules, the ones that break deployed clients on
/// answers Atlas already sends: the clients built on the released crate fail
/// to decode them now, whatever is released, and the new types decode them.
/// They are not a reason for a breaking release: the Rust API is unchanged,
/// so a patch lets dependents take the repair with `cargo update`. The review
/// lists them apart ("deployed clients break at run time") with that advice.
pub const REPAIRED_BY_UPDATING: &[&str] = &[
    "response-property-enum-value-added",
    "response-property-one-of-added",
    "response-property-any-of-added",
];

/// What a change does, as the review's headline, each crate's bump and the
/// changelog draft all count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Breaks {
    /// Deployed clients fail to decode answers Atlas now sends; the Rust API
    /// is unchanged and a patch repairs them.
    DeployedAnswers,
    /// Deployed clients' calls now fail (a field Atlas now requires); the
    /// Rust API cannot show it, and callers must change their code.
    DeployedCalls,
    /// Code written against the old crates may stop compiling.
    RustApi,
    /// Rated possibly breaking.
    Possibly,
    /// Compatible.
    Nothing,
}

impl Breaks {
    /// How a change of rule `id` at `level` breaks.
    pub fn of(id: &str, level: super::change::Level) -> Breaks {
        use super::change::Level;
        match level {
            Level::NonBreaking => Breaks::Nothing,
            Level::PossiblyBreaking => Breaks::Possibly,
            Level::Breaking if REPAIRED_BY_UPDATING.contains(&id) => Breaks::DeployedAnswers,
            Level::Breaking if WIRE_ONLY.iter().any(|(wire, _)| *wire == id) => {
                Breaks::DeployedCalls
            }
            Level::Breaking => Breaks::RustApi,
        }
    }

    /// Whether the crates need a breaking release for it.
    pub fn needs_breaking_release(self) -> bool {
        matches!(self, Breaks::DeployedCalls | Breaks::RustApi)
    }
}

/// Rules whose fixture document this generator cannot generate at all: the
/// review reports that the Rust effects could not be computed (and
/// `--check-version` fails), and the level is the wire's.
pub const UNGENERATED: &[(&str, &str)] = &[
    (
        "request-body-media-type-added",
        "progenitor generates one request media type per operation",
    ),
    (
        "request-body-media-type-removed",
        "the old side has two request media types, which progenitor does not generate",
    ),
    (
        "response-success-status-added",
        "progenitor generates one success answer type per operation",
    ),
    (
        "api-security-added",
        "an operation's security scheme must be declared with it, or generate refuses it",
    ),
    (
        "security-scheme-removed",
        "operations still naming the scheme make generate refuse the document",
    ),
];
