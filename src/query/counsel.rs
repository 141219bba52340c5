//! Questions in plain words (`docs/QUERY_LANGUAGE.md`, "Questions in plain words"): when a question
//! does not parse as written, it is rewritten into questions of the language, and each is parsed.
//!
//! The rewrites, cheapest first:
//! 1. word-level repairs: contractions (`what's`), `lawful basis`, `each purpose`, a `please` or
//!    `tell me` around the question;
//! 2. the phrasings of daily practice ([`PHRASINGS`]): a pattern of words with slots, and the question
//!    of the language it stands for (`what do you share with <R>` is `what does <R> receive`);
//! 3. regions as counsel write them (`in the EU`, `for EU users`);
//! 4. possessives and articles before a name (`my`, `your`, `the`): each kept, dropped, or read from
//!    the notice's side (`my` is the notice's `your`, `your` its `our`); `my data` is `any data`;
//! 5. a name spelt one or two letters away from exactly one name of the dataset.
//!
//! Each rewrite has a cost (the words it changed); the cheapest questions that parse win. When they
//! are one statement, it is answered, and the answer says how it was understood; when they are
//! several, the question is refused and each reading is offered as a whole question. Nothing is
//! guessed: a rewrite that parses to nothing gives the strict parser's own error.
//!
//! The word lists are `pub const` tables of ordinary English words, so that completion and `.help`
//! may show them too. No notice's names are here.

use std::collections::BTreeMap;

use super::{
    ast::{
        quoted, Audit, Canonical, Data, Named, Query, Readable, Region, Statement, Target, WhatIf,
        ANY_DATA,
    },
    error::{QueryError, QueryErrorKind},
    lex::{lex, Token, TokenKind},
    parse::{parse, parse_unsuggested},
};
use crate::{dataset::model::NodeKind, dataset::Dataset, names::normalize};

/// Words replaced wherever they stand (never inside a quoted name): contractions and spellings.
pub const REPAIRS: &[(&str, &str)] = &[
    ("what's", "what is"),
    ("what’s", "what is"),
    ("whats", "what is"),
    ("who's", "who is"),
    ("who’s", "who is"),
    ("where's", "where is"),
    ("where’s", "where is"),
    ("lawful basis", "legal basis"),
    ("lawful bases", "legal bases"),
    ("each purpose", "every purpose"),
    ("retention periods", "retention"),
    ("retention period", "retention"),
    ("have been or will be", "are"),
    ("has been or will be", "is"),
    ("have been", "are"),
    ("has been", "is"),
    ("will be", "are"),
];

/// Words that open a question politely and are dropped.
pub const OPENERS: &[&str] = &[
    "please",
    "tell me",
    "can you tell me",
    "could you tell me",
    "i would like to know",
    "i want to know",
];

/// Words that close a question politely and are dropped.
pub const CLOSERS: &[&str] = &["please", "thanks", "thank you"];

/// Possessives and articles that may stand before a name.
pub const POSSESSIVES: &[&str] = &["my", "your", "our", "its", "their", "the", "all"];

/// How the notice, which speaks to the reader, says a possessive counsel write: counsel's `my` is
/// the notice's `your`, counsel's `your` (the company's) is the notice's `our`.
pub const NOTICE_SIDE: &[(&str, &str)] = &[("my", "your"), ("your", "our")];

/// `text` with its first word, a possessive counsel write, as the notice writes it (`my ID` is
/// `your ID`); `None` when it begins with none.
pub fn notice_side(text: &str) -> Option<String> {
    let (first, rest) = text.trim().split_once(' ')?;
    let (_, side) = NOTICE_SIDE
        .iter()
        .find(|(counsel, _)| first.eq_ignore_ascii_case(counsel))?;
    Some(format!("{side} {rest}"))
}

/// Phrases that mean every item and category (`any data`).
pub const ANY_DATA_PHRASES: &[&str] = &[
    "all my personal data",
    "all my data",
    "all of my data",
    "my personal data",
    "my personal information",
    "my data",
    "my information",
    "the personal data",
    "the personal information",
    "the data",
    "your data",
    "personal data",
    "personal information",
];

/// Nouns for the people of a region (`for EU users` is `in EU`).
pub const REGION_PEOPLE: &[&str] = &[
    "users",
    "members",
    "residents",
    "citizens",
    "consumers",
    "customers",
    "people",
];

/// Nouns that say what kind of thing a name is, which counsel write after it ("the Hobbies
/// category", "the … setting"); the last word of a question may be dropped if it is one.
pub const KIND_NOUNS: &[&str] = &[
    "setting",
    "control",
    "category",
    "item",
    "purpose",
    "recipient",
    "source",
    "footnote",
    "section",
];

/// Words that may follow `what <kind>` in a question that lists that kind ("what safeguards do you
/// apply", "which footnotes are there").
pub const LIST_FILLERS: &[&str] = &[
    "do",
    "does",
    "can",
    "you",
    "we",
    "i",
    "the",
    "notice",
    "have",
    "has",
    "hold",
    "apply",
    "use",
    "control",
    "name",
    "list",
    "are",
    "is",
    "there",
    "exist",
    "of",
    "data",
    "personal",
    "information",
    "keep",
    "collect",
];

