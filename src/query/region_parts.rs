//! A region a question names that the dataset does not state, but whose name a region of the dataset
//! holds as a part of its own ("GD" in "Harbour Isles (Grand Dominion)"): the refusal says that the
//! notice makes no statement for it as such, and offers the regions it does state, each as a whole
//! question. A region is never read as another (a country is not one of its states).

use crate::dataset::{model::NodeKind, Dataset};

/// Whether `word` is a word of `name`, or the initials of a run of its capitalised words
/// (`GD` of "Grand Dominion"), ignoring case.
fn names_part(name: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    if word.chars().count() < 2 {
        return false;
    }
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.iter().any(|w| w.to_lowercase() == word) {
        return true;
    }
    let n = word.chars().count();
    words.windows(n).any(|run| {
        run.iter().all(|w| w.starts_with(char::is_uppercase))
            && run
                .iter()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_lowercase)
                .collect::<String>()
                == word
    })
}

/// The codes (or ids) of the regions of the dataset whose name holds `word` as a part, and of the
/// regions the manifest declares for anywhere else, when there is one such part; with the names of
/// the parts. Empty when no region's name holds the word.
pub fn parts_of(ds: &Dataset, word: &str) -> (Vec<String>, Vec<String>) {
    let mut codes = Vec::new();
    let mut names = Vec::new();
    for &n in ds.nodes_of_kind(NodeKind::Region) {
        let node = ds.node(n);
        if names_part(&node.name, word) {
            codes.push(
                node.codes
                    .first()
                    .cloned()
                    .unwrap_or_else(|| node.id.to_string()),
            );
            names.push(node.name.clone());
        }
    }
    for other in ds.other_regions() {
        if names_part(&other.name, word) {
            codes.push(other.code.clone());
            names.push(other.name.clone());
        }
    }
    if !codes.is_empty() {
        for other in ds.other_regions() {
            if !codes.contains(&other.code) {
                codes.push(other.code.clone());
            }
        }
    }
    (codes, names)
}

#[cfg(test)]
mod tests {
    use super::names_part;

    #[test]
    fn a_part_is_a_word_or_the_initials_of_capitalised_words() {
        assert!(names_part("Harbour Isles (Grand Dominion)", "GD"));
        assert!(names_part("Harbour Isles (Grand Dominion)", "gd"));
        assert!(names_part("Harbour Isles (Grand Dominion)", "Harbour"));
        assert!(!names_part("Harbour Isles (Grand Dominion)", "GDX"));
        assert!(!names_part("Coastal Union", "GD"));
        assert!(!names_part("anywhere else", "AE"));
        assert!(!names_part("Northern Realm", "N"));
    }
}
