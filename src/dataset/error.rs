//! What can be wrong with a dataset: a typed [`LoadErrorKind`] for every problem the loader reports,
//! each documented with a dataset that triggers it; its `Display` is the message users see.

use std::fmt;

use crate::{
    dataset::{files::ReadError, model::EdgeKind},
    diagnostic::Diagnostic,
};

/// What is wrong. Examples show the offending part of a data file (`…` stands for the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadErrorKind {
    // ----- reading -----
    /// A file the manifest names is missing, or cannot be read: `"files": ["nowhere.json"]`.
    CannotRead { why: ReadError },
    /// `--data` (or `.open`) names a file, `--data acme/manifest.json`: a dataset is the folder
    /// that holds `manifest.json`; `folder` is that folder, when the file named is a manifest.
    NotAFolder { folder: Option<String> },
    /// A file holds bytes that are not UTF-8.
    NotUtf8,
    /// The snapshot cannot be read (`"snapshot": "missing.txt"`); `cause` says why.
    Snapshot {
        name: String,
        cause: Box<LoadErrorKind>,
    },

    /// A snapshot named by its source (`"snapshot_source": { …, "sha256": "…" }`) was found, but its
    /// bytes have another digest: it is not the text the dataset was encoded from.
    SnapshotDigest {
        at: String,
        expected: String,
        found: String,
    },
    /// `"sha256": "abc"`: a snapshot's digest must be 64 hexadecimal digits.
    InvalidDigest { digest: String },

    // ----- shape (the file's JSON against the format) -----
    /// The file starts with a UTF-8 byte-order mark (`EF BB BF`, as some editors save "UTF-8 with
    /// BOM"), which JSON does not allow.
    ByteOrderMark,
    /// The file is valid JSON but not an object: `["notice.json"]`, `"text"`, `3`. (A manifest
    /// written as an array of its values, by position, is refused here too.)
    NotAnObject { found: &'static str },
    /// Malformed or truncated JSON, in the JSON parser's words: `{ "nodes": [ … ` (no end).
    Syntax { what: String },
    /// `{ "id": "consent", "nmae": "Consent", … }`
    UnknownField {
        field: String,
        expected: Vec<&'static str>,
    },
    /// `{ "kind": "purpos", … }` in `nodes` (or `edges`): `of` is `node` or `edge`.
    UnknownKind {
        of: &'static str,
        found: String,
        expected: Vec<&'static str>,
    },
    /// Any other unknown name where the format lists the allowed ones: `"party": "group"`.
    UnknownVariant {
        found: String,
        expected: Vec<&'static str>,
    },
    /// `{ "id": "ads", "kind": "purpose", "name": "Ads" }` (no `provenance`)
    MissingField { field: &'static str },
    /// `"name": 3`: `found` and `expected` in serde's words (`integer \`3\``, `a string`).
    InvalidType { found: String, expected: String },
    /// A value of the right type that the format does not take.
    InvalidValue { found: String, expected: String },
    /// A list of the wrong length.
    InvalidLength { len: usize, expected: String },
    /// `{ "id": "a", "id": "b", … }`
    DuplicateField { field: &'static str },
    /// Anything else the JSON reader refuses, in its words; `expected` when it says. This is also
    /// what a file too deeply nested to be read as a tree gets (`"name": [[[[…]]]]`, 200 deep): its
    /// problem cannot be typed, so the reader's words are split at ", expected ".
    Other {
        what: String,
        expected: Option<String>,
    },

    // ----- the manifest -----
    /// `"format": 2`
    UnsupportedFormat { found: u32 },
    /// `"name": "X 2023"`
    InvalidDatasetName { name: String },
    /// `"as_of": "2023-13-01"`
    InvalidDate { date: String },
    /// `"publisher": ""`, or an empty id list such as `"only_for": []`
    EmptyField { field: String },
    /// `"files": []`
    NoDataFiles,
    /// `"files": ["manifest.json"]`
    NotADataFile { name: String },
    /// `"files": ["a.json", "a.json"]`, or an id listed twice in one list
    ListedTwice { name: String },

    // ----- meaning (values checked together) -----
    /// `"id": "Consent"` (not a slug); `what` is `node`, `section` or `row`.
    InvalidId { what: &'static str, id: String },
    /// Two sections or rows with the id `t1-r01`.
    DuplicateRowId { id: String },
    /// `"anchor": ""`, or `"anchor": "  "` (white space is found anywhere)
    EmptyAnchor,
    /// Rows listed in another order than the snapshot's.
    AnchorOutOfOrder,
    /// `"anchor": "text that is not in the snapshot"`
    AnchorNotFound,
    /// A row anchor after too many anchors that were not found: it was not searched for (each
    /// search of an anchor not found reads the whole snapshot).
    AnchorNotSearched,
    /// `"quote": ""`; `what` says which text (`quote`, `description`, `note`, …).
    EmptyText { what: &'static str },
    /// `"quote": "   "`: white space alone is no evidence.
    BlankText { what: &'static str },
    /// A quote that looks like the row's text but differs from it in Unicode normalisation only:
    /// `"Café"` written with a combining accent (NFD) where the snapshot has `é` (NFC). Quotes are
    /// found byte for byte, so it is refused; `forms` says which is which.
    NormalisationDiffers {
        what: &'static str,
        forms: &'static str,
    },
    /// A quote that is in the snapshot, but in another row than the one cited.
    NotInRow { what: &'static str, row: String },
    /// A quote that is nowhere in the snapshot.
    NotFound { what: &'static str },
    /// `"row": "t9-r99"`
    UnknownRow { row: String },
    /// Two nodes with the id `consent`.
    DuplicateNode { id: String },
    /// `"name": ""`
    EmptyName,
    /// `"party"` on a `purpose` node.
    FieldNotForNode { field: &'static str, kind: String },
    /// A `recipient` node without `party`.
    RecipientNeedsParty,
    /// A `data` node with `stands_for` and no `derived`.
    StandsForNeedsDerived,
    /// `"legal_basis": { "kind": "gdpr-6-1-g", … }` on a `basis` node: no regime lists the kind.
    UnknownLegalBasis { kind: String },
    /// `"source_party": { "party": "third-partys", … }` on a `source` node: the format lists the
    /// parties (`data-subject`, `other-users`, `corporate-group`, `third-party`).
    UnknownSourceParty { party: String },
    /// `"acts_as": { "role": "procesor", … }` on a `recipient` node: the format lists the roles
    /// (`processor`, `controller`).
    UnknownRecipientRole { role: String },
    /// `"kind": "interests-summaries"` on a section: the format lists the section kinds
    /// (`legitimate-interests-summaries`).
    UnknownSectionKind { kind: String },
    /// An alias whose `name` is empty.
    EmptyAlias,
    /// `"to": "device-locaton"`
    UnknownNode { id: String },
    /// `"from": "consent"` on a `used-for` edge (a basis where data is expected).
    WrongNodeKind { id: String, kind: String },
    /// The same `used-for` edge twice in one row.
    DuplicateEdge { kind: EdgeKind, row: String },
    /// `"from": "ads", "to": "ads"`
    SelfLoop { kind: EdgeKind, id: String },
    /// `includes` from a purpose to a recipient.
    EndsOfDifferentKinds {
        kind: EdgeKind,
        from: String,
        to: String,
    },
    /// `"period"` on a `used-for` edge.
    FieldNotForEdge { field: &'static str, kind: EdgeKind },
    /// `only_for` names an item that no `used-for` edge gives that basis for the purpose.
    OnlyForNotUsed {
        item: String,
        purpose: String,
        basis: String,
    },
    /// `only_sharing_with` names a recipient the purpose does not disclose to.
    OnlySharingNotDisclosed { purpose: String, recipient: String },
    /// `data` on a `discloses-to` edge names data that the purpose does not use: no `used-for` edge
    /// to the purpose starts at it, at an item or category that contains it, or at a part of it.
    /// `{ "kind": "discloses-to", "from": "showing-ads", "to": "our-vendors", "data": ["email-address"], … }`
    /// where only `device-location` is used for `showing-ads`.
    DisclosedDataNotUsed { data: String, purpose: String },
    /// `includes` edges that lead back to where they start.
    IncludesCycle { id: String },
    /// A region code that already names another region: `"codes": ["north"]` on two region nodes,
    /// a code equal to another region's id, or an `other_regions` entry with `"code": "northland"`
    /// where a region node has that id. `by` is the region that has it first.
    RegionCodeTaken { code: String, by: String },
    /// A region the notice does not mention written like another region: `"aliases": ["Valdoria"]`
    /// in `other_regions` where a region node is named Valdoria. `by` is the region that has it.
    RegionNameTaken { name: String, by: String },
}

impl fmt::Display for LoadErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.fmt_file(f) {
            Some(result) => result,
            None => self.fmt_fact(f),
        }
    }
}

impl LoadErrorKind {
    /// The message of a problem with a file as a whole: reading it, its JSON, the manifest; `None`
    /// for a problem with the facts, which [`Self::fmt_fact`] words.
    fn fmt_file(&self, f: &mut fmt::Formatter<'_>) -> Option<fmt::Result> {
        use LoadErrorKind as K;
        Some(match self {
            K::CannotRead { why } => write!(f, "cannot read file: {why}"),
            K::NotUtf8 => f.write_str("the file is not valid UTF-8 text"),
            K::NotAFolder { .. } => {
                f.write_str("this is a file, not a dataset's folder (the one with `manifest.json`)")
            }
            K::Snapshot { name, cause } => write!(f, "cannot use the snapshot `{name}`: {cause}"),
            K::SnapshotDigest {
                at,
                expected,
                found,
            } => write!(
                f,
                "the snapshot found at `{at}` is not the one recorded: its sha256 is {found}, not {expected}"
            ),
            K::InvalidDigest { digest } => {
                write!(f, "`{digest}` is not a SHA-256 digest")
            }
            K::ByteOrderMark => f.write_str("the file starts with a byte-order mark (U+FEFF)"),
            K::NotAnObject { found } => write!(f, "the file is {found}, not a JSON object"),
            K::Syntax { what } | K::Other { what, .. } => f.write_str(what),
            K::UnknownField { field, .. } => write!(f, "unknown field `{field}`"),
            K::UnknownKind { of, found, .. } => write!(f, "unknown {of} kind `{found}`"),
            K::UnknownVariant { found, .. } => write!(f, "unknown variant `{found}`"),
            K::MissingField { field } => write!(f, "missing field `{field}`"),
            K::InvalidType { found, .. } => write!(f, "invalid type: {found}"),
            K::InvalidValue { found, .. } => write!(f, "invalid value: {found}"),
            K::InvalidLength { len, .. } => write!(f, "invalid length {len}"),
            K::DuplicateField { field } => write!(f, "duplicate field `{field}`"),
            K::UnsupportedFormat { found } => write!(f, "unsupported format version {found}"),
            K::InvalidDatasetName { name } => write!(f, "invalid dataset name `{name}`"),
            K::InvalidDate { date } => write!(f, "invalid date `{date}`"),
            K::EmptyField { field } => write!(f, "`{field}` is empty"),
            K::NoDataFiles => f.write_str("the dataset lists no data files"),
            K::NotADataFile { name } => write!(f, "`{name}` is not a data file"),
            K::ListedTwice { name } => write!(f, "`{name}` is listed twice"),
            K::InvalidId { what, id } => write!(f, "invalid {what} id `{id}`"),
            _ => return None,
        })
    }

    /// The message of a problem with the rows, nodes and edges.
    fn fmt_fact(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use LoadErrorKind as K;
        match self {
            K::RegionNameTaken { name, by } => {
                write!(f, "`{name}` already names the region `{by}`")
            }
            K::RegionCodeTaken { code, by } => {
                write!(f, "the region code `{code}` already names the region `{by}`")
            }
            K::DuplicateRowId { id } => write!(f, "duplicate section or row id `{id}`"),
            K::EmptyAnchor => f.write_str("the row anchor is empty or only white space"),
            K::AnchorOutOfOrder => {
                f.write_str("the row anchor is found only before the previous row's anchor")
            }
            K::AnchorNotFound => f.write_str("the row anchor is not found in the snapshot"),
            K::AnchorNotSearched => f.write_str("the row anchor was not searched for"),
            K::EmptyText { what } => write!(f, "the {what} is empty"),
            K::BlankText { what } => write!(f, "the {what} holds only white space"),
            K::NormalisationDiffers { what, forms } => write!(
                f,
                "the {what} differs from the notice only in Unicode normalisation: {forms}"
            ),
            K::NotInRow { what, row } => write!(f, "the {what} is not in row `{row}`"),
            K::NotFound { what } => write!(f, "the {what} is not found in the snapshot"),
            K::UnknownRow { row } => write!(f, "unknown row `{row}`"),
            K::DuplicateNode { id } => write!(f, "duplicate node id `{id}`"),
            K::EmptyName => f.write_str("the name is empty"),
            K::FieldNotForNode { field, kind } => {
                write!(f, "`{field}` is not a field of a `{kind}` node")
            }
            K::RecipientNeedsParty => f.write_str("a `recipient` node needs `party`"),
            K::StandsForNeedsDerived => f.write_str(
                "`stands_for` is a reading of the notice, so the node needs `derived`",
            ),
            K::UnknownLegalBasis { kind } => write!(f, "unknown legal-basis kind `{kind}`"),
            K::UnknownSourceParty { party } => write!(f, "unknown source party `{party}`"),
            K::UnknownRecipientRole { role } => write!(f, "unknown recipient role `{role}`"),
            K::UnknownSectionKind { kind } => write!(f, "unknown section kind `{kind}`"),
            K::EmptyAlias => f.write_str("the alias is empty"),
            K::UnknownNode { id } => write!(f, "unknown node id `{id}`"),
            K::WrongNodeKind { id, kind } => write!(f, "`{id}` is a `{kind}` node"),
            K::DuplicateEdge { kind, row } => write!(f, "duplicate `{kind}` edge in row `{row}`"),
            K::SelfLoop { kind, id } => write!(f, "the `{kind}` edge links `{id}` to itself"),
            K::EndsOfDifferentKinds { kind, from, to } => {
                write!(f, "`{kind}` links a `{from}` node to a `{to}` node")
            }
            K::FieldNotForEdge { field, kind } => {
                write!(f, "`{field}` is not a field of a `{kind}` edge")
            }
            K::OnlyForNotUsed {
                item,
                purpose,
                basis,
            } => write!(
                f,
                "`only_for` names `{item}`, which is not used for `{purpose}` on the basis `{basis}`"
            ),
            K::OnlySharingNotDisclosed { purpose, recipient } => write!(
                f,
                "`only_sharing_with` names `{recipient}`, but `{purpose}` does not disclose to it"
            ),
            K::DisclosedDataNotUsed { data, purpose } => write!(
                f,
                "`data` names `{data}`, which is not used for `{purpose}`"
            ),
            K::IncludesCycle { id } => write!(f, "`includes` edges form a cycle through `{id}`"),
            // invariant: `fmt_file` words every other kind; this is never reached.
            other => write!(f, "{other:?}"),
        }
    }
}

/// The names a format allows, as an "expected" line: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => "nothing here".to_string(),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` or `{b}`"),
        _ => format!(
            "one of {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// One problem with a dataset: what it is, and where (the rendered diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diagnostic.fmt(f)
    }
}

/// Every problem a dataset has, in file order and then in the order they appear in each file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl LoadErrors {
    /// The kinds of the problems, in order.
    pub fn kinds(&self) -> Vec<&LoadErrorKind> {
        self.0.iter().map(|e| &e.kind).collect()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

impl From<LoadErrors> for crate::diagnostic::Diagnostics {
    fn from(errors: LoadErrors) -> Self {
        crate::diagnostic::Diagnostics(errors.0.into_iter().map(|e| e.diagnostic).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{dataset::files::Files, load};

    use LoadErrorKind as K;

    /// Every broken fixture that the tests below check.
    const FIXTURES: &[&str] = &[
        "anchor-not-found",
        "bad-manifest",
        "bad-snapshot-digest",
        "byte-order-mark-data-file",
        "byte-order-mark-manifest",
        "dangling-reference",
        "data-file-is-a-string",
        "data-file-is-an-array",
        "deeply-nested",
        "disclosed-data-not-used",
        "disclosed-data-unknown",
        "duplicate-edge",
        "duplicate-id",
        "field-not-for-kind",
        "includes-cycle",
        "legal-basis-on-wrong-kind",
        "listed-twice-two-spellings",
        "malformed-json",
        "manifest-is-an-array",
        "missing-field",
        "missing-file",
        "missing-manifest",
        "not-utf8",
        "only-for-empty",
        "only-for-not-used",
        "only-for-on-used-for",
        "only-sharing-with-not-disclosed",
        "positional-provenance",
        "positional-snapshot-source",
        "pursues-wrong-end",
        "quote-blank",
        "quote-in-another-row",
        "quote-not-found",
        "quote-other-normalisation",
        "reason-not-in-row",
        "region-code-taken",
        "self-loop",
        "several-errors",
        "stands-for-on-wrong-kind",
        "stands-for-without-derived",
        "truncated-json",
        "unknown-edge-kind",
        "unknown-field",
        "unknown-legal-basis",
        "unknown-node-kind",
        "unknown-row",
        "unknown-section-kind",
        "unknown-source-party-and-role",
        "wrong-end-kind",
        "wrong-type",
    ];

    fn text(t: &str) -> String {
        t.to_string()
    }

    /// The problems of fixture `name` (`tests/fixtures/broken/<name>`) are these kinds, at these
    /// lines and columns.
    fn check(name: &str, expected: &[(LoadErrorKind, Option<(usize, usize)>)]) {
        let errors = match load(&Files::dir(format!("tests/fixtures/broken/{name}"))) {
            Ok(_) => panic!("{name} loaded"),
            Err(errors) => errors,
        };
        let found: Vec<(LoadErrorKind, Option<(usize, usize)>)> = errors
            .0
            .into_iter()
            .map(|e| {
                let at = e.diagnostic.location.as_ref().map(|l| (l.line, l.column));
                (e.kind, at)
            })
            .collect();
        assert_eq!(found, expected, "{name}");
    }

    #[test]
    fn every_broken_fixture_is_checked() {
        let mut names: Vec<String> = std::fs::read_dir("tests/fixtures/broken")
            .expect("the fixtures")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        assert_eq!(names, FIXTURES);
    }

    #[test]
    fn files_that_are_not_json_objects_and_gaps_of_issue_13() {
        let bom = Some((1, 1));
        check("byte-order-mark-manifest", &[(K::ByteOrderMark, bom)]);
        check("byte-order-mark-data-file", &[(K::ByteOrderMark, bom)]);
        let array = K::NotAnObject { found: "an array" };
        check("manifest-is-an-array", &[(array.clone(), Some((1, 1)))]);
        check("data-file-is-an-array", &[(array, Some((1, 1)))]);
        let string = K::NotAnObject { found: "a string" };
        check("data-file-is-a-string", &[(string, Some((1, 1)))]);
        let positional = K::InvalidType {
            found: text("sequence"),
            expected: text(
                "an object `{ \"field\": value, … }`: fields are named, never given by position",
            ),
        };
        check(
            "positional-provenance",
            &[(positional.clone(), Some((22, 20)))],
        );
        check(
            "positional-snapshot-source",
            &[(positional, Some((12, 21)))],
        );
        check(
            "quote-blank",
            &[(K::BlankText { what: "quote" }, Some((24, 46)))],
        );
        let forms = "the quote is in form NFD (decomposed), the notice's text in NFC";
        check(
            "quote-other-normalisation",
            &[(
                K::NormalisationDiffers {
                    what: "quote",
                    forms,
                },
                Some((29, 86)),
            )],
        );
        let twice = K::ListedTwice {
            name: text("./notice.json"),
        };
        check("listed-twice-two-spellings", &[(twice, Some((9, 28)))]);
    }

    #[test]
    fn reading_and_json() {
        let missing = K::CannotRead {
            why: ReadError::Io {
                what: text("no such file"),
            },
        };
        check("missing-file", &[(missing.clone(), None)]);
        check("missing-manifest", &[(missing, None)]);
        check("not-utf8", &[(K::NotUtf8, Some((14, 61)))]);
        let syntax = |what: &str| K::Syntax { what: text(what) };
        check(
            "malformed-json",
            &[(syntax("expected `,` or `}`"), Some((15, 7)))],
        );
        check(
            "truncated-json",
            &[(syntax("EOF while parsing a string"), Some((32, 29)))],
        );
        // A node is an object: the first array where one is expected is refused (before issue 13,
        // serde read `nodes[0]` as a node given by position, and refused only `nodes[0][0]`).
        let too_deep = K::Other {
            what: text("invalid type: sequence"),
            expected: Some(text(
                "an object `{ \"field\": value, … }`: fields are named, never given by position",
            )),
        };
        check("deeply-nested", &[(too_deep, Some((1, 12)))]);
    }

    #[test]
    fn shape() {
        let node_fields = [
            "id",
            "kind",
            "name",
            "description",
            "aliases",
            "note",
            "provenance",
            "derived",
            "stands_for",
            "delegated",
            "legal_basis",
            "party",
            "role",
            "mark",
            "codes",
            "source_party",
            "acts_as",
        ];
        let unknown_field = K::UnknownField {
            field: text("nmae"),
            expected: node_fields.to_vec(),
        };
        check("unknown-field", &[(unknown_field, Some((19, 47)))]);
        let unknown_kind = |of, found: &str, expected: &[&'static str]| K::UnknownKind {
            of,
            found: text(found),
            expected: expected.to_vec(),
        };
        check(
            "unknown-node-kind",
            &[(
                unknown_kind("node", "purpse", crate::dataset::model::NodeKind::NAMES),
                Some((21, 43)),
            )],
        );
        check(
            "unknown-edge-kind",
            &[(
                unknown_kind("edge", "shared-with", EdgeKind::NAMES),
                Some((49, 27)),
            )],
        );
        check(
            "missing-field",
            &[(
                K::MissingField {
                    field: "provenance",
                },
                Some((21, 69)),
            )],
        );
        let wrong_type = K::InvalidType {
            found: text("integer `3`"),
            expected: text("a string"),
        };
        check("wrong-type", &[(wrong_type, Some((23, 49)))]);
    }

    #[test]
    fn manifest_and_rows() {
        let digest = K::InvalidDigest {
            digest: text("b5d0af00c1f25a358a13"),
        };
        check("bad-snapshot-digest", &[(digest, Some((13, 15)))]);
        check(
            "bad-manifest",
            &[
                (K::UnsupportedFormat { found: 2 }, Some((2, 13))),
                (
                    K::InvalidDatasetName {
                        name: text("Mini Notice"),
                    },
                    Some((3, 11)),
                ),
                (
                    K::InvalidDate {
                        date: text("31/01/2024"),
                    },
                    Some((7, 12)),
                ),
            ],
        );
        check("anchor-not-found", &[(K::AnchorNotFound, Some((5, 56)))]);
        check(
            "unknown-row",
            &[(K::UnknownRow { row: text("s-2") }, Some((29, 30)))],
        );
        let in_row = K::NotInRow {
            what: "quote",
            row: text("p-1"),
        };
        check("quote-in-another-row", &[(in_row, Some((45, 46)))]);
        check(
            "quote-not-found",
            &[(K::NotFound { what: "quote" }, Some((15, 46)))],
        );
    }

    #[test]
    fn nodes() {
        let unknown = |id: &str| K::UnknownNode { id: text(id) };
        let duplicate = K::DuplicateNode {
            id: text("contract"),
        };
        check(
            "dangling-reference",
            &[(unknown("device-locaton"), Some((38, 35)))],
        );
        check(
            "duplicate-id",
            &[
                (duplicate.clone(), Some((23, 13))),
                (unknown("consent"), Some((39, 29))),
                (unknown("consent"), Some((43, 57))),
            ],
        );
        check(
            "several-errors",
            &[
                (duplicate, Some((23, 13))),
                (K::NotFound { what: "quote" }, Some((29, 46))),
                (unknown("device-locaton"), Some((38, 35))),
                (unknown("consent"), Some((39, 29))),
                (unknown("consent"), Some((43, 57))),
            ],
        );
        let misplaced = K::FieldNotForNode {
            field: "stands_for",
            kind: text("purpose"),
        };
        check("stands-for-on-wrong-kind", &[(misplaced, Some((21, 84)))]);
        check(
            "stands-for-without-derived",
            &[(K::StandsForNeedsDerived, Some((14, 85)))],
        );
        let unknown = K::UnknownLegalBasis {
            kind: text("gdpr-61a"),
        };
        check("unknown-legal-basis", &[(unknown, Some((25, 32)))]);
        let party = K::UnknownSourceParty {
            party: text("third-partys"),
        };
        let role = K::UnknownRecipientRole {
            role: text("procesor"),
        };
        check(
            "unknown-source-party-and-role",
            &[(party, Some((21, 34))), (role, Some((26, 28)))],
        );
        let section_kind = K::UnknownSectionKind {
            kind: text("interests-summaries"),
        };
        check("unknown-section-kind", &[(section_kind, Some((6, 56)))]);
        let on_purpose = K::FieldNotForNode {
            field: "legal_basis",
            kind: text("purpose"),
        };
        check("legal-basis-on-wrong-kind", &[(on_purpose, Some((23, 22)))]);
    }

    #[test]
    fn edges() {
        let duplicate = K::DuplicateEdge {
            kind: EdgeKind::HasBasis,
            row: text("p-2"),
        };
        check("duplicate-edge", &[(duplicate, Some((49, 5)))]);
        let not_for = |field, kind| K::FieldNotForEdge { field, kind };
        check(
            "field-not-for-kind",
            &[(not_for("period", EdgeKind::MayBeSharedWith), Some((49, 88)))],
        );
        check(
            "only-for-on-used-for",
            &[(not_for("only_for", EdgeKind::UsedFor), Some((40, 19)))],
        );
        check(
            "includes-cycle",
            &[(
                K::IncludesCycle {
                    id: text("showing-ads"),
                },
                Some((49, 5)),
            )],
        );
        let self_loop = K::SelfLoop {
            kind: EdgeKind::Includes,
            id: text("showing-ads"),
        };
        check("self-loop", &[(self_loop, Some((49, 56)))]);
        let wrong_end = K::WrongNodeKind {
            id: text("email-address"),
            kind: text("data"),
        };
        check("wrong-end-kind", &[(wrong_end, Some((41, 65)))]);
        let pursued_by_data = K::WrongNodeKind {
            id: text("device-location"),
            kind: text("data"),
        };
        check("pursues-wrong-end", &[(pursued_by_data, Some((34, 34)))]);
    }

    #[test]
    fn scoped_bases() {
        check(
            "only-for-empty",
            &[(
                K::EmptyField {
                    field: text("only_for"),
                },
                Some((45, 19)),
            )],
        );
        let not_used = K::OnlyForNotUsed {
            item: text("email-address"),
            purpose: text("showing-ads"),
            basis: text("consent"),
        };
        check("only-for-not-used", &[(not_used, Some((45, 20)))]);
        let not_disclosed = K::OnlySharingNotDisclosed {
            purpose: text("showing-ads"),
            recipient: text("our-vendors"),
        };
        check(
            "only-sharing-with-not-disclosed",
            &[(not_disclosed, Some((45, 29)))],
        );
    }

    #[test]
    fn region_codes() {
        let taken = |code: &str, by: &str| K::RegionCodeTaken {
            code: text(code),
            by: text(by),
        };
        check(
            "region-code-taken",
            &[
                (taken("valdoria", "valdoria"), Some((11, 15))),
                (
                    K::RegionNameTaken {
                        name: text("Valdoria"),
                        by: text("valdoria"),
                    },
                    Some((11, 81)),
                ),
                (taken("cu", "coastal-union"), Some((11, 73))),
            ],
        );
    }

    #[test]
    fn disclosed_data_and_reasons() {
        let not_used = K::DisclosedDataNotUsed {
            data: text("email-address"),
            purpose: text("showing-ads"),
        };
        check("disclosed-data-not-used", &[(not_used, Some((50, 16)))]);
        let unknown = K::UnknownNode {
            id: text("device-locaton"),
        };
        let wrong = K::WrongNodeKind {
            id: text("our-vendors"),
            kind: text("recipient"),
        };
        check(
            "disclosed-data-unknown",
            &[(unknown, Some((50, 16))), (wrong, Some((50, 34)))],
        );
        let elsewhere = K::NotInRow {
            what: "reason",
            row: text("p-2"),
        };
        check("reason-not-in-row", &[(elsewhere, Some((51, 17)))]);
    }

    #[test]
    fn display_is_the_message_users_see() {
        let errors = match load(&Files::dir("tests/fixtures/broken/dangling-reference")) {
            Ok(_) => panic!("loaded"),
            Err(e) => e,
        };
        assert_eq!(errors.kinds().len(), 1);
        assert_eq!(
            errors.0[0].kind.to_string(),
            "unknown node id `device-locaton`"
        );
        assert_eq!(errors.0[0].diagnostic.message, errors.0[0].kind.to_string());
    }
}