/// The kinds `what <kind> …` may list (the interests and the data have questions of their own).
pub const LIST_KINDS: &[&str] = &[
    "sources",
    "categories",
    "groups",
    "purposes",
    "bases",
    "recipients",
    "processors",
    "controls",
    "settings",
    "conditions",
    "footnotes",
    "safeguards",
    "regions",
    "rights",
    "authorities",
    "decisions",
    "transfers",
    "contacts",
    "retention",
    "sections",
];

/// The phrasings of daily practice: a pattern, and the question it stands for.
///
/// A pattern is words separated by spaces: `a|b` is either word, a leading `?` makes the word
/// optional, `$1` and `$2` are slots (one or more words, or quoted names), `$a` is one of
/// [`ANY_DATA_PHRASES`], `$k` one of [`LIST_KINDS`], `$f` any run of [`LIST_FILLERS`]. The whole
/// question must match. Every way the slots can split is tried, and the parser decides.
pub const PHRASINGS: &[(&str, &str)] = &[
    // Who receives data.
    ("who ?can|may|could|does|do|will|would|might see|sees|access|accesses|obtain|obtains $1", "who may receive $1"),
    ("who do|does|did|will|would|can you|we|they give|send|pass|disclose|share $1 to|with", "who may receive $1"),
    ("is|are $1 shared|disclosed|given|sent|passed with|to anyone|anybody|others|someone", "who may receive $1"),
    ("is|are $1 shared|disclosed|given|sent|passed with|to third parties", "who may receive $1"),
    ("who is|are $1 shared|disclosed|given|sent|passed with|to", "who may receive $1"),
    ("with|to whom is|are $1 shared|disclosed|given|sent|passed", "who may receive $1"),
    ("recipients to whom $1 is|are|was|were disclosed|shared", "who may receive $1"),
    ("recipients or categories of recipient|recipients to whom $1 is|are|was|were disclosed|shared", "who may receive $1"),
    ("who ?does|do stores|store|holds|hold $1", "who processes $1"),
    // What a recipient receives.
    ("what do|does|did|will you|we|they share|disclose|give|send|pass with|to $1", "what does $1 receive"),
    ("what does|do $1 get|receive from you|us|me", "what does $1 receive"),
    ("do|does|did you|we|they share|disclose|give|send|pass $1 with|to $2", "why does $2 receive $1"),
    ("is|are $1 shared|disclosed|given|sent|passed with|to $2", "why does $2 receive $1"),
    ("which|what recipients receive|get|gets ?personal data|information without|with ?no ?a|an ?stated ?legal basis|bases", "who may receive any data where basis is not stated"),
    ("who receives|gets|get ?personal data|information without|with ?no ?a|an ?stated ?legal basis|bases", "who may receive any data where basis is not stated"),
    // Transfers.
    ("is|are $a transferred|sent|moved outside|out ?of $1", "transfers outside $1"),
    ("do|does you|we transfer|send $a outside|out ?of $1", "transfers outside $1"),
    // Purposes of data.
    ("what do|does|did|will you|we|they use $1 for", "purposes of $1"),
    ("what do|does|did|will you|we|they do with $1", "purposes of $1"),
    ("why do|does|did|would|will you|we|they process|collect|need|use|keep|want|hold|store|require $1", "purposes of $1"),
    ("what is|are $1 used for", "purposes of $1"),
    ("purposes of the processing", "purposes of any data"),
    ("purposes|purpose for which you|we process|collect|use $1", "purposes of $1"),
    ("?business ?or ?commercial purposes|purpose for|of collecting|processing|using $1", "purposes of $1"),
    // Data for a purpose.
    ("what|which ?personal data|information do|does you|we use|need|process|collect for|in $1", "data for $1"),
    ("what|which personal data|information is|are used for $1", "data for $1"),
    ("what|which ?personal data|information do|does you|we collect|hold|have|process|store|keep", "items of any data"),
    // Bases.
    ("on what|which ?legal basis do|does you|we process|use|collect $a for $1", "basis of $1"),
    ("what is ?the|your ?legal basis for ?the processing ?of $a for $1", "basis of $1"),
    ("what is|are ?the|your legal basis|bases for processing", "basis of every purpose"),
    ("legal basis|bases for processing|collecting ?$a", "basis of every purpose"),
    ("what is your ?legal basis|bases for $1", "basis of $1"),
    ("which|what purposes rely|relies|depend|depends on $1", "purposes with basis $1"),
    ("which|what purposes are|is based on $1", "purposes based on $1"),
    ("what are the legal bases you|we rely on|use", "list bases"),
    ("what|which legal bases do|does you|we rely on|use", "list bases"),
    ("what are ?the|your legal bases in $1", "basis of every purpose in $1"),
    ("what|which ?legitimate interests do|does you|we pursue|have", "interests of every purpose"),
    ("what|which ?legitimate interests do|does you|we rely on", "interests of every purpose"),
    ("what|which ?legitimate interests do|does you|we pursue|have for|in $1", "interests of $1"),
    // Lists.
    ("what|which $k $f", "list $k"),
    ("what are ?all ?the|my|your $k", "list $k"),
    ("list|show every|each $k", "list $k"),
    // The sharing matrix.
    ("which|what categories of ?personal data|information do|does you|we disclose|share to|with each|every recipient", "sharing matrix"),
    ("categories of personal data|information disclosed|shared for a business purpose", "sharing matrix"),
    ("categories of third parties to whom $a is|are|was|were disclosed|shared", "sharing matrix"),
    // Sources.
    ("where do|did|does you|we get|obtain|collect|receive $1 from", "sources of $1"),
    ("who|what is|are the source|sources of $1", "sources of $1"),
    ("categories of sources from which $1 is|are|was|were collected|obtained", "sources of $1"),
    ("what do|did|does you|we get|collect|receive|obtain|learn ?about ?me from $1", "what comes from $1"),
    // Retention.
    ("how long will|would|can|do|does you|we keep|store|retain|hold $1", "how long do you keep $1"),
    ("do|does you|we keep|store|retain|hold $1 ?and for how long", "retention of $1"),
    ("?envisaged period|periods for which $1 is|are stored|kept|retained", "retention of $1"),
    // Categories and items.
    ("which|what category|categories does|do $1 fall|belong|fit in|into|to|under", "categories of $1"),
    ("which|what category|categories is|are $1 in", "categories of $1"),
    ("categories of personal data|information concerned", "categories of any data"),
    ("categories of personal data|information you|we have collected about me", "categories of any data"),
    ("specific pieces of personal data|information you|we have collected about me", "items of any data"),
    ("what is|are in $1", "items of $1"),
    ("what are the items in|of $1 ?category", "items of $1"),
    // Describe and routes.
    ("who is|are $1", "describe $1"),
    ("show ?me everything about $1", "describe $1"),
    ("everything about $1", "describe $1"),
    ("tell me about $1", "describe $1"),
    ("show|give me $1", "show $1"),
    ("show the $1", "$1"),
    ("show me the $1", "$1"),
    ("how does|do|did|can $1 get|go|flow to $2", "path from $1 to $2"),
    ("what does|do ?row|section $1 say|state", "describe $1"),
    // `what about <name>` asks nothing in particular: for data, every question it may mean is
    // offered (several readings are refused); for anything else it is `describe`.
    ("what|how about $1", "describe $1"),
    ("what|how about $1", "who may receive $1"),
    ("what|how about $1", "purposes of $1"),
];

