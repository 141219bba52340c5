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
    if candidate.starts_with(wanted) || wanted.starts_with(candidate) {
        return 0.95_f64.max(strsim::jaro_winkler(wanted, candidate));
    }
    if wanted.len() >= 4 && (candidate.contains(wanted) || wanted.contains(candidate)) {
        return 0.9_f64.max(strsim::jaro_winkler(wanted, candidate));
    }
    strsim::jaro_winkler(wanted, candidate)
}

/// The closest score a suggestion may have: below it, a name is too far off to be useful.
const CUTOFF: f64 = 0.8;

/// Up to `limit` candidates nearest to `wanted`, best first, ties in alphabetical order.
pub fn nearest<'a, I>(wanted: &str, candidates: I, limit: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = normalize(wanted);
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (similarity(&wanted, &normalize(c)), c))
        .filter(|(score, _)| *score >= CUTOFF)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b` or `c`?", or nothing when no name is near.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let near = nearest(wanted, candidates, 3);
    let quoted: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [init @ .., last] => Some(format!("did you mean {} or {last}?", init.join(", "))),
    }
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
