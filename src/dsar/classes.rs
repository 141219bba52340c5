//! Which of a dataset's data and purposes fall in a regime's legal classes (special categories of
//! Art. 9, sensitive personal information, marketing of Art. 21(2)): the dataset's optional
//! `legal-classes.json`, each assignment quoted from a row of the notice, or marked `derived` with the
//! reason where the notice does not say so itself. The classes are the regimes' (`classes`); the
//! file only says which nodes they cover.

use petgraph::graph::NodeIndex;
use serde::Deserialize;

use crate::{
    dataset::{
        files::{Files, ReadError},
        load::parse_json,
        locate::{locate, JsonPath},
        model::NodeKind,
        Dataset,
    },
    diagnostic::{Diagnostic, Location},
    dsar::regime::{embedded_ids, load_regime, Class, ClassTarget},
    names::did_you_mean,
};

/// The file's name inside a dataset folder.
pub const FILE: &str = crate::dataset::load::COMPANIONS[0];

crate::dataset::model::object_only!(ClassesFile, Assignment, Quote);

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct ClassesFile {
    format: u32,
    classes: Vec<Assignment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct Assignment {
    node: String,
    class: String,
    provenance: Quote,
    #[serde(default)]
    derived: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
struct Quote {
    row: String,
    quote: String,
}

/// One node in one class, with the row that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub node: NodeIndex,
    /// The node's id and name, and its kind.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub class: Class,
    pub row: String,
    pub quote: String,
    /// Why the dataset reads the node so, when the notice does not say it.
    pub derived: Option<String>,
}

/// Every class the embedded regimes define.
fn known_classes() -> Vec<Class> {
    embedded_ids()
        .into_iter()
        .filter_map(|id| load_regime(id).ok())
        .flat_map(|r| r.classes)
        .collect()
}

/// The dataset's legal classes: none when it has no `legal-classes.json`; an error, placed in the
/// file, for an unknown node or class, a node of the wrong kind, or a quote not in its row.
pub fn read(files: &Files, ds: &Dataset) -> Result<Vec<Classified>, Box<Diagnostic>> {
    let bytes = match files.read(FILE) {
        Ok(bytes) => bytes,
        Err(ReadError::NotEmbedded) => return Ok(Vec::new()),
        Err(ReadError::Io { .. }) if !exists(files) => return Ok(Vec::new()),
        Err(e) => {
            return Err(Box::new(Diagnostic::new(
                files.display(FILE),
                format!("cannot read the legal classes: {e}"),
            )))
        }
    };
    let display = files.display(FILE);
    let text = String::from_utf8(bytes)
        .map_err(|_| Box::new(Diagnostic::new(&display, "the file is not UTF-8 text")))?;
    let file: ClassesFile = parse_json(&display, &text).map_err(|e| Box::new(e.diagnostic))?;
    let known = known_classes();
    let mut out = Vec::new();
    for (i, a) in file.classes.iter().enumerate() {
        let at = |key: &'static str, message: String, expected: String, help: Option<String>| {
            let path = JsonPath::root().key("classes").index(i).key(key);
            let (start, end) = locate(&text, &path);
            Box::new(
                Diagnostic::new(&display, message)
                    .at(Location::of_range(&text, start, end))
                    .field(format!("classes[{i}].{key}"))
                    .expected(expected)
                    .help(help),
            )
        };
        out.push(check(ds, a, &known, at)?);
    }
    Ok(out)
}

fn exists(files: &Files) -> bool {
    match files {
        Files::Dir(dir) => dir.join(FILE).exists(),
        _ => false,
    }
}

type At<'a> = dyn Fn(&'static str, String, String, Option<String>) -> Box<Diagnostic> + 'a;

