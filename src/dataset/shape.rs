//! Why a file's JSON does not fit the format, as a typed [`LoadErrorKind`], without reading serde's
//! messages: the text is parsed into an ordered JSON tree, and the format's types are deserialised
//! from the tree with an error type that keeps what serde reports (the unknown field and the fields
//! allowed, the missing field, the type found and the one expected).
//!
//! This runs only when a file has already failed to load, to say why; the loader still takes the
//! position from serde_json's own error.

use std::fmt;

use serde::{
    de::{self, value::StrDeserializer, DeserializeOwned, IntoDeserializer, Visitor},
    forward_to_deserialize_any, Deserialize, Deserializer,
};

use super::error::LoadErrorKind;

/// JSON, with the order of object members kept (the order serde meets them in a file).
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Unsigned(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Signed(v))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Json, E> {
                Ok(Json::Text(v))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut members = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, Json>()? {
                    members.push((key, value));
                }
                Ok(Json::Object(members))
            }
        }
        deserializer.deserialize_any(Any)
    }
}

/// What serde reports, kept as values.
#[derive(Debug)]
struct ShapeError(LoadErrorKind);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ShapeError(LoadErrorKind::Other {
            what: msg.to_string(),
            expected: None,
        })
    }
    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        ShapeError(LoadErrorKind::InvalidType {
            found: unexp.to_string(),
            expected: exp.to_string(),
        })
    }
    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        ShapeError(LoadErrorKind::InvalidValue {
            found: unexp.to_string(),
            expected: exp.to_string(),
        })
    }
    fn invalid_length(len: usize, exp: &dyn de::Expected) -> Self {
        ShapeError(LoadErrorKind::InvalidLength {
            len,
            expected: exp.to_string(),
        })
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        ShapeError(LoadErrorKind::UnknownVariant {
            found: variant.to_string(),
            expected: expected.to_vec(),
        })
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        ShapeError(LoadErrorKind::UnknownField {
            field: field.to_string(),
            expected: expected.to_vec(),
        })
    }
    fn missing_field(field: &'static str) -> Self {
        ShapeError(LoadErrorKind::MissingField { field })
    }
    fn duplicate_field(field: &'static str) -> Self {
        ShapeError(LoadErrorKind::DuplicateField { field })
    }
}

/// A JSON tree as a serde deserializer whose errors are [`ShapeError`]s.
struct Tree<'a>(&'a Json);

impl<'de, 'a> Deserializer<'de> for Tree<'a> {
    type Error = ShapeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Unsigned(n) => visitor.visit_u64(*n),
            Json::Signed(n) => visitor.visit_i64(*n),
            Json::Float(n) => visitor.visit_f64(*n),
            Json::Text(s) => visitor.visit_str(s),
            Json::Array(items) => {
                visitor.visit_seq(de::value::SeqDeserializer::new(items.iter().map(Tree)))
            }
            Json::Object(members) => visitor.visit_map(de::value::MapDeserializer::new(
                members.iter().map(|(k, v)| (k.as_str(), Tree(v))),
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ShapeError> {
        match self.0 {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        match self.0 {
            Json::Text(s) => {
                let variant: StrDeserializer<'_, ShapeError> = s.as_str().into_deserializer();
                visitor.visit_enum(variant)
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de, 'a> IntoDeserializer<'de, ShapeError> for Tree<'a> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

/// Why `text`, which is valid JSON, does not deserialise as a `T`: the kind, and the path to where
/// (`nodes[3].name`). `None` when it is not valid JSON, or does deserialise.
pub(super) fn why_not<T: DeserializeOwned>(text: &str) -> Option<(LoadErrorKind, String)> {
    let json: Json = serde_json::from_str(text).ok()?;
    match serde_path_to_error::deserialize::<_, T>(Tree(&json)) {
        Ok(_) => None,
        Err(error) => {
            let path = error.path().to_string();
            Some((error.into_inner().0, path))
        }
    }
}
