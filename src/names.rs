//! Names as people type them: normalisation for matching, and "did you mean" suggestions.

use unicode_normalization::UnicodeNormalization;

/// The form a name is matched in: Unicode form NFC, lower case, punctuation and runs of white space
/// turned into one space.
///
/// `"Data from web-partners!"` and `"data from web partners"` normalise alike, so counsel need not
/// reproduce the notice's punctuation.
pub fn normalize(name: &str) -> String {
    if name.is_ascii() {
        return normalize_chars(name.chars(), name.len());
    }
    // Composed and decomposed accents (`é`, `e` + U+0301) match alike: the name is read in NFC first.
    normalize_chars(name.nfc(), name.len())
}

/// [`normalize`] of the characters of a name `len` bytes long.
fn normalize_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// How alike two names look, in `0.0..=1.0`, after normalisation.
fn similarity(wanted: &str, candidate: &str) -> f64 {
    // Nothing to compare: punctuation alone resembles no name.
    if wanted.is_empty() || candidate.is_empty() {
        return 0.0;
    }
    strsim::jaro_winkler(wanted, candidate).max(floor(wanted, candidate))
}

/// The score a name has whatever its letters: one name begins the other (0.95), or holds it (0.9).
fn floor(wanted: &str, candidate: &str) -> f64 {
    if candidate.starts_with(wanted) || wanted.starts_with(candidate) {
        0.95
    } else if wanted.len() >= 4 && (candidate.contains(wanted) || wanted.contains(candidate)) {
        0.9
    } else {
        0.0
    }
}

/// The most [`similarity`] can be for names of `a` and `b` characters, whatever their letters.
///
/// Jaro-Winkler is `jaro + 0.1 l (1 - jaro)` with a common prefix `l` of at most 4, and only when
/// `jaro > 0.7`; Jaro is `(m/a + m/b + (m - t)/m) / 3` with `m`, the characters matched, at most
/// `min(a, b)`. Names whose lengths differ ten times over cannot reach [`CUTOFF`].
/// (Jaro is `0.7` at `min/max = 0.1`, and then no prefix counts.)
fn bound(a: usize, b: usize) -> f64 {
    let (short, long) = (a.min(b) as f64, a.max(b).max(1) as f64);
    let jaro = (2.0 + short / long) / 3.0;
    // A little more, against rounding: a bound must never be below the score.
    let most = if jaro > 0.7 {
        jaro + 0.4 * (1.0 - jaro)
    } else {
        jaro
    };
    most + 1e-9
}

/// The closest score a suggestion may have: below it, a name is too far off to be useful.
const CUTOFF: f64 = 0.8;

/// A name longer than this (in characters, after normalisation) is near no name: nobody mistypes
/// a name that long, and comparing it with every name of a large dataset would cost too much.
pub const LONGEST_COMPARED: usize = 1024;

/// At most this many pairs of characters are compared (the cost of Jaro-Winkler is the product of
/// the two lengths) for one suggestion: the nearest names are compared first, so only a large dataset
/// of long names that all look alike reaches it, and its suggestions are then the best found so far.
const BUDGET: usize = 50_000_000;

/// Up to `limit` candidates nearest to `wanted`, best first, ties in alphabetical order.
///
/// The cost is linear in the candidates' length: a candidate is compared letter by letter only when
/// its length lets it be near enough (see [`bound`]), the most promising first, until the names
/// left cannot beat the `limit` found.
pub fn nearest<'a, I>(wanted: &str, candidates: I, limit: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest_where(wanted, candidates, limit, |_, _| true)
}

