//! The requester's letter (`lineage run --audience requester`): the report's answers said in plain
//! words, one part per statutory item, each line citing the notice's own headings; no row ids, flags
//! or derived reasons (those stay in counsel's annex, the report itself). Gaps are said in words.
//! Its wording (title, scope, recipients, closing) and the items' plain headings are the regime's
//! data; nothing of a statute or a notice is written here.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::{
    answer::{Answer, BasisCell, Cell, NodeFields, NodeRef, Str},
    dataset::{model::Party, Dataset},
    dsar::classes::Classified,
    dsar::regime::{Bases, ClassTarget, Regime, Right},
    dsar::report::{Entry, Report, Section, Status},
    present::repair::repair,
};

/// The letter: what it answers, on which date, from which notice, and a part per item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub title: String,
    /// The date it answers on, `YYYY-MM-DD`.
    pub date: String,
    /// The notice it answers from: title, publisher, as-of date.
    pub notice: String,
    pub source: String,
    pub scope: Vec<String>,
    pub parts: Vec<Part>,
    pub closing: Vec<String>,
}

/// One statutory item, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    pub cite: String,
    pub heading: String,
    pub lines: Vec<Line>,
    /// Sentences after the lines: gaps in words, notes on recipients, rules.
    pub paragraphs: Vec<String>,
}

/// One thing the item lists (a purpose, a category, a recipient, a right), with what the notice says
/// of it and the headings of the notice it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub name: String,
    pub details: Vec<Detail>,
    pub notice: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detail {
    pub label: String,
    pub values: Vec<String>,
}

/// Columns whose cells the letter never shows: how a route runs, conditions and flags (counsel's),
/// quotes (the lines already name them), the notice's grouping, and ids.
const COUNSEL_ONLY: &[&str] = &[
    "route",
    "conditions",
    "notes",
    "quotes",
    "group",
    "law",
    "id",
];

/// The line of a statement the notice ties to no particular data.
const GENERAL: &str = "Your personal data in general";

/// Said after a purpose whose basis the notice limits to some of its data.
const LIMITED: &str = " (for some of the data only)";

/// What the letter is built from.
pub struct Sources<'a> {
    pub ds: &'a Dataset,
    pub regime: &'a Regime,
    pub classes: &'a [Classified],
}

impl Sources<'_> {
    /// The letter for `report`, dated `date`.
    pub fn letter(&self, report: &Report, date: &str) -> Letter {
        let m = self.ds.manifest();
        let wording = self.regime.letter.as_ref();
        let mut seen = BTreeSet::new();
        let mut parts: Vec<Part> = report
            .sections
            .iter()
            .filter_map(|s| self.part(s, &mut seen))
            .collect();
        parts.extend(self.classes_part(report));
        Letter {
            title: wording.map_or_else(|| report.title.clone(), |w| w.title.clone()),
            date: date.to_string(),
            notice: format!("\"{}\" ({}, as of {})", m.title, m.publisher, m.as_of),
            source: m.source_url.clone(),
            scope: wording.map(|w| w.scope.clone()).unwrap_or_default(),
            parts,
            closing: wording.map(|w| w.closing.clone()).unwrap_or_default(),
        }
    }

    fn part(&self, section: &Section, seen: &mut BTreeSet<String>) -> Option<Part> {
        let item = section.item.as_ref().filter(|i| !i.counsel_only)?;
        let mut part = Part {
            cite: item.cite.clone(),
            heading: item.plain.clone().unwrap_or_else(|| item.title.clone()),
            lines: Vec::new(),
            paragraphs: Vec::new(),
        };
        let mut group = Group::default();
        // The not-stated lines of lists that ask what the notice itself says of the rights the law
        // gives (listed above them by `rights`): said as "does not describe them", never as if the
        // requester had no rights.
        let mut own_words = BTreeSet::new();
        let mut law_rights = false;
        for entry in &section.entries {
            let Entry::Answer {
                question, answer, ..
            } = entry
            else {
                continue;
            };
            if answer.form == "rights" {
                self.rights(answer, &mut part);
                law_rights = !part.lines.is_empty();
            } else if answer.form == "list" && answer.rows.is_empty() && law_rights {
                own_words.extend(answer.not_stated.iter().cloned());
            } else if seen.insert(question.clone()) {
                self.group(answer, &mut part, &mut group);
            }
        }
        self.recipients_said(&group, &mut part);
        if let Some(rule) = &group.rule {
            part.paragraphs.push(format!(
                "Our notice also lists \"{}\": this stands for any of your data, where the law requires it, not for further data.",
                repair(rule)
            ));
        }
        let (status, gaps) = section.status();
        let silent = item
            .silent
            .clone()
            .unwrap_or_else(|| "Our notice does not state this.".to_string());
        if status == Status::NotStated && part.lines.is_empty() {
            part.paragraphs.push(silent);
        } else {
            for gap in gaps.iter().filter(|g| !g.starts_with("the question ")) {
                if own_words.contains(gap) {
                    part.paragraphs.push(
                        "Our notice itself does not describe these rights: they are yours under the law, as listed above."
                            .to_string(),
                    );
                } else {
                    part.paragraphs.push(plain_gap(gap));
                }
            }
        }
        Some(part)
    }

    fn stands_for_rule(&self, node: &NodeRef) -> bool {
        self.ds
            .node_by_id(&node.id)
            .is_some_and(|n| self.ds.node(n).stands_for.is_some())
    }

    /// The notice's headings of the rows behind some evidence; the tool's own readings are left out.
    fn headings<'e>(
        &self,
        evidence: impl Iterator<Item = &'e crate::answer::Evidence>,
        into: &mut Vec<String>,
    ) {
        for e in evidence.filter(|e| e.derived.is_none()) {
            if let Some(section) = self.ds.section(&e.section) {
                push_new(into, repair(&section.title).into_owned());
            }
        }
    }
}

