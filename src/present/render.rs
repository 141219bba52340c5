//! Renders answers: a table for a terminal, Markdown for a memo, CSV for a spreadsheet, JSON for
//! scripts, and one line per field (like sqlite3's `.mode line`) for answers too wide for a table.
//!
//! Renderers only read the [`Answer`]; they never see the dataset. Every format is deterministic: the
//! same answer gives the same bytes. Text goes through [`crate::present::escape`] for its format first,
//! so a name in the data cannot move the cursor, colour the screen, open a link or run a formula.

use std::fmt::{self, Display, Write as _};

use rustc_hash::FxHashSet;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::{
    answer::{Answer, BasisCell, Cell, Evidence, NodeRef, NOT_STATED},
    present::escape::{csv_field, markdown_code, markdown_text, terminal, write_terminal_json},
    present::format::Format,
    present::layout::{shown, Layout},
    present::wrap::{longest_word, width as text_width, wrap},
};

/// Layout choices that do not change what an answer says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The widest a table may be, in characters.
    pub width: usize,
    /// Print a header row (table and CSV; Markdown always has one, Line always names its fields).
    pub headers: bool,
    /// Show the snapshot's text as it is, without repairing its lost punctuation
    /// ([`crate::present::repair`]); JSON and CSV always show it as it is.
    pub raw_text: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: DEFAULT_WIDTH,
            headers: true,
            raw_text: false,
        }
    }
}

/// The width of a table when none is asked for and the output is not a terminal.
pub const DEFAULT_WIDTH: usize = 100;

/// The line under a table that explains the `*` on derived evidence; the reasons follow it.
const DERIVED_FOOTNOTE: &str =
    "* derived: the tool's reading of the notice, not its words, because:";

/// What the line on a question read from plain words begins with.
const UNDERSTOOD_AS: &str = "understood as";

/// The line that says a cap cut the answer short.
const TRUNCATED_NOTICE: &str = "truncated: a cap was reached; the rows above are not all there is";

/// Renders `answer` in `format`. The text ends with a newline, except a CSV with neither header nor
/// rows, which is empty.
///
/// Diagrams need the dataset, which renderers never see: [`crate::present::output::answer_text`]
/// draws them. Here `dot` and `mermaid`, like `text`, give the table.
/// The formats [`render`] writes an answer in as its own text (a diagram is drawn from the dataset
/// too: `present::diagram`).
pub const TEXT_FORMATS: [Format; 5] = [
    Format::Table,
    Format::Markdown,
    Format::Csv,
    Format::Json,
    Format::Line,
];

pub fn render(answer: &Answer, format: Format, options: &Options) -> String {
    Rendered {
        answer,
        format,
        options,
    }
    .to_string()
}

/// An answer in a format, written where it is displayed: what [`render`] returns, for a document
/// that holds answers (a report).
pub struct Rendered<'a> {
    pub answer: &'a Answer,
    pub format: Format,
    pub options: &'a Options,
}

impl Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (answer, options) = (self.answer, self.options);
        match self.format {
            Format::Table | Format::Text | Format::Dot | Format::Mermaid | Format::Docx => {
                Table { answer, options }.fmt(f)
            }
            Format::Markdown => Markdown { answer, options }.fmt(f),
            Format::Csv => Csv { answer, options }.fmt(f),
            Format::Json => write_terminal_json(f, &JsonAnswer(answer)),
            Format::Line => Line { answer, options }.fmt(f),
        }
    }
}

/// The plain-text form of a cell, before any escaping: what table, Markdown and Line print.
///
/// Only a Notes cell may be blank (notes are optional flags); any other cell with nothing in it reads
/// [`NOT_STATED`], so an empty cell never looks like a rendering fault.
pub fn cell_text(cell: &Cell) -> String {
    cell_text_with(cell, false)
}

/// The plain-text form of a cell; with `reasons`, derived evidence carries its reason in the cell
/// (for CSV, which has no footer to explain it).
fn cell_text_with(cell: &Cell, reasons: bool) -> String {
    let text = match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Nodes(nodes) => names(nodes),
        Cell::Route { route, via } => match via {
            Some(via) => format!("{route}: {}", via.name),
            None => route.clone(),
        },
        Cell::Bases(bases) => {
            let contested = bases.iter().any(|b| !b.governs);
            // A row that gathers several items may hold one basis per item that reads the same
            // (a delegated basis resolved item by item to the same bases): said once. JSON keeps
            // each, with what it was resolved for.
            let mut texts: Vec<String> = Vec::new();
            for basis in bases {
                let text = BasisText {
                    basis,
                    contested,
                    reasons,
                }
                .to_string();
                if !texts.contains(&text) {
                    texts.push(text);
                }
            }
            texts.join("; ")
        }
        Cell::Quotes(quotes) => quotes
            .iter()
            .map(|q| format!("“{q}”"))
            .collect::<Vec<_>>()
            .join(" "),
        Cell::Evidence(evidence) => evidence_text(evidence, reasons),
        Cell::Notes(notes) => return notes.join("; "),
        Cell::NotStated(text) => text.clone(),
    };
    if text.is_empty() {
        NOT_STATED.to_string()
    } else {
        text
    }
}

