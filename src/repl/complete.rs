//! Tab completion and hints for the REPL.
//!
//! Completes dot-commands at the start of a line (those the table in [`crate::dot_commands`] allows in
//! the REPL), keywords, and names and aliases of the loaded dataset. What is offered is what may come
//! next in some form of [`crate::query::keywords`]: its keywords, and in a slot only names of the kinds
//! the slot takes (after `who may receive`, data items and categories). Words that begin no form get
//! every keyword and every name. A name with spaces completes
//! to its quoted form, so the completed query parses exactly. Nothing invisible reaches the terminal:
//! candidates are shown made inert, and a name that holds a control character (an ANSI escape, say)
//! inserts the id of what it names instead of itself.

use rustyline::{
    completion::{Completer, Pair},
    hint::{Hinter, HistoryHinter},
    Context, Helper, Highlighter, Hinter as HinterDerive, Validator,
};

use crate::{
    dataset::model::NodeKind,
    dataset::Dataset,
    dot_commands::{names_in, Place},
    names::normalize,
    present::escape::{is_invisible, terminal},
    query::ast::quoted,
    query::keywords::{self, Slot},
    query::lex::{lex, TokenKind},
};

/// How many words back a name being completed may start.
const MAX_NAME_WORDS: usize = 8;

#[derive(Helper, Highlighter, HinterDerive, Validator)]
pub struct LineHelper {
    /// Every name and alias, sorted by normalised form and without duplicates.
    names: Vec<Name>,
    #[rustyline(Hinter)]
    hinter: InertHinter,
}

/// Hints from the history, as rustyline's, but none that holds an invisible character: a hint is
/// printed after the cursor as it stands, and history may hold a pasted escape.
pub struct InertHinter(HistoryHinter);

impl Hinter for InertHinter {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.0
            .hint(line, pos, ctx)
            .filter(|hint| !hint.contains(is_invisible))
    }
}

/// A name completion offers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Name {
    /// The form typed text is matched against.
    normalised: String,
    /// The kind of what it names; `None` for a region's code or a region the notice does not
    /// mention (both name a region).
    kind: Option<NodeKind>,
    /// The name as the list of candidates shows it, made inert for the terminal.
    shown: String,
    /// What completion inserts: the name itself or, for a name that holds a control character, a
    /// direction override or a zero-width character, the id (or code) of what it names, so nothing
    /// invisible reaches the line being edited.
    inserted: String,
}

impl Name {
    fn new(name: &str, id: &str, kind: Option<NodeKind>) -> Self {
        let inserted = if name.contains(is_invisible) {
            id
        } else {
            name
        };
        Name {
            normalised: normalize(name),
            kind,
            shown: terminal(name),
            inserted: inserted.to_string(),
        }
    }
}

