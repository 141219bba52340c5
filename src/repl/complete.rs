//! Tab completion and hints for the REPL.
//!
//! Completes dot-commands at the start of a line (those the table in [`crate::dot_commands`] allows in
//! the REPL), keywords, and every name and alias of the loaded dataset. A name with spaces completes
//! to its quoted form, so the completed query parses exactly.

use rustyline::{
    completion::{Completer, Pair},
    hint::HistoryHinter,
    Context, Helper, Highlighter, Hinter, Validator,
};

use crate::{
    dataset::Dataset,
    dot_commands::{names_in, Place},
    names::normalize,
    query::KEYWORDS,
};

/// How many words back a name being completed may start.
const MAX_NAME_WORDS: usize = 8;

#[derive(Helper, Highlighter, Hinter, Validator)]
pub struct LineHelper {
    /// Every name and alias, with its normalised form, sorted and without duplicates.
    names: Vec<(String, String)>,
    #[rustyline(Hinter)]
    hinter: HistoryHinter,
}

impl LineHelper {
    pub fn new(dataset: &Dataset) -> Self {
        let mut names: Vec<(String, String)> = dataset
            .graph()
            .node_weights()
            .flat_map(|n| std::iter::once(&n.name).chain(n.aliases.iter().map(|a| &a.name)))
            .map(|name| (normalize(name), name.clone()))
            .collect();
        // The regions a question may name besides the nodes: a region's codes, and the regions
        // the notice does not mention.
        let regions = dataset.graph().node_weights().flat_map(|n| n.codes.iter());
        let others = dataset
            .other_regions()
            .iter()
            .flat_map(|o| [&o.code, &o.name].into_iter().chain(o.aliases.iter()));
        names.extend(regions.chain(others).map(|w| (normalize(w), w.clone())));
        names.sort();
        names.dedup_by(|a, b| a.1 == b.1);
        LineHelper {
            names,
            hinter: HistoryHinter::new(),
        }
    }

    /// Candidates for the end of `before`: `(start, pairs)`.
    pub fn candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        let trimmed = before.trim_start();
        if trimmed.starts_with('.') && !trimmed.contains(char::is_whitespace) {
            let start = before.len() - trimmed.len();
            let pairs = names_in(Place::Repl)
                .iter()
                .filter(|c| c.starts_with(trimmed))
                .map(|c| pair(c, format!("{c} ")))
                .collect();
            return (start, pairs);
        }
        if let Some(quote) = open_quote(before) {
            let typed = normalize(&before[quote + 1..]);
            let pairs = self
                .names_starting(&typed)
                .map(|name| pair(name, quoted(name)))
                .collect();
            return (quote, pairs);
        }
        if before.is_empty() || before.ends_with(char::is_whitespace) {
            return (before.len(), Vec::new());
        }
        // The longest run of trailing words that begins some name; else a keyword.
        let starts: Vec<usize> = word_starts(before);
        for &start in starts.iter().rev().take(MAX_NAME_WORDS).rev() {
            let typed = normalize(&before[start..]);
            if typed.is_empty() {
                continue;
            }
            let pairs: Vec<Pair> = self
                .names_starting(&typed)
                .map(|name| {
                    let replacement = if name.contains(char::is_whitespace) {
                        quoted(name)
                    } else {
                        name.to_string()
                    };
                    pair(name, replacement)
                })
                .collect();
            if !pairs.is_empty() {
                return (start, pairs);
            }
        }
        let start = starts.last().copied().unwrap_or(0);
        let word = before[start..].to_ascii_lowercase();
        let pairs = KEYWORDS
            .iter()
            .filter(|k| k.starts_with(&word) && **k != word)
            .map(|k| pair(k, format!("{k} ")))
            .collect();
        (start, pairs)
    }

    fn names_starting<'a>(&'a self, typed: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        // The list is sorted by normalised form: the matches are one run of it.
        let first = self
            .names
            .partition_point(|(norm, _)| norm.as_str() < typed);
        self.names[first..]
            .iter()
            .take_while(move |(norm, _)| norm.starts_with(typed))
            .map(|(_, name)| name.as_str())
    }
}

impl Completer for LineHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        Ok(self.candidates(&line[..pos]))
    }
}

fn pair(display: &str, replacement: String) -> Pair {
    Pair {
        display: display.to_string(),
        replacement,
    }
}

fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Where each word of `text` starts.
fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut previous_space = true;
    for (i, c) in text.char_indices() {
        if !c.is_whitespace() && previous_space {
            starts.push(i);
        }
        previous_space = c.is_whitespace();
    }
    starts
}

/// The position of a quote that is still open at the end of `text`.
fn open_quote(text: &str) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (Some(_), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (None, '"') => open = Some(i),
            (Some(_), '"') if !escaped => open = None,
            _ => {}
        }
        escaped = false;
    }
    open
}