fn check(
    ds: &Dataset,
    a: &Assignment,
    known: &[Class],
    at: impl Fn(&'static str, String, String, Option<String>) -> Box<Diagnostic>,
) -> Result<Classified, Box<Diagnostic>> {
    let at: &At = &at;
    let Some(class) = known.iter().find(|c| c.id == a.class) else {
        let ids: Vec<&str> = known.iter().map(|c| c.id.as_str()).collect();
        return Err(at(
            "class",
            format!("unknown legal class `{}`", a.class),
            format!("a class a regime lists: {}", ids.join(", ")),
            did_you_mean(&a.class, ids.iter().copied()),
        ));
    };
    let Some(node) = ds.node_by_id(&a.node) else {
        let ids: Vec<&str> = ds.nodes().map(|(_, n)| n.id.as_str()).collect();
        return Err(at(
            "node",
            format!("unknown node `{}`", a.node),
            "the id of a data item, data category or purpose of the dataset".into(),
            did_you_mean(&a.node, ids.iter().copied()),
        ));
    };
    let kind = ds.node(node).kind;
    let fits = match class.applies_to {
        ClassTarget::Data => matches!(kind, NodeKind::Data | NodeKind::Category),
        ClassTarget::Purpose => kind == NodeKind::Purpose,
    };
    if !fits {
        return Err(at(
            "node",
            format!(
                "`{}` is a {kind} node; the class `{}` is for other nodes",
                a.node, a.class
            ),
            match class.applies_to {
                ClassTarget::Data => "a data item or data category".into(),
                ClassTarget::Purpose => "a purpose".into(),
            },
            None,
        ));
    }
    check_quote(ds, a, at)?;
    if a.derived.as_deref().is_some_and(|d| d.trim().is_empty()) {
        return Err(at(
            "derived",
            "an empty reason".into(),
            "why the dataset reads the node so, or no `derived` when the notice says it".into(),
            None,
        ));
    }
    let n = ds.node(node);
    Ok(Classified {
        node,
        id: n.id.as_str().to_string(),
        name: n.name.clone(),
        kind: n.kind.to_string(),
        class: class.clone(),
        row: a.provenance.row.clone(),
        quote: a.provenance.quote.clone(),
        derived: a.derived.clone(),
    })
}

/// The assignment's quote is found verbatim in its row's text.
fn check_quote(ds: &Dataset, a: &Assignment, at: &At) -> Result<(), Box<Diagnostic>> {
    let Some(row) = ds.row(&a.provenance.row) else {
        return Err(at(
            "provenance",
            format!("unknown row `{}`", a.provenance.row),
            "the id of a row of the dataset's sections".into(),
            did_you_mean(&a.provenance.row, ds.rows().iter().map(|r| r.id.as_str())),
        ));
    };
    if a.provenance.quote.trim().is_empty() || !ds.row_text(row).contains(&a.provenance.quote) {
        return Err(at(
            "provenance",
            format!(
                "the quote `{}` is not in row `{}`",
                a.provenance.quote, a.provenance.row
            ),
            "words found verbatim in the row's text".into(),
            None,
        ));
    }
    Ok(())
}

impl Classified {
    /// The evidence as counsel read it: `row: "quote"`, starred with the reason when derived.
    pub fn evidence(&self) -> String {
        match &self.derived {
            Some(reason) => format!("{}*: \"{}\" (derived: {reason})", self.row, self.quote),
            None => format!("{}: \"{}\"", self.row, self.quote),
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "node": { "id": self.id, "kind": self.kind, "name": self.name },
            "class": { "id": self.class.id, "cite": self.class.cite, "name": self.class.name },
            "consequence": self.class.consequence,
            "evidence": { "row": self.row, "quote": self.quote },
        });
        if let Some(reason) = &self.derived {
            v["evidence"]["derived"] = serde_json::json!(reason);
        }
        v
    }
}

/// The classified nodes of `regime`'s classes that `named` holds (the nodes the answers name).
pub fn of_regime(
    all: &[Classified],
    regime: &crate::dsar::regime::Regime,
    named: &std::collections::BTreeSet<String>,
) -> Vec<Classified> {
    all.iter()
        .filter(|c| regime.class(&c.class.id).is_some() && named.contains(&c.id))
        .cloned()
        .collect()
}
