//! `lineage export ttl`: the map in RDF (Turtle) with the W3C Data Privacy Vocabulary (DPV 2.x,
//! `https://w3id.org/dpv#`) and its GDPR extension, for knowledge graphs. Every node and edge
//! keeps its provenance in Dublin Core and PROV terms: the row (`dct:source`), the quote
//! (`prov:value`), and `dct:type` "stated" or "derived" with the reason (`rdfs:comment`). Edges are
//! also reified (`rdf:Statement`) so that each fact carries its own provenance. The routes by which
//! data may reach a recipient (`lineage ask "who may receive <data> and under which basis"`) are
//! `dpv:PersonalDataProcess` resources of their own. Terms no vocabulary has are in `lin:`
//! (`urn:lineage:vocab#`); the DPV terms used are listed in `tests/oracle/dpv-terms.txt`.

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::{cite_reasons, cite_rows, cited};
use crate::{
    dataset::{
        facts::{Edge, Node},
        model::{EdgeKind, NodeKind},
        Dataset,
    },
    relation::{Relations, Route},
};

const PREFIXES: &str = "\
@prefix dpv: <https://w3id.org/dpv#> .
@prefix eu-gdpr: <https://w3id.org/dpv/legal/eu/gdpr#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix lin: <urn:lineage:vocab#> .
";

/// The whole map as Turtle.
pub fn export(ds: &Dataset) -> String {
    let mut out = String::from(PREFIXES);
    let _ = writeln!(
        out,
        "# Written by `lineage export ttl` from the dataset `{}`.",
        one_line(&ds.manifest().name)
    );
    for (_, node) in ds.nodes() {
        out += "\n";
        out += &node_turtle(ds, node);
    }
    for (i, (_, from, to, edge)) in ds.edges().enumerate() {
        out += "\n";
        out += &edge_turtle(ds, i, from, to, edge);
    }
    routes(ds, &mut out);
    out
}

fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An IRI for a node: its id, percent-encoded.
pub fn node_iri(id: &str) -> String {
    format!("<urn:lineage:node:{}>", encode(id))
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A Turtle string literal.
fn literal(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn row_iri(row: &str) -> String {
    format!("<urn:lineage:row:{}>", encode(row))
}

/// The DPV class of a node kind; `lin:` for kinds DPV has no class for.
fn class(kind: NodeKind) -> String {
    match kind {
        NodeKind::Purpose => "dpv:Purpose".to_string(),
        NodeKind::Data | NodeKind::Category => "dpv:PersonalData".to_string(),
        NodeKind::Basis => "dpv:LegalBasis".to_string(),
        NodeKind::Recipient => "dpv:Recipient".to_string(),
        NodeKind::Region => "dpv:Location".to_string(),
        NodeKind::Condition => "dpv:Context".to_string(),
        NodeKind::Right => "dpv:Right".to_string(),
        other => format!("lin:{}", crate::export::graph::label(other)),
    }
}

/// Provenance lines: the row, the quote, stated or derived (with the reason).
fn provenance(out: &mut String, row: &str, quote: &str, derived: Option<&str>) {
    let _ = writeln!(out, "    dct:source {} ;", row_iri(row));
    let _ = writeln!(out, "    prov:value {} ;", literal(quote));
    match derived {
        Some(reason) => {
            let _ = writeln!(out, "    dct:type \"derived\" ;");
            let _ = writeln!(out, "    rdfs:comment {} ;", literal(reason));
        }
        None => {
            let _ = writeln!(out, "    dct:type \"stated\" ;");
        }
    }
}

fn node_turtle(ds: &Dataset, node: &Node) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} a {} ;", node_iri(&node.id), class(node.kind));
    let _ = writeln!(out, "    dct:identifier {} ;", literal(&node.id));
    let _ = writeln!(out, "    rdfs:label {} ;", literal(&node.name));
    if let Some(lb) = &node.legal_basis {
        if let Some(term) = gdpr_term(&lb.kind) {
            let _ = writeln!(out, "    skos:broader {term} ;");
        }
        let _ = writeln!(out, "    lin:legalBasisKind {} ;", literal(&lb.kind));
        if let Some(reason) = &lb.derived {
            let _ = writeln!(out, "    lin:legalBasisKindDerived {} ;", literal(reason));
        }
    }
    let (row, _, quote) = cited(ds, &node.provenance);
    provenance(&mut out, &row, &quote, node.derived.as_deref());
    out.push_str("    rdfs:isDefinedBy <urn:lineage:dataset> .\n");
    out
}

/// The GDPR extension's term for a basis kind of the form `gdpr-6-1-x` (Art. 6(1)(x)): `A6-1-x`.
pub fn gdpr_term(kind: &str) -> Option<String> {
    let rest = kind.strip_prefix("gdpr-6-1-")?;
    (rest.len() == 1 && rest.chars().all(|c| c.is_ascii_lowercase()))
        .then(|| format!("eu-gdpr:A6-1-{rest}"))
}

