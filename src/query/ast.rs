//! What a query asks, with its names resolved to nodes of the dataset.

use std::{fmt, ops::Range};

use petgraph::graph::NodeIndex;

use crate::{dataset::model::NodeKind, dataset::Dataset};

/// A name in the query and the node it resolved to.
///
/// Two names are equal when they name the same node, however they were written: a statement means the
/// same whether it says `Device data` or `"device-data"`.
#[derive(Debug, Clone)]
pub struct Named {
    pub node: NodeIndex,
    /// The words as the query wrote them.
    pub text: String,
    pub span: Range<usize>,
}

impl PartialEq for Named {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl Eq for Named {}

/// The data a question is about: one item or category, or all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    Named(Named),
    /// `any data`: every item and category of the dataset.
    Any,
}

/// The words that mean every item and category.
pub const ANY_DATA: &[&str] = &[
    "any data",
    "all data",
    "any personal data",
    "all personal data",
    "everything",
];

/// What `describe` describes: a node, or a row or section of the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Node(Named),
    Row(String),
    Section(String),
}

/// A region a filter names: one of the dataset's region nodes (by id, name, alias or code), or one of
/// the regions its manifest lets questions name though the notice does not mention them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    Node(Named),
    /// An `other_regions` entry of the manifest: the notice states nothing for it, so only bases
    /// stated without a region hold there.
    Unmentioned {
        code: String,
        name: String,
    },
}

/// The kinds `list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Nodes(NodeKind),
    /// Recipients that are named parties acting as processors.
    Processors,
    Sections,
    Rows,
}

/// The words `list` accepts, and what each lists.
pub const LIST_WORDS: &[(&str, ListKind)] = &[
    ("sources", ListKind::Nodes(NodeKind::Source)),
    ("data", ListKind::Nodes(NodeKind::Data)),
    ("items", ListKind::Nodes(NodeKind::Data)),
    ("categories", ListKind::Nodes(NodeKind::Category)),
    ("groups", ListKind::Nodes(NodeKind::Group)),
    ("purposes", ListKind::Nodes(NodeKind::Purpose)),
    ("bases", ListKind::Nodes(NodeKind::Basis)),
    ("basis", ListKind::Nodes(NodeKind::Basis)),
    ("recipients", ListKind::Nodes(NodeKind::Recipient)),
    ("processors", ListKind::Processors),
    ("controls", ListKind::Nodes(NodeKind::Control)),
    ("settings", ListKind::Nodes(NodeKind::Control)),
    ("conditions", ListKind::Nodes(NodeKind::Condition)),
    ("footnotes", ListKind::Nodes(NodeKind::Condition)),
    ("safeguards", ListKind::Nodes(NodeKind::Safeguard)),
    ("regions", ListKind::Nodes(NodeKind::Region)),
    ("rights", ListKind::Nodes(NodeKind::Right)),
    ("authorities", ListKind::Nodes(NodeKind::Authority)),
    ("decisions", ListKind::Nodes(NodeKind::Decision)),
    ("transfers", ListKind::Nodes(NodeKind::Transfer)),
    ("contacts", ListKind::Nodes(NodeKind::Contact)),
    ("interests", ListKind::Nodes(NodeKind::Interest)),
    ("retention", ListKind::Nodes(NodeKind::Retention)),
    ("sections", ListKind::Sections),
    ("rows", ListKind::Rows),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// `who may receive <data> [and under which basis]`
    WhoMayReceive { data: Data, with_basis: bool },
    /// `what does <recipient> receive`
    WhatReceives { recipient: Named },
    /// `why does <recipient> receive <data>`
    WhyReceives { recipient: Named, data: Data },
    /// `purposes of <data>`, `what is <data> used for`
    PurposesOf { data: Data },
    /// `what data does <purpose> use`
    DataFor { purpose: Named },
    /// `basis of <purpose>`, or `basis of every purpose` (`purpose` is `None`)
    BasisOf { purpose: Option<Named> },
    /// `interests of <purpose>`, or `interests of every purpose` (`purpose` is `None`): the interests
    /// the notice says a purpose pursues
    InterestsOf { purpose: Option<Named> },
    /// `categories of <data>`: the categories the data falls in, with the items of each
    CategoriesOf { data: Data },
    /// `items of <data>`: the data items, each with its categories
    ItemsOf { data: Data },
    /// `sharing matrix [of <data>]`: for each recipient, the categories it may receive
    Matrix { data: Data },
    /// `purposes with basis <basis>`
    PurposesWithBasis { basis: Named },
    /// `sources of <data>`
    SourcesOf { data: Data },
    /// `what comes from <source>`
    FromSource { source: Named },
    /// `retention of <data>`
    RetentionOf { data: Data },
    /// `who processes <data>`
    ProcessorsOf { data: Data },
    /// `path from <a> to <b>`
    Path { from: Named, to: Named },
    /// `every route from <source> to <recipient> [up to <n> steps] [limit <n>]`: every route by
    /// which data from the source may reach the recipient, in the notice's direction of flow
    Routes {
        source: Named,
        recipient: Named,
        steps: Option<u32>,
        limit: Option<u32>,
    },
    /// `recipients reachable from <source> [limit <n>]`, or from every source (`source` is `None`)
    Reachable {
        source: Option<Named>,
        limit: Option<u32>,
    },
    /// `describe <name>`
    Describe { target: Target },
    /// `list <kind>`
    List { kind: ListKind },
    /// The audit and statement questions (`docs/QUERY_LANGUAGE.md`, "Audit and statement questions").
    Audit(Audit),
}

