//! A report: the answers of a script, grouped by the statutory items of a regime, with every gap named.
//!
//! `lineage run` builds one from a script (`crate::dsar::script`). Each section answers one item of the
//! regime; a section whose answers have no rows, or that the notice leaves partly open, says "not
//! stated by this notice" under that item, and the completeness section lists every such gap together.

use std::fmt::{self, Display};

use serde::Serialize;
use serde_json::{json, Value};

use crate::{
    answer::{Answer, NOT_STATED},
    dsar::classes::Classified,
    dsar::regime::{Item, Regime},
    present::escape::{
        csv_one_line_field, markdown_code, markdown_one_line, terminal, terminal_json,
    },
    present::format::Format,
    present::render::{to_json, Options, Rendered},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeRef {
    pub id: String,
    pub name: String,
    pub title: String,
}

/// One line of the header: what the report rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderField {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A question of the script and its answer.
    Answer {
        question: String,
        line: usize,
        answer: Box<Answer>,
    },
    /// A gap the script names: what the notice does not say about the item.
    Gap(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The statutory item it answers; `None` for answers before any `.section`.
    pub item: Option<Item>,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Answered,
    PartlyAnswered,
    NotStated,
}

impl Status {
    pub fn words(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::PartlyAnswered => "partly answered",
            Status::NotStated => NOT_STATED,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub title: String,
    pub header: Vec<HeaderField>,
    pub regime: Option<RegimeRef>,
    pub sections: Vec<Section>,
    /// Every item of the regime, in its order: its section, or `None` when the script has none.
    pub items: Vec<Item>,
    pub echo: bool,
    /// The regime itself, for the letter and the legal classes.
    pub law: Option<Regime>,
    /// The dataset's legal classes (`legal-classes.json`) of the regime, among the nodes the answers
    /// name; the annex lists them with their evidence.
    pub classes: Vec<Classified>,
}

impl Section {
    /// How far the notice answers the item, and what it leaves out.
    pub fn status(&self) -> (Status, Vec<String>) {
        let mut rows = 0;
        let mut gaps = Vec::new();
        for entry in &self.entries {
            match entry {
                Entry::Gap(text) => gaps.push(text.clone()),
                Entry::Answer {
                    question, answer, ..
                } => {
                    rows += answer.rows.len();
                    gaps.extend(answer.not_stated.iter().cloned());
                    if answer.rows.is_empty() && answer.not_stated.is_empty() {
                        gaps.push(format!(
                            "the question `{question}` has no answer in the notice"
                        ));
                    }
                }
            }
        }
        let status = match (rows, gaps.is_empty()) {
            (0, _) => Status::NotStated,
            (_, true) => Status::Answered,
            (_, false) => Status::PartlyAnswered,
        };
        (status, gaps)
    }
}

const INTRO: &str = "Every statement below cites the statutory item it answers (its heading) and the rows of \
the notice it rests on (the Evidence column: `lineage ask \"describe <row>\"` shows a row). Starred \
evidence is the tool's reading of the notice, not its words. Where the notice does not answer an item, \
the report says so under that item, and the completeness section lists every such gap.";

impl Report {
    fn section_of(&self, item: &Item) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| s.item.as_ref().is_some_and(|i| i.id == item.id))
    }

    /// Every item of the regime with its status and gaps; items the script never asks about are gaps.
    pub fn completeness(&self) -> Vec<(Item, Status, Vec<String>)> {
        self.items
            .iter()
            .map(|item| match self.section_of(item) {
                Some(section) => {
                    let (status, mut gaps) = section.status();
                    if status == Status::NotStated && gaps.is_empty() {
                        gaps.push("the notice says nothing on this item".to_string());
                    }
                    (item.clone(), status, gaps)
                }
                None => (
                    item.clone(),
                    Status::NotStated,
                    vec!["this script asks nothing about this item".to_string()],
                ),
            })
            .collect()
    }

    pub fn render(&self, format: Format, options: &Options) -> String {
        match format {
            Format::Json => terminal_json(&format!("{:#}\n", self.to_json())),
            Format::Markdown => MarkdownReport {
                report: self,
                options,
            }
            .to_string(),
            Format::Csv => CsvReport {
                report: self,
                options,
            }
            .to_string(),
            // `lineage run` takes Markdown, JSON, a table or CSV; any other format is the text.
            // A docx report is made from its Markdown (`dsar::documents`).
            Format::Table
            | Format::Line
            | Format::Text
            | Format::Dot
            | Format::Mermaid
            | Format::Docx => TextReport {
                report: self,
                format,
                options,
            }
            .to_string(),
        }
    }

    fn heading(item: &Option<Item>) -> String {
        match item {
            Some(item) => format!("{}: {}", item.cite, item.title),
            None => "Answers".to_string(),
        }
    }

    pub fn to_json(&self) -> Value {
        let header: serde_json::Map<String, Value> = self
            .header
            .iter()
            .map(|f| (f.key.to_string(), json!(f.value)))
            .collect();
        let sections: Vec<Value> =
            self.sections
                .iter()
                .map(|section| {
                    let (status, gaps) = section.status();
                    let entries: Vec<Value> = section
                    .entries
                    .iter()
                    .map(|entry| match entry {
                        Entry::Answer { question, line, answer } => {
                            json!({ "question": question, "line": line, "answer": to_json(answer) })
                        }
                        Entry::Gap(text) => json!({ "not_stated": text }),
                    })
                    .collect();
                    json!({
                        "item": section.item.as_ref().map(item_json),
                        "status": status,
                        "not_stated": gaps,
                        "entries": entries,
                    })
                })
                .collect();
        let completeness: Vec<Value> = if self.regime.is_some() {
            self.completeness()
                .into_iter()
                .map(|(item, status, gaps)| json!({ "item": item_json(&item), "status": status, "not_stated": gaps }))
                .collect()
        } else {
            Vec::new()
        };
        let mut out = json!({
            "title": self.title,
            "header": header,
            "regime": self.regime,
            "sections": sections,
            "completeness": completeness,
        });
        if let Some(law) = &self.law {
            if let Some(wording) = &law.letter {
                out["scope"] = json!(wording.scope);
            }
            if !law.classes.is_empty() {
                out["legal_classes"] = self.classes.iter().map(Classified::to_json).collect();
            }
        }
        out
    }
}