/// The most questions a rewrite tries: past it, the rest are not parsed.
const MAX_TRIES: usize = 256;

/// The fewest questions a rewrite tries, however large the dataset.
const MIN_TRIES: usize = 8;

/// Nodes times words times questions tried: how many questions a dataset's size and the question's
/// length allow (256 for a question of 10 words on up to 117 nodes, 150 on 200; 8 from 3,750).
const WORK: usize = 300_000;

/// The most unknown names respelt, cheapest reading first.
const MAX_RESPELT: usize = 4;

/// The most possessives one question may have rewritten.
const MAX_POSSESSIVES: usize = 4;

/// The longest question (in words) that is rewritten.
const MAX_WORDS: usize = 30;

/// A question of the language that a plain question was read as: its statement, and the question
/// as counsel may type it to check the reading.
pub struct Reading {
    pub statement: Statement,
    pub question: String,
    /// Why the reading chose one of the things a name names, when it did (`query::covering`).
    pub because: Option<String>,
}

/// Reads a question that does not parse as written (`strict` is the parser's error): one reading,
/// or an error that names every reading (or the strict error when there is none).
pub fn understand(
    ds: &Dataset,
    query: &str,
    params: &BTreeMap<String, String>,
    strict: QueryError,
) -> Result<Reading, QueryError> {
    let Ok(tokens) = lex(query, params) else {
        return Err(strict);
    };
    if tokens.is_empty() || tokens.len() > MAX_WORDS {
        return Err(strict);
    }
    let words: Vec<Word> = tokens.iter().map(Word::of).collect();
    let mut tries = Tries::default();
    for (cost, repaired) in repaired(&words) {
        for regional in regions(&repaired) {
            for phrased in phrased(&regional) {
                for (less, shorter) in kind_nouns(&phrased) {
                    for (more, variant) in possessives(&shorter) {
                        tries.push(cost + less + more, variant);
                    }
                }
            }
        }
    }
    tries.best(ds, strict)
}

/// A word of a question, or a quoted name (never a keyword).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    quoted: bool,
}

impl Word {
    fn of(token: &Token) -> Word {
        Word {
            text: token.text.clone(),
            quoted: token.kind == TokenKind::Quoted,
        }
    }

    fn plain(text: &str) -> Word {
        Word {
            text: text.to_string(),
            quoted: false,
        }
    }

    fn is(&self, word: &str) -> bool {
        !self.quoted && self.text.to_lowercase() == word
    }
}

