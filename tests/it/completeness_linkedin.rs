//! Completeness of `data/linkedin-eu-2025-02/` against the notice it encodes: LinkedIn's European
//! Regional Privacy Notice, effective 2025-02-27.
//!
//! The dataset does not hold the notice's text: its manifest names it by archive, path, commit and
//! SHA-256, and the loader finds it in a notice library (`../shared/notices` beside a checkout). Where
//! the text is found, every purpose row of the five legal-bases tables is cut out of it here, by its
//! Markdown table lines, independently of the dataset's row anchors, and rebuilt from the graph: the
//! row's purposes, their basis, the regions the row is stated for, and every data item of its data
//! cell, in order. Where the text is not found (a fresh machine), these tests say in one line what they
//! skipped, or fail under `LINEAGE_REQUIRE_TOOLS`.
//!
//! This file knows the notice's layout (its headings, its pipe tables); the crate does not.

use std::collections::HashSet;

use lineage::{
    dataset::model::EdgeKind,
    dataset::{Dataset, Edge},
    names::normalize,
};
use petgraph::graph::{EdgeIndex, NodeIndex};

use crate::common::{dataset_at, lineage, root, row_edges, row_of, run, skip_or_fail, TempDir};

/// The data paragraphs that list several items, one per sentence: (row, how the paragraph starts,
/// how many items). Every other paragraph that names data is one item.
const SEVERAL_ITEMS: &[(&str, &str, usize)] =
    &[("li-r10", "For our Hiring Assistant AI features:", 4)];

const DIR: &str = "data/linkedin-eu-2025-02";
/// Where the Regional Notice starts in the recorded document (the Privacy Policy comes first).
const START: &str = "LinkedIn European Regional Privacy Notice\n===";

/// One legal-bases table: the heading it follows, its basis, its purpose and data columns, its rows.
struct Table {
    heading: &'static str,
    basis: &'static str,
    purpose_cell: usize,
    data_cell: Option<usize>,
    rows: usize,
}

const TABLES: &[Table] = &[
    Table {
        heading: "#### **To perform our contract with you**",
        basis: "contract",
        purpose_cell: 0,
        data_cell: Some(1),
        rows: 1,
    },
    Table {
        heading: "#### **Consent**",
        basis: "consent",
        purpose_cell: 0,
        data_cell: Some(1),
        rows: 13,
    },
    Table {
        heading: "#### **When does LinkedIn rely on legitimate interests?**",
        basis: "legitimate-interests",
        purpose_cell: 0,
        data_cell: Some(3),
        rows: 11,
    },
    Table {
        heading: "#### **Compliance with Legal Obligations**",
        basis: "legal-obligation",
        purpose_cell: 1,
        data_cell: None,
        rows: 5,
    },
    Table {
        heading: "#### **Public Interest**",
        basis: "public-interest",
        purpose_cell: 0,
        data_cell: Some(1),
        rows: 1,
    },
];

/// The dataset, when its notice's text was found; otherwise `None`, after saying what was skipped.
fn with_text(not_checked: &str) -> Option<Dataset> {
    let ds = dataset_at(DIR);
    if ds.quotes().verified() {
        Some(ds)
    } else {
        skip_or_fail(
            "the text of LinkedIn's notice (linkedin/linkedin-eu-2025-02-27.txt) is in no notice \
             library (../shared/notices, LINEAGE_NOTICES)",
            not_checked,
        );
        None
    }
}

/// Markdown links as their text: `[Cookies](https://…)` is `Cookies`.
fn strip_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after.find("](") {
            Some(close) if !after[..close].contains('[') => {
                let target = &after[close + 2..];
                let end = target.find(')').map_or(target.len(), |e| e + 1);
                out.push_str(&rest[..open]);
                out.push_str(&after[..close]);
                rest = &target[end..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the words of `name` appear, in order, among the words of `text` (both normalised).
fn names_in_order(name: &str, text: &str) -> bool {
    let text = normalize(&strip_links(text));
    let mut words = text.split(' ');
    normalize(name)
        .split(' ')
        .all(|wanted| words.any(|w| w == wanted))
}

/// A row of a table as the notice has it: where its line starts in the snapshot, and its cells.
struct Line<'a> {
    offset: usize,
    cells: Vec<&'a str>,
}

/// The body rows of the table after `heading`: its pipe lines, without the header line, the `---`
/// line and a bold header row.
fn table_lines<'a>(text: &'a str, heading: &str) -> Vec<Line<'a>> {
    let start = text.find(START).expect("the Regional Notice");
    let at = start + text[start..].find(heading).expect("table heading");
    let mut offset = at;
    let mut lines = Vec::new();
    let mut started = false;
    for line in text[at..].split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        if !line.starts_with('|') {
            if started {
                break;
            }
            continue;
        }
        started = true;
        let body = line
            .trim_end()
            .trim_start_matches('|')
            .trim_end_matches('|');
        let cells: Vec<&str> = body.split(" | ").map(str::trim).collect();
        let header = cells.iter().all(|c| c.is_empty() || c.starts_with("---"))
            || cells
                .iter()
                .all(|c| c.starts_with("**") && c.ends_with("**"))
            || cells.iter().skip(1).any(|c| *c == "How we use your data");
        if !header {
            lines.push(Line {
                offset: here,
                cells,
            });
        }
    }
    lines
}