/// A report in Markdown: the header as a table, a section per item, and the completeness table.
struct MarkdownReport<'a> {
    report: &'a Report,
    options: &'a Options,
}

impl Display for MarkdownReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report;
        writeln!(f, "# {}\n", markdown_one_line(&report.title))?;
        writeln!(f, "| | |\n| --- | --- |")?;
        for field in &report.header {
            writeln!(
                f,
                "| {} | {} |",
                field.label,
                markdown_one_line(&field.value)
            )?;
        }
        writeln!(f, "\n{INTRO}\n")?;
        for section in &report.sections {
            self.section(f, section)?;
        }
        if report.regime.is_some() {
            self.completeness(f)?;
        }
        self.legal(f)
    }
}

impl MarkdownReport<'_> {
    fn section(&self, f: &mut fmt::Formatter<'_>, section: &Section) -> fmt::Result {
        writeln!(
            f,
            "## {}\n",
            markdown_one_line(&Report::heading(&section.item))
        )?;
        for entry in &section.entries {
            match entry {
                Entry::Answer {
                    question, answer, ..
                } => {
                    if self.report.echo {
                        writeln!(f, "> `{}`\n", markdown_code(question))?;
                    }
                    let answer = Rendered {
                        answer,
                        format: Format::Markdown,
                        options: self.options,
                    };
                    writeln!(f, "{answer}")?;
                }
                Entry::Gap(text) => {
                    writeln!(
                        f,
                        "**Not stated by this notice:** {}.\n",
                        markdown_one_line(text)
                    )?;
                }
            }
        }
        if section.item.is_some()
            && section.status().0 == Status::NotStated
            && section
                .entries
                .iter()
                .all(|e| matches!(e, Entry::Answer { .. }))
        {
            writeln!(f, "**Not stated by this notice.**\n")?;
        }
        Ok(())
    }

    /// The scope of a policy-level answer, and the legal classes with their evidence.
    fn legal(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(law) = &self.report.law else {
            return Ok(());
        };
        if let Some(wording) = &law.letter {
            writeln!(f, "\n## Scope of this answer\n")?;
            for paragraph in wording
                .scope
                .iter()
                .chain(&wording.named_recipients)
                .chain(&wording.category_recipients)
            {
                writeln!(f, "- {}", markdown_one_line(paragraph))?;
            }
        }
        if law.classes.is_empty() {
            return Ok(());
        }
        writeln!(f, "\n## Legal classes\n")?;
        if !self.report.classes.is_empty() {
            writeln!(
                f,
                "| Data or purpose | Class | What follows | Evidence |\n| --- | --- | --- | --- |"
            )?;
        }
        for c in &self.report.classes {
            writeln!(
                f,
                "| {} | {} ({}) | {} | {} |",
                markdown_one_line(&c.name),
                markdown_one_line(&c.class.name),
                markdown_one_line(&c.class.cite),
                markdown_one_line(&c.class.consequence),
                markdown_one_line(&c.evidence())
            )?;
        }
        let missing: Vec<_> = law
            .classes
            .iter()
            .filter(|class| !self.report.classes.iter().any(|c| c.class.id == class.id))
            .collect();
        if !missing.is_empty() && !self.report.classes.is_empty() {
            writeln!(f)?;
        }
        for class in missing {
            writeln!(
                f,
                "- not stated by this notice: {} ({})",
                markdown_one_line(&class.name),
                markdown_one_line(&class.cite)
            )?;
        }
        Ok(())
    }

    fn completeness(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "## Completeness\n")?;
        writeln!(
            f,
            "| Item | Status | What the notice does not state |\n| --- | --- | --- |"
        )?;
        for (item, status, gaps) in self.report.completeness() {
            let gaps = if gaps.is_empty() {
                "—".to_string()
            } else {
                gaps.iter()
                    .map(|g| markdown_one_line(g))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            writeln!(
                f,
                "| {} {} | {} | {} |",
                markdown_one_line(&item.cite),
                markdown_one_line(&item.title),
                status.words(),
                gaps
            )?;
        }
        Ok(())
    }
}

