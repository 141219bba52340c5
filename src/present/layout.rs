//! How a table answer is laid out for people (the table and Markdown renderers), before any escaping:
//!
//! - a column that reads the same on every row (two rows or more), or is empty on every row, is
//!   stated once above the table (`Legal basis: Consent (every row)`) instead of in it; the first
//!   column, which names what each row is about, always stays;
//! - a long text ([`MARKER_WIDTH`] columns or more) that several rows repeat in a condition, a note or
//!   a text cell becomes a marker (`[2]`) in the cells, with its text once below the table;
//! - an answer of more than [`SUMMARY_ROWS`] rows leads with a summary: how many rows name each
//!   purpose, basis and recipient (columns found by what their cells hold, never by key);
//! - text the snapshot lost punctuation in is repaired ([`crate::present::repair`]) unless the
//!   options ask for the raw text.
//!
//! JSON, CSV and Line output keep every cell's full text on every row.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::{
    answer::{Answer, Cell},
    present::render::{cell_text, Options},
    present::repair::repair,
    present::wrap::width,
};

/// A repeated text at least this wide becomes a marker.
pub const MARKER_WIDTH: usize = 40;
/// An answer with more rows than this leads with a summary.
pub const SUMMARY_ROWS: usize = 40;
/// The kinds of node whose columns a summary counts (with every column of legal bases).
const SUMMARY_KINDS: [&str; 2] = ["purpose", "recipient"];
/// The kinds of node that qualify a row (a condition, a user control, a safeguard): a column of them
/// may be marked.
const CONDITION_KINDS: [&str; 3] = ["control", "condition", "safeguard"];

/// What a table shows, as plain text: decided over every row, one row read at a time (an
/// answer's rows may be made as they are read, and a million of them are never held as text). The
/// rows' texts are made again when they are written ([`Layout::rows`]).
pub struct Layout<'a> {
    answer: &'a Answer,
    options: &'a Options,
    /// The headings of the columns kept in the table.
    pub headings: Vec<String>,
    /// The columns kept in the table, by their place in the answer.
    kept: Vec<usize>,
    /// Each marked text's marker number.
    numbers: FxHashMap<String, usize>,
    /// The columns stated once above the table: `Heading: text (every row)`.
    pub constant: Vec<String>,
    /// The marked texts, in marker order: `[1]` is the first.
    pub markers: Vec<String>,
    /// Counts per value of the summarised columns: (heading, [(value, rows)]).
    pub summary: Vec<(String, Vec<(String, usize)>)>,
}

/// One row as a table shows it: each kept cell's text with markers in place, and whether it is a
/// number (right-aligned).
pub struct Shown {
    pub texts: Vec<String>,
    pub numeric: Vec<bool>,
}

/// The text people see: repaired unless `options` ask for the raw text.
pub fn shown<'a>(text: &'a str, options: &Options) -> Cow<'a, str> {
    if options.raw_text {
        Cow::Borrowed(text)
    } else {
        repair(text)
    }
}

impl<'a> Layout<'a> {
    pub fn new(answer: &'a Answer, options: &'a Options) -> Layout<'a> {
        let columns = answer.columns.len();
        // The first row's cells as pieces (a Notes cell's notes, any other cell's whole text), and
        // which columns every later row repeats them in: read until no column but the first can
        // be the same on every row.
        let mut first: Option<Vec<Vec<String>>> = None;
        let mut same = vec![answer.rows.len() >= 2; columns];
        for row in answer.rows.stream() {
            match &first {
                None => first = Some(row.0.iter().map(|c| pieces(c, options)).collect()),
                Some(first) => {
                    for (i, same) in same.iter_mut().enumerate().skip(1).filter(|(_, s)| **s) {
                        *same = row.0.get(i).map(|c| pieces(c, options)).as_ref() == first.get(i);
                    }
                    if !same.iter().skip(1).any(|&s| s) {
                        break;
                    }
                }
            }
        }
        let first = first.unwrap_or_default();
        let constant_columns: Vec<usize> = (1..columns).filter(|&i| same[i]).collect();
        let kept: Vec<usize> = (0..columns)
            .filter(|i| !constant_columns.contains(i))
            .collect();
        let heading = |i: usize| shown(answer.columns[i].heading, options).into_owned();
        let constant = constant_columns
            .iter()
            .map(
                |&i| match first.get(i).map(|p| p.join("; ")).unwrap_or_default() {
                    text if text.is_empty() => format!("{}: none on any row", heading(i)),
                    text => format!("{}: {text} (every row)", heading(i)),
                },
            )
            .collect();
        let (numbers, markers) = markers(answer, options, &kept);
        Layout {
            answer,
            options,
            headings: kept.iter().map(|&i| heading(i)).collect(),
            kept,
            numbers,
            constant,
            markers,
            summary: summary(answer, options),
        }
    }

    /// The rows as the table shows them, made one at a time as they are read.
    pub fn rows(&self) -> impl Iterator<Item = Shown> + '_ {
        let options = self.options;
        self.answer.rows.stream().map(move |row| {
            let kept = || self.kept.iter().filter_map(|&i| row.0.get(i));
            let texts = kept()
                .map(|cell| {
                    let marked: Vec<String> = pieces(cell, options)
                        .into_iter()
                        .map(|p| self.numbers.get(&p).map_or(p, |n| format!("[{n}]")))
                        .collect();
                    marked.join("; ")
                })
                .collect();
            let numeric = kept().map(|c| matches!(c, Cell::Number(_))).collect();
            Shown { texts, numeric }
        })
    }
}

