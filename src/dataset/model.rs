//! The dataset files as they are written on disk (see `docs/DATA_FORMAT.md`).
//!
//! These types only describe shape: serde rejects malformed JSON, wrong types, unknown fields and unknown
//! kinds. Everything that needs more than one value at a time (references, duplicates, quotes) is checked
//! by [`crate::dataset::load()`].

use std::fmt;

use std::marker::PhantomData;

use serde::{
    de::{value::MapAccessDeserializer, MapAccess, Visitor},
    Deserialize, Deserializer, Serialize,
};

/// A type read from a JSON object only. serde's derived `Deserialize` also reads a struct from a JSON
/// array, by position (`["x-2023", "X Corp.", …]` as a manifest), so a file written in that form
/// would load without a single field name checked. Each struct read from JSON derives its
/// `Deserialize` as an inherent function (`#[serde(remote = "Self")]`), and [`object_only!`] gives it
/// the trait through [`ObjectOnly`], which takes an object and refuses anything else.
pub(crate) trait FromObject: Sized {
    /// The derived function, called on the object's members.
    fn from_object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The visitor that takes a JSON object (its members go to [`FromObject`]) and nothing else.
pub(crate) struct ObjectOnly<T>(pub PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectOnly<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an object `{ \"field\": value, … }`: fields are named, never given by position",
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(MapAccessDeserializer::new(map))
    }
}

/// `Deserialize` for structs whose derived code is inherent (`#[serde(remote = "Self")]`): from a
/// JSON object only; with `serialize`, `Serialize` as derived.
macro_rules! object_only {
    ($($ty:ty),+ $(,)?) => {$(
        impl $crate::dataset::model::FromObject for $ty {
            fn from_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$ty>::deserialize(d)
            }
        }
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map($crate::dataset::model::ObjectOnly(std::marker::PhantomData))
            }
        }
    )+};
    (serialize: $($ty:ty),+ $(,)?) => {$(
        $crate::dataset::model::object_only!($ty);
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, s)
            }
        }
    )+};
}
pub(crate) use object_only;

object_only!(
    serialize: Manifest,
    OtherRegionDef,
    DataFile,
    SectionDef,
    RowDef,
    ProvenanceDef,
    AliasDef,
    NodeDef,
    LegalBasisDef,
    SourcePartyDef,
    ActsAsDef,
    BasisRef,
    EdgeDef,
);

/// `manifest.json`: what the dataset is and which files make it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Manifest {
    pub format: u32,
    pub name: String,
    pub publisher: String,
    pub title: String,
    pub source_url: String,
    pub as_of: String,
    pub snapshot: String,
    /// Where a snapshot the dataset does not hold was recorded (see [`super::snapshot`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_source: Option<super::snapshot::SnapshotSource>,
    pub files: Vec<String>,
    /// Regions a question may name that the notice does not mention: only bases stated without a
    /// region hold there.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_regions: Vec<OtherRegionDef>,
}

/// A region a question may name though the notice does not mention it (`manifest.json`'s
/// `other_regions`): the dataset's vocabulary for questions, not a fact of the notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "OtherRegion")]
pub struct OtherRegionDef {
    /// The short code questions and scripts use (`--param region=...`).
    pub code: String,
    /// The name answers show.
    pub name: String,
    /// Other words a question may use for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// One data file: any of sections, nodes and edges.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct DataFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<NodeDef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edges: Vec<EdgeDef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct SectionDef {
    pub id: String,
    pub title: String,
    /// What kind of section it is, where that matters to a check (one of [`SECTION_KINDS`]):
    /// `legitimate-interests-summaries` for the summaries of legitimate-interests analyses a
    /// notice publishes. Absent: a section like any other.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    pub rows: Vec<RowDef>,
}

/// The kinds a section may be ([`SectionDef::kind`]).
pub const SECTION_KINDS: &[&str] = &[SECTION_LI_SUMMARIES];

/// A section whose rows are the notice's published summaries of its legitimate-interests
/// analyses: what `lint` compares with the purposes resting on legitimate interests.
pub const SECTION_LI_SUMMARIES: &str = "legitimate-interests-summaries";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct RowDef {
    pub id: String,
    pub title: String,
    pub anchor: String,
}

/// Where a fact comes from: a row of the notice, and a quote found verbatim inside that row.
///
/// (Messages name the on-disk types as serde does, without `Def`: `expected struct Provenance`.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "Provenance")]
pub struct ProvenanceDef {
    pub row: String,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "Alias")]
pub struct AliasDef {
    pub name: String,
    pub provenance: ProvenanceDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
}

