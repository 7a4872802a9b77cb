//! Request bodies: typed structs, read leniently. A body that is not a JSON
//! object is one clear 422 (`body`); inside it, a field of the wrong JSON
//! type never fails the parse: it arrives as [`Sent::Misfit`], so that the
//! validation which follows names it together with every other problem, in
//! both languages, as the page forms do.

use super::super::error::ApiError;
use super::super::locale::locale_of;
use app::error::{AppError, FieldErrors};
use app::i18n::Locale;
use axum::extract::{FromRequest, Request};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

/// A JSON object body read into `T`; anything else is a 422 naming `body`.
pub struct Body<T>(pub T);

impl<T, S> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let locale = locale_of(req.headers());
        let refused = || {
            ApiError::new(
                AppError::invalid(
                    "body",
                    "Cần một đối tượng JSON (Content-Type: application/json).",
                    "Send a JSON object (Content-Type: application/json).",
                ),
                locale,
            )
        };
        let Json(value) = Json::<Value>::from_request(req, state)
            .await
            .map_err(|_| refused())?;
        if !value.is_object() {
            return Err(refused());
        }
        fields_of(value, locale).map(Body)
    }
}

/// A JSON object's fields read into `T`.
fn fields_of<T: DeserializeOwned>(value: Value, locale: Locale) -> Result<T, ApiError> {
    // Every field of a request struct is `Sent` or defaulted, so this
    // fails only for a shape no field can hold (an array where an
    // object of fields is expected); the path names it.
    serde_path_to_error::deserialize(value).map_err(|e| {
        let field = match e.path().to_string() {
            p if p == "." => "body".to_owned(),
            p => p,
        };
        ApiError::new(
            AppError::invalid(
                &field,
                "Giá trị không đúng kiểu dữ liệu.",
                "This value has the wrong type.",
            ),
            locale,
        )
    })
}

/// The words of a refused body for a route whose refusal always said more
/// than [`Body`]'s: each a (Vietnamese, English) pair, named `body`.
pub trait Refusal {
    /// The body is not JSON, or not sent as JSON.
    const NOT_JSON: (&'static str, &'static str);
    /// The body is JSON, but not an object.
    const NOT_OBJECT: (&'static str, &'static str);
}

/// A JSON object body read into `T` as [`Body`] reads it, refused in the
/// words of `T`'s [`Refusal`].
pub struct WordedBody<T>(pub T);

impl<T, S> FromRequest<S> for WordedBody<T>
where
    T: DeserializeOwned + Refusal,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let locale = locale_of(req.headers());
        let refused =
            |(vi, en): (&str, &str)| ApiError::new(AppError::invalid("body", vi, en), locale);
        let Json(value) = Json::<Value>::from_request(req, state)
            .await
            .map_err(|_| refused(T::NOT_JSON))?;
        if !value.is_object() {
            return Err(refused(T::NOT_OBJECT));
        }
        fields_of(value, locale).map(WordedBody)
    }
}

/// Reads a `Sent<T>` field whose `T` is a struct of fields
/// (`#[serde(deserialize_with = "object")]`): only a JSON object fits it,
/// since serde would read an array into the fields by position.
pub fn object<'de, D, T>(deserializer: D) -> Result<Sent<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(sent_object(Value::deserialize(deserializer)?))
}

/// Reads a `Sent<Vec<Sent<T>>>` field, a list of structs of fields
/// (`#[serde(deserialize_with = "objects")]`): an array fits, and each of
/// its elements is read as [`object`] reads a field.
pub fn objects<'de, D, T>(deserializer: D) -> Result<Sent<Vec<Sent<T>>>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Null => Sent::Absent,
        Value::Array(items) => Sent::Fits(items.into_iter().map(sent_object).collect()),
        other => Sent::Misfit(other),
    })
}

/// `value` as a [`Sent`] struct of fields.
fn sent_object<T: DeserializeOwned>(value: Value) -> Sent<T> {
    match value {
        Value::Null => Sent::Absent,
        Value::Object(_) => match T::deserialize(&value) {
            Ok(fits) => Sent::Fits(fits),
            Err(_) => Sent::Misfit(value),
        },
        other => Sent::Misfit(other),
    }
}

/// A field as sent: absent (or `null`), a value of the expected type, or a
/// value of another JSON type kept for the validation to name.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Sent<T> {
    /// Not in the body, or `null`.
    #[default]
    Absent,
    /// A value of the documented type.
    Fits(T),
    /// A value of another JSON type, as sent.
    Misfit(Value),
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Sent<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if value.is_null() {
            return Ok(Sent::Absent);
        }
        Ok(match T::deserialize(&value) {
            Ok(fits) => Sent::Fits(fits),
            Err(_) => Sent::Misfit(value),
        })
    }
}

impl<T: PartialSchema> PartialSchema for Sent<T> {
    fn schema() -> RefOr<Schema> {
        T::schema()
    }
}

impl<T: ToSchema> ToSchema for Sent<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        T::name()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        T::schemas(schemas)
    }
}

impl Sent<String> {
    /// The text sent, cleaned (NFC, trimmed); a number is taken as its
    /// digits; absent is empty; anything else is a problem named `field`.
    pub fn text(&self, field: &str, problems: &mut FieldErrors) -> String {
        match self {
            Sent::Absent => String::new(),
            Sent::Fits(s) => app::text::clean(s),
            Sent::Misfit(Value::Number(n)) => n.to_string(),
            Sent::Misfit(_) => {
                problems.add(field, "Cần một chuỗi ký tự.", "Expected text.");
                String::new()
            }
        }
    }

    /// The text sent, as is, when it is text; `None` otherwise (for a route
    /// that always read any other type as nothing sent).
    pub fn if_text(&self) -> Option<&str> {
        match self {
            Sent::Fits(s) => Some(s),
            Sent::Absent | Sent::Misfit(_) => None,
        }
    }

    /// The value sent as text whatever its JSON type (see [`json_text`]),
    /// not cleaned; absent or `null` is empty.
    pub fn any_text(&self) -> String {
        match self {
            Sent::Absent => String::new(),
            Sent::Fits(s) => s.clone(),
            Sent::Misfit(value) => json_text(value),
        }
    }
}

/// Reads a field whose `null` says something of its own
/// (`#[serde(default, deserialize_with = "present")]` on an
/// `Option<Sent<T>>`): in a change, `null` empties the field while leaving
/// it out keeps it. `None` when the field is not in the body,
/// `Some(Sent::Absent)` for `null`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Sent<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Sent::deserialize(deserializer).map(Some)
}

/// Any JSON value as the text a form field would hold: a string as sent,
/// `null` as empty, anything else as its JSON text (`12.5`, `true`,
/// `[1,2]`), left for the checks that follow to accept or name (for routes
/// that always read every field this way).
pub fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
