//! Wrapping text to a width measured as a terminal shows it (a CJK character takes two columns, a
//! combining accent none), breaking only at spaces.
//!
//! A word is never broken in the middle, except a single word wider than the whole line: it is cut at
//! character boundaries, and each cut piece but the last ends with [`CUT_MARK`], so the reader sees
//! that the word goes on. No text is lost: the lines, joined by spaces (and the cut pieces without
//! their mark), give the text's words in order.

use unicode_width::UnicodeWidthStr;

/// Ends each piece of a word that was cut because it is wider than the column.
pub const CUT_MARK: char = '…';

/// How many terminal columns `text` takes. Printable ASCII, most of what an answer holds, is one
/// column a byte (the table of a 300,000-row answer measures every cell several times).
pub fn width(text: &str) -> usize {
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    UnicodeWidthStr::width(text)
}

/// The words of `text`: split at spaces only, so a no-break space holds.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|w| !w.is_empty())
}

/// The widest word of `text`, in columns.
pub fn longest_word(text: &str) -> usize {
    words(text).map(width).max().unwrap_or(0)
}

/// Wraps `text` at spaces into lines at most `limit` columns wide (three at least: room for a wide
/// character and the mark); a word wider than `limit` is cut, each piece but the last ending in
/// [`CUT_MARK`]. Always at least one line (an empty one for empty
/// text). Text that fits is returned as it is, runs of spaces included.
pub fn wrap(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(3);
    if width(text) <= limit {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in words(text) {
        let w = width(word);
        if !line.is_empty() && line_width + 1 + w <= limit {
            line.push(' ');
            line.push_str(word);
            line_width += 1 + w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let (mut pieces, rest) = cut(word, limit);
        lines.append(&mut pieces);
        line_width = width(rest);
        line.push_str(rest);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word wider than `limit`, cut into full pieces (each ending with the mark) and the rest.
fn cut(word: &str, limit: usize) -> (Vec<String>, &str) {
    let mut pieces = Vec::new();
    let mut rest = word;
    while width(rest) > limit {
        // As many characters as fit beside the mark; at least one, so the loop ends.
        let mut end = 0;
        let mut used = 0;
        for (i, c) in rest.char_indices() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + w > limit - 1 && end > 0 {
                break;
            }
            used += w;
            end = i + c.len_utf8();
        }
        pieces.push(format!("{}{CUT_MARK}", &rest[..end]));
        rest = &rest[end..];
    }
    (pieces, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_is_measured_as_unicode_width_measures_it() {
        let printable: String = (b' '..=b'~').map(char::from).collect();
        assert_eq!(
            width(&printable),
            UnicodeWidthStr::width(printable.as_str())
        );
        for text in [
            "tab\there",
            "line\nbreak",
            "bell\u{7}",
            "del\u{7f}",
            "é wide 漢字",
            "",
        ] {
            assert_eq!(width(text), UnicodeWidthStr::width(text), "{text:?}");
        }
    }
    use proptest::prelude::*;

    #[test]
    fn breaks_at_spaces_and_marks_cut_words() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij k", 4), ["abc…", "def…", "ghij", "k"]);
        assert_eq!(wrap("", 4), [""]);
        assert_eq!(wrap("fits  as is", 11), ["fits  as is"]);
        assert_eq!(wrap("no\u{a0}break here", 9), ["no\u{a0}break", "here"]);
        // Wide characters take two columns each.
        assert_eq!(wrap("日本語 テキスト", 8), ["日本語", "テキスト"]);
        assert_eq!(wrap("日本語テキスト", 6), ["日本…", "語テ…", "キスト"]);
        // Narrower than a wide character and the mark: three columns at least.
        assert_eq!(wrap("日本", 1), ["日…", "本"]);
    }

    /// Words of letters, wide characters, combining marks and punctuation.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec("[a-zé日\u{301}.,]{0,14}", 0..12).prop_map(|w| w.join(" "))
    }

    proptest! {
        #[test]
        fn no_line_too_wide_no_word_split_no_text_lost(text in text(), limit in 3usize..30) {
            let lines = wrap(&text, limit);
            let mut rebuilt: Vec<String> = Vec::new();
            let mut pending = String::new();
            for line in &lines {
                let w = width(line);
                // Only a fitting text comes back as it is; every other line fits.
                prop_assert!(w <= limit || lines.len() == 1 && line == &text, "{line:?} > {limit}");
                for word in words(line) {
                    if let Some(piece) = word.strip_suffix(CUT_MARK) {
                        // A cut piece is a whole line: only a word wider than the limit is cut.
                        prop_assert_eq!(word, line.as_str());
                        pending.push_str(piece);
                    } else {
                        pending.push_str(word);
                        rebuilt.push(std::mem::take(&mut pending));
                    }
                }
            }
            let original: Vec<String> = words(&text).map(str::to_string).collect();
            prop_assert_eq!(&rebuilt, &original);
            // A word that fits the limit is never cut.
            for word in &original {
                if width(word) <= limit {
                    prop_assert!(lines.iter().any(|l| words(l).any(|w| w == word)), "{word:?} split");
                }
            }
        }
    }
}