/// What a part's answers said beyond their lines.
#[derive(Default)]
struct Group {
    named: bool,
    categories: bool,
    rule: Option<String>,
}

impl Sources<'_> {
    /// Rows grouped by their first column (a purpose, a category, a recipient): one line each.
    fn group(&self, answer: &Answer, part: &mut Part, group: &mut Group) {
        for row in answer.rows.iter() {
            let first = match (row.0.first(), answer.columns.first()) {
                (Some(Cell::Nodes(first)), _) => first.clone(),
                // A statement tied to no data of the notice (a retention criterion), or a `list`.
                (Some(Cell::Text(text)), Some(column)) => {
                    let name = if column.key == "data" {
                        GENERAL.to_string()
                    } else {
                        text.clone()
                    };
                    let node = NodeRef::new(NodeFields {
                        id: Str::default(),
                        kind: Str::from(column.key),
                        name: Str::from(name),
                    });
                    vec![node]
                }
                _ => continue,
            };
            let (rules, first): (Vec<&NodeRef>, Vec<&NodeRef>) =
                first.iter().partition(|n| self.stands_for_rule(n));
            if let Some(rule) = rules.first() {
                group.rule.get_or_insert_with(|| rule.name.to_string());
            }
            let Some(kind) = first.first().map(|n| n.kind.clone()) else {
                continue;
            };
            for node in &first {
                self.note_party(node, group);
            }
            let name = first
                .iter()
                .map(|n| repair(&n.name).into_owned())
                .collect::<Vec<_>>()
                .join("; ");
            let at = match part.lines.iter().position(|l| l.name == name) {
                Some(at) => at,
                None => {
                    part.lines.push(Line {
                        name,
                        details: Vec::new(),
                        notice: Vec::new(),
                    });
                    part.lines.len() - 1
                }
            };
            let cells = answer.columns.iter().zip(&row.0).skip(1);
            for (column, cell) in cells.filter(|(c, _)| !COUNSEL_ONLY.contains(&c.key)) {
                self.cell(&kind, column.heading, cell, &mut part.lines[at], group);
            }
        }
    }

    fn cell(&self, kind: &str, heading: &str, cell: &Cell, line: &mut Line, group: &mut Group) {
        match cell {
            Cell::Bases(bases) if !self.regime.bases.is_empty() => {
                let names = bases.iter().filter(|b| b.governs).map(|b| {
                    let name = repair(&b.basis.name).into_owned();
                    if b.only_for.is_empty() {
                        name
                    } else {
                        format!("{name} (for some of the data only)")
                    }
                });
                detail(line, heading, names);
                self.headings(bases.iter().flat_map(|b| &b.evidence), &mut line.notice);
            }
            Cell::Bases(bases) => {
                self.headings(bases.iter().flat_map(|b| &b.evidence), &mut line.notice);
            }
            // A purpose's line names its bases, not the data: the categories part lists those.
            Cell::Nodes(nodes) if kind != "purpose" => {
                let (rules, nodes): (Vec<&NodeRef>, Vec<&NodeRef>) =
                    nodes.iter().partition(|n| self.stands_for_rule(n));
                if let Some(rule) = rules.first() {
                    group.rule.get_or_insert_with(|| rule.name.to_string());
                }
                detail(
                    line,
                    heading,
                    nodes.iter().map(|n| repair(&n.name).into_owned()),
                );
            }
            Cell::Text(text) => detail(line, heading, std::iter::once(repair(text).into_owned())),
            Cell::Evidence(evidence) => self.headings(evidence.iter(), &mut line.notice),
            _ => {}
        }
    }

    fn note_party(&self, node: &NodeRef, group: &mut Group) {
        let Some(n) = self.ds.node_by_id(&node.id) else {
            return;
        };
        match self.ds.node(n).party {
            Some(Party::Named) => group.named = true,
            Some(Party::Category) => group.categories = true,
            None => {}
        }
    }

    fn recipients_said(&self, group: &Group, part: &mut Part) {
        let Some(wording) = &self.regime.letter else {
            return;
        };
        if group.named {
            part.paragraphs.extend(wording.named_recipients.clone());
        }
        if group.categories {
            part.paragraphs.extend(wording.category_recipients.clone());
        }
    }
}