/// [`nearest`], keeping only the candidates `plausible(wanted, candidate)` accepts (both normalised).
fn nearest_where<'a, I>(
    wanted: &str,
    candidates: I,
    limit: usize,
    plausible: impl Fn(&str, &str) -> bool,
) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = normalize(wanted);
    let length = wanted.chars().count();
    if wanted.is_empty() || length > LONGEST_COMPARED || limit == 0 {
        return Vec::new();
    }
    // Each candidate that may be near, with the most it can score, its length and its normal form.
    let mut open: Vec<(f64, usize, String, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let normal = normalize(c);
            let chars = normal.chars().count();
            let most = bound(length, chars).max(floor(&wanted, &normal));
            (!normal.is_empty() && most >= CUTOFF).then_some((most, chars, normal, c))
        })
        .collect();
    open.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Vec<(f64, &str)> = Vec::with_capacity(limit + 1);
    let mut spent = 0usize;
    for (most, chars, normal, c) in open {
        if best.len() == limit && most < best[limit - 1].0 {
            break;
        }
        spent = spent.saturating_add(length.saturating_mul(chars));
        if spent > BUDGET {
            break;
        }
        let score = similarity(&wanted, &normal);
        if score < CUTOFF || best.iter().any(|&(_, have)| have == c) || !plausible(&wanted, &normal)
        {
            continue;
        }
        let at = best.partition_point(|&(s, name)| s > score || (s == score && name < c));
        best.insert(at, (score, c));
        best.truncate(limit);
    }
    best.into_iter().map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b` or `c`?", or nothing when no name is near.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean_of(nearest(wanted, candidates, 3))
}

/// Up to `limit` names of a dataset nearest to what was typed, as [`nearest`], but only those a
/// person could have meant ([`plausible_name`]): "sell" is not "Sellers", "everything" is not "Eve".
pub fn nearest_names<'a, I>(wanted: &str, candidates: I, limit: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest_where(wanted, candidates, limit, plausible_name)
}

/// [`did_you_mean`] for the names of a dataset: only [`plausible_name`] matches.
pub fn did_you_mean_name<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean_of(nearest_names(wanted, candidates, 3))
}

fn did_you_mean_of(near: Vec<&str>) -> Option<String> {
    let quoted: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
}

/// Common English words: typed alone they are never taken for a name that merely looks like them
/// ("sell" for "Sellers", "show" inside "Ads we show you"), and in a longer text they are not
/// the words a name must share.
pub const COMMON_WORDS: &[&str] = &[
    "a",
    "about",
    "all",
    "also",
    "an",
    "and",
    "any",
    "anyone",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "data",
    "did",
    "do",
    "does",
    "each",
    "every",
    "everyone",
    "everything",
    "for",
    "from",
    "get",
    "gets",
    "give",
    "have",
    "how",
    "i",
    "if",
    "in",
    "info",
    "information",
    "is",
    "it",
    "its",
    "keep",
    "kept",
    "me",
    "mine",
    "my",
    "of",
    "on",
    "or",
    "our",
    "personal",
    "please",
    "sale",
    "sell",
    "sells",
    "share",
    "shared",
    "shares",
    "show",
    "sold",
    "tell",
    "that",
    "the",
    "their",
    "them",
    "they",
    "thing",
    "things",
    "this",
    "to",
    "us",
    "use",
    "used",
    "we",
    "what",
    "when",
    "where",
    "which",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "you",
    "your",
    "yours",
];

/// One minus the edit distance (with transpositions) over the longer length: 1.0 for equal texts.
fn edit_similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count()).max(1);
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
}

/// Whether a word typed is a word of a name, mistyped or cut short: the same word, a beginning of at
/// least four letters, or one of four letters or more a letter or two off.
fn word_matches(typed: &str, word: &str) -> bool {
    typed == word
        || (typed.len() >= 4 && word.starts_with(typed))
        || (typed.len().min(word.len()) >= 4 && edit_similarity(typed, word) >= 0.7)
}

/// Whether `candidate` is a name a person typing `wanted` could have meant (both normalised): their
/// letters are mostly the same (a typo: at least 60% alike by edit distance, which bounds their
/// length ratio too), or `wanted` is the whole name then more words, or every word of `wanted` that is
/// not a [`COMMON_WORDS`] word (one at least) is a word of the name, mistyped or cut short. A common
/// word alone is never near a name.
pub fn plausible_name(wanted: &str, candidate: &str) -> bool {
    let words: Vec<&str> = wanted
        .split(' ')
        .filter(|w| !COMMON_WORDS.contains(w))
        .collect();
    if words.is_empty() {
        return false;
    }
    if edit_similarity(wanted, candidate) >= 0.6 {
        return true;
    }
    // The whole name, then more: "Hub item zzz…" for "Hub item".
    let name_then_more = wanted
        .strip_prefix(candidate)
        .is_some_and(|rest| rest.starts_with(' '));
    if name_then_more && !candidate.split(' ').all(|w| COMMON_WORDS.contains(&w)) {
        return true;
    }
    words
        .iter()
        .all(|w| candidate.split(' ').any(|c| word_matches(w, c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_punctuation_and_spacing() {
        for (input, expected) in [
            ("Email address", "email address"),
            ("  Data from web-partners! ", "data from web partners"),
            ("posts , reposts", "posts reposts"),
            ("Third- party", "third party"),
            ("", ""),
            ("Cafe\u{301} Partners", "caf\u{e9} partners"),
            ("Caf\u{e9}", "caf\u{e9}"),
        ] {
            assert_eq!(normalize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn suggests_the_nearest_names_first() {
        let ids = ["email-address", "device-id", "precise-device-id", "consent"];
        assert_eq!(nearest("emial-address", ids, 3), vec!["email-address"]);
        assert_eq!(
            did_you_mean("consnet", ids).as_deref(),
            Some("did you mean `consent`?")
        );
        assert_eq!(did_you_mean("zzz", ids), None);
    }
}

#[cfg(test)]
mod plausible {
    use super::*;

    const NAMES: &[&str] = &[
        "Sellers",
        "Eve",
        "Ads we show you on other sites",
        "Facts about you",
        "Ledger entries",
        "Harbour address book",
        "Verification records",
        "Kiln",
    ];

    fn near(wanted: &str) -> Vec<&'static str> {
        nearest_names(wanted, NAMES.iter().copied(), 3)
    }

    #[test]
    fn common_words_are_near_no_name() {
        for wanted in [
            "sell",
            "everything",
            "show",
            "about",
            "the",
            "you",
            "my data",
            "share",
        ] {
            assert_eq!(near(wanted), Vec::<&str>::new(), "{wanted}");
        }
        // `nearest`, for ids and keywords, is unchanged.
        assert_eq!(nearest("sell", NAMES.iter().copied(), 1), vec!["Sellers"]);
    }

    #[test]
    fn typos_and_shared_words_still_match() {
        assert_eq!(near("Ledgr entries"), vec!["Ledger entries"]);
        assert_eq!(
            near("Harbor adress book").first(),
            Some(&"Harbour address book")
        );
        assert_eq!(near("verificaton records"), vec!["Verification records"]);
        assert_eq!(near("Kilm"), vec!["Kiln"]);
        assert_eq!(near("sellres"), vec!["Sellers"]);
    }

    #[test]
    fn the_rule() {
        assert!(plausible_name("adress book", "harbour address book"));
        assert!(!plausible_name("sell", "sellers"));
        assert!(!plausible_name("show", "ads we show you on other sites"));
        assert!(plausible_name("kiln", "kiln"));
        // The length ratio: a short typed word is not a long name it is a part of.
        assert!(!plausible_name("ledge", "harbour address book"));
    }
}

#[cfg(test)]
mod bounded {
    use super::*;

    /// `nearest` as it was before it was bounded: every candidate compared.
    fn every_candidate<'a>(wanted: &str, candidates: &[&'a str], limit: usize) -> Vec<&'a str> {
        let wanted = normalize(wanted);
        let mut scored: Vec<(f64, &str)> = candidates
            .iter()
            .map(|c| (similarity(&wanted, &normalize(c)), *c))
            .filter(|(score, _)| *score >= CUTOFF)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(limit).map(|(_, c)| c).collect()
    }

    #[test]
    fn the_bounded_search_suggests_what_comparing_every_name_did() {
        let words = [
            "ledger", "lantern", "harbour", "meadow", "kiln", "orchard", "ferry",
        ];
        let mut names: Vec<String> = Vec::new();
        for (i, a) in words.iter().enumerate() {
            for b in &words[i..] {
                names.push(format!("{a} {b}"));
                names.push(format!("{a}-{b} entries"));
                names.push(format!("{b} of the {a} {}", "x".repeat(i * 7)));
            }
            names.push(a.to_string());
            names.push(a.to_string());
        }
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let wanted = [
            "ledgr",
            "lantren harbour",
            "meadow kil",
            "orchard-",
            "ferry of the kiln",
            "x",
            "",
            "!!",
            "kiln kiln kiln kiln kiln kiln",
            "harbour of the ledger xxxxxxx",
            "ledger lantern",
        ];
        for w in wanted {
            for limit in [1, 3, 10] {
                assert_eq!(
                    nearest(w, names.iter().copied(), limit),
                    every_candidate(w, &names, limit),
                    "{w:?} {limit}"
                );
            }
        }
    }

    #[test]
    fn a_name_too_long_to_compare_is_near_nothing() {
        let long = "ledger ".repeat(LONGEST_COMPARED);
        assert!(nearest(&long, ["ledger"], 3).is_empty());
    }
}