impl LineHelper {
    pub fn new(dataset: &Dataset) -> Self {
        let mut names: Vec<Name> = dataset
            .graph()
            .node_weights()
            .flat_map(|n| {
                std::iter::once(&n.name)
                    .chain(n.aliases.iter().map(|a| &a.name))
                    .map(|name| Name::new(name, &n.id, Some(n.kind)))
            })
            .collect();
        // The regions a question may name besides the nodes: a region's codes, and the regions
        // the notice does not mention.
        let regions = dataset
            .graph()
            .node_weights()
            .flat_map(|n| n.codes.iter().map(|c| Name::new(c, c, None)));
        let others = dataset.other_regions().iter().flat_map(|o| {
            [&o.code, &o.name]
                .into_iter()
                .chain(o.aliases.iter())
                .map(|w| Name::new(w, &o.code, None))
        });
        names.extend(regions.chain(others));
        names.sort();
        names.dedup_by(|a, b| a.shown == b.shown && a.inserted == b.inserted && a.kind == b.kind);
        LineHelper {
            names,
            hinter: InertHinter(HistoryHinter::new()),
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
            let slots = keywords::next(&words_of(&before[..quote]));
            let pairs = self
                .names_starting(&typed)
                .filter(|name| fits(name, &slots))
                .map(|name| pair(&name.shown, quoted(&name.inserted)))
                .collect();
            return (quote, pairs);
        }
        if before.is_empty() || before.ends_with(char::is_whitespace) {
            return (before.len(), Vec::new());
        }
        // The longest run of trailing words that begins a name the form takes there; else a keyword.
        let starts: Vec<usize> = word_starts(before);
        for &start in starts.iter().rev().take(MAX_NAME_WORDS).rev() {
            let typed = normalize(&before[start..]);
            if typed.is_empty() {
                continue;
            }
            let slots = keywords::next(&words_of(&before[..start]));
            if slots.matched && slots.slots.is_empty() {
                continue;
            }
            let pairs: Vec<Pair> = self
                .names_starting(&typed)
                .filter(|name| fits(name, &slots))
                .map(|name| {
                    let replacement = if name.inserted.contains(char::is_whitespace) {
                        quoted(&name.inserted)
                    } else {
                        name.inserted.clone()
                    };
                    pair(&name.shown, replacement)
                })
                .collect();
            if !pairs.is_empty() {
                let mut pairs = pairs;
                if start == *starts.last().unwrap_or(&0) {
                    pairs.extend(keyword_pairs(&before[start..], &slots));
                }
                return (start, pairs);
            }
        }
        let start = starts.last().copied().unwrap_or(0);
        let next = keywords::next(&words_of(&before[..start]));
        (start, keyword_pairs(&before[start..], &next))
    }

    fn names_starting<'a>(&'a self, typed: &'a str) -> impl Iterator<Item = &'a Name> + 'a {
        // The list is sorted by normalised form: the matches are one run of it.
        let first = self
            .names
            .partition_point(|name| name.normalised.as_str() < typed);
        self.names[first..]
            .iter()
            .take_while(move |name| name.normalised.starts_with(typed))
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

/// The keywords that may come next and begin with `typed`, or every keyword when the words before
/// begin no form.
fn keyword_pairs(typed: &str, next: &keywords::Next) -> Vec<Pair> {
    let typed = typed.to_ascii_lowercase();
    let words: Vec<&str> = if next.matched {
        next.words.iter().copied().collect()
    } else {
        keywords::vocabulary().iter().copied().collect()
    };
    words
        .into_iter()
        .filter(|k| k.starts_with(&typed) && *k != typed)
        .map(|k| pair(k, format!("{k} ")))
        .collect()
}

/// Whether a name may fill one of the slots that may come next (any name when the words before
/// begin no form).
fn fits(name: &Name, next: &keywords::Next) -> bool {
    if !next.matched {
        return true;
    }
    next.slots.iter().any(|slot| match name.kind {
        Some(kind) => slot.kinds().contains(&kind),
        None => *slot == Slot::Region,
    })
}

/// The words of a line, a quoted name being one word (for [`keywords::next`]).
fn words_of(text: &str) -> Vec<&str> {
    match lex(text, &std::collections::BTreeMap::new()) {
        Ok(tokens) => tokens
            .iter()
            .map(|t| match t.kind {
                TokenKind::Word => &text[t.span.clone()],
                TokenKind::Quoted => "\"name\"",
            })
            .collect(),
        Err(_) => text.split_whitespace().collect(),
    }
}

fn pair(display: &str, replacement: String) -> Pair {
    Pair {
        display: display.to_string(),
        replacement,
    }
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

#[cfg(test)]
mod tests {
    use rustyline::history::{History, MemHistory};

    use super::*;

    #[test]
    fn history_hints_with_invisible_characters_are_not_shown() {
        let mut history = MemHistory::new();
        history.add("describe \u{1b}[2Jthing").expect("added");
        history.add("list purposes").expect("added");
        let ctx = Context::new(&history);
        let hinter = InertHinter(HistoryHinter::new());
        assert_eq!(hinter.hint("list", 4, &ctx).as_deref(), Some(" purposes"));
        assert_eq!(hinter.hint("describe", 8, &ctx), None);
        assert_eq!(
            HistoryHinter::new().hint("describe", 8, &ctx).as_deref(),
            Some(" \u{1b}[2Jthing")
        );
    }
}