/// A right and the purposes it holds for.
struct Holds<'r> {
    right: &'r Right,
    purposes: Vec<String>,
}

impl Sources<'_> {
    /// The rights part: each right of the regime, the purposes whose stated basis opens it, and the
    /// rights that follow a class of purpose (marketing of Art. 21(2)) whatever the basis.
    fn rights(&self, answer: &Answer, part: &mut Part) {
        let mut holds: Vec<Holds> = self
            .regime
            .rights
            .iter()
            .filter(|r| r.class.is_none())
            .map(|right| Holds {
                right,
                purposes: Vec::new(),
            })
            .collect();
        let mut unsettled = Vec::new();
        for row in answer.rows.iter() {
            let Some(Cell::Nodes(purposes)) = row.0.first() else {
                continue;
            };
            let name = purposes
                .iter()
                .map(|p| repair(&p.name).into_owned())
                .collect::<Vec<_>>()
                .join("; ");
            let bases = row.0.iter().find_map(|c| match c {
                Cell::Bases(b) => Some(b),
                _ => None,
            });
            let mut settled = false;
            for basis in bases.into_iter().flatten().filter(|b| b.governs) {
                settled |= self.opens(basis, &name, &mut holds);
            }
            if !settled {
                push_new(&mut unsettled, name);
            }
        }
        for h in &mut holds {
            let whole = h.purposes.clone();
            h.purposes.retain(|p| {
                p.strip_suffix(LIMITED)
                    .is_none_or(|purpose| !whole.iter().any(|w| w == purpose))
            });
        }
        for h in holds.iter().filter(|h| !h.purposes.is_empty()) {
            let for_ = match h.right.bases {
                Bases::All(_) => vec!["every purpose above".to_string()],
                Bases::Some(_) => h.purposes.clone(),
            };
            part.lines.push(right_line(h.right, for_));
        }
        for right in self.regime.rights.iter().filter(|r| r.class.is_some()) {
            part.lines.push(self.class_right(right));
        }
        if !unsettled.is_empty() {
            part.paragraphs.push(format!(
                "Our notice does not state which legal basis applies to: {}; so which of these rights apply to it is not stated.",
                unsettled.join("; ")
            ));
        }
    }

    /// Adds `purpose` to the rights the basis opens; false when the notice states no kind for it.
    fn opens(&self, basis: &BasisCell, purpose: &str, holds: &mut [Holds]) -> bool {
        if basis.delegated || basis.derived.is_some() {
            return false;
        }
        let kind = self
            .ds
            .node_by_id(&basis.basis.id)
            .and_then(|n| self.ds.node(n).legal_basis.as_ref());
        let Some(kind) = kind.and_then(|lb| self.regime.basis_of_kind(&lb.kind)) else {
            return false;
        };
        let limited = if basis.only_for.is_empty() {
            purpose.to_string()
        } else {
            format!("{purpose}{LIMITED}")
        };
        for right in self.regime.rights_of(kind) {
            if let Some(h) = holds.iter_mut().find(|h| h.right.id == right.id) {
                push_new(&mut h.purposes, limited.clone());
            }
        }
        true
    }

    fn class_right(&self, right: &Right) -> Line {
        let class = right.class.as_deref().unwrap_or_default();
        let purposes: Vec<String> = self
            .classes
            .iter()
            .filter(|c| c.class.id == class)
            .map(|c| repair(&self.ds.node(c.node).name).into_owned())
            .collect();
        if purposes.is_empty() {
            let mut line = right_line(right, Vec::new());
            line.details.push(Detail {
                label: "For".into(),
                values: vec!["no purpose our notice states".into()],
            });
            line
        } else {
            right_line(right, purposes)
        }
    }

    /// The data and purposes of the regime's classes that the answers name: special categories,
    /// sensitive personal information, the marketing of Art. 21(2).
    fn classes_part(&self, report: &Report) -> Option<Part> {
        if self.regime.classes.is_empty() {
            return None;
        }
        let named = named_in(report);
        let mut part = Part {
            cite: self
                .regime
                .classes
                .iter()
                .map(|c| c.cite.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            heading: "Data and purposes the law treats apart".into(),
            lines: Vec::new(),
            paragraphs: Vec::new(),
        };
        for class in &self.regime.classes {
            let members: Vec<&Classified> = self
                .classes
                .iter()
                .filter(|c| c.class.id == class.id)
                .filter(|c| named.contains(self.ds.node(c.node).id.as_str()))
                .collect();
            let what = match class.applies_to {
                ClassTarget::Data => "data",
                ClassTarget::Purpose => "purposes",
            };
            if members.is_empty() {
                part.paragraphs.push(format!(
                    "Of the {what} this answer covers, our notice states none of this kind: {} ({}).",
                    class.name, class.cite
                ));
                continue;
            }
            for c in members {
                let mut line = Line {
                    name: repair(&self.ds.node(c.node).name).into_owned(),
                    details: vec![Detail {
                        label: "Class".into(),
                        values: vec![format!("{} ({})", class.name, class.cite)],
                    }],
                    notice: Vec::new(),
                };
                if c.derived.is_none() {
                    detail(
                        &mut line,
                        "Our notice says",
                        std::iter::once(format!("\"{}\"", repair(&c.quote))),
                    );
                }
                if let Some(row) = self.ds.row(&c.row) {
                    let section = &self.ds.sections()[row.section()];
                    line.notice.push(repair(&section.title).into_owned());
                }
                part.lines.push(line);
            }
            part.paragraphs.push(format!(
                "For {} ({}): {}.",
                class.name, class.cite, class.consequence
            ));
        }
        Some(part)
    }
}

