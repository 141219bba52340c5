//! A data file as the loader reads it: its strings borrowed from the file's text where JSON allows
//! (a string without escapes), and an edge kept in a compact form, so that a file of two million
//! edges is read without a heap allocation for every string of it.
//!
//! These types accept only what the on-disk definitions of [`super::model`] accept (objects only,
//! every field named, no unknown or duplicate field, the same types), and never more: where a file
//! is not read here, [`super::load`] reads it with [`super::model::DataFile`], whose error is the one
//! users see (and, should that succeed, takes its values: see [`RawFile::from_owned`]). Errors made
//! here are never shown.

use std::{borrow::Cow, fmt, marker::PhantomData, ops::Deref};

use serde::{
    de::{Error, MapAccess, SeqAccess, Visitor},
    Deserialize, Deserializer,
};

use super::model::{BasisRef, DataFile, EdgeDef, EdgeField, EdgeKind, NodeDef, ProvenanceDef};

/// A string of the file: borrowed from its text, or owned where JSON wrote it with escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Str<'a>(Cow<'a, str>);

impl Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str(Cow::Owned(s))
    }
}

impl<'de> Deserialize<'de> for Str<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A list that is most often of one item (an edge's bases, its regions): held inline then, without
/// a heap allocation.
#[derive(Debug)]
pub(crate) enum Few<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        match self {
            Few::One(one) => std::slice::from_ref(one),
            Few::Many(many) => many,
        }
    }
}

impl<'a, T> IntoIterator for &'a Few<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> From<Vec<T>> for Few<T> {
    fn from(many: Vec<T>) -> Self {
        Few::Many(many)
    }
}

/// Read from a JSON array, as a `Vec` is (and from nothing else).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Few<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Few<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Few<T>, A::Error> {
                let Some(first) = seq.next_element()? else {
                    return Ok(Few::Many(Vec::new()));
                };
                let Some(second) = seq.next_element()? else {
                    return Ok(Few::One(first));
                };
                let mut many = vec![first, second];
                while let Some(next) = seq.next_element()? {
                    many.push(next);
                }
                Ok(Few::Many(many))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

/// A type read from a JSON object's members only (never from an array by position).
trait FromMap<'de>: Sized {
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct Object<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for Object<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

macro_rules! from_object {
    ($($ty:ident),+) => {$(
        impl<'de> Deserialize<'de> for $ty<'de> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(Object(PhantomData))
            }
        }
    )+};
}

from_object!(
    RawFile,
    RawSection,
    RawRow,
    RawProvenance,
    RawBasis,
    RawEdge
);

/// Reads the value of a field into its slot; a field given twice is an error, as serde's derived
/// code makes it.
fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::custom("duplicate field"));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

fn required<T, E: Error>(slot: Option<T>) -> Result<T, E> {
    slot.ok_or_else(|| E::custom("missing field"))
}

fn unknown<E: Error>() -> E {
    E::custom("unknown field")
}

/// One data file: any of sections, nodes and edges.
#[derive(Debug, Default)]
pub(crate) struct RawFile<'a> {
    pub(crate) sections: Vec<RawSection<'a>>,
    /// Nodes are few beside edges: read as the format defines them.
    pub(crate) nodes: Vec<NodeDef>,
    pub(crate) edges: Vec<RawEdge<'a>>,
}

impl<'de> FromMap<'de> for RawFile<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut sections, mut nodes, mut edges) = (None, None, None);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "sections" => set(&mut map, &mut sections)?,
                "nodes" => set(&mut map, &mut nodes)?,
                "edges" => set(&mut map, &mut edges)?,
                _ => return Err(unknown()),
            }
        }
        Ok(RawFile {
            sections: sections.unwrap_or_default(),
            nodes: nodes.unwrap_or_default(),
            edges: edges.unwrap_or_default(),
        })
    }
}

#[derive(Debug)]
pub(crate) struct RawSection<'a> {
    pub(crate) id: Str<'a>,
    pub(crate) title: Str<'a>,
    pub(crate) kind: Option<Str<'a>>,
    pub(crate) rows: Vec<RawRow<'a>>,
}

