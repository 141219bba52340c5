//! Finding each quote's first place in its row at a cost near-linear in the dataset.
//!
//! A quote is searched for in its row's text from the row's start. For most rows that is the
//! cheapest way: rows are short, and few quotes cite each. But a row that is long and cited by many
//! quotes would be read once per quote (`q` quotes in a row of `s` bytes: `O(q·s)`, hours for a
//! hostile dataset of 200,000 quotes at the end of a 20 MB row). So each row counts the bytes its
//! searches have read; once they pass [`INDEX_AFTER`] times its length, the row gets a suffix array
//! (built in `O(s log s)`, by `divsufsort`) and a range-minimum table over it, and each later quote
//! costs `O(m log s)` for a quote of `m` bytes, found or not. The answer is the same either way: the
//! first place of the quote in the row (a unit test compares the two on many texts).

use rustc_hash::FxHashMap;

/// How many times its own length a row's plain searches may read before the row is indexed.
pub const INDEX_AFTER: u64 = 16;

/// A row this short is searched byte by byte: cheaper than preparing a searcher for the quote.
const SHORT: usize = 128;

/// The rows' search state: the bytes read so far in each row (by row number), and the index of
/// each row that has one. Flat: a dataset of millions of rows allocates nothing per row.
#[derive(Default)]
pub(crate) struct RowFinder {
    read: Vec<u64>,
    indexes: FxHashMap<usize, Index>,
}

impl RowFinder {
    /// Where `quote` first starts in `text`, the text of row number `row`. The same row must
    /// always be given the same text.
    pub(crate) fn find(&mut self, row: usize, text: &str, quote: &str) -> Option<usize> {
        if let Some(index) = self.indexes.get(&row) {
            return index.first(text.as_bytes(), quote.as_bytes());
        }
        let found = if text.len() <= SHORT {
            first_in_short(text.as_bytes(), quote.as_bytes())
        } else {
            text.find(quote)
        };
        let read = found.map_or(text.len(), |at| at + quote.len());
        if self.read.len() <= row {
            self.read.resize(row + 1, 0);
        }
        let total = self.read[row].saturating_add(read as u64);
        self.read[row] = total;
        if total > INDEX_AFTER.saturating_mul(text.len() as u64 + 1) {
            self.indexes.insert(row, Index::new(text.as_bytes()));
        }
        found
    }
}

/// The first place of `pattern` in a short `text`, compared at each place in turn (what
/// `str::find` gives: a match of UTF-8 in UTF-8 starts on a character's first byte).
fn first_in_short(text: &[u8], pattern: &[u8]) -> Option<usize> {
    let Some((&head, _)) = pattern.split_first() else {
        return Some(0);
    };
    let last = text.len().checked_sub(pattern.len())?;
    (0..=last).find(|&i| text[i] == head && text[i..].starts_with(pattern))
}

/// A text's suffix array, with the minimum start of each block of [`BLOCK`] suffixes and a sparse
/// table over those minima: the first place of a pattern is the smallest start among the suffixes
/// it prefixes, which are one range of the array.
struct Index {
    suffixes: Vec<i32>,
    /// `levels[k][b]`: the smallest start in blocks `b .. b + 2^k`.
    levels: Vec<Vec<i32>>,
}

const BLOCK: usize = 64;

impl Index {
    fn new(text: &[u8]) -> Index {
        let (_, suffixes) = divsufsort::sort(text).into_parts();
        let minima: Vec<i32> = suffixes
            .chunks(BLOCK)
            .map(|block| block.iter().copied().min().unwrap_or(i32::MAX))
            .collect();
        let blocks = minima.len();
        let mut levels = vec![minima];
        let mut width = 1;
        while width * 2 <= blocks {
            // invariant: `levels` starts with the minima and only grows.
            let below = levels.last().expect("the first level is there");
            let level = (0..=blocks - width * 2)
                .map(|b| below[b].min(below[b + width]))
                .collect();
            levels.push(level);
            width *= 2;
        }
        Index { suffixes, levels }
    }

    /// The first place of `pattern` in `text` (the text the index was built on).
    fn first(&self, text: &[u8], pattern: &[u8]) -> Option<usize> {
        let suffix = |i: &i32| &text[*i as usize..];
        let lo = self.suffixes.partition_point(|i| suffix(i) < pattern);
        let hi = lo + self.suffixes[lo..].partition_point(|i| suffix(i).starts_with(pattern));
        (lo < hi).then(|| self.smallest(lo, hi) as usize)
    }

    /// The smallest start among the suffixes `lo..hi` (not empty).
    fn smallest(&self, lo: usize, hi: usize) -> i32 {
        let scan = |range: std::ops::Range<usize>| {
            self.suffixes[range]
                .iter()
                .copied()
                .min()
                .unwrap_or(i32::MAX)
        };
        let (first_full, last_full) = (lo.div_ceil(BLOCK), hi / BLOCK);
        if first_full >= last_full {
            return scan(lo..hi);
        }
        let edges = scan(lo..first_full * BLOCK).min(scan(last_full * BLOCK..hi));
        let blocks = last_full - first_full;
        let k = blocks.ilog2() as usize;
        let level = &self.levels[k];
        edges
            .min(level[first_full])
            .min(level[last_full - (1 << k)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pattern of `patterns` in every text: the index finds what `str::find` finds.
    fn same_as_find(text: &str, patterns: &[&str]) {
        let index = Index::new(text.as_bytes());
        for pattern in patterns {
            assert_eq!(
                index.first(text.as_bytes(), pattern.as_bytes()),
                text.find(pattern),
                "{pattern:?} in a text of {} bytes",
                text.len()
            );
        }
    }

    #[test]
    fn the_index_finds_the_first_place_as_a_plain_search_does() {
        let repetitive = "ab".repeat(5_000) + "abc" + &"a".repeat(3_000) + "abc";
        same_as_find(
            &repetitive,
            &[
                "a", "b", "ab", "abc", "ca", "aaa", "bab", "x", "c", "abcab", "ba",
            ],
        );
        let words = (0..3_000)
            .map(|i| format!("word{} ", i % 977))
            .collect::<String>();
        let patterns: Vec<String> = (0..1_200).map(|i| format!("word{i} ")).collect();
        let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
        same_as_find(&words, &patterns);
        same_as_find("é«ü—ü«é", &["ü", "«", "é«", "—", "z"]);
        same_as_find("a", &["a", "aa", "b"]);
    }

    proptest::proptest! {
        #[test]
        fn on_any_text_the_index_agrees_with_a_plain_search(
            text in "[abé]{0,300}",
            patterns in proptest::collection::vec("[abé]{1,6}", 1..20),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            same_as_find(&text, &patterns);
        }
    }

    #[test]
    fn a_row_read_too_often_is_indexed_and_answers_the_same() {
        let text = "x".repeat(100_000) + "needle one, needle two, needle three";
        let mut finder = RowFinder::default();
        let quotes = ["needle two", "needle one", "absent", "needle three", "x"];
        for round in 0..40 {
            for quote in quotes {
                assert_eq!(
                    finder.find(7, &text, quote),
                    text.find(quote),
                    "{quote} {round}"
                );
            }
        }
        assert!(finder.indexes.contains_key(&7), "the row was indexed");
    }

    proptest::proptest! {
        #[test]
        fn a_short_row_is_searched_as_str_find_does(
            text in "[abé]{0,40}",
            pattern in "[abé]{0,5}",
        ) {
            proptest::prop_assert_eq!(
                first_in_short(text.as_bytes(), pattern.as_bytes()),
                text.find(pattern.as_str())
            );
        }
    }
}