/// Whether a paragraph of a data cell names data: not a pointer to settings or further reading.
fn names_data(paragraph: &str) -> bool {
    let text = strip_links(paragraph);
    let text = text.trim();
    !(text.is_empty() || text.starts_with("You can") || text.starts_with("Learn more"))
}

/// A bold paragraph of a data cell is a heading that groups the items after it.
fn heading(paragraph: &str) -> Option<&str> {
    let p = paragraph.trim();
    (p.starts_with("**") && p.ends_with("**")).then(|| p.trim_matches('*'))
}

/// The regions a row is stated for: the one its purpose cell scopes it to, else both.
fn regions_of(purpose_cell: &str) -> Vec<&'static str> {
    if purpose_cell.contains("in the Designated Countries") {
        vec!["designated-countries"]
    } else if purpose_cell.contains("in the UK") {
        vec!["uk"]
    } else {
        vec!["designated-countries", "uk"]
    }
}

struct Check<'a> {
    ds: &'a Dataset,
    /// Edges treated as deleted (the mutation test).
    skip: &'a HashSet<EdgeIndex>,
    failures: Vec<String>,
}

impl<'a> Check<'a> {
    fn edges(&self, kind: EdgeKind, row: &str) -> Vec<(NodeIndex, NodeIndex, &'a Edge)> {
        row_edges(self.ds, kind, row, self.skip)
    }

    fn node(&self, id: &str) -> NodeIndex {
        self.ds.node_by_id(id).expect("a node the test names")
    }

    fn fail(&mut self, failure: String) {
        self.failures.push(failure);
    }

    /// Whether the node's name, or one of its aliases, is written in `text`.
    fn written_in(&self, node: NodeIndex, text: &str) -> bool {
        let n = self.ds.node(node);
        std::iter::once(&n.name)
            .chain(n.aliases.iter().map(|a| &a.name))
            .any(|name| names_in_order(name, text))
    }

    fn regions_are(&mut self, what: &str, edge: &Edge, wanted: &[&str]) {
        let stated: HashSet<NodeIndex> = edge.regions.iter().copied().collect();
        let wanted: HashSet<NodeIndex> = wanted.iter().map(|r| self.node(r)).collect();
        if stated != wanted {
            self.fail(format!("{what}: not stated for the row's regions"));
        }
    }

    fn table(&mut self, table: &Table) {
        let lines = table_lines(self.ds.snapshot(), table.heading);
        if lines.len() != table.rows {
            self.fail(format!(
                "`{}` has {} rows, {} expected",
                table.heading,
                lines.len(),
                table.rows
            ));
        }
        for line in &lines {
            let Some(row) = self
                .ds
                .rows()
                .iter()
                .find(|r| r.span().start == line.offset)
            else {
                self.fail(format!(
                    "no row of the data starts at the table row `{}`",
                    &line.cells[0].chars().take(60).collect::<String>()
                ));
                continue;
            };
            self.row(table, &row.id, line);
        }
    }

    /// One row: its purposes and their basis, then its data cell.
    fn row(&mut self, table: &Table, id: &str, line: &Line) {
        let purpose_cell = line.cells[table.purpose_cell];
        let regions = regions_of(purpose_cell);
        let basis = self.node(table.basis);
        let mut purposes = Vec::new();
        for (purpose, to, edge) in self.edges(EdgeKind::HasBasis, id) {
            let name = &self.ds.node(purpose).name;
            if to != basis {
                self.fail(format!("{id}: `{name}` has a basis other than the table's"));
            }
            if !self.written_in(purpose, purpose_cell) {
                self.fail(format!("{id}: the purpose cell does not name `{name}`"));
            }
            self.regions_are(&format!("{id}: the basis of `{name}`"), edge, &regions);
            purposes.push(purpose);
        }
        if purposes.is_empty() {
            self.fail(format!("{id}: no purpose has the table's basis"));
            return;
        }
        let used: Vec<_> = self
            .edges(EdgeKind::UsedFor, id)
            .into_iter()
            .filter(|(_, to, _)| purposes.contains(to))
            .collect();
        for &(_, _, edge) in &used {
            let what = format!("{id}: `{}`", self.ds.quote(&edge.provenance));
            let bases: Vec<NodeIndex> = edge.bases.iter().map(|b| b.basis).collect();
            if bases != [basis] {
                self.fail(format!("{what} does not carry the table's basis"));
            }
            self.regions_are(&what, edge, &regions);
        }
        match table.data_cell {
            Some(cell) => self.data_cell(id, line.cells[cell], &used),
            None => {
                for &purpose in &purposes {
                    let reached = self
                        .ds
                        .in_edges(purpose, EdgeKind::UsedFor)
                        .iter()
                        .any(|(e, _)| !self.skip.contains(e));
                    if !reached {
                        self.fail(format!("{id}: no data is used for its obligation"));
                    }
                }
            }
        }
    }

