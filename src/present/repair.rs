//! Repairing punctuation a notice's snapshot lost, in text shown to people.
//!
//! A snapshot saved from a web page as Latin-1 keeps only the first byte of a curly quote, a dash or a
//! line separator: `’`, `“`, `”`, `–` and U+2028 all begin with the byte `E2`, which reads `â`, and
//! the two bytes after it are often lost. The same `â` can then stand for an apostrophe, a quote, a
//! dash or a break, and only the characters around it tell which. [`repair`] reads them, in this
//! order (the first that applies wins):
//!
//! | around `â` | shown as | example |
//! | --- | --- | --- |
//! | followed by `¦` | `…` (the two are one ellipsis) | `say â¦ cookies` → `say … cookies` |
//! | a letter on both sides | `'` | `Aâs` → `A's` |
//! | a space (or the start) on both sides | `–` | `heading â subheading` → `heading – subheading` |
//! | a space, the start or `(` before, a letter or digit after | `“`, a quote opens | `âCan` → `“Can` |
//! | a quote is open, anything else | `”`, the quote closes | `this page?â link` → `this page?” link` |
//! | `.`, `!` or `?` before, no quote open | a break: a space (nothing when a space follows) | `the end.â We` → `the end. We` |
//! | a letter before, no quote open | `'` | `the usersâ choices` → `the users' choices` |
//!
//! Anything else is left as it is. The rule is generic: it knows no word of any notice. It can be
//! wrong: a real `â` inside a word (`château`) would read as an apostrophe, and a plural possessive
//! after an unclosed quote as a closing quote. So it is applied only where people read (tables,
//! Markdown, one line per field, diagram labels), never to JSON or CSV, never to quote checking; and
//! `--raw-text` (the REPL's `.rawtext on`) shows the snapshot's text as it is.

use std::borrow::Cow;

/// The character a lossy snapshot leaves for a lost punctuation mark.
const LOST: char = 'â';

/// `text` with each lost punctuation mark read from the characters around it (see the module).
pub fn repair(text: &str) -> Cow<'_, str> {
    if !text.contains(LOST) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut quote_open = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != LOST {
            if c == '\n' {
                quote_open = false;
            }
            out.push(c);
            i += 1;
            continue;
        }
        let prev = out.chars().last();
        let next = chars.get(i + 1).copied();
        i += 1;
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        if next == Some('¦') {
            out.push('…');
            i += 1;
        } else if letter(prev) && letter(next) {
            out.push('\'');
        } else if space(prev) && space(next) {
            out.push('–');
        } else if (space(prev) || prev == Some('(')) && next.is_some_and(char::is_alphanumeric) {
            out.push('“');
            quote_open = true;
        } else if quote_open {
            out.push('”');
            quote_open = false;
        } else if matches!(prev, Some('.' | '!' | '?')) {
            if !space(next) {
                out.push(' ');
            }
        } else if letter(prev) {
            out.push('\'');
        } else {
            out.push(LOST);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn each_context_reads_as_its_mark() {
        let cases = [
            ("Aâs business", "A's business"),
            ("we donât", "we don't"),
            ("heading â subheading", "heading – subheading"),
            ("â at the start", "– at the start"),
            (
                "a menu âCan I see this page?â link",
                "a menu “Can I see this page?” link",
            ),
            (
                "their âAllow sharingâ setting",
                "their “Allow sharing” setting",
            ),
            ("the usersâ choices", "the users' choices"),
            ("the end.â We set", "the end. We set"),
            ("rule 4.âB also", "rule 4. B also"),
            ("say â¦ cookies", "say … cookies"),
            ("no mark here", "no mark here"),
            ("1â2", "1â2"),
        ];
        for (raw, shown) in cases {
            assert_eq!(repair(raw), shown, "{raw}");
        }
    }

    #[test]
    fn a_quote_does_not_stay_open_past_a_line() {
        assert_eq!(repair("âOpen\nendâ"), "“Open\nend'");
    }
}