/// Whether a recipient is a category of recipients or one named party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    Category,
    Named,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct NodeDef {
    pub id: String,
    pub kind: NodeKind,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<AliasDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub provenance: ProvenanceDef,
    /// Present when the node is the dataset's reading rather than the notice's statement: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    /// `data` only: the node names no specific data but a rule, read as standing for other data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stands_for: Option<StandsFor>,
    /// `basis` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated: Option<bool>,
    /// `basis` only: which legal basis of the law it is (`gdpr-6-1-a`), as the notice states it or as
    /// the dataset reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<LegalBasisDef>,
    /// `recipient` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Party>,
    /// `recipient` and `contact` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `condition` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark: Option<String>,
    /// `region` only: short codes by which questions and scripts may name the region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// `source` only: who the source is relative to the data subject and the controller, cited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_party: Option<SourcePartyDef>,
    /// `recipient` only: the role the recipient acts in (`processor`), with its own evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acts_as: Option<ActsAsDef>,
}

/// The parties a source may be ([`SourcePartyDef`]): the data subject, other users of the service,
/// the controller's own corporate group, or a third party.
pub const SOURCE_PARTIES: &[&str] = &[
    "data-subject",
    "other-users",
    "corporate-group",
    "third-party",
];

/// The roles a recipient may act in ([`ActsAsDef`]).
pub const RECIPIENT_ROLES: &[&str] = &["processor", "controller"];

/// Who a `source` is relative to the data subject and the controller: one of [`SOURCE_PARTIES`],
/// where the notice says so, or, marked `derived` with the reason, the dataset's reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "SourceParty")]
pub struct SourcePartyDef {
    pub party: String,
    pub provenance: ProvenanceDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
}

/// The role a `recipient` acts in (one of [`RECIPIENT_ROLES`]), with its own provenance, or marked
/// `derived` with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "ActsAs")]
pub struct ActsAsDef {
    pub role: String,
    pub provenance: ProvenanceDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
}

/// Which legal basis of a law (a regime's basis kind, `gdpr-6-1-f`) a `basis` node is: where the notice
/// says so, or, marked `derived` with the reason, the dataset's reading of its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self", rename = "LegalBasis")]
pub struct LegalBasisDef {
    pub kind: String,
    pub provenance: ProvenanceDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
}

/// What a `data` node that names no specific data stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StandsFor {
    /// Potentially any data of the notice: a cell such as "as required by applicable law".
    AnyData,
}

/// One legal basis as it applies to a `used-for` edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct BasisRef {
    pub basis: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct EdgeDef {
    pub kind: EdgeKind,
    pub from: String,
    pub to: String,
    pub provenance: ProvenanceDef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bases: Option<Vec<BasisRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// `has-basis` only: the basis covers only these data items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_for: Option<Vec<String>>,
    /// `has-basis` only: the basis covers only the sharing with these recipients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_sharing_with: Option<Vec<String>>,
    /// `discloses-to` only: the data (items or categories) the disclosure covers; without it, every
    /// data the purpose uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<String>>,
    /// `discloses-to` and `may-be-shared-with`: why the data is shared, quoted from the row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Declares a kebab-case enum together with its list of variants and their names, so that the names used
/// in data files, in messages and in summaries come from one place.
macro_rules! kinds {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The names the data files use, in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

kinds! {
    /// What a node stands for.
    NodeKind {
        Source = "source",
        Data = "data",
        Category = "category",
        Group = "group",
        Purpose = "purpose",
        Basis = "basis",
        Recipient = "recipient",
        Control = "control",
        Condition = "condition",
        Safeguard = "safeguard",
        Region = "region",
        Right = "right",
        Authority = "authority",
        Decision = "automated-decision",
        Transfer = "transfer",
        Contact = "contact",
        Interest = "interest",
        Retention = "retention",
    }
}

kinds! {
    /// What an edge states.
    EdgeKind {
        CollectedFrom = "collected-from",
        InCategory = "in-category",
        UsedFor = "used-for",
        HasBasis = "has-basis",
        MayBeSharedWith = "may-be-shared-with",
        DisclosesTo = "discloses-to",
        ProcessedBy = "processed-by",
        RetainedFor = "retained-for",
        Includes = "includes",
        SafeguardedBy = "safeguarded-by",
        ControlledBy = "controlled-by",
        AppliesTo = "applies-to",
        Pursues = "pursues",
        RetainedUnder = "retained-under",
    }
}

/// The optional edge fields, by the name they have in the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeField {
    Group,
    Bases,
    Qualifier,
    Regions,
    Conditions,
    Period,
    OnlyFor,
    OnlySharingWith,
    Data,
    Reason,
}

impl EdgeField {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeField::Group => "group",
            EdgeField::Bases => "bases",
            EdgeField::Qualifier => "qualifier",
            EdgeField::Regions => "regions",
            EdgeField::Conditions => "conditions",
            EdgeField::Period => "period",
            EdgeField::OnlyFor => "only_for",
            EdgeField::OnlySharingWith => "only_sharing_with",
            EdgeField::Data => "data",
            EdgeField::Reason => "reason",
        }
    }
}