/// Whether `phrase` (lower-case words) stands at `at`; its length in words.
fn phrase_at(words: &[Word], at: usize, phrase: &str) -> Option<usize> {
    let parts: Vec<&str> = phrase.split(' ').collect();
    let fits = parts.len() <= words.len() - at.min(words.len())
        && parts.iter().enumerate().all(|(i, p)| words[at + i].is(p));
    fits.then_some(parts.len())
}

fn plain_words(text: &str) -> Vec<Word> {
    text.split(' ')
        .filter(|w| !w.is_empty())
        .map(Word::plain)
        .collect()
}

/// The question with [`REPAIRS`] made and [`OPENERS`] and [`CLOSERS`] dropped: as written (cost 0)
/// and repaired (cost 1), when that changed anything.
fn repaired(words: &[Word]) -> Vec<(usize, Vec<Word>)> {
    let mut out: Vec<Word> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        match REPAIRS
            .iter()
            .find_map(|(from, to)| phrase_at(words, at, from).map(|n| (n, to)))
        {
            Some((n, to)) => {
                out.extend(plain_words(to));
                at += n;
            }
            None => {
                out.push(words[at].clone());
                at += 1;
            }
        }
    }
    if let Some(n) = OPENERS.iter().filter_map(|o| phrase_at(&out, 0, o)).max() {
        out.drain(..n.min(out.len().saturating_sub(1)));
    }
    for closer in CLOSERS {
        let n = closer.split(' ').count();
        if out.len() > n && phrase_at(&out, out.len() - n, closer).is_some() {
            out.truncate(out.len() - n);
        }
    }
    let mut all = vec![(0, words.to_vec())];
    if out != words {
        all.push((1, out));
    }
    all
}

/// The question as written, without a leading `the` (a DSAR's noun phrase), and as each phrasing it
/// matches stands for it.
fn phrased(words: &[Word]) -> Vec<Vec<Word>> {
    let mut out = vec![words.to_vec()];
    let bare = if words.len() > 1 && words[0].is("the") {
        &words[1..]
    } else {
        words
    };
    if bare.len() != words.len() {
        out.push(bare.to_vec());
    }
    for (pattern, question) in PHRASINGS {
        let pattern: Vec<&str> = pattern.split(' ').collect();
        for slots in matches(&pattern, bare) {
            out.push(fill(question, &slots));
        }
    }
    out
}

/// What the slots of a pattern hold in one match.
type Slots = BTreeMap<char, Vec<Word>>;

/// Every way `pattern` matches the whole of `words`.
fn matches(pattern: &[&str], words: &[Word]) -> Vec<Slots> {
    let mut found = Vec::new();
    match_from(pattern, words, &mut Slots::new(), &mut found);
    found
}

fn match_from(pattern: &[&str], words: &[Word], slots: &mut Slots, found: &mut Vec<Slots>) {
    let Some((first, rest)) = pattern.split_first() else {
        if words.is_empty() {
            found.push(slots.clone());
        }
        return;
    };
    let (optional, element) = match first.strip_prefix('?') {
        Some(element) => (true, element),
        None => (false, *first),
    };
    if optional {
        match_from(rest, words, slots, found);
    }
    for taken in element_matches(element, words) {
        if let Some(slot) = element.strip_prefix('$') {
            let key = slot.chars().next().unwrap_or('1');
            slots.insert(key, words[..taken].to_vec());
            match_from(rest, &words[taken..], slots, found);
            slots.remove(&key);
        } else {
            match_from(rest, &words[taken..], slots, found);
        }
    }
}

/// How many words at the start of `words` one pattern element may take, each way it can.
fn element_matches(element: &str, words: &[Word]) -> Vec<usize> {
    match element {
        "$1" | "$2" => (1..=words.len()).collect(),
        "$a" => ANY_DATA_PHRASES
            .iter()
            .filter_map(|p| phrase_at(words, 0, p))
            .collect(),
        "$k" => LIST_KINDS
            .iter()
            .filter(|k| words.first().is_some_and(|w| names_kind(w, k)))
            .map(|_| 1)
            .take(1)
            .collect(),
        "$f" => (0..=words.len())
            .take_while(|&n| n == 0 || LIST_FILLERS.iter().any(|f| words[n - 1].is(f)))
            .collect(),
        _ => match words.first() {
            Some(w) if element.split('|').any(|alt| w.is(alt)) => vec![1],
            _ => Vec::new(),
        },
    }
}

/// Whether a word is a kind of [`LIST_KINDS`], or its singular (`purpose`, `category`, `basis`).
fn names_kind(word: &Word, kind: &str) -> bool {
    let singular = if kind == "bases" {
        "basis".to_string()
    } else if let Some(stem) = kind.strip_suffix("ies") {
        format!("{stem}y")
    } else {
        kind.strip_suffix('s').unwrap_or(kind).to_string()
    };
    word.is(kind) || word.is(&singular)
}

