//! The kinds of legal basis a dataset's `basis` nodes may name (`"legal_basis": { "kind": … }`): the
//! bases the regimes list (`data/regimes/*.json`, their `bases[].id`). A regime's rights come from
//! these kinds, never from the name a notice gives its basis.

use serde::Deserialize;

use super::files::embedded;

/// Only the part of a regime file the loader needs; the regime itself is read by `dsar::regime`.
#[derive(Deserialize)]
struct RegimeKinds {
    bases: Vec<Kind>,
}

/// A kind of legal basis a regime lists.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Kind {
    /// `gdpr-6-1-a`: unique across the regimes.
    pub id: String,
    /// The basis is the data subject's consent.
    #[serde(default)]
    pub consent: bool,
    /// The basis rests on legitimate interests, which a notice states (`pursues`).
    #[serde(default)]
    pub interests: bool,
}

/// Every legal-basis kind the embedded regimes list, in file order.
pub fn known_kinds() -> Vec<Kind> {
    embedded::REGIMES
        .iter()
        .filter_map(|(_, bytes)| serde_json::from_slice::<RegimeKinds>(bytes).ok())
        .flat_map(|regime| regime.bases)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_regimes_list_the_six_gdpr_kinds() {
        let kinds = super::known_kinds();
        for letter in ["a", "b", "c", "d", "e", "f"] {
            let id = format!("gdpr-6-1-{letter}");
            assert!(kinds.iter().any(|k| k.id == id), "{id} in {kinds:?}");
        }
        let mut ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            ids.len(),
            kinds.len(),
            "kind ids are unique across the regimes"
        );
    }
}