/// The ids of every node the report's answers name.
pub fn named_in(report: &Report) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for section in &report.sections {
        for entry in &section.entries {
            let Entry::Answer { answer, .. } = entry else {
                continue;
            };
            for cell in answer.rows.iter().flat_map(|r| &r.0) {
                if let Cell::Nodes(nodes) = cell {
                    ids.extend(nodes.iter().map(|n| n.id.to_string()));
                }
            }
        }
    }
    ids
}

fn right_line(right: &Right, purposes: Vec<String>) -> Line {
    let mut line = Line {
        name: format!("The right {} ({})", right.right, right.cite),
        details: Vec::new(),
        notice: Vec::new(),
    };
    if !purposes.is_empty() {
        line.details.push(Detail {
            label: "For".into(),
            values: purposes,
        });
    }
    line
}

fn detail(line: &mut Line, label: &str, values: impl Iterator<Item = String>) {
    let at = match line.details.iter().position(|d| d.label == label) {
        Some(at) => at,
        None => {
            line.details.push(Detail {
                label: label.to_string(),
                values: Vec::new(),
            });
            line.details.len() - 1
        }
    };
    for value in values.filter(|v| !v.trim().is_empty()) {
        let value = value.trim().trim_end_matches('.').to_string();
        push_new(&mut line.details[at].values, value);
    }
}