/// The audit and statement questions: what the notice states about sale, transfers and consent, and
/// how two regions differ, each answered from the facts or with "not stated by this notice".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audit {
    /// `sale of <data>`; with `sharing`, `sale and sharing of <data>`: the notice's statements about
    /// selling the data (and, with `sharing`, every route by which it may reach a recipient).
    Sale { data: Data, sharing: bool },
    /// `transfers [outside <region>]`: the transfers the notice states, with their safeguards.
    Transfers { outside: Option<Region> },
    /// `compare bases in <region> and <region>`: each purpose's bases side by side.
    Compare { left: Region, right: Region },
    /// `confirm processing`: what a notice can say when asked to confirm one person's processing.
    ConfirmProcessing,
    /// `withdrawal of consent [in <region>]`: what rests on consent, and what the notice's other
    /// bases leave of it.
    Withdrawal { region: Option<Region> },
    /// `lint`: where the notice's own statements pull against each other (`docs/LINT.md`).
    Lint,
    /// `what if …`: what stops, what continues on another basis, and what is unaffected.
    WhatIf(WhatIf),
    /// `what comes from third parties`: what every source whose party is a third party provides.
    FromThirdParties,
    /// `who are the processors`: the named processors and the recipients acting as processors.
    Processors,
}

/// The what-if questions (`docs/QUERY_LANGUAGE.md`, "What if").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatIf {
    /// `what if i withdraw consent [in <region>]`
    Withdraw { region: Option<Region> },
    /// `what if <setting> is off`: a `control` or `condition` of the notice.
    SettingOff { setting: Named },
    /// `what if i am in <region>`
    InRegion { region: Region },
}

/// A query with its filters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub query: Query,
    /// `in <region>`
    pub region: Option<Region>,
    /// `where basis is <basis>`
    pub basis: Option<Named>,
    /// `where basis is not stated`: only the facts that rest on no stated basis.
    pub basis_not_stated: bool,
}

impl Query {
    /// Whether the answer has legal bases, so that `in <region>` and `where basis is` apply.
    pub fn has_bases(&self) -> bool {
        matches!(
            self,
            Query::WhoMayReceive { .. }
                | Query::WhatReceives { .. }
                | Query::WhyReceives { .. }
                | Query::PurposesOf { .. }
                | Query::DataFor { .. }
                | Query::BasisOf { .. }
                | Query::PurposesWithBasis { .. }
        )
    }
}

/// Prints a statement in its canonical form: keywords in lower case, every name as its quoted id.
/// Parsing the canonical form gives the same statement.
pub struct Canonical<'a>(pub &'a Statement, pub &'a Dataset);

impl fmt::Display for Canonical<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Canonical(statement, ds) = self;
        write_statement(f, statement, ds, &|n: &Named| quoted(&ds.node(n.node).id))
    }
}

/// A statement printed as a question with each name as the notice writes it, quoted: for people to
/// read (`understood as`). Unlike [`Canonical`], two nodes may share a name, so it may not parse back
/// to the same statement (`query::counsel::readable` checks).
pub struct Readable<'a>(pub &'a Statement, pub &'a Dataset);

impl fmt::Display for Readable<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Readable(statement, ds) = self;
        write_statement(f, statement, ds, &|n: &Named| quoted(&ds.node(n.node).name))
    }
}