/// The question of a phrasing with its slots filled.
fn fill(question: &str, slots: &Slots) -> Vec<Word> {
    let mut out = Vec::new();
    for part in question.split(' ') {
        match part.strip_prefix('$').and_then(|s| s.chars().next()) {
            Some(key) => out.extend(slots.get(&key).cloned().unwrap_or_default()),
            None => out.push(Word::plain(part)),
        }
    }
    out
}

/// The question as it is, and with a region written as counsel write it (`in the EU`, `for EU users`)
/// read as a filter (`in EU`).
fn regions(words: &[Word]) -> Vec<Vec<Word>> {
    let mut out = vec![words.to_vec()];
    for at in 0..words.len() {
        let rest = &words[at..];
        if rest.len() >= 3 && rest[0].is("in") && rest[1].is("the") {
            let mut variant = words[..at].to_vec();
            variant.push(Word::plain("in"));
            variant.extend_from_slice(&rest[2..]);
            out.push(variant);
        }
        let people = rest
            .last()
            .is_some_and(|w| REGION_PEOPLE.iter().any(|p| w.is(p)));
        if rest.len() >= 3 && rest[0].is("for") && people {
            let mut variant = words[..at].to_vec();
            variant.push(Word::plain("in"));
            let skip = if rest[1].is("the") { 2 } else { 1 };
            variant.extend_from_slice(&rest[skip..rest.len() - 1]);
            out.push(variant);
        }
    }
    out
}

/// The question as it is (cost 0), and without a last word of [`KIND_NOUNS`] (cost 1).
fn kind_nouns(words: &[Word]) -> Vec<(usize, Vec<Word>)> {
    let mut out = vec![(0, words.to_vec())];
    if words.len() >= 3
        && words
            .last()
            .is_some_and(|w| KIND_NOUNS.iter().any(|k| w.is(k)))
    {
        out.push((1, words[..words.len() - 1].to_vec()));
    }
    out
}

/// The ways one place of a question may be read: (cost, words).
type Options = Vec<(usize, Vec<Word>)>;

/// The question with each possessive kept (cost 0), or read from the notice's side or dropped
/// (cost 1 each); `my data` and the like read as `any data` (cost 1). At most
/// [`MAX_POSSESSIVES`] places change.
fn possessives(words: &[Word]) -> Vec<(usize, Vec<Word>)> {
    let mut places: Vec<Options> = Vec::new();
    let mut changing = 0;
    let mut at = 0;
    while at < words.len() {
        let any = ANY_DATA_PHRASES
            .iter()
            .filter_map(|p| phrase_at(words, at, p))
            .max();
        let word = &words[at];
        let options = if let (Some(n), true) = (any, changing < MAX_POSSESSIVES) {
            let phrase = &words[at..at + n];
            at += n;
            let mut options = possessive_options(&phrase[0]);
            for (_, option) in &mut options {
                option.extend_from_slice(&phrase[1..]);
            }
            options.push((1, plain_words("any data")));
            options
        } else if changing < MAX_POSSESSIVES && POSSESSIVES.iter().any(|p| word.is(p)) {
            at += 1;
            possessive_options(word)
        } else {
            at += 1;
            places.push(vec![(0, vec![word.clone()])]);
            continue;
        };
        changing += 1;
        places.push(options);
    }
    let mut all: Vec<(usize, Vec<Word>)> = vec![(0, Vec::new())];
    for options in places {
        all = all
            .iter()
            .flat_map(|(cost, words)| {
                options.iter().map(move |(more, option)| {
                    let mut words = words.clone();
                    words.extend(option.iter().cloned());
                    (cost + more, words)
                })
            })
            .collect();
    }
    all
}

/// How one word may be read: as written (cost 0), and for a possessive, dropped or read from the
/// notice's side (cost 1).
fn possessive_options(word: &Word) -> Options {
    let mut options = vec![(0, vec![word.clone()])];
    if POSSESSIVES.iter().any(|p| word.is(p)) {
        options.push((1, Vec::new()));
        if let Some((_, side)) = NOTICE_SIDE.iter().find(|(from, _)| word.is(from)) {
            options.push((1, vec![Word::plain(side)]));
        }
    }
    options
}

/// The questions to try, each with its cost, and what they gave.
#[derive(Default)]
struct Tries {
    questions: Vec<(usize, String)>,
}

/// The statements found so far at the lowest cost, and how many of their names were read from
/// words that only begin a name (fewer is better: `my home address` is the notice's `Your home
/// address` before it is the beginning of a name `home address and phone`).
#[derive(Default)]
struct Found {
    best: Option<(usize, usize)>,
    statements: Vec<Statement>,
}

impl Found {
    fn add(&mut self, ds: &Dataset, cost: usize, statement: Statement) {
        if !sensible(ds, &statement) {
            return;
        }
        let rank = (cost, partial_names(ds, &statement));
        match self.best {
            Some(best) if rank > best => {}
            Some(best) if rank == best => {
                if !self.statements.contains(&statement) {
                    self.statements.push(statement);
                }
            }
            _ => {
                self.best = Some(rank);
                self.statements = vec![statement];
            }
        }
    }

    fn cost(&self) -> Option<usize> {
        self.best.map(|(cost, _)| cost)
    }
}