/// A report as text: the header as aligned lines, `== item ==` sections whose answers are in
/// `format`, and the completeness list.
struct TextReport<'a> {
    report: &'a Report,
    format: Format,
    options: &'a Options,
}

impl Display for TextReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report;
        writeln!(f, "{}\n", terminal(&report.title))?;
        for field in &report.header {
            writeln!(f, "{:>13}: {}", field.label, terminal(&field.value))?;
        }
        for section in &report.sections {
            writeln!(f, "\n== {} ==\n", terminal(&Report::heading(&section.item)))?;
            for entry in &section.entries {
                match entry {
                    Entry::Answer {
                        question, answer, ..
                    } => {
                        if report.echo {
                            writeln!(f, "> {}", terminal(question))?;
                        }
                        let answer = Rendered {
                            answer,
                            format: self.format,
                            options: self.options,
                        };
                        writeln!(f, "{answer}")?;
                    }
                    Entry::Gap(text) => {
                        writeln!(f, "Not stated by this notice: {}.\n", terminal(text))?;
                    }
                }
            }
        }
        if report.regime.is_some() {
            writeln!(f, "\n== Completeness ==\n")?;
            for (item, status, gaps) in report.completeness() {
                writeln!(f, "{}: {}", terminal(&item.cite), status.words())?;
                for gap in gaps {
                    writeln!(f, "  - not stated by this notice: {}", terminal(&gap))?;
                }
            }
        }
        Ok(())
    }
}

/// A report as CSV: one CSV block per answer, each after a `#` line naming its item and question;
/// then the completeness table. Gaps are `#` lines.
struct CsvReport<'a> {
    report: &'a Report,
    options: &'a Options,
}

impl Display for CsvReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for section in &self.report.sections {
            let heading = terminal(&Report::heading(&section.item));
            for entry in &section.entries {
                match entry {
                    Entry::Answer {
                        question, answer, ..
                    } => {
                        writeln!(f, "# {heading} | {}", terminal(question))?;
                        let answer = Rendered {
                            answer,
                            format: Format::Csv,
                            options: self.options,
                        };
                        writeln!(f, "{answer}")?;
                    }
                    Entry::Gap(text) => {
                        writeln!(
                            f,
                            "# {heading} | not stated by this notice: {}\n",
                            terminal(text)
                        )?;
                    }
                }
            }
        }
        if self.report.regime.is_some() {
            writeln!(f, "# Completeness")?;
            writeln!(f, "item,status,not_stated")?;
            for (item, status, gaps) in self.report.completeness() {
                writeln!(
                    f,
                    "{},{},{}",
                    csv_one_line_field(&item.cite),
                    csv_one_line_field(status.words()),
                    csv_one_line_field(&gaps.join("; "))
                )?;
            }
        }
        Ok(())
    }
}

fn item_json(item: &Item) -> Value {
    json!({ "id": item.id, "cite": item.cite, "title": item.title })
}