/// The predicate an edge kind states, from the data-side node to the other end.
fn predicate(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::UsedFor => "dpv:hasPurpose",
        EdgeKind::HasBasis => "dpv:hasLegalBasis",
        EdgeKind::MayBeSharedWith | EdgeKind::DisclosesTo => "dpv:hasRecipient",
        EdgeKind::ProcessedBy => "dpv:hasDataProcessor",
        EdgeKind::InCategory => "skos:broader",
        EdgeKind::Includes => "dct:hasPart",
        EdgeKind::CollectedFrom => "lin:collectedFrom",
        EdgeKind::RetainedFor => "lin:retainedFor",
        EdgeKind::SafeguardedBy => "lin:safeguardedBy",
        EdgeKind::ControlledBy => "lin:controlledBy",
        EdgeKind::AppliesTo => "lin:appliesTo",
        EdgeKind::Pursues => "lin:pursues",
        EdgeKind::RetainedUnder => "lin:retainedUnder",
    }
}

fn edge_turtle(ds: &Dataset, i: usize, from: NodeIndex, to: NodeIndex, edge: &Edge) -> String {
    let iri = |n: NodeIndex| node_iri(&ds.node(n).id);
    let (subject, object) = if edge.kind == EdgeKind::CollectedFrom {
        // A source's data: the data has the source as its origin.
        (iri(to), iri(from))
    } else {
        (iri(from), iri(to))
    };
    let p = predicate(edge.kind);
    let mut out = format!("{subject} {p} {object} .\n");
    let _ = writeln!(out, "<urn:lineage:fact:{i}> a rdf:Statement ;");
    let _ = writeln!(out, "    rdf:subject {subject} ;");
    let _ = writeln!(out, "    rdf:predicate {p} ;");
    let _ = writeln!(out, "    rdf:object {object} ;");
    for b in edge.bases.iter() {
        let _ = writeln!(out, "    dpv:hasLegalBasis {} ;", iri(b.basis));
    }
    for &r in edge.regions.iter() {
        let _ = writeln!(out, "    dpv:hasJurisdiction {} ;", iri(r));
    }
    for &c in edge.conditions().iter() {
        let _ = writeln!(out, "    dpv:hasContext {} ;", iri(c));
    }
    for &d in edge.data().iter() {
        let _ = writeln!(out, "    dpv:hasPersonalData {} ;", iri(d));
    }
    for (name, text) in [
        ("lin:qualifier", &edge.qualifier()),
        ("lin:period", &edge.period()),
        ("lin:reason", &edge.reason()),
    ] {
        if let Some(text) = text {
            let _ = writeln!(out, "    {name} {} ;", literal(text));
        }
    }
    let (row, _, quote) = cited(ds, &edge.provenance);
    provenance(&mut out, &row, &quote, edge.derived.as_deref());
    let _ = writeln!(out, "    lin:edgeKind {} .", literal(edge.kind.as_str()));
    out
}

/// Every route by which each item or category may reach a recipient, as a process.
fn routes(ds: &Dataset, out: &mut String) {
    let rel = Relations::new(ds, None);
    let iri = |n: NodeIndex| node_iri(&ds.node(n).id);
    let mut i = 0;
    for kind in [NodeKind::Data, NodeKind::Category] {
        for &data in ds.nodes_of_kind(kind) {
            for d in rel.disclosures(Some(data)) {
                i += 1;
                let _ = writeln!(
                    out,
                    "\n<urn:lineage:route:{i}> a dpv:PersonalDataProcess, lin:Route ;"
                );
                let _ = writeln!(out, "    dpv:hasPersonalData {} ;", iri(data));
                let _ = writeln!(out, "    dpv:hasRecipient {} ;", iri(d.recipient));
                let _ = writeln!(out, "    lin:route {} ;", literal(d.route.name()));
                match d.route {
                    Route::Purpose(p) => {
                        let _ = writeln!(out, "    dpv:hasPurpose {} ;", iri(p));
                        let _ = writeln!(out, "    lin:via {} ;", iri(p));
                    }
                    Route::CategoryLevel(n) | Route::ItemLevel(n) => {
                        let _ = writeln!(out, "    lin:via {} ;", iri(n));
                    }
                    Route::Processor => {}
                }
                for b in d.bases.iter().filter(|b| b.governs()) {
                    let _ = writeln!(out, "    dpv:hasLegalBasis {} ;", iri(b.basis));
                }
                if d.bases.is_empty() {
                    let _ = writeln!(out, "    lin:legalBasis {} ;", literal(super::NOT_STATED));
                }
                for row in cite_rows(ds, &d.cites) {
                    let _ = writeln!(out, "    dct:source {} ;", row_iri(&row));
                }
                let mut reasons = crate::export::graph::route_reasons(ds, data, &d);
                reasons.extend(cite_reasons(ds, &d.cites));
                if reasons.is_empty() {
                    let _ = writeln!(out, "    dct:type \"stated\" .");
                } else {
                    let _ = writeln!(out, "    rdfs:comment {} ;", literal(&reasons.join("; ")));
                    let _ = writeln!(out, "    dct:type \"derived\" .");
                }
            }
        }
    }
}