impl Tries {
    fn push(&mut self, cost: usize, words: Vec<Word>) {
        if words.is_empty() {
            return;
        }
        let text = text_of(&words);
        if !self.questions.iter().any(|(_, q)| *q == text) {
            self.questions.push((cost, text));
        }
    }

    /// The cheapest questions that parse: one statement, or a refusal naming each.
    fn best(mut self, ds: &Dataset, strict: QueryError) -> Result<Reading, QueryError> {
        self.questions.sort_by_key(|(cost, _)| *cost);
        // A parse may read every name of the dataset for every run of words: the tries shrink as
        // the dataset and the question grow.
        let words = self
            .questions
            .iter()
            .map(|(_, q)| q.split(' ').count())
            .max();
        let work = ds.node_count().max(1) * words.unwrap_or(1).max(1);
        let tries = (WORK / work).clamp(MIN_TRIES, MAX_TRIES);
        self.questions.truncate(tries);
        let none = BTreeMap::new();
        let mut found = Found::default();
        let mut misspelt: Vec<(usize, String, QueryError)> = Vec::new();
        let mut ambiguous: Vec<(usize, String, QueryError)> = Vec::new();
        for (cost, question) in &self.questions {
            if found.cost().is_some_and(|c| *cost > c) {
                break;
            }
            match parse_unsuggested(ds, question, &none) {
                Ok(statement) => found.add(ds, *cost, statement),
                Err(e) if matches!(e.kind, QueryErrorKind::UnknownName { .. }) => {
                    misspelt.push((*cost, question.clone(), e));
                }
                Err(e) if matches!(e.kind, QueryErrorKind::Ambiguous { .. }) => {
                    ambiguous.push((*cost, question.clone(), e));
                }
                Err(_) => {}
            }
        }
        let mut because = None;
        if found.statements.is_empty() {
            (found, because) = covered(ds, &ambiguous);
        }
        if found.statements.is_empty() {
            found = respelt(ds, &misspelt);
        }
        let mut statements = found.statements;
        match statements.len() {
            0 => Err(strict),
            1 => {
                let statement = statements.remove(0);
                let question = readable(ds, &statement);
                Ok(Reading {
                    statement,
                    question,
                    because,
                })
            }
            _ => Err(readings(ds, &statements, strict)),
        }
    }
}

/// Whether a reading asks something the dataset can answer: not `any data` read as the beginning
/// of a name (`Any data that …`), nor the categories of a dataset that has none (the empty
/// answer would read as "no category").
fn sensible(ds: &Dataset, statement: &Statement) -> bool {
    let any_as_name = names_of(statement)
        .iter()
        .any(|n| ANY_DATA.iter().any(|a| normalize(&n.text) == *a));
    let no_categories = matches!(statement.query, Query::CategoriesOf { .. })
        && ds.nodes_of_kind(NodeKind::Category).is_empty();
    !any_as_name && !no_categories
}

/// How many names of a statement were read from words that only begin the name.
fn partial_names(ds: &Dataset, statement: &Statement) -> usize {
    names_of(statement)
        .iter()
        .filter(|n| {
            let node = ds.node(n.node);
            let written = normalize(&n.text);
            let whole = std::iter::once(&node.name)
                .chain(node.aliases.iter().map(|a| &a.name))
                .any(|name| normalize(name) == written);
            !whole && *node.id != *n.text.trim()
        })
        .count()
}

/// The name some data was given, if any.
fn data(d: &Data) -> Option<&Named> {
    match d {
        Data::Named(n) => Some(n),
        Data::Any => None,
    }
}

/// The names a statement resolved.
fn names_of(statement: &Statement) -> Vec<&Named> {
    let mut names: Vec<Option<&Named>> = match &statement.query {
        Query::WhoMayReceive { data: d, .. }
        | Query::PurposesOf { data: d }
        | Query::CategoriesOf { data: d }
        | Query::ItemsOf { data: d }
        | Query::Matrix { data: d }
        | Query::SourcesOf { data: d }
        | Query::RetentionOf { data: d }
        | Query::ProcessorsOf { data: d } => vec![data(d)],
        Query::WhyReceives { recipient, data: d } => vec![Some(recipient), data(d)],
        Query::WhatReceives { recipient: n }
        | Query::DataFor { purpose: n }
        | Query::PurposesWithBasis { basis: n }
        | Query::FromSource { source: n } => vec![Some(n)],
        Query::BasisOf { purpose } | Query::InterestsOf { purpose } => vec![purpose.as_ref()],
        Query::Path { from, to } => vec![Some(from), Some(to)],
        Query::Routes {
            source, recipient, ..
        } => vec![Some(source), Some(recipient)],
        Query::Reachable { source, .. } => vec![source.as_ref()],
        Query::Describe {
            target: Target::Node(n),
        } => vec![Some(n)],
        Query::Describe { .. } | Query::List { .. } => Vec::new(),
        Query::Audit(audit) => audit_names(audit),
    };
    if let Some(Region::Node(n)) = &statement.region {
        names.push(Some(n));
    }
    names.push(statement.basis.as_ref());
    names.into_iter().flatten().collect()
}