fn names(nodes: &[NodeRef]) -> String {
    nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn comma_names(nodes: &[NodeRef]) -> String {
    nodes
        .iter()
        .map(|n| n.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Name (qualifier) [delegated, derived: A; B] for eu, uk (only for: X, Y)`, then, where another
/// basis of the cell is overridden, which governs: the regions by their short ids.
struct BasisText<'a> {
    basis: &'a BasisCell,
    /// Some basis of the same cell is overridden on this route.
    contested: bool,
    /// A delegated basis says why it is the tool's reading (for CSV, which has no footer).
    reasons: bool,
}

impl Display for BasisText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let basis = self.basis;
        f.write_str(&basis.basis.name)?;
        if let Some(qualifier) = &basis.qualifier {
            write!(f, " ({qualifier})")?;
        }
        if basis.delegated {
            if basis.expands_to.is_empty() {
                f.write_str(" [delegated]")?;
            } else {
                write!(f, " [delegated, derived: {}]", names(&basis.expands_to))?;
            }
            if let (true, Some(reason)) = (self.reasons, &basis.derived) {
                write!(f, " (derived: {reason})")?;
            }
        }
        if !basis.regions.is_empty() {
            let ids: Vec<&str> = basis.regions.iter().map(|r| r.id.as_str()).collect();
            write!(f, " for {}", ids.join(", "))?;
        }
        if !basis.only_for.is_empty() {
            write!(f, " (only for: {})", comma_names(&basis.only_for))?;
        }
        if !basis.only_sharing_with.is_empty() {
            write!(
                f,
                " (only for sharing with: {})",
                comma_names(&basis.only_sharing_with)
            )?;
        }
        if !basis.governs {
            write!(
                f,
                " [{}; overridden on this route by {}]",
                evidence_rows(basis),
                comma_names(&basis.overridden_by)
            )
        } else if self.contested {
            write!(f, " [{}; governs this route]", evidence_rows(basis))
        } else {
            Ok(())
        }
    }
}

/// The rows a basis rests on, each once, in order.
fn evidence_rows(basis: &BasisCell) -> String {
    let mut ids: Vec<&str> = Vec::new();
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for e in &basis.evidence {
        if seen.insert(&e.row) {
            ids.push(&e.row);
        }
    }
    ids.join(", ")
}

/// `t1-r05, t3-r3, t1-r13*`: short row ids in order, each once, derived ones starred; with `reasons`,
/// each starred id followed by why.
fn evidence_text(evidence: &[Evidence], reasons: bool) -> String {
    let mut ids: Vec<String> = Vec::new();
    let mut seen: FxHashSet<String> = FxHashSet::default();
    for e in evidence {
        let id = match (&e.derived, reasons) {
            (Some(reason), true) => format!("{}* (derived: {reason})", e.row),
            (Some(_), false) => format!("{}*", e.row),
            (None, _) => e.row.to_string(),
        };
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    ids.join(", ")
}

/// Every reading the answer rests on, each once, in order: the starred row (or the delegated basis)
/// and why.
fn derived_reasons(answer: &Answer) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen: FxHashSet<(String, String)> = FxHashSet::default();
    let mut push = |label: String, reason: &str| {
        let pair = (label, reason.to_string());
        if !seen.contains(&pair) {
            seen.insert(pair.clone());
            out.push(pair);
        }
    };
    for row in answer.rows.stream() {
        for cell in &row.0 {
            match cell {
                Cell::Evidence(evidence) => {
                    for e in evidence {
                        if let Some(reason) = &e.derived {
                            push(format!("{}*", e.row), reason);
                        }
                    }
                }
                Cell::Bases(bases) => {
                    for b in bases {
                        if let Some(reason) = &b.derived {
                            push("[delegated]".to_string(), reason);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn row_count(answer: &Answer) -> String {
    match answer.rows.len() {
        1 => "1 row".to_string(),
        n => format!("{n} rows"),
    }
}

/// The lines after the rows of a table or Line answer: what `*` means, the notes, the cap, and the
/// count (first when there are no rows: it is the answer). Each is wrapped to `width`, a note's
/// continuation lines indented under its text.
fn write_footer(f: &mut fmt::Formatter<'_>, answer: &Answer, options: &Options) -> fmt::Result {
    let width = options.width;
    let people = |text: &str| terminal(&shown(text, options));
    if answer.rows.is_empty() {
        f.write_str("no rows\n")?;
    }
    let reasons = derived_reasons(answer);
    if !reasons.is_empty() {
        write_prose(f, DERIVED_FOOTNOTE, "", width)?;
        for (label, reason) in &reasons {
            let prefix = format!("  {}: ", terminal(label));
            write_prose(f, &people(reason), &prefix, width)?;
        }
    }
    for gap in &answer.not_stated {
        let text = format!("{NOT_STATED}: {}", people(gap));
        write_prose(f, &text, "note: ", width)?;
    }
    for note in &answer.notes {
        write_prose(f, &people(note), "note: ", width)?;
    }
    if answer.truncated {
        write_prose(f, TRUNCATED_NOTICE, "", width)?;
    }
    if !answer.rows.is_empty() {
        writeln!(f, "{}", row_count(answer))?;
    }
    Ok(())
}

/// The line that says how a question in plain words was read (`query::counsel`), if it was.
fn write_understood(f: &mut fmt::Formatter<'_>, answer: &Answer, width: usize) -> fmt::Result {
    match &answer.understood_as {
        Some(question) => {
            let prefix = format!("{UNDERSTOOD_AS}: ");
            let mut line = format!("`{}`", terminal(question));
            if let Some(because) = &answer.understood_because {
                line.push_str(&format!(" ({})", terminal(because)));
            }
            write_prose(f, &line, &prefix, width)
        }
        None => Ok(()),
    }
}

/// Writes `prefix` + `text`, wrapped to `width` with continuation lines indented under the text.
///
/// A prefix wider than half the width (a long label from a dataset) starts the text on its own line,
/// indented by four, so the text keeps room to wrap.
fn write_prose(f: &mut fmt::Formatter<'_>, text: &str, prefix: &str, width: usize) -> fmt::Result {
    let mut indent = text_width(prefix);
    let mut prefix = prefix.to_string();
    if indent > width / 2 {
        indent = 4;
        prefix = format!("{}\n{}", prefix.trim_end(), " ".repeat(indent));
    }
    let lines = wrap(text, width.saturating_sub(indent).max(MIN_WIDTH));
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            f.write_str(&prefix)?;
        } else {
            write!(f, "{:indent$}", "")?;
        }
        writeln!(f, "{line}")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Table

/// The narrowest a wrapped column gets; below this, the table is allowed to exceed the width.
const MIN_WIDTH: usize = 8;
/// A wrapped column is kept at least as wide as its longest word, up to this or an even share of
/// the width, whichever is more, so words stay whole.
const WORD_WIDTH_CAP: usize = 16;

/// ```text
/// Title
///
/// +---------+--------------------+
/// | Heading | Heading            |
/// +---------+--------------------+
/// | cell    | a long cell that   |
/// |         | wraps              |
/// +---------+--------------------+
/// note: ...
/// 1 row
/// ```
/// Rows are ruled off from each other only when some row takes more than one line.
struct Table<'a> {
    answer: &'a Answer,
    options: &'a Options,
}

impl Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (answer, options) = (self.answer, self.options);
        let width = options.width;
        write_prose(f, &terminal(&shown(&answer.title, options)), "", width)?;
        write_understood(f, answer, width)?;
        writeln!(f)?;
        if !answer.rows.is_empty() {
            let layout = Layout::new(answer, options);
            if !layout.summary.is_empty() {
                write_prose(f, &format!("Summary of {}:", row_count(answer)), "", width)?;
                for (heading, counts) in &layout.summary {
                    let text = counts_text(counts);
                    write_prose(
                        f,
                        &terminal(&text),
                        &format!("  {}: ", terminal(heading)),
                        width,
                    )?;
                }
                writeln!(f)?;
            }
            for line in &layout.constant {
                write_prose(f, &terminal(line), "", width)?;
            }
            Grid::new(&layout, options).fmt(f)?;
            for (n, text) in layout.markers.iter().enumerate() {
                write_prose(f, &terminal(text), &format!("[{}] ", n + 1), width)?;
            }
        }
        write_footer(f, answer, options)
    }
}