impl<'de> FromMap<'de> for RawSection<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut id, mut title, mut kind, mut rows) = (None, None, None, None);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "id" => set(&mut map, &mut id)?,
                "title" => set(&mut map, &mut title)?,
                "kind" => set(&mut map, &mut kind)?,
                "rows" => set(&mut map, &mut rows)?,
                _ => return Err(unknown()),
            }
        }
        Ok(RawSection {
            id: required(id)?,
            title: required(title)?,
            kind,
            rows: required(rows)?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct RawRow<'a> {
    pub(crate) id: Str<'a>,
    pub(crate) title: Str<'a>,
    pub(crate) anchor: Str<'a>,
}

impl<'de> FromMap<'de> for RawRow<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut id, mut title, mut anchor) = (None, None, None);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "id" => set(&mut map, &mut id)?,
                "title" => set(&mut map, &mut title)?,
                "anchor" => set(&mut map, &mut anchor)?,
                _ => return Err(unknown()),
            }
        }
        Ok(RawRow {
            id: required(id)?,
            title: required(title)?,
            anchor: required(anchor)?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct RawProvenance<'a> {
    pub(crate) row: Str<'a>,
    pub(crate) quote: Str<'a>,
}

impl<'de> FromMap<'de> for RawProvenance<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut row, mut quote) = (None, None);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "row" => set(&mut map, &mut row)?,
                "quote" => set(&mut map, &mut quote)?,
                _ => return Err(unknown()),
            }
        }
        Ok(RawProvenance {
            row: required(row)?,
            quote: required(quote)?,
        })
    }
}

#[derive(Debug)]
pub(crate) struct RawBasis<'a> {
    pub(crate) basis: Str<'a>,
    pub(crate) qualifier: Option<Str<'a>>,
}

impl<'de> FromMap<'de> for RawBasis<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut basis, mut qualifier) = (None, None::<Option<Str<'de>>>);
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "basis" => set(&mut map, &mut basis)?,
                "qualifier" => set(&mut map, &mut qualifier)?,
                _ => return Err(unknown()),
            }
        }
        Ok(RawBasis {
            basis: required(basis)?,
            qualifier: qualifier.flatten(),
        })
    }
}

/// An edge. The fields most edges have are inline; the others, in a box only where one is given.
#[derive(Debug)]
pub(crate) struct RawEdge<'a> {
    pub(crate) kind: EdgeKind,
    pub(crate) from: Str<'a>,
    pub(crate) to: Str<'a>,
    pub(crate) provenance: RawProvenance<'a>,
    pub(crate) group: Option<Str<'a>>,
    pub(crate) bases: Option<Few<RawBasis<'a>>>,
    pub(crate) regions: Option<Few<Str<'a>>>,
    rare: Option<Box<Rare<'a>>>,
}

/// The fields few edges have.
#[derive(Debug, Default)]
struct Rare<'a> {
    derived: Option<Str<'a>>,
    qualifier: Option<Str<'a>>,
    conditions: Option<Vec<Str<'a>>>,
    period: Option<Str<'a>>,
    only_for: Option<Vec<Str<'a>>>,
    only_sharing_with: Option<Vec<Str<'a>>>,
    data: Option<Vec<Str<'a>>>,
    reason: Option<Str<'a>>,
}

/// An optional field's slot: not given (`None`), or given, maybe as `null` (`Some(None)`).
type Opt<T> = Option<Option<T>>;

/// The optional fields few edges have, while an edge is read.
#[derive(Default)]
struct RareSlots<'a> {
    derived: Opt<Str<'a>>,
    qualifier: Opt<Str<'a>>,
    conditions: Opt<Vec<Str<'a>>>,
    period: Opt<Str<'a>>,
    only_for: Opt<Vec<Str<'a>>>,
    only_sharing_with: Opt<Vec<Str<'a>>>,
    data: Opt<Vec<Str<'a>>>,
    reason: Opt<Str<'a>>,
}

impl<'a> RareSlots<'a> {
    /// Reads the field `key` if it is one of these; gives whether it was.
    fn read<A: MapAccess<'a>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        match key {
            "derived" => set(map, &mut self.derived)?,
            "qualifier" => set(map, &mut self.qualifier)?,
            "conditions" => set(map, &mut self.conditions)?,
            "period" => set(map, &mut self.period)?,
            "only_for" => set(map, &mut self.only_for)?,
            "only_sharing_with" => set(map, &mut self.only_sharing_with)?,
            "data" => set(map, &mut self.data)?,
            "reason" => set(map, &mut self.reason)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn finish(self) -> Option<Box<Rare<'a>>> {
        let rare = Rare {
            derived: self.derived.flatten(),
            qualifier: self.qualifier.flatten(),
            conditions: self.conditions.flatten(),
            period: self.period.flatten(),
            only_for: self.only_for.flatten(),
            only_sharing_with: self.only_sharing_with.flatten(),
            data: self.data.flatten(),
            reason: self.reason.flatten(),
        };
        let none = rare.derived.is_none()
            && rare.qualifier.is_none()
            && rare.conditions.is_none()
            && rare.period.is_none()
            && rare.only_for.is_none()
            && rare.only_sharing_with.is_none()
            && rare.data.is_none()
            && rare.reason.is_none();
        (!none).then(|| Box::new(rare))
    }
}