    /// Every item of the data cell, in order: each paragraph that names data is one item (or as many
    /// as `SEVERAL_ITEMS` says), each edge's quote lies in such a paragraph, after the previous one, and names
    /// its node; a bold paragraph is the group heading of the items after it.
    fn data_cell(&mut self, id: &str, cell: &str, used: &[(NodeIndex, NodeIndex, &Edge)]) {
        let paragraphs: Vec<&str> = cell.split("<br><br>").collect();
        let mut starts = Vec::new();
        let mut at = 0;
        for p in &paragraphs {
            starts.push(at);
            at += p.len() + "<br><br>".len();
        }
        let paragraph_at = |pos: usize| starts.iter().rposition(|&s| s <= pos).unwrap_or(0);
        let mut items = vec![0; paragraphs.len()];
        let mut pos = 0;
        for &(item, _, edge) in used {
            let quote = self.ds.quote(&edge.provenance);
            let Some(found) = cell[pos..].find(quote).map(|f| f + pos) else {
                self.fail(format!(
                    "{id}: `{quote}` is not in the data cell, after the items before it"
                ));
                continue;
            };
            pos = found + quote.len();
            let k = paragraph_at(found);
            items[k] += 1;
            if !names_data(paragraphs[k]) || heading(paragraphs[k]).is_some() {
                self.fail(format!("{id}: `{quote}` is not in a paragraph naming data"));
            }
            if !self.written_in(item, paragraphs[k]) {
                let node = &self.ds.node(item).id;
                self.fail(format!("{id}: `{quote}` does not name `{node}`"));
            }
            let group = paragraphs[..k].iter().rev().find_map(|p| heading(p));
            let stated = edge.group.map(|g| self.ds.node(g).name.clone());
            let grouped = match (group, &stated) {
                (None, None) => true,
                (Some(h), Some(g)) => names_in_order(g, h),
                _ => false,
            };
            if !grouped {
                self.fail(format!("{id}: `{quote}` is not under its heading"));
            }
        }
        for (k, p) in paragraphs.iter().enumerate() {
            if !names_data(p) || heading(p).is_some() {
                continue;
            }
            let wanted = SEVERAL_ITEMS
                .iter()
                .find(|(row, start, _)| *row == id && p.starts_with(start))
                .map_or(1, |&(_, _, n)| n);
            if items[k] != wanted {
                let p = strip_links(p).chars().take(60).collect::<String>();
                self.fail(format!(
                    "{id}: the data cell's paragraph `{p}` has {} items encoded, {wanted} expected",
                    items[k]
                ));
            }
        }
    }
}

/// Every way in which the data fails to rebuild the five tables, with the edges in `skip` deleted.
fn completeness_failures(ds: &Dataset, skip: &HashSet<EdgeIndex>) -> Vec<String> {
    let mut check = Check {
        ds,
        skip,
        failures: Vec::new(),
    };
    for table in TABLES {
        check.table(table);
    }
    check.failures
}

#[test]
fn every_purpose_row_of_the_legal_bases_tables_rebuilds_from_the_data() {
    let Some(ds) = with_text("the LinkedIn dataset's legal-bases tables against the notice") else {
        return;
    };
    let failures = completeness_failures(&ds, &HashSet::new());
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let purposes = ds
        .edges()
        .filter(|(_, _, _, e)| e.kind == EdgeKind::HasBasis)
        .count();
    // contract 1, consent 13, legitimate interests 12 (one row states two), legal obligation 5,
    // public interest 1.
    assert_eq!(purposes, 32);
}

#[test]
fn deleting_any_one_fact_of_a_table_row_fails_the_check() {
    let Some(ds) = with_text("deleting facts of the LinkedIn dataset's tables") else {
        return;
    };
    let mut tried = 0;
    for (e, _, _, edge) in ds.edges() {
        let row = row_of(&ds, &edge.provenance);
        let in_a_table = ["contract-r", "consent-r", "li-r", "lo-r", "pi-r"]
            .iter()
            .any(|p| row.starts_with(p));
        if !in_a_table || ![EdgeKind::UsedFor, EdgeKind::HasBasis].contains(&edge.kind) {
            continue;
        }
        tried += 1;
        assert!(
            !completeness_failures(&ds, &HashSet::from([e])).is_empty(),
            "deleting the {} edge `{}` in {row} went unnoticed",
            edge.kind,
            ds.quote(&edge.provenance)
        );
    }
    assert!(tried > 130, "only {tried} edges tried");
}