fn push_new(into: &mut Vec<String>, value: String) {
    if !into.contains(&value) {
        into.push(value);
    }
}

/// A gap as the report records it ("the notice places these items in no category: …"), said by the
/// company: "Our notice places these items in no category: …".
fn plain_gap(gap: &str) -> String {
    let gap = gap.replace('`', "\"");
    let gap = match gap.strip_prefix("the notice ") {
        Some(rest) => format!("Our notice {rest}"),
        None => {
            let mut chars = gap.chars();
            match chars.next() {
                Some(first) => format!("Not stated in our notice: {}{}", first, chars.as_str()),
                None => gap,
            }
        }
    };
    if gap.ends_with('.') {
        gap
    } else {
        format!("{gap}.")
    }
}

impl Letter {
    /// The letter in Markdown: a heading per item, a bullet per line, the gaps in words.
    pub fn markdown(&self) -> String {
        use crate::present::escape::markdown_one_line as md;
        let mut out = format!("# {}\n\n**Date:** {}\n\n", md(&self.title), md(&self.date));
        out.push_str(&format!(
            "This answer is given from our privacy notice {} ({}).\n\n",
            md(&self.notice),
            md(&self.source)
        ));
        for paragraph in &self.scope {
            out.push_str(&format!("{}\n\n", md(paragraph)));
        }
        for (n, part) in self.parts.iter().enumerate() {
            out.push_str(&format!(
                "## {}. {} ({})\n\n",
                n + 1,
                md(&part.heading),
                md(&part.cite)
            ));
            for line in &part.lines {
                out.push_str(&format!("- {}\n", md(&line.sentence())));
            }
            if !part.lines.is_empty() {
                out.push('\n');
            }
            for paragraph in &part.paragraphs {
                out.push_str(&format!("{}\n\n", md(paragraph)));
            }
        }
        for paragraph in &self.closing {
            out.push_str(&format!("{}\n\n", md(paragraph)));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }
}

impl Line {
    /// The line as one sentence: "Name. Label: a; b. (Our notice: "Heading".)"
    pub fn sentence(&self) -> String {
        let mut text = self.name.clone();
        for d in self.details.iter().filter(|d| !d.values.is_empty()) {
            text.push_str(&format!(". {}: {}", d.label, d.values.join("; ")));
        }
        if !self.notice.is_empty() {
            let headings: Vec<String> = self.notice.iter().map(|h| format!("\"{h}\"")).collect();
            text.push_str(&format!(". Our notice: {}", headings.join("; ")));
        }
        text.push('.');
        text
    }
}

impl Letter {
    /// The letter as a Word document's blocks: a table per item (what, what our notice says of it,
    /// where our notice says it), its gaps as paragraphs.
    pub fn blocks(&self) -> Vec<crate::dsar::docx::Block> {
        use crate::dsar::docx::Block;
        let mut blocks = vec![
            Block::Heading(1, self.title.clone()),
            Block::Paragraph(format!("Date: {}", self.date)),
            Block::Paragraph(format!(
                "This answer is given from our privacy notice {} ({}).",
                self.notice, self.source
            )),
        ];
        blocks.extend(self.scope.iter().cloned().map(Block::Paragraph));
        for (n, part) in self.parts.iter().enumerate() {
            blocks.push(Block::Heading(
                2,
                format!("{}. {} ({})", n + 1, part.heading, part.cite),
            ));
            if !part.lines.is_empty() {
                let mut rows = vec![vec![
                    String::new(),
                    "What our notice says".to_string(),
                    "Where our notice says it".to_string(),
                ]];
                for line in &part.lines {
                    let details: Vec<String> = line
                        .details
                        .iter()
                        .filter(|d| !d.values.is_empty())
                        .map(|d| format!("{}: {}", d.label, d.values.join("; ")))
                        .collect();
                    rows.push(vec![
                        line.name.clone(),
                        details.join(". "),
                        line.notice.join("; "),
                    ]);
                }
                blocks.push(Block::Table(rows));
            }
            blocks.extend(part.paragraphs.iter().cloned().map(Block::Paragraph));
        }
        blocks.extend(self.closing.iter().cloned().map(Block::Paragraph));
        blocks
    }
}