/// A statement as a question, each name written by `id`.
fn write_statement(
    f: &mut fmt::Formatter<'_>,
    statement: &Statement,
    ds: &Dataset,
    id: &dyn Fn(&Named) -> String,
) -> fmt::Result {
    let data = |d: &Data| match d {
        Data::Named(n) => id(n),
        Data::Any => "any data".to_string(),
    };
    match &statement.query {
        Query::WhoMayReceive {
            data: d,
            with_basis,
        } => {
            write!(f, "who may receive {}", data(d))?;
            if *with_basis {
                write!(f, " and under which basis")?;
            }
        }
        Query::WhatReceives { recipient } => write!(f, "what does {} receive", id(recipient))?,
        Query::WhyReceives { recipient, data: d } => {
            write!(f, "why does {} receive {}", id(recipient), data(d))?
        }
        Query::PurposesOf { data: d } => write!(f, "purposes of {}", data(d))?,
        Query::DataFor { purpose } => write!(f, "what data does {} use", id(purpose))?,
        Query::BasisOf { purpose: Some(p) } => write!(f, "basis of {}", id(p))?,
        Query::BasisOf { purpose: None } => write!(f, "basis of every purpose")?,
        Query::InterestsOf { purpose: Some(p) } => write!(f, "interests of {}", id(p))?,
        Query::InterestsOf { purpose: None } => write!(f, "interests of every purpose")?,
        Query::CategoriesOf { data: d } => write!(f, "categories of {}", data(d))?,
        Query::ItemsOf { data: d } => write!(f, "items of {}", data(d))?,
        Query::Matrix { data: d } => write!(f, "sharing matrix of {}", data(d))?,
        Query::PurposesWithBasis { basis } => write!(f, "purposes with basis {}", id(basis))?,
        Query::SourcesOf { data: d } => write!(f, "sources of {}", data(d))?,
        Query::FromSource { source } => write!(f, "what comes from {}", id(source))?,
        Query::RetentionOf { data: d } => write!(f, "retention of {}", data(d))?,
        Query::ProcessorsOf { data: d } => write!(f, "who processes {}", data(d))?,
        Query::Path { from, to } => write!(f, "path from {} to {}", id(from), id(to))?,
        Query::Routes {
            source,
            recipient,
            steps,
            limit,
        } => {
            write!(f, "every route from {} to {}", id(source), id(recipient))?;
            if let Some(n) = steps {
                write!(f, " up to {n} steps")?;
            }
            if let Some(n) = limit {
                write!(f, " limit {n}")?;
            }
        }
        Query::Reachable { source, limit } => {
            match source {
                Some(s) => write!(f, "recipients reachable from {}", id(s))?,
                None => write!(f, "recipients reachable from every source")?,
            }
            if let Some(n) = limit {
                write!(f, " limit {n}")?;
            }
        }
        Query::Describe { target } => match target {
            Target::Node(n) => write!(f, "describe {}", id(n))?,
            Target::Row(row) | Target::Section(row) => write!(f, "describe {}", quoted(row))?,
        },
        Query::Audit(audit) => write_audit(f, audit, ds)?,
        Query::List { kind } => {
            // invariant: every ListKind has a word in LIST_WORDS.
            let word = LIST_WORDS
                .iter()
                .find(|(_, k)| k == kind)
                .map_or("data", |(w, _)| w);
            write!(f, "list {word}")?
        }
    }
    match &statement.region {
        Some(Region::Node(n)) => write!(f, " in {}", id(n))?,
        Some(Region::Unmentioned { code, .. }) => write!(f, " in {}", quoted(code))?,
        None => {}
    }
    if let Some(basis) = &statement.basis {
        write!(f, " where basis is {}", id(basis))?;
    }
    if statement.basis_not_stated {
        write!(f, " where basis is not stated")?;
    }
    Ok(())
}

/// The canonical form of an audit or statement question.
fn write_audit(f: &mut fmt::Formatter<'_>, audit: &Audit, ds: &Dataset) -> fmt::Result {
    let region = |r: &Region| match r {
        Region::Node(n) => quoted(&ds.node(n.node).id),
        Region::Unmentioned { code, .. } => quoted(code),
    };
    match audit {
        Audit::Sale { data, sharing } => {
            let data = match data {
                Data::Named(n) => quoted(&ds.node(n.node).id),
                Data::Any => "any data".to_string(),
            };
            let and = if *sharing { " and sharing" } else { "" };
            write!(f, "sale{and} of {data}")
        }
        Audit::Transfers { outside: None } => write!(f, "transfers"),
        Audit::Transfers { outside: Some(r) } => write!(f, "transfers outside {}", region(r)),
        Audit::Compare { left, right } => {
            write!(f, "compare bases in {} and {}", region(left), region(right))
        }
        Audit::ConfirmProcessing => write!(f, "confirm processing"),
        Audit::FromThirdParties => write!(f, "what comes from third parties"),
        Audit::Processors => write!(f, "who are the processors"),
        Audit::Withdrawal { region: None } => write!(f, "withdrawal of consent"),
        Audit::Withdrawal { region: Some(r) } => {
            write!(f, "withdrawal of consent in {}", region(r))
        }
        Audit::Lint => write!(f, "lint"),
        Audit::WhatIf(WhatIf::Withdraw { region: None }) => {
            write!(f, "what if i withdraw consent")
        }
        Audit::WhatIf(WhatIf::Withdraw { region: Some(r) }) => {
            write!(f, "what if i withdraw consent in {}", region(r))
        }
        Audit::WhatIf(WhatIf::SettingOff { setting }) => {
            write!(f, "what if {} is off", quoted(&ds.node(setting.node).id))
        }
        Audit::WhatIf(WhatIf::InRegion { region: r }) => {
            write!(f, "what if i am in {}", region(r))
        }
    }
}

/// `text` as a quoted name of the language: in double quotes, `"` and `\` escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}