impl<'de> FromMap<'de> for RawEdge<'de> {
    fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let (mut kind, mut from, mut to, mut provenance) = (None, None, None, None);
        let (mut group, mut bases, mut regions) = (None::<Option<Str<'de>>>, None, None);
        let mut rare = RareSlots::default();
        while let Some(key) = map.next_key::<Str<'de>>()? {
            match &*key {
                "kind" => set(&mut map, &mut kind)?,
                "from" => set(&mut map, &mut from)?,
                "to" => set(&mut map, &mut to)?,
                "provenance" => set(&mut map, &mut provenance)?,
                "group" => set(&mut map, &mut group)?,
                "bases" => set(&mut map, &mut bases)?,
                "regions" => set(&mut map, &mut regions)?,
                other if rare.read(other, &mut map)? => {}
                _ => return Err(unknown()),
            }
        }
        Ok(RawEdge {
            kind: required(kind)?,
            from: required(from)?,
            to: required(to)?,
            provenance: required(provenance)?,
            group: group.flatten(),
            bases: bases.flatten(),
            regions: regions.flatten(),
            rare: rare.finish(),
        })
    }
}

impl<'a> RawEdge<'a> {
    fn rare(&self) -> Option<&Rare<'a>> {
        self.rare.as_deref()
    }

    pub(crate) fn derived(&self) -> Option<&str> {
        self.rare().and_then(|r| r.derived.as_deref())
    }

    pub(crate) fn qualifier(&self) -> Option<&str> {
        self.rare().and_then(|r| r.qualifier.as_deref())
    }

    pub(crate) fn period(&self) -> Option<&str> {
        self.rare().and_then(|r| r.period.as_deref())
    }

    pub(crate) fn reason(&self) -> Option<&str> {
        self.rare().and_then(|r| r.reason.as_deref())
    }

    pub(crate) fn conditions(&self) -> Option<&[Str<'a>]> {
        self.rare().and_then(|r| r.conditions.as_deref())
    }

    pub(crate) fn only_for(&self) -> Option<&[Str<'a>]> {
        self.rare().and_then(|r| r.only_for.as_deref())
    }

    pub(crate) fn only_sharing_with(&self) -> Option<&[Str<'a>]> {
        self.rare().and_then(|r| r.only_sharing_with.as_deref())
    }

    pub(crate) fn data(&self) -> Option<&[Str<'a>]> {
        self.rare().and_then(|r| r.data.as_deref())
    }

    /// The optional fields that are present on this edge, in the order
    /// [`EdgeDef::present_fields`] gives them.
    pub(crate) fn present_fields(&self) -> Vec<EdgeField> {
        let given = [
            (EdgeField::Group, self.group.is_some()),
            (EdgeField::Bases, self.bases.is_some()),
            (EdgeField::Qualifier, self.qualifier().is_some()),
            (EdgeField::Regions, self.regions.is_some()),
            (EdgeField::Conditions, self.conditions().is_some()),
            (EdgeField::Period, self.period().is_some()),
            (EdgeField::OnlyFor, self.only_for().is_some()),
            (
                EdgeField::OnlySharingWith,
                self.only_sharing_with().is_some(),
            ),
            (EdgeField::Data, self.data().is_some()),
            (EdgeField::Reason, self.reason().is_some()),
        ];
        given.into_iter().filter(|g| g.1).map(|g| g.0).collect()
    }
}

fn strs(list: Option<Vec<String>>) -> Option<Vec<Str<'static>>> {
    list.map(|l| l.into_iter().map(Str::from).collect())
}