/// The names an audit or statement question resolved (its data, and the regions it names).
fn audit_names(audit: &Audit) -> Vec<Option<&Named>> {
    fn region(r: &Region) -> Option<&Named> {
        match r {
            Region::Node(n) => Some(n),
            Region::Unmentioned { .. } => None,
        }
    }
    match audit {
        Audit::Sale { data: d, .. } => vec![data(d)],
        Audit::Transfers { outside } | Audit::Withdrawal { region: outside } => {
            vec![outside.as_ref().and_then(region)]
        }
        Audit::Compare { left, right } => vec![region(left), region(right)],
        Audit::ConfirmProcessing | Audit::Lint | Audit::FromThirdParties | Audit::Processors => {
            Vec::new()
        }
        Audit::WhatIf(WhatIf::Withdraw { region: r }) => vec![r.as_ref().and_then(region)],
        Audit::WhatIf(WhatIf::SettingOff { setting }) => vec![Some(setting)],
        Audit::WhatIf(WhatIf::InRegion { region: r }) => vec![region(r)],
    }
}

/// The statements of the cheapest questions whose ambiguous name names one thing that covers the
/// others (`query::covering`), read as that one; and why, when there is one reading.
fn covered(ds: &Dataset, ambiguous: &[(usize, String, QueryError)]) -> (Found, Option<String>) {
    let none = BTreeMap::new();
    let mut found = Found::default();
    let mut because = Vec::new();
    for (cost, question, error) in ambiguous {
        if found.cost().is_some_and(|c| *cost > c) {
            break;
        }
        let QueryErrorKind::Ambiguous { text, .. } = &error.kind else {
            continue;
        };
        let Some((node, note)) = super::covering::covering(ds, text, error) else {
            continue;
        };
        let mut respelt = question[..error.span.start].to_string();
        respelt.push_str(&quoted(&ds.node(node).id));
        respelt.push_str(&question[error.span.end..]);
        match parse_unsuggested(ds, &respelt, &none) {
            Ok(statement) if super::covering::answers_cover(&statement.query) => {
                found.add(ds, cost + 1, statement);
                because.push(note);
            }
            _ => {}
        }
    }
    because.dedup();
    let because = (found.statements.len() == 1 && because.len() == 1).then(|| because.remove(0));
    (found, because)
}

/// The statements of the cheapest questions that parse once their unknown name is respelt as a
/// name of the dataset a letter or two away from it.
fn respelt(ds: &Dataset, misspelt: &[(usize, String, QueryError)]) -> Found {
    let none = BTreeMap::new();
    let mut found = Found::default();
    let mut names: Option<Vec<(String, &str)>> = None;
    for (cost, question, error) in misspelt.iter().take(MAX_RESPELT) {
        if found.cost().is_some_and(|c| *cost > c) {
            break;
        }
        let QueryErrorKind::UnknownName { text } = &error.kind else {
            continue;
        };
        let names = names.get_or_insert_with(|| normal_names(ds));
        // A quoted name is matched as a whole, as written: only the notice's lost punctuation is
        // read in it; bare words may be a letter or two off.
        let ids = if question[error.span.clone()].starts_with('"') {
            lost_punctuation(names, text)
        } else {
            nearest_names(names, text)
        };
        for id in ids {
            let mut respelt = question[..error.span.start].to_string();
            respelt.push_str(&quoted(id));
            respelt.push_str(&question[error.span.end..]);
            if let Ok(statement) = parse_unsuggested(ds, &respelt, &none) {
                found.add(ds, cost + 1, statement);
            }
        }
    }
    found
}

/// The letter a snapshot shows where the notice's apostrophe was lost in its encoding (`Acmeâs`
/// for `Acme's`).
pub const LOST_APOSTROPHE: char = 'â';