#[test]
fn with_its_text_the_dataset_loads_and_its_quotes_are_verified() {
    let Some(ds) = with_text("that the LinkedIn dataset's quotes are verified") else {
        return;
    };
    assert!(ds.quotes().verified());
    let out = run(lineage().args(["--data", DIR, "check"]));
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out
        .stdout
        .contains("every one found verbatim in the row it cites"));
    assert!(!out.stdout.contains("NOT VERIFIED"));
    assert_eq!(out.stderr, "");
}

#[test]
fn without_its_text_the_dataset_loads_and_says_its_quotes_are_not_verified() {
    // The copy sits beside an empty `shared/notices/`, the nearest library above it, so that no
    // library higher up (a `shared/` in the temporary folder's parents) is searched; and
    // LINEAGE_NOTICES names an empty folder.
    let dir = TempDir::new("linkedin-without-text");
    let empty = dir.join("shared/notices");
    let copy = dir.join("linkedin-eu-2025-02");
    std::fs::create_dir_all(&empty).expect("an empty library");
    std::fs::create_dir_all(&copy).expect("a folder for the copy");
    for entry in std::fs::read_dir(root().join(DIR)).expect("the dataset folder") {
        let path = entry.expect("an entry").path();
        std::fs::copy(&path, copy.join(path.file_name().expect("a file name")))
            .expect("a data file copied");
    }
    let check = run(lineage()
        .env("LINEAGE_NOTICES", &empty)
        .args(["check", "--data"])
        .arg(&copy));
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("Quotes: NOT VERIFIED."),
        "{}",
        check.stdout
    );
    let ask = run(lineage()
        .env("LINEAGE_NOTICES", &empty)
        .arg("--data")
        .arg(&copy)
        .args([
            "ask",
            "--format",
            "markdown",
            "basis of Safety and security",
        ]));
    assert_eq!(ask.code, Some(0), "{}", ask.stderr);
    assert!(ask.stdout.contains("Legitimate Interest"), "{}", ask.stdout);
    assert!(ask
        .stderr
        .starts_with("warning: the quotes of `linkedin-eu-2025-02` are not verified"));
}

/// The Privacy Policy's "Data We Collect" (section 1): each of its subsections that names where data
/// comes from has that source and that data in the dataset, quoted from that subsection, and every
/// paragraph of the subsection that says "we receive / we collect / we log … from" is encoded: each
/// subsection's rows state at least one `collected-from`. "1.9 Other" states no source.
#[test]
fn the_privacy_policys_data_we_collect_rebuilds_from_the_data() {
    let Some(ds) = with_text("the Privacy Policy's sources") else {
        return;
    };
    let section = ds.section("pp-data-we-collect").expect("section");
    let none = HashSet::new();
    let mut sources: Vec<&str> = Vec::new();
    for row in ds.rows_of(section) {
        let edges = row_edges(&ds, EdgeKind::CollectedFrom, &row.id, &none);
        match row.id.as_str() {
            "pp-1-9" | "pp-2-on" => assert!(edges.is_empty(), "{}", row.id),
            _ => assert!(!edges.is_empty(), "{}: no source encoded", row.id),
        }
        for (source, _, edge) in &edges {
            // Each quote lies in the row's own text (the loader checks it; the check here is that
            // the row is the subsection the source is named in).
            assert!(ds.row_text(row).contains(ds.quote(&edge.provenance)));
            let name = ds.node(*source).name.as_str();
            if !sources.contains(&name) {
                sources.push(name);
            }
        }
    }
    assert_eq!(
        sources,
        [
            "You",
            "Others",
            "Customers and partners",
            "Related Companies and Other Services",
            "cookies and similar technologies",
            "mobile device",
            "your organization (e.g., employer or school)",
            "Sites and Services of Others",
        ]
    );
    // The conditions the policy puts on collecting (premium, calendar and e-mail sync, precise
    // location) are on the edges they qualify, never on the data.
    let conditional: Vec<&str> = ds
        .edges_of_kind(EdgeKind::CollectedFrom)
        .iter()
        .filter(|&&e| !ds.edge(e).conditions().is_empty())
        .map(|&e| ds.node(ds.ends(e).1).id.as_str())
        .collect();
    assert_eq!(
        conditional,
        [
            "payment-and-billing-information",
            "calendar-meeting-information",
            "email-header-information",
            "email-header-information",
            "location-from-device",
        ]
    );
}