impl RawFile<'static> {
    /// A file the on-disk definitions read where these did not: their values, owned. (These read
    /// what those read; this keeps the loader right should they ever read less.)
    pub(crate) fn from_owned(file: DataFile) -> Self {
        let sections = file.sections.into_iter().map(|s| RawSection {
            id: s.id.into(),
            title: s.title.into(),
            kind: s.kind.map(Str::from),
            rows: s
                .rows
                .into_iter()
                .map(|r| RawRow {
                    id: r.id.into(),
                    title: r.title.into(),
                    anchor: r.anchor.into(),
                })
                .collect(),
        });
        RawFile {
            sections: sections.collect(),
            nodes: file.nodes,
            edges: file.edges.into_iter().map(RawEdge::from_owned).collect(),
        }
    }
}

impl RawEdge<'static> {
    fn from_owned(edge: EdgeDef) -> Self {
        let provenance = |p: ProvenanceDef| RawProvenance {
            row: p.row.into(),
            quote: p.quote.into(),
        };
        let basis = |b: BasisRef| RawBasis {
            basis: b.basis.into(),
            qualifier: b.qualifier.map(Str::from),
        };
        let rare = RareSlots {
            derived: Some(edge.derived.map(Str::from)),
            qualifier: Some(edge.qualifier.map(Str::from)),
            conditions: Some(strs(edge.conditions)),
            period: Some(edge.period.map(Str::from)),
            only_for: Some(strs(edge.only_for)),
            only_sharing_with: Some(strs(edge.only_sharing_with)),
            data: Some(strs(edge.data)),
            reason: Some(edge.reason.map(Str::from)),
        };
        RawEdge {
            kind: edge.kind,
            from: edge.from.into(),
            to: edge.to.into(),
            provenance: provenance(edge.provenance),
            group: edge.group.map(Str::from),
            bases: edge
                .bases
                .map(|b| Few::Many(b.into_iter().map(basis).collect())),
            regions: strs(edge.regions).map(Few::from),
            rare: rare.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What both readers make of `json`: `None` where one refuses it.
    fn both(json: &str) -> (Option<RawFile<'_>>, Option<DataFile>) {
        (
            serde_json::from_str(json).ok(),
            serde_json::from_str(json).ok(),
        )
    }

    #[test]
    fn reads_what_the_format_reads_and_borrows_its_strings() {
        let json = r#"{"sections": [{"id": "s", "title": "S", "rows": [{"id": "r", "title": "R", "anchor": "A"}]}],
            "edges": [{"kind": "used-for", "from": "a", "to": "b", "group": null,
                "provenance": {"row": "r", "quote": "q\"uoted"}, "bases": [{"basis": "c"}],
                "regions": ["eu"], "reason": "why"}]}"#;
        let (raw, owned) = both(json);
        let (raw, owned) = (raw.expect("read"), owned.expect("read"));
        let edge = &raw.edges[0];
        assert!(matches!(edge.from.0, Cow::Borrowed(_)));
        assert!(matches!(edge.regions, Some(Few::One(_))));
        assert_eq!(edge.bases.as_deref().map(<[RawBasis]>::len), Some(1));
        assert!(matches!(edge.provenance.quote.0, Cow::Owned(_)));
        assert_eq!(&*edge.provenance.quote, owned.edges[0].provenance.quote);
        assert_eq!(edge.reason(), Some("why"));
        assert_eq!(edge.present_fields(), owned.edges[0].present_fields());
        assert_eq!(&*raw.sections[0].rows[0].anchor, "A");
    }

    /// Every value of an edge, as text.
    fn view(e: &RawEdge) -> String {
        let list =
            |l: Option<&[Str]>| l.map(|l| l.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let bases: Option<Vec<(String, Option<String>)>> = e.bases.as_deref().map(|b| {
            b.iter()
                .map(|b| {
                    (
                        b.basis.to_string(),
                        b.qualifier.as_deref().map(String::from),
                    )
                })
                .collect()
        });
        format!(
            "{:?}",
            (
                (
                    e.kind,
                    &*e.from,
                    &*e.to,
                    &*e.provenance.row,
                    &*e.provenance.quote
                ),
                (e.group.as_deref(), bases, list(e.regions.as_deref())),
                (e.derived(), e.qualifier(), e.period(), e.reason()),
                (
                    list(e.conditions()),
                    list(e.only_for()),
                    list(e.only_sharing_with())
                ),
                (list(e.data()), e.present_fields()),
            )
        )
    }

    #[test]
    fn the_formats_reading_converts_to_the_same_values() {
        let json = r#"{"sections": [{"id": "s", "title": "S", "rows": [{"id": "r", "title": "R", "anchor": "A"}]}],
            "edges": [
              {"kind": "used-for", "from": "a", "to": "b", "group": "g", "provenance": {"row": "r", "quote": "q"},
               "bases": [{"basis": "c", "qualifier": "only"}, {"basis": "d"}], "regions": ["eu"], "conditions": ["x", "y"]},
              {"kind": "has-basis", "from": "p", "to": "c", "provenance": {"row": "r", "quote": "q"}, "derived": "why",
               "qualifier": "some", "only_for": ["a"], "only_sharing_with": ["z"], "regions": []},
              {"kind": "discloses-to", "from": "p", "to": "z", "provenance": {"row": "r", "quote": "q"}, "data": ["a"],
               "reason": "because", "period": null},
              {"kind": "retained-for", "from": "a", "to": "p", "provenance": {"row": "r", "quote": "q"}, "period": "a year"}
            ]}"#;
        let (raw, owned) = both(json);
        let (raw, owned) = (raw.expect("read"), owned.expect("read"));
        let converted = RawFile::from_owned(owned);
        assert_eq!(raw.edges.len(), converted.edges.len());
        for (a, b) in raw.edges.iter().zip(&converted.edges) {
            assert_eq!(view(a), view(b));
        }
        assert_eq!(&*converted.sections[0].rows[0].anchor, "A");
    }

    const KEYS: &[&str] = &[
        "kind",
        "from",
        "to",
        "provenance",
        "derived",
        "group",
        "bases",
        "qualifier",
        "regions",
        "conditions",
        "period",
        "only_for",
        "only_sharing_with",
        "data",
        "reason",
        "colour",
    ];
    const VALUES: &[&str] = &[
        r#""used-for""#,
        r#""a""#,
        "null",
        "[]",
        r#"["a"]"#,
        r#"["a", "b"]"#,
        "1",
        "true",
        r#"{"row": "r", "quote": "q"}"#,
        r#"[{"basis": "c"}]"#,
        r#"[{"basis": "c", "qualifier": null}]"#,
        r#"[["c"]]"#,
        r#"{"row": "r"}"#,
        r#"["r", "q"]"#,
        "{}",
    ];

    proptest::proptest! {
        /// Whatever an edge holds, this reads it only where the format does, and to the same values.
        #[test]
        fn an_edge_is_read_only_where_the_format_reads_it(
            required in proptest::bool::weighted(0.8),
            fields in proptest::collection::vec((0..KEYS.len(), 0..VALUES.len()), 0..9),
        ) {
            let given = r#""kind": "used-for", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}"#;
            let members: Vec<String> = required
                .then(|| given.to_string())
                .into_iter()
                .chain(fields.iter().map(|&(k, v)| format!(r#""{}": {}"#, KEYS[k], VALUES[v])))
                .collect();
            let json = format!(r#"{{"edges": [{{{}}}]}}"#, members.join(", "));
            let (raw, owned) = both(&json);
            if let Some(raw) = raw {
                let owned = owned.expect("the format reads what this reads");
                let converted = RawFile::from_owned(owned);
                proptest::prop_assert_eq!(view(&raw.edges[0]), view(&converted.edges[0]));
            }
        }
    }

    #[test]
    fn refuses_what_the_format_refuses() {
        for json in [
            r#"{"edges": [["used-for", "a", "b", {"row": "r", "quote": "q"}]]}"#,
            r#"{"edges": [{"kind": "used-for", "from": "a", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}}]}"#,
            r#"{"edges": [{"kind": "used-for", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}, "colour": 1}]}"#,
            r#"{"edges": [{"kind": "used-for", "to": "b", "provenance": {"row": "r", "quote": "q"}}]}"#,
            r#"{"edges": [{"kind": "uses", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}}]}"#,
            r#"{"sections": [{"id": "s", "title": "S", "rows": [["r", "R", "A"]]}]}"#,
            r#"{"sections": [], "sections": []}"#,
            r#"{"edges": [{"kind": "used-for", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}, "regions": [1]}]}"#,
            r#"{"edges": [{"kind": "used-for", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}, "regions": ["eu", 2]}]}"#,
            r#"{"edges": [{"kind": "used-for", "from": "a", "to": "b", "provenance": {"row": "r", "quote": "q"}, "regions": "eu"}]}"#,
            r#"[]"#,
        ] {
            let (raw, owned) = both(json);
            assert!(raw.is_none() && owned.is_none(), "{json}");
        }
    }
}