/// A normal form in which the notice's lost apostrophe, a typed apostrophe (which [`normalize`]
/// makes a space) and none at all read alike: `acme s`, `acmeâs` and `acmes` are all `acmes`.
fn without_apostrophes(normal: &str) -> String {
    let mut out = String::with_capacity(normal.len());
    let chars: Vec<char> = normal.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let after_letter = i > 0 && chars[i - 1].is_alphanumeric();
        if (c == LOST_APOSTROPHE || c == ' ') && after_letter && ends_word(&chars, i + 1) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether the letters from `at` are a contraction's ending (`s`, `t`, `ve`, `re`, `ll`, `d`)
/// followed by the end of a word.
fn ends_word(chars: &[char], at: usize) -> bool {
    let rest: String = chars[at..]
        .iter()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    matches!(rest.as_str(), "s" | "t" | "ve" | "re" | "ll" | "d")
}

/// The ids of the nodes a quoted name names once the notice's lost apostrophes are read as
/// apostrophes (`"Acme's data"` for `Acmeâs data`).
fn lost_punctuation<'a>(names: &[(String, &'a str)], text: &str) -> Vec<&'a str> {
    let wanted = without_apostrophes(&normalize(text));
    let mut ids: Vec<&str> = names
        .iter()
        .filter(|(normal, _)| normal.contains(LOST_APOSTROPHE))
        .filter(|(normal, _)| without_apostrophes(normal) == wanted)
        .map(|(_, id)| *id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Every name and alias of the dataset in its normal form, with its node's id.
fn normal_names(ds: &Dataset) -> Vec<(String, &str)> {
    let mut names = Vec::new();
    for (_, node) in ds.nodes() {
        let all = std::iter::once(&node.name).chain(node.aliases.iter().map(|a| &a.name));
        for name in all {
            names.push((normalize(name), &*node.id));
        }
    }
    names
}

/// The ids of the nodes with a name (or alias) nearest to `text` (ignoring case and punctuation),
/// when it is a letter or two away: one edit for a name of 5 to 11 letters, two from 12 on. At
/// most four: more are no spelling of one name.
fn nearest_names<'a>(names: &[(String, &'a str)], text: &str) -> Vec<&'a str> {
    let wanted = normalize(text);
    let length = wanted.chars().count();
    let most = match length {
        0..=4 => return Vec::new(),
        5..=11 => 1,
        _ => 2,
    };
    let mut best: Option<(usize, Vec<&str>)> = None;
    for (normal, id) in names {
        if normal.chars().count().abs_diff(length) > most {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&wanted, normal);
        if distance == 0 || distance > most {
            continue;
        }
        match &mut best {
            Some((d, ids)) if *d == distance => {
                if !ids.contains(id) {
                    ids.push(id);
                }
            }
            Some((d, _)) if *d < distance => {}
            _ => best = Some((distance, vec![id])),
        }
    }
    match best {
        Some((_, ids)) if ids.len() <= 4 => ids,
        _ => Vec::new(),
    }
}

/// The refusal for a question that reads as several statements: each offered as a whole question.
fn readings(ds: &Dataset, found: &[Statement], strict: QueryError) -> QueryError {
    let questions: Vec<String> = found
        .iter()
        .map(|s| format!("`{}`", readable(ds, s)))
        .collect();
    let help = match questions.as_slice() {
        [init @ .., last] => format!("did you mean {} or {last}?", init.join(", ")),
        [] => String::new(),
    };
    QueryError::new(
        QueryErrorKind::Readings {
            count: questions.len(),
        },
        strict.span.start..strict.span.start,
    )
    .expected("one reading: ask one of the whole questions below")
    .help(Some(help))
}

/// The statement as a question counsel can read and ask again: names as the notice writes them,
/// or ids where a name would read as something else.
pub fn readable(ds: &Dataset, statement: &Statement) -> String {
    let by_name = Readable(statement, ds).to_string();
    match parse(ds, &by_name, &BTreeMap::new()) {
        Ok(again) if again == *statement => by_name,
        _ => Canonical(statement, ds).to_string(),
    }
}

/// The words as one question: quoted names quoted again.
fn text_of(words: &[Word]) -> String {
    let parts: Vec<String> = words
        .iter()
        .map(|w| {
            if w.quoted {
                quoted(&w.text)
            } else {
                w.text.clone()
            }
        })
        .collect();
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Word> {
        plain_words(text)
    }

    #[test]
    fn patterns_match_whole_questions_only() {
        let pattern: Vec<&str> = "what do|does you|we use $1 for".split(' ').collect();
        let found = matches(&pattern, &words("what do you use my data for"));
        assert_eq!(found.len(), 1);
        assert_eq!(text_of(&found[0][&'1']), "my data");
        assert!(matches(&pattern, &words("what do you use my data for ads")).is_empty());
    }

    #[test]
    fn every_phrasing_is_well_formed() {
        for (pattern, question) in PHRASINGS {
            for element in pattern.split(' ') {
                let element = element.trim_start_matches('?');
                assert!(!element.is_empty(), "{pattern}");
                if let Some(slot) = element.strip_prefix('$') {
                    assert!(["1", "2", "a", "k", "f"].contains(&slot), "{pattern}");
                }
            }
            for slot in ["$1", "$2", "$k"] {
                if question.contains(slot) {
                    assert!(pattern.contains(slot), "{pattern} -> {question}");
                }
            }
        }
    }

    #[test]
    fn a_lost_apostrophe_reads_as_an_apostrophe_or_none() {
        let key = |s: &str| without_apostrophes(&normalize(s));
        assert_eq!(key("Acmeâs data"), "acmes data");
        assert_eq!(key("Acme's data"), "acmes data");
        assert_eq!(key("Acme’s data"), "acmes data");
        assert_eq!(key("Acmes data"), "acmes data");
        assert_eq!(key("places youâve been"), "places youve been");
        // Only a contraction's ending: a word of its own stays a word.
        assert_eq!(key("Acme sales data"), "acme sales data");
    }

    #[test]
    fn possessives_keep_first() {
        let all = possessives(&words("who gets my contacts"));
        assert_eq!(all[0], (0, words("who gets my contacts")));
        assert!(all.contains(&(1, words("who gets contacts"))));
        assert!(all.contains(&(1, words("who gets your contacts"))));
    }
}