impl NodeKind {
    /// The kind in plain words, for messages and titles: "data category".
    pub fn words(self) -> &'static str {
        match self {
            NodeKind::Source => "source",
            NodeKind::Data => "data item",
            NodeKind::Category => "data category",
            NodeKind::Group => "data group",
            NodeKind::Purpose => "purpose",
            NodeKind::Basis => "legal basis",
            NodeKind::Recipient => "recipient",
            NodeKind::Control => "user control",
            NodeKind::Condition => "condition",
            NodeKind::Safeguard => "safeguard",
            NodeKind::Region => "region",
            NodeKind::Right => "data subject right",
            NodeKind::Authority => "supervisory authority",
            NodeKind::Decision => "automated decision-making",
            NodeKind::Transfer => "transfer",
            NodeKind::Contact => "contact",
            NodeKind::Interest => "interest pursued",
            NodeKind::Retention => "retention statement",
        }
    }
}

impl EdgeKind {
    /// The node kinds allowed at each end. `None` means any kind.
    pub fn ends(self) -> (&'static [NodeKind], Option<&'static [NodeKind]>) {
        use NodeKind as N;
        match self {
            EdgeKind::CollectedFrom => (&[N::Source], Some(&[N::Category, N::Data])),
            EdgeKind::InCategory => (&[N::Data], Some(&[N::Category])),
            EdgeKind::UsedFor => (&[N::Data, N::Category], Some(&[N::Purpose])),
            EdgeKind::HasBasis => (&[N::Purpose], Some(&[N::Basis])),
            EdgeKind::MayBeSharedWith => (&[N::Category, N::Data], Some(&[N::Recipient])),
            EdgeKind::DisclosesTo => (&[N::Purpose], Some(&[N::Recipient])),
            EdgeKind::ProcessedBy => (&[N::Data], Some(&[N::Recipient])),
            EdgeKind::RetainedFor => (&[N::Data, N::Category], Some(&[N::Purpose])),
            EdgeKind::Includes => (
                &[N::Purpose, N::Recipient, N::Category, N::Data],
                Some(&[N::Purpose, N::Recipient, N::Category, N::Data]),
            ),
            EdgeKind::SafeguardedBy => (&[N::Purpose, N::Transfer], Some(&[N::Safeguard])),
            EdgeKind::ControlledBy => (&[N::Purpose], Some(&[N::Control])),
            EdgeKind::AppliesTo => (&[N::Condition, N::Control], None),
            EdgeKind::Pursues => (&[N::Purpose], Some(&[N::Interest])),
            EdgeKind::RetainedUnder => (&[N::Data, N::Category], Some(&[N::Retention])),
        }
    }

    /// Whether `includes` must link two nodes of the same kind.
    pub fn same_kind_ends(self) -> bool {
        self == EdgeKind::Includes
    }

    /// The optional fields this kind of edge takes.
    pub fn fields(self) -> &'static [EdgeField] {
        use EdgeField as F;
        match self {
            EdgeKind::UsedFor => &[F::Group, F::Bases, F::Regions, F::Conditions],
            EdgeKind::HasBasis => &[
                F::Qualifier,
                F::Regions,
                F::Conditions,
                F::OnlyFor,
                F::OnlySharingWith,
            ],
            EdgeKind::DisclosesTo => &[F::Conditions, F::Data, F::Reason],
            EdgeKind::MayBeSharedWith => &[F::Conditions, F::Reason],
            EdgeKind::CollectedFrom => &[F::Conditions],
            EdgeKind::RetainedFor => &[F::Period],
            _ => &[],
        }
    }
}

impl EdgeDef {
    /// The optional fields that are present on this edge.
    pub fn present_fields(&self) -> Vec<EdgeField> {
        let mut present = Vec::new();
        if self.group.is_some() {
            present.push(EdgeField::Group);
        }
        if self.bases.is_some() {
            present.push(EdgeField::Bases);
        }
        if self.qualifier.is_some() {
            present.push(EdgeField::Qualifier);
        }
        if self.regions.is_some() {
            present.push(EdgeField::Regions);
        }
        if self.conditions.is_some() {
            present.push(EdgeField::Conditions);
        }
        if self.period.is_some() {
            present.push(EdgeField::Period);
        }
        if self.only_for.is_some() {
            present.push(EdgeField::OnlyFor);
        }
        if self.only_sharing_with.is_some() {
            present.push(EdgeField::OnlySharingWith);
        }
        if self.data.is_some() {
            present.push(EdgeField::Data);
        }
        if self.reason.is_some() {
            present.push(EdgeField::Reason);
        }
        present
    }
}