/// `Name (3), Other (1)`: a summarised column's values and how many rows name each.
fn counts_text(counts: &[(String, usize)]) -> String {
    counts
        .iter()
        .map(|(name, n)| format!("{name} ({n})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table's ruled grid: each column's width, measured over every row, and whether rows are ruled off
/// from each other; the rows themselves are made again, one at a time, as they are written.
struct Grid<'a> {
    layout: &'a Layout<'a>,
    widths: Vec<usize>,
    /// The headings' lines, when the table has a header row.
    headings: Option<Vec<Vec<String>>>,
    /// Whether some row takes more than one line.
    ruled: bool,
}

impl<'a> Grid<'a> {
    fn new(layout: &'a Layout<'a>, options: &Options) -> Self {
        let headings: Vec<String> = layout.headings.iter().map(|h| terminal(h)).collect();
        let (mut natural, mut longest) = (vec![0; headings.len()], vec![0; headings.len()]);
        let mut measure = |i: usize, text: &str| {
            if natural.len() <= i {
                natural.resize(i + 1, 0);
                longest.resize(i + 1, 0);
            }
            natural[i] = natural[i].max(text_width(text));
            longest[i] = longest[i].max(longest_word(text));
        };
        for row in layout.rows() {
            for (i, text) in row.texts.iter().enumerate() {
                measure(i, &terminal(text));
            }
        }
        if options.headers {
            for (i, text) in headings.iter().enumerate() {
                measure(i, text);
            }
        }
        // `| ` before each column, ` ` after it, and the closing `|`.
        let frame = 3 * natural.len() + 1;
        let widths = column_widths(&natural, &longest, options.width.saturating_sub(frame));
        // A cell no wider than its column is one line: only a column narrower than its widest
        // cell can make a row taller, and then the rows are wrapped to see (until one is).
        let narrowed = natural.iter().zip(&widths).any(|(&n, &w)| n > w.max(3));
        let ruled = narrowed
            && layout.rows().any(|row| {
                let body: Vec<String> = row.texts.iter().map(|t| terminal(t)).collect();
                wrap_row(body.iter().map(String::as_str), &widths)
                    .iter()
                    .any(|lines| lines.len() > 1)
            });
        Grid {
            layout,
            headings: options
                .headers
                .then(|| wrap_row(headings.iter().map(String::as_str), &widths)),
            widths,
            ruled,
        }
    }
}

impl Display for Grid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rule = Rule(&self.widths);
        rule.fmt(f)?;
        if let Some(headings) = &self.headings {
            write_table_row(f, headings, &self.widths, &[])?;
            rule.fmt(f)?;
        }
        for (i, row) in self.layout.rows().enumerate() {
            if i > 0 && self.ruled {
                rule.fmt(f)?;
            }
            let body: Vec<String> = row.texts.iter().map(|t| terminal(t)).collect();
            let lines = wrap_row(body.iter().map(String::as_str), &self.widths);
            write_table_row(f, &lines, &self.widths, &row.numeric)?;
        }
        rule.fmt(f)
    }
}

/// The line between rows: `+-----+---+`, a column's width and its margins of dashes.
struct Rule<'a>(&'a [usize]);

impl Display for Rule<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('+')?;
        for &width in self.0 {
            write!(f, "{:-<1$}+", "", width + 2)?;
        }
        writeln!(f)
    }
}

fn wrap_row<'a>(cells: impl Iterator<Item = &'a str>, widths: &[usize]) -> Vec<Vec<String>> {
    let mut lines: Vec<Vec<String>> = cells.zip(widths).map(|(t, &w)| wrap(t, w)).collect();
    // A row shorter than the widest row still fills every column.
    lines.resize(widths.len(), vec![String::new()]);
    lines
}

/// One table row, as many lines tall as its tallest cell; numbers are right-aligned.
fn write_table_row(
    f: &mut fmt::Formatter<'_>,
    cells: &[Vec<String>],
    widths: &[usize],
    numeric: &[bool],
) -> fmt::Result {
    let height = cells.iter().map(Vec::len).max().unwrap_or(1);
    for line in 0..height {
        f.write_char('|')?;
        for (i, (lines, &width)) in cells.iter().zip(widths).enumerate() {
            let text = lines.get(line).map_or("", String::as_str);
            // Padded by display width: a wide character takes two columns, a combining mark none.
            let pad = " ".repeat(width.saturating_sub(text_width(text)));
            if numeric.get(i).copied().unwrap_or(false) {
                write!(f, " {pad}{text} |")?;
            } else {
                write!(f, " {text}{pad} |")?;
            }
        }
        writeln!(f)?;
    }
    Ok(())
}

/// Column widths that fit `available` characters.
///
/// Columns whose natural width is no more than an even share keep it (ids, short names); the rest
/// (quotes, bases, notes) each get a floor (their longest word, within limits) and share what is left
/// in proportion to how much more they need. When even the minimum width does not fit, the table is
/// wider than asked rather than unreadable.
fn column_widths(natural: &[usize], longest_word: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let minimum: Vec<usize> = natural.iter().map(|&n| n.min(MIN_WIDTH)).collect();
    if minimum.iter().sum::<usize>() >= available {
        return minimum;
    }

    // Narrow columns keep their natural width, widest last, while each fits an even share.
    let mut widths = vec![0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut remaining = available;
    while !open.is_empty() {
        let share = remaining / open.len();
        let (fits, rest): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= share);
        if fits.is_empty() {
            break;
        }
        for &i in &fits {
            widths[i] = natural[i];
            remaining -= natural[i];
        }
        open = rest;
    }

    // The wide columns: a floor each, then the rest in proportion to what each still wants.
    let cap = WORD_WIDTH_CAP.max(remaining / open.len().max(1));
    let mut floors: Vec<usize> = open
        .iter()
        .map(|&i| natural[i].min(longest_word[i].clamp(MIN_WIDTH, cap)))
        .collect();
    // When the floors do not all fit, the widest give way first, one character at a time, down to
    // the minimum: most columns keep their words whole.
    let mut excess = floors.iter().sum::<usize>().saturating_sub(remaining);
    while excess > 0 {
        let widest = (0..floors.len())
            .filter(|&k| floors[k] > minimum[open[k]])
            .max_by_key(|&k| (floors[k], k));
        let Some(k) = widest else {
            floors = open.iter().map(|&i| minimum[i]).collect();
            break;
        };
        floors[k] -= 1;
        excess -= 1;
    }
    let extra = remaining - floors.iter().sum::<usize>();
    let wants: Vec<usize> = open
        .iter()
        .zip(&floors)
        .map(|(&i, &floor)| natural[i] - floor)
        .collect();
    let total_want: usize = wants.iter().sum::<usize>().max(1);
    let mut given = 0;
    let mut leftovers: Vec<(usize, usize)> = Vec::new();
    for (k, &i) in open.iter().enumerate() {
        let share = extra * wants[k] / total_want;
        widths[i] = floors[k] + share;
        given += share;
        leftovers.push((extra * wants[k] % total_want, k));
    }
    // Largest remainder first; ties go to the leftmost column, so the layout is deterministic.
    leftovers.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, k) in leftovers.iter().take(extra - given) {
        widths[open[k]] += 1;
    }
    widths
}