/// A cell as the pieces markers may stand for: each note of a Notes cell, else the whole text.
fn pieces(cell: &Cell, options: &Options) -> Vec<String> {
    match cell {
        Cell::Notes(notes) => notes
            .iter()
            .map(|n| shown(n, options).into_owned())
            .collect(),
        _ => vec![shown(&cell_text(cell), options).into_owned()],
    }
}

/// Which long texts of the kept note and text columns several rows repeat: each text's marker
/// number, and the texts in number order.
fn markers(
    answer: &Answer,
    options: &Options,
    kept: &[usize],
) -> (FxHashMap<String, usize>, Vec<String>) {
    // Which kept columns may be marked: decided once, in one pass over the rows (made as they are
    // read), which ends once no column can be.
    let mut marked_columns: Vec<usize> = kept.to_vec();
    for row in answer.rows.stream() {
        marked_columns.retain(|&i| markable(row.0.get(i)));
        if marked_columns.is_empty() {
            break;
        }
    }
    // How many rows repeat each long text, and the order in which they first appear.
    let mut rows_of: FxHashMap<String, usize> = FxHashMap::default();
    let mut order: Vec<String> = Vec::new();
    if !marked_columns.is_empty() {
        for row in answer.rows.stream() {
            let mut seen: Vec<String> = Vec::new();
            for &i in &marked_columns {
                for piece in row.0.get(i).map(|c| pieces(c, options)).unwrap_or_default() {
                    if width(&piece) < MARKER_WIDTH || seen.contains(&piece) {
                        continue;
                    }
                    let count = rows_of.entry(piece.clone()).or_insert(0);
                    if *count == 0 {
                        order.push(piece.clone());
                    }
                    *count += 1;
                    seen.push(piece);
                }
            }
        }
    }
    let texts: Vec<String> = order.into_iter().filter(|p| rows_of[p] >= 2).collect();
    let numbers = texts
        .iter()
        .enumerate()
        .map(|(n, t)| (t.clone(), n + 1))
        .collect();
    (numbers, texts)
}

/// Whether a cell may be marked: notes, text, conditions, or nothing said.
fn markable(cell: Option<&Cell>) -> bool {
    match cell {
        Some(Cell::Nodes(nodes)) => nodes
            .iter()
            .all(|n| CONDITION_KINDS.contains(&n.kind.as_str())),
        Some(Cell::Notes(_) | Cell::Text(_) | Cell::NotStated(_)) | None => true,
        Some(_) => false,
    }
}

/// For an answer over [`SUMMARY_ROWS`] rows: each summarised column's values and how many rows name
/// each, most first (then by name). A summary counts the columns that hold legal bases, or nodes of
/// one summarised kind: which they are and what they name are found in one pass over the rows (an
/// answer's rows may be made as they are read), which ends once no column can be one.
fn summary(answer: &Answer, options: &Options) -> Vec<(String, Vec<(String, usize)>)> {
    if answer.rows.len() <= SUMMARY_ROWS {
        return Vec::new();
    }
    let mut open: Vec<Summarised> = (0..answer.columns.len()).map(Summarised::new).collect();
    for row in answer.rows.stream() {
        open.retain_mut(|column| column.read(row.0.get(column.index), options));
        if open.is_empty() {
            break;
        }
    }
    open.into_iter()
        .filter(Summarised::counts)
        .map(|column| {
            let mut counts: Vec<(String, usize)> = column.names.into_iter().collect();
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let heading = answer.columns[column.index].heading;
            (shown(heading, options).into_owned(), counts)
        })
        .collect()
}

/// A column a summary may count, as far as the rows read so far say: whether it holds legal bases
/// (and nothing else but silence), or nodes of summarised kinds only; and how many rows name each
/// of its values.
struct Summarised {
    index: usize,
    any_bases: bool,
    all_bases: bool,
    any_nodes: bool,
    all_kinds: bool,
    names: FxHashMap<String, usize>,
}

impl Summarised {
    fn new(index: usize) -> Summarised {
        Summarised {
            index,
            any_bases: false,
            all_bases: true,
            any_nodes: false,
            all_kinds: true,
            names: FxHashMap::default(),
        }
    }

    /// Reads one row's cell; false once the column can no longer be counted.
    fn read(&mut self, cell: Option<&Cell>, options: &Options) -> bool {
        let Some(cell) = cell else { return true };
        self.any_bases |= matches!(cell, Cell::Bases(_));
        self.all_bases &= matches!(cell, Cell::Bases(_) | Cell::NotStated(_));
        self.any_nodes |= matches!(cell, Cell::Nodes(n) if !n.is_empty());
        self.all_kinds &= match cell {
            Cell::Nodes(nodes) => nodes
                .iter()
                .all(|n| SUMMARY_KINDS.contains(&n.kind.as_str())),
            Cell::NotStated(_) => true,
            _ => false,
        };
        let still = self.all_bases || self.all_kinds;
        if still {
            for name in names_in(Some(cell)) {
                *self
                    .names
                    .entry(shown(&name, options).into_owned())
                    .or_insert(0) += 1;
            }
        }
        still
    }

    /// Whether, every row read, the summary counts it.
    fn counts(&self) -> bool {
        (self.any_bases && self.all_bases) || (self.any_nodes && self.all_kinds)
    }
}

/// The names one cell gives a row, each once: its nodes, its bases, or its text.
fn names_in(cell: Option<&Cell>) -> Vec<String> {
    let mut names: Vec<String> = match cell {
        Some(Cell::Nodes(nodes)) => nodes.iter().map(|n| n.name.to_string()).collect(),
        Some(Cell::Bases(bases)) => bases.iter().map(|b| b.basis.name.to_string()).collect(),
        Some(cell) => vec![cell_text(cell)],
        None => Vec::new(),
    };
    names.sort();
    names.dedup();
    names
}