// ---------------------------------------------------------------------------------------------------
// Markdown

/// `**title**`, the summary of a large answer, the columns stated once, a GitHub table, the marked
/// texts, then the notes as a list and the cap, if any.
struct Markdown<'a> {
    answer: &'a Answer,
    options: &'a Options,
}

impl Display for Markdown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (answer, options) = (self.answer, self.options);
        let people = |text: &str| markdown_text(&shown(text, options));
        write!(f, "**{}**\n\n", people(&answer.title))?;
        if let Some(question) = &answer.understood_as {
            let code = markdown_code(&question.replace(['\n', '\r'], " "));
            write!(f, "{UNDERSTOOD_AS}: `{code}`")?;
            if let Some(because) = &answer.understood_because {
                write!(f, " ({})", people(because))?;
            }
            f.write_str("\n\n")?;
        }
        if answer.rows.is_empty() {
            f.write_str("no rows\n")?;
        } else {
            self.rows(f)?;
        }
        if !answer.notes.is_empty() || !answer.not_stated.is_empty() {
            writeln!(f)?;
            for gap in &answer.not_stated {
                writeln!(f, "- {NOT_STATED}: {}", people(gap))?;
            }
            for note in &answer.notes {
                writeln!(f, "- {}", people(note))?;
            }
        }
        if answer.truncated {
            write!(f, "\n{TRUNCATED_NOTICE}\n")?;
        }
        Ok(())
    }
}

impl Markdown<'_> {
    /// The summary and the columns stated once, the table, the marked texts, then what `*` means.
    fn rows(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (answer, options) = (self.answer, self.options);
        let layout = Layout::new(answer, options);
        if !layout.summary.is_empty() {
            writeln!(f, "Summary of {}:\n", row_count(answer))?;
            for (heading, counts) in &layout.summary {
                let text = counts_text(counts);
                writeln!(f, "- {}: {}", markdown_text(heading), markdown_text(&text))?;
            }
            writeln!(f)?;
        }
        if !layout.constant.is_empty() {
            for line in &layout.constant {
                writeln!(f, "- {}", markdown_text(line))?;
            }
            writeln!(f)?;
        }
        let headings: Vec<String> = layout.headings.iter().map(|h| markdown_text(h)).collect();
        write_markdown_row(f, &headings)?;
        write_markdown_row(f, &vec!["---".to_string(); headings.len()])?;
        for row in layout.rows() {
            let cells: Vec<String> = row.texts.iter().map(|c| markdown_text(c)).collect();
            write_markdown_row(f, &cells)?;
        }
        if !layout.markers.is_empty() {
            writeln!(f)?;
            for (n, text) in layout.markers.iter().enumerate() {
                writeln!(f, "- \\[{}\\] {}", n + 1, markdown_text(text))?;
            }
        }
        let reasons = derived_reasons(answer);
        if !reasons.is_empty() {
            write!(f, "\n\\{DERIVED_FOOTNOTE}\n\n")?;
            for (label, reason) in &reasons {
                let reason = markdown_text(&shown(reason, options));
                writeln!(f, "- {}: {reason}", markdown_text(label))?;
            }
        }
        Ok(())
    }
}

fn write_markdown_row(f: &mut fmt::Formatter<'_>, cells: &[String]) -> fmt::Result {
    f.write_char('|')?;
    for cell in cells {
        if cell.is_empty() {
            f.write_str(" |")?;
        } else {
            write!(f, " {cell} |")?;
        }
    }
    writeln!(f)
}

// ---------------------------------------------------------------------------------------------------
// CSV

/// RFC 4180: a header of column keys (when asked for), then one record per row; nothing else.
struct Csv<'a> {
    answer: &'a Answer,
    options: &'a Options,
}

impl Display for Csv<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.options.headers {
            let keys = self.answer.columns.iter().map(|c| c.key.to_string());
            write_csv_record(f, keys)?;
        }
        for row in self.answer.rows.stream() {
            write_csv_record(f, row.0.iter().map(|c| cell_text_with(c, true)))?;
        }
        Ok(())
    }
}

fn write_csv_record(
    f: &mut fmt::Formatter<'_>,
    fields: impl Iterator<Item = String>,
) -> fmt::Result {
    let fields: Vec<String> = fields.map(|field| csv_field(&field)).collect();
    if fields.len() == 1 && fields[0].is_empty() {
        // A lone empty field would be a blank line, which readers skip.
        f.write_str("\"\"")?;
    } else {
        f.write_str(&fields.join(","))?;
    }
    writeln!(f)
}

// ---------------------------------------------------------------------------------------------------
// Line

/// Each row as `heading = value` lines, headings right-aligned; then the footer lines of a table.
struct Line<'a> {
    answer: &'a Answer,
    options: &'a Options,
}

impl Display for Line<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let answer = self.answer;
        write_understood(f, answer, self.options.width)?;
        let headings: Vec<String> = answer.columns.iter().map(|c| terminal(c.heading)).collect();
        let pad = headings.iter().map(|h| text_width(h)).max().unwrap_or(0);
        for row in answer.rows.stream() {
            for (i, cell) in row.0.iter().enumerate() {
                let heading = headings.get(i).map_or("", String::as_str);
                let value = terminal(&shown(&cell_text(cell), self.options));
                write!(f, "{heading:>pad$} =")?;
                if !value.is_empty() {
                    write!(f, " {value}")?;
                }
                writeln!(f)?;
            }
            writeln!(f)?;
        }
        write_footer(f, answer, self.options)
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON

/// The JSON document for scripts. Its schema is `docs/answer.schema.json`, which
/// `docs/QUERY_LANGUAGE.md` explains field by field and `tests/json_schema.rs` checks every answer
/// against. In short: `query`, `form`, `title`, `resolved`, `columns`, `rows` (one object per row,
/// one key per column, each value typed by its cell: a string, a number, nodes, a route, bases,
/// quotes, evidence, notes, or `{"not_stated": "…"}`), `notes`, `not_stated` and `truncated`.
///
/// Keys in every object are in alphabetical order, also inside a row (the column order is the order
/// of `columns`). Optional keys are left out when empty. Strings are exactly as in the data: nothing
/// is escaped beyond JSON's own rules.
pub fn to_json(answer: &Answer) -> Value {
    value_of(&JsonAnswer(answer))
}

/// An answer as its JSON document, serialised as it is written: the rows one at a time, each a small
/// value, so a million-row answer is never held whole as JSON. Keys in code-point order, as a
/// `serde_json` object keeps them.
pub struct JsonAnswer<'a>(pub &'a Answer);

/// One part of the JSON document.
enum Part<'a> {
    Value(Value),
    Rows(&'a Answer),
}

impl Serialize for JsonAnswer<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let answer = self.0;
        let mut parts: Vec<(&str, Part)> = vec![
            ("query", Part::Value(json!(answer.query))),
            ("form", Part::Value(json!(answer.form))),
            ("title", Part::Value(json!(answer.title))),
            ("resolved", Part::Value(value_of(&answer.resolved))),
            ("columns", Part::Value(value_of(&answer.columns))),
            ("rows", Part::Rows(answer)),
            ("notes", Part::Value(json!(answer.notes))),
            ("not_stated", Part::Value(json!(answer.not_stated))),
            ("truncated", Part::Value(json!(answer.truncated))),
        ];
        if let Some(question) = &answer.understood_as {
            parts.push(("understood_as", Part::Value(json!(question))));
            if let Some(because) = &answer.understood_because {
                parts.push(("understood_because", Part::Value(json!(because))));
            }
        }
        parts.sort_by(|a, b| a.0.cmp(b.0));
        let mut map = serializer.serialize_map(Some(parts.len()))?;
        for (key, part) in &parts {
            match part {
                Part::Value(value) => map.serialize_entry(key, value)?,
                Part::Rows(answer) => map.serialize_entry(key, &JsonRows(answer))?,
            }
        }
        map.end()
    }
}

/// The rows of an answer, each made a JSON object only when it is written.
struct JsonRows<'a>(&'a Answer);

impl Serialize for JsonRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let answer = self.0;
        let mut seq = serializer.serialize_seq(Some(answer.rows.len()))?;
        for row in answer.rows.stream() {
            let mut object = Map::new();
            for (column, cell) in answer.columns.iter().zip(&row.0) {
                object.insert(column.key.to_string(), cell_json(cell));
            }
            seq.serialize_element(&Value::Object(object))?;
        }
        seq.end()
    }
}

fn cell_json(cell: &Cell) -> Value {
    match cell {
        Cell::Text(text) => json!(text),
        Cell::Number(n) => json!(n),
        Cell::Nodes(nodes) => value_of(nodes),
        Cell::Route { route, via } => json!({ "route": route, "via": via.as_ref().map(value_of) }),
        Cell::Bases(bases) if bases.is_empty() => json!({ "not_stated": NOT_STATED }),
        Cell::Bases(bases) => value_of(bases),
        Cell::Quotes(quotes) => json!(quotes),
        Cell::Evidence(evidence) => value_of(evidence),
        Cell::Notes(notes) => json!(notes),
        Cell::NotStated(text) => json!({ "not_stated": text }),
    }
}

/// The serde form of an answer part. These types hold only strings, bools, options and lists, which
/// always convert.
fn value_of<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).expect("answer parts are strings, bools, options and lists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::{Column, EvidenceFields, NodeFields, Resolved, Row};

    fn node(id: &str, kind: &str, name: &str) -> NodeRef {
        NodeRef::new(NodeFields {
            id: id.into(),
            kind: kind.into(),
            name: name.into(),
        })
    }

    fn evidence(row: &str, derived: Option<&str>) -> Evidence {
        Evidence::new(EvidenceFields {
            row: row.into(),
            section: "Sharing".into(),
            fact: "may-receive",
            quote: "We share it with partners".into(),
            derived: derived.map(Into::into),
            edge: None,
        })
    }

    fn basis(name: &str, qualifier: Option<&str>, expands_to: Option<Vec<NodeRef>>) -> BasisCell {
        BasisCell {
            basis: node(&name.to_lowercase().replace(' ', "-"), "basis", name),
            qualifier: qualifier.map(Into::into),
            regions: Vec::new(),
            only_for: Vec::new(),
            only_sharing_with: Vec::new(),
            governs: true,
            overridden_by: Vec::new(),
            delegated: expands_to.is_some(),
            derived: expands_to.as_ref().map(|_| "points to other rows".into()),
            expands_to: expands_to.unwrap_or_default(),
            evidence: vec![evidence("t1-r05", None)],
        }
    }

    const HOSTILE: &str = "Ads | \"Partners\" <b>Inc</b>\nsecond line \u{1b}[31mred";
    const FORMULA: &str = "=HYPERLINK(\"http://x.test\",\"click\")";
    const LONG_QUOTE: &str = "We share your contact details with fundraising partners so that they \
        can measure the effectiveness of ads shown to you on and off the service, where the law allows.";

    /// Two rows exercising every hazard: wrapping, derived evidence, no stated basis, a not-stated
    /// quote, markup and control characters in a name, and a name that is a spreadsheet formula.
    fn sample() -> Answer {
        Answer {
            query: "who may receive contact details".into(),
            form: "who-may-receive",
            title: "Who may receive contact details".into(),
            resolved: vec![Resolved {
                text: "contact details".into(),
                node: node("cat-contact", "category", "Contact details"),
            }],
            columns: vec![
                Column {
                    key: "recipient",
                    heading: "Recipient",
                },
                Column {
                    key: "bases",
                    heading: "Legal basis",
                },
                Column {
                    key: "quote",
                    heading: "Quote",
                },
                Column {
                    key: "evidence",
                    heading: "Evidence",
                },
                Column {
                    key: "notes",
                    heading: "Notes",
                },
            ],
            rows: vec![
                Row(vec![
                    Cell::Nodes(vec![node("rcp-ads", "recipient", HOSTILE)]),
                    Cell::Bases(vec![
                        basis("Consent", Some("where required"), None),
                        basis(
                            "Legitimate interests",
                            None,
                            Some(vec![
                                node("b-c", "basis", "Contract"),
                                node("b-k", "basis", "Consent"),
                            ]),
                        ),
                    ]),
                    Cell::Quotes(vec![LONG_QUOTE.into()]),
                    Cell::Evidence(vec![
                        evidence("t1-r05", None),
                        evidence("t3-r3", None),
                        evidence("t1-r13", Some("category implied by the section heading")),
                        evidence("t1-r05", None),
                    ]),
                    Cell::Notes(vec![]),
                ]),
                Row(vec![
                    Cell::Nodes(vec![node("rcp-x", "recipient", FORMULA)]),
                    Cell::Bases(vec![]),
                    Cell::NotStated(NOT_STATED.into()),
                    Cell::Evidence(vec![evidence("t2-r01", None)]),
                    Cell::Notes(vec!["not listed in table 3 for this category".into()]),
                ]),
            ]
            .into(),
            notes: vec!["the notice states no basis for the EEA".into()],
            not_stated: Vec::new(),
            truncated: false,
            understood_as: None,
            understood_because: None,
        }
    }

    fn empty() -> Answer {
        Answer {
            rows: vec![].into(),
            notes: vec!["filtered to region EEA".into()],
            ..sample()
        }
    }

    /// The lines, each ended by a newline.
    fn lines(lines: &[&str]) -> String {
        lines.iter().map(|l| format!("{l}\n")).collect()
    }

    #[test]
    fn cell_text_of_every_kind() {
        assert_eq!(cell_text(&Cell::Text("a b".into())), "a b");
        assert_eq!(cell_text(&Cell::Number(42)), "42");
        assert_eq!(
            cell_text(&Cell::Nodes(vec![
                node("a", "k", "A"),
                node("b", "k", "B <b>")
            ])),
            "A; B <b>"
        );
        let bases = Cell::Bases(vec![
            basis("Consent", Some("where required"), None),
            basis(
                "Legitimate interests",
                None,
                Some(vec![node("c", "basis", "Contract")]),
            ),
            basis("Legal obligation", None, Some(vec![])),
        ]);
        assert_eq!(
            cell_text(&bases),
            "Consent (where required); Legitimate interests [delegated, derived: Contract]; \
             Legal obligation [delegated]"
        );
        assert_eq!(cell_text(&Cell::Bases(vec![])), NOT_STATED);
        assert_eq!(
            cell_text(&Cell::Quotes(vec!["one".into(), "two".into()])),
            "“one” “two”"
        );
        let evidence = Cell::Evidence(vec![
            evidence("t1-r05", None),
            evidence("t3-r3", None),
            evidence("t1-r13", Some("why")),
            evidence("t3-r3", None),
        ]);
        assert_eq!(cell_text(&evidence), "t1-r05, t3-r3, t1-r13*");
        assert_eq!(cell_text(&Cell::Notes(vec![])), "");
        assert_eq!(
            cell_text(&Cell::Notes(vec!["a".into(), "b".into()])),
            "a; b"
        );
        assert_eq!(cell_text(&Cell::NotStated("no region".into())), "no region");
    }

    #[test]
    fn only_notes_may_be_blank() {
        for cell in [
            Cell::Text(String::new()),
            Cell::Nodes(vec![]),
            Cell::Quotes(vec![]),
            Cell::Evidence(vec![]),
            Cell::NotStated(String::new()),
        ] {
            assert_eq!(cell_text(&cell), NOT_STATED, "{cell:?}");
        }
    }

    #[test]
    fn table_wraps_long_cells_and_makes_text_inert() {
        let text = render(&sample(), Format::Table, &Options::default());
        assert_eq!(
            text,
            lines(&[
                "Who may receive contact details",
                "",
                "+---------------------+--------------------+-----------------------------+-----------+-------------+",
                "| Recipient           | Legal basis        | Quote                       | Evidence  | Notes       |",
                "+---------------------+--------------------+-----------------------------+-----------+-------------+",
                r#"| Ads | "Partners"    | Consent (where     | “We share your contact      | t1-r05,   |             |"#,
                r"| <b>Inc</b>\nsecond  | required);         | details with fundraising    | t3-r3,    |             |",
                r"| line \u{1b}[31mred  | Legitimate         | partners so that they can   | t1-r13*   |             |",
                "|                     | interests          | measure the effectiveness   |           |             |",
                "|                     | [delegated,        | of ads shown to you on and  |           |             |",
                "|                     | derived: Contract; | off the service, where the  |           |             |",
                "|                     | Consent]           | law allows.”                |           |             |",
                "+---------------------+--------------------+-----------------------------+-----------+-------------+",
                r#"| =HYPERLINK("http:/… | not stated by this | not stated by this notice   | t2-r01    | not listed  |"#,
                r#"| /x.test","click")   | notice             |                             |           | in table 3  |"#,
                "|                     |                    |                             |           | for this    |",
                "|                     |                    |                             |           | category    |",
                "+---------------------+--------------------+-----------------------------+-----------+-------------+",
                "* derived: the tool's reading of the notice, not its words, because:",
                "  [delegated]: points to other rows",
                "  t1-r13*: category implied by the section heading",
                "note: the notice states no basis for the EEA",
                "2 rows",
            ])
        );
    }

    #[test]
    fn a_large_answer_leads_with_a_summary_states_constant_columns_once_and_marks_repeated_notes() {
        let note = "a long note that several rows of this answer repeat word for word";
        let answer = Answer {
            columns: vec![
                Column {
                    key: "purpose",
                    heading: "Purpose",
                },
                Column {
                    key: "kept",
                    heading: "Kept",
                },
                Column {
                    key: "notes",
                    heading: "Notes",
                },
                Column {
                    key: "same",
                    heading: "Same",
                },
            ],
            rows: (0..42)
                .map(|i| {
                    let purpose =
                        node(&format!("p{}", i % 3), "purpose", &format!("Pâs {}", i % 3));
                    let notes = if i % 2 == 0 {
                        vec![note.to_string()]
                    } else {
                        vec![]
                    };
                    Row(vec![
                        Cell::Nodes(vec![purpose]),
                        Cell::Text(format!("row {i}")),
                        Cell::Notes(notes),
                        Cell::Text("the same".into()),
                    ])
                })
                .collect(),
            notes: vec![],
            ..sample()
        };
        let text = render(&answer, Format::Table, &Options::default());
        let head: Vec<&str> = text.lines().take(6).collect();
        assert_eq!(
            head,
            [
                "Who may receive contact details",
                "",
                "Summary of 42 rows:",
                "  Purpose: P's 0 (14), P's 1 (14), P's 2 (14)",
                "",
                "Same: the same (every row)",
            ],
            "{text}"
        );
        assert!(text.contains("| P's 0   | row 0  | [1]   |"), "{text}");
        assert_eq!(text.matches(note).count(), 1, "{text}");
        assert!(text.contains(&format!("\n[1] {note}\n")), "{text}");
        let raw = Options {
            raw_text: true,
            ..Options::default()
        };
        assert!(render(&answer, Format::Table, &raw).contains("| Pâs 0   |"));
        // JSON keeps every row's full text.
        assert_eq!(
            render(&answer, Format::Json, &raw).matches(note).count(),
            21
        );
        let markdown = render(&answer, Format::Markdown, &Options::default());
        assert!(
            markdown.contains("\n- Same: the same (every row)\n"),
            "{markdown}"
        );
        assert!(
            markdown.contains(&format!("\n- \\[1\\] {note}\n")),
            "{markdown}"
        );
    }

    #[test]
    fn table_of_short_rows_keeps_natural_widths_without_row_rules() {
        let answer = Answer {
            columns: vec![
                Column {
                    key: "purpose",
                    heading: "Purpose",
                },
                Column {
                    key: "count",
                    heading: "Categories",
                },
            ],
            rows: vec![
                Row(vec![Cell::Text("Fundraising".into()), Cell::Number(7)]),
                Row(vec![Cell::Text("Safety".into()), Cell::Number(12)]),
            ]
            .into(),
            notes: vec![],
            truncated: true,
            understood_as: None,
            understood_because: None,
            ..sample()
        };
        assert_eq!(
            render(&answer, Format::Table, &Options::default()),
            lines(&[
                "Who may receive contact details",
                "",
                "+-------------+------------+",
                "| Purpose     | Categories |",
                "+-------------+------------+",
                "| Fundraising |          7 |",
                "| Safety      |         12 |",
                "+-------------+------------+",
                "truncated: a cap was reached; the rows above are not all there is",
                "2 rows",
            ])
        );
        let options = Options {
            headers: false,
            ..Options::default()
        };
        let one_row = Answer {
            rows: answer.rows[..1].to_vec().into(),
            truncated: false,
            understood_as: None,
            understood_because: None,
            ..answer
        };
        assert_eq!(
            render(&one_row, Format::Table, &options),
            lines(&[
                "Who may receive contact details",
                "",
                "+-------------+---+",
                "| Fundraising | 7 |",
                "+-------------+---+",
                "1 row",
            ])
        );
    }

    #[test]
    fn markdown_escapes_everything_markdown_or_html_would_act_on() {
        assert_eq!(
            render(&sample(), Format::Markdown, &Options::default()),
            lines(&[
                "**Who may receive contact details**",
                "",
                "| Recipient | Legal basis | Quote | Evidence | Notes |",
                "| --- | --- | --- | --- | --- |",
                r#"| Ads \| "Partners" \<b\>Inc\</b\><br>second line \\u{1b}\[31mred | Consent (where required); Legitimate interests \[delegated, derived: Contract; Consent\] | “We share your contact details with fundraising partners so that they can measure the effectiveness of ads shown to you on and off the service, where the law allows.” | t1-r05, t3-r3, t1-r13\* | |"#,
                r#"| =HYPERLINK("http://x.test","click") | not stated by this notice | not stated by this notice | t2-r01 | not listed in table 3 for this category |"#,
                "",
                r"\* derived: the tool's reading of the notice, not its words, because:",
                "",
                r"- \[delegated\]: points to other rows",
                r"- t1-r13\*: category implied by the section heading",
                "",
                "- the notice states no basis for the EEA",
            ])
        );
    }

    #[test]
    fn csv_is_rfc_4180_data_only() {
        assert_eq!(
            render(&sample(), Format::Csv, &Options::default()),
            lines(&[
                "recipient,bases,quote,evidence,notes",
                r#""Ads | ""Partners"" <b>Inc</b>"#,
                r#"second line \u{1b}[31mred","Consent (where required); Legitimate interests [delegated, derived: Contract; Consent] (derived: points to other rows)","“We share your contact details with fundraising partners so that they can measure the effectiveness of ads shown to you on and off the service, where the law allows.”","t1-r05, t3-r3, t1-r13* (derived: category implied by the section heading)","#,
                r#""'=HYPERLINK(""http://x.test"",""click"")",not stated by this notice,not stated by this notice,t2-r01,not listed in table 3 for this category"#,
            ])
        );
        let options = Options {
            headers: false,
            ..Options::default()
        };
        let text = render(&sample(), Format::Csv, &options);
        assert!(text.starts_with("\"Ads |"), "{text}");
    }

    #[test]
    fn a_lone_empty_csv_field_is_quoted() {
        let one_empty_column = Answer {
            columns: vec![Column {
                key: "notes",
                heading: "Notes",
            }],
            rows: vec![Row(vec![Cell::Notes(vec![])])].into(),
            ..sample()
        };
        assert_eq!(
            render(&one_empty_column, Format::Csv, &Options::default()),
            "notes\n\"\"\n"
        );
    }

    #[test]
    fn line_mode_aligns_headings() {
        assert_eq!(
            render(&sample(), Format::Line, &Options::default()),
            lines(&[
                r#"  Recipient = Ads | "Partners" <b>Inc</b>\nsecond line \u{1b}[31mred"#,
                "Legal basis = Consent (where required); Legitimate interests [delegated, derived: Contract; Consent]",
                "      Quote = “We share your contact details with fundraising partners so that they can measure the effectiveness of ads shown to you on and off the service, where the law allows.”",
                "   Evidence = t1-r05, t3-r3, t1-r13*",
                "      Notes =",
                "",
                r#"  Recipient = =HYPERLINK("http://x.test","click")"#,
                "Legal basis = not stated by this notice",
                "      Quote = not stated by this notice",
                "   Evidence = t2-r01",
                "      Notes = not listed in table 3 for this category",
                "",
                "* derived: the tool's reading of the notice, not its words, because:",
                "  [delegated]: points to other rows",
                "  t1-r13*: category implied by the section heading",
                "note: the notice states no basis for the EEA",
                "2 rows",
            ])
        );
    }

    #[test]
    fn json_rows_are_keyed_by_column_and_typed() {
        let text = render(&sample(), Format::Json, &Options::default());
        assert!(text.ends_with("}\n"));
        let parsed: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, to_json(&sample()));

        let rows = parsed["rows"].as_array().unwrap();
        let keys: Vec<&str> = rows[0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["bases", "evidence", "notes", "quote", "recipient"]);
        assert_eq!(rows[0]["recipient"][0]["name"], HOSTILE);
        assert_eq!(
            rows[0]["bases"][1],
            json!({
                "basis": { "id": "legitimate-interests", "kind": "basis", "name": "Legitimate interests" },
                "delegated": true,
                "derived": "points to other rows",
                "evidence": [{ "fact": "may-receive", "quote": "We share it with partners", "row": "t1-r05", "section": "Sharing" }],
                "expands_to": [
                    { "id": "b-c", "kind": "basis", "name": "Contract" },
                    { "id": "b-k", "kind": "basis", "name": "Consent" },
                ],
                "governs": true,
                "regions": [],
            })
        );
        assert_eq!(
            rows[0]["evidence"][2]["derived"],
            "category implied by the section heading"
        );
        assert_eq!(rows[0]["evidence"][0].get("derived"), None);
        assert_eq!(rows[0]["notes"], json!([]));
        assert_eq!(rows[1]["bases"], json!({ "not_stated": NOT_STATED }));
        assert_eq!(rows[1]["quote"], json!({ "not_stated": NOT_STATED }));
        assert_eq!(rows[1]["recipient"][0]["name"], FORMULA);

        let mut top = parsed.as_object().unwrap().clone();
        top.remove("rows");
        assert_eq!(
            Value::Object(top),
            json!({
                "query": "who may receive contact details",
                "form": "who-may-receive",
                "title": "Who may receive contact details",
                "resolved": [{
                    "text": "contact details",
                    "node": { "id": "cat-contact", "kind": "category", "name": "Contact details" },
                }],
                "columns": [
                    { "key": "recipient", "heading": "Recipient" },
                    { "key": "bases", "heading": "Legal basis" },
                    { "key": "quote", "heading": "Quote" },
                    { "key": "evidence", "heading": "Evidence" },
                    { "key": "notes", "heading": "Notes" },
                ],
                "notes": ["the notice states no basis for the EEA"],
                "not_stated": [],
                "truncated": false,
            })
        );
        let number = Answer {
            columns: vec![Column {
                key: "n",
                heading: "N",
            }],
            rows: vec![Row(vec![Cell::Number(3)])].into(),
            ..sample()
        };
        assert_eq!(to_json(&number)["rows"][0]["n"], 3);
    }

    #[test]
    fn empty_answer_says_no_rows_in_every_format() {
        let options = Options::default();
        assert_eq!(
            render(&empty(), Format::Table, &options),
            lines(&[
                "Who may receive contact details",
                "",
                "no rows",
                "note: filtered to region EEA",
            ])
        );
        assert_eq!(
            render(&empty(), Format::Markdown, &options),
            lines(&[
                "**Who may receive contact details**",
                "",
                "no rows",
                "",
                "- filtered to region EEA",
            ])
        );
        assert_eq!(
            render(&empty(), Format::Csv, &options),
            "recipient,bases,quote,evidence,notes\n"
        );
        let no_header = Options {
            headers: false,
            ..Options::default()
        };
        assert_eq!(render(&empty(), Format::Csv, &no_header), "");
        assert_eq!(
            render(&empty(), Format::Line, &options),
            lines(&["no rows", "note: filtered to region EEA"])
        );
        assert_eq!(to_json(&empty())["rows"], json!([]));
    }

    /// `columns` columns (at most 12): an id, long text, and a count; a long title and a long note.
    fn wide(columns: usize) -> Answer {
        const HEADINGS: [&str; 12] = [
            "Id",
            "Purpose",
            "Category",
            "Recipient",
            "Region",
            "Legal basis",
            "Quote",
            "Retention",
            "Source",
            "Evidence",
            "Notes",
            "Count",
        ];
        let texts = columns - 2;
        let words = "the notice says that personal data may be shared with service providers \
            acting on our behalf for the purposes described above";
        Answer {
            title: format!("A title that goes on: {words} {words}"),
            columns: HEADINGS
                .iter()
                .take(columns - 1)
                .chain(&HEADINGS[11..])
                .map(|&heading| Column { key: "k", heading })
                .collect(),
            rows: (0..3)
                .map(|r| {
                    let mut cells = vec![Cell::Text(format!("r{r}"))];
                    cells.extend((1..=texts).map(|c| Cell::Text(words[..(c * 11 + r * 7)].into())));
                    cells.push(Cell::Number(r as u64 * 1000));
                    Row(cells)
                })
                .collect(),
            notes: vec![format!("note with {words} {words}")],
            truncated: true,
            understood_as: None,
            understood_because: None,
            ..sample()
        }
    }

    #[test]
    fn table_lines_fit_the_width() {
        // Down to the narrowest width at which each answer's columns fit at their minimum.
        for (answer, widths) in [(sample(), [100, 80, 56]), (wide(7), [100, 80, 69])] {
            for width in widths {
                let options = Options {
                    width,
                    ..Options::default()
                };
                let text = render(&answer, Format::Table, &options);
                for line in text.lines() {
                    assert!(
                        line.chars().count() <= width,
                        "wider than {width}: {line:?}\n{text}"
                    );
                }
            }
        }
        let text = render(&wide(7), Format::Table, &Options::default());
        assert!(text.contains("\nnote: note with the notice says"), "{text}");
        assert!(
            text.contains("\n      "),
            "a wrapped note continues indented: {text}"
        );
    }

    #[test]
    fn too_many_columns_exceed_the_width_rather_than_fail() {
        let text = render(&wide(12), Format::Table, &Options::default());
        let rule = text.lines().find(|l| l.starts_with('+')).unwrap();
        // Twelve columns: eight wide at least, except the narrow ones (Id, Count).
        assert!(rule.chars().count() > 100);
        for line in text.lines().filter(|l| l.starts_with(['+', '|'])) {
            assert_eq!(line.chars().count(), rule.chars().count(), "{line}");
        }
        let zero = Options {
            width: 0,
            ..Options::default()
        };
        assert!(render(&sample(), Format::Table, &zero).ends_with("2 rows\n"));
    }

    #[test]
    fn narrow_columns_keep_their_width_and_wide_ones_share_the_rest() {
        assert_eq!(
            column_widths(&[6, 200, 20, 100], &[6, 12, 9, 10], 90),
            [6, 40, 20, 24]
        );
        assert_eq!(column_widths(&[5, 7], &[5, 7], 90), [5, 7]);
        assert_eq!(column_widths(&[30, 30, 30], &[5, 5, 5], 10), [8, 8, 8]);
    }

    #[test]
    fn output_is_deterministic_and_ends_with_a_newline() {
        for format in TEXT_FORMATS {
            for answer in [sample(), wide(7), empty()] {
                let first = render(&answer, format, &Options::default());
                assert_eq!(first, render(&answer.clone(), format, &Options::default()));
                assert!(first.ends_with('\n'), "{format:?}");
            }
        }
    }
}
