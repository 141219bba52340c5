//! The law as data: what a regime's access answer must contain, and which rights each legal basis
//! opens (`data/regimes/*.json`). A new regime is a new file; no statute is written in code.

use std::path::Path;

use serde::Deserialize;

use crate::{
    dataset::files::embedded,
    dataset::load::parse_json,
    diagnostic::Diagnostic,
    input::{read_file, MAX_REGIME_BYTES},
    names::did_you_mean,
};

// A regime is read from JSON objects only, never from arrays by position.
crate::dataset::model::object_only!(Regime, Item, Basis, Right, Wording, Class);

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Regime {
    pub format: u32,
    pub id: String,
    pub name: String,
    pub title: String,
    /// The statutory items of an access answer, in the order the report gives them.
    pub items: Vec<Item>,
    /// The legal bases the regime knows, with the names notices give them.
    pub bases: Vec<Basis>,
    /// The rights the data subject has, and the bases that open each.
    pub rights: Vec<Right>,
    /// The legal classes of data and purposes the regime treats apart (special categories, direct
    /// marketing), which a dataset's `legal-classes.json` assigns to its nodes.
    #[serde(default)]
    pub classes: Vec<Class>,
    /// The requester's letter's own words (`--audience requester`): its title and what it says about
    /// its scope, recipients and look-back period.
    #[serde(default)]
    pub letter: Option<Wording>,
}

/// The words of the requester's letter under a regime: law as data, never in code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Wording {
    pub title: String,
    /// Paragraphs after the greeting: what this answer is, and what it cannot be.
    pub scope: Vec<String>,
    /// Said after recipients the notice names.
    #[serde(default)]
    pub named_recipients: Option<String>,
    /// Said after recipients the notice gives only as categories.
    #[serde(default)]
    pub category_recipients: Option<String>,
    /// The letter's last paragraphs.
    #[serde(default)]
    pub closing: Vec<String>,
}

/// A legal class: `gdpr-art9`, the special categories of personal data of Art. 9(1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Class {
    /// Unique across the regimes (it starts with the regime's id).
    pub id: String,
    pub cite: String,
    /// What the class is, in the statute's words.
    pub name: String,
    /// `data` or `purpose`: which nodes the class applies to.
    pub applies_to: ClassTarget,
    /// What follows from it, said to the requester and to counsel.
    pub consequence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClassTarget {
    Data,
    Purpose,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Item {
    pub id: String,
    /// The citation: "Art. 15(1)(a)".
    pub cite: String,
    /// What the item asks for, in the statute's words.
    pub title: String,
    /// The item in plain words, the requester letter's heading (`--audience requester`).
    #[serde(default)]
    pub plain: Option<String>,
    /// What the letter says when the notice does not answer the item ("Our notice does not state …").
    #[serde(default)]
    pub silent: Option<String>,
    /// Asked for counsel, not by the statute: left out of the requester's letter.
    #[serde(default)]
    pub counsel_only: bool,
}

/// A kind of legal basis: `gdpr-6-1-a`, consent under Art. 6(1)(a).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Basis {
    /// Unique across the regimes (it starts with the regime's id): the `kind` of a dataset's
    /// `legal_basis`.
    pub id: String,
    pub cite: String,
    /// What the basis is, in the statute's words.
    pub title: String,
    /// The basis is the data subject's consent, which they may give or not (a script's `.given`).
    #[serde(default)]
    pub consent: bool,
    /// The basis is the controller's (or a third party's) legitimate interests, whose interests a
    /// notice states (`pursues`): `lint` compares the two.
    #[serde(default)]
    pub interests: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct Right {
    pub id: String,
    pub right: String,
    pub cite: String,
    /// `"all"`, or the ids of the bases that open the right.
    pub bases: Bases,
    /// The right holds for the purposes of this class (`classes`), whatever their basis: the
    /// objection to the marketing of Art. 21(2). Such a right is not one a basis opens.
    #[serde(default)]
    pub class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Bases {
    All(AllBases),
    Some(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AllBases {
    All,
}

/// The regime files compiled into the binary, by id (file name without `.json`).
pub fn embedded_ids() -> Vec<&'static str> {
    embedded::REGIMES
        .iter()
        .filter_map(|(name, _)| name.strip_suffix(".json"))
        .collect()
}

/// Loads a regime by id (`gdpr`, one of the embedded files) or from a file path.
pub fn load_regime(name: &str) -> Result<Regime, Box<Diagnostic>> {
    let (display, bytes) = match embedded::REGIMES
        .iter()
        .find(|(file, _)| file.strip_suffix(".json") == Some(name))
    {
        Some((file, bytes)) => (format!("<embedded>/regimes/{file}"), bytes.to_vec()),
        None if Path::new(name).exists() => {
            let bytes = read_file(Path::new(name), MAX_REGIME_BYTES).map_err(|e| {
                Box::new(Diagnostic::new(
                    name,
                    format!("cannot read the regime: {e}"),
                ))
            })?;
            (name.to_string(), bytes)
        }
        None => {
            let ids = embedded_ids();
            return Err(Box::new(
                Diagnostic::new(name, format!("unknown regime `{name}`"))
                    .expected(format!(
                        "one of {}, or a regime file's path",
                        ids.join(", ")
                    ))
                    .help(did_you_mean(name, ids.iter().copied())),
            ));
        }
    };
    let text = String::from_utf8(bytes).map_err(|_| {
        Box::new(Diagnostic::new(
            &display,
            "the regime file is not UTF-8 text",
        ))
    })?;
    let regime: Regime = parse_json(&display, &text).map_err(|e| Box::new(e.diagnostic))?;
    if regime.format != 1 {
        return Err(Box::new(
            Diagnostic::new(
                &display,
                format!("unsupported regime format {}", regime.format),
            )
            .expected("format 1"),
        ));
    }
    check_rights(&display, &regime)?;
    check_classes(&display, &regime)?;
    Ok(regime)
}

/// Every kind a right names is one of the regime's `bases`: a typo must not silently drop a right.
fn check_rights(display: &str, regime: &Regime) -> Result<(), Box<Diagnostic>> {
    let kinds: Vec<&str> = regime.bases.iter().map(|b| b.id.as_str()).collect();
    for right in &regime.rights {
        let Bases::Some(ids) = &right.bases else {
            continue;
        };
        if let Some(unknown) = ids.iter().find(|id| !kinds.contains(&id.as_str())) {
            return Err(Box::new(
                Diagnostic::new(
                    display,
                    format!(
                        "the right `{}` names the unknown legal-basis kind `{unknown}`",
                        right.id
                    ),
                )
                .expected(format!(
                    "`all`, or kinds of the regime's `bases`: {}",
                    kinds.join(", ")
                ))
                .help(did_you_mean(unknown, kinds.iter().copied())),
            ));
        }
    }
    Ok(())
}

/// Every class a right names is one of the regime's `classes`.
fn check_classes(display: &str, regime: &Regime) -> Result<(), Box<Diagnostic>> {
    let ids: Vec<&str> = regime.classes.iter().map(|c| c.id.as_str()).collect();
    for right in &regime.rights {
        let Some(class) = &right.class else { continue };
        if !ids.contains(&class.as_str()) {
            return Err(Box::new(
                Diagnostic::new(
                    display,
                    format!("the right `{}` names the unknown class `{class}`", right.id),
                )
                .expected(format!("one of the regime's `classes`: {}", ids.join(", ")))
                .help(did_you_mean(class, ids.iter().copied())),
            ));
        }
    }
    Ok(())
}

impl Regime {
    /// The regime's class called `id`.
    pub fn class(&self, id: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The rights that hold for the purposes of a class, whatever their basis.
    pub fn rights_of_class(&self, class: &str) -> Vec<&Right> {
        self.rights
            .iter()
            .filter(|r| r.class.as_deref() == Some(class))
            .collect()
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The regime's basis of a kind (a dataset's `legal_basis`), if the regime knows the kind.
    pub fn basis_of_kind(&self, kind: &str) -> Option<&Basis> {
        self.bases.iter().find(|b| b.id == kind)
    }

    /// The rights a basis opens, in the regime's order (not those that follow a class of purpose).
    pub fn rights_of(&self, basis: &Basis) -> Vec<&Right> {
        self.rights
            .iter()
            .filter(|r| r.class.is_none())
            .filter(|r| match &r.bases {
                Bases::All(_) => true,
                Bases::Some(ids) => ids.contains(&basis.id),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_regimes_load() {
        for id in embedded_ids() {
            let regime = load_regime(id).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(regime.id, id);
            assert!(!regime.items.is_empty());
        }
    }

    #[test]
    fn bases_are_found_by_kind_and_open_their_rights() {
        let gdpr = load_regime("gdpr").expect("gdpr");
        let li = gdpr.basis_of_kind("gdpr-6-1-f").expect("Art. 6(1)(f)");
        let rights: Vec<&str> = gdpr.rights_of(li).iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            rights,
            ["rectification", "erasure", "restriction", "object"]
        );
        let consent = gdpr.basis_of_kind("gdpr-6-1-a").expect("consent");
        assert!(consent.consent);
        assert!(gdpr
            .rights_of(consent)
            .iter()
            .any(|r| r.id == "withdraw-consent"));
        assert!(gdpr.basis_of_kind("Legitimate interests").is_none());
    }

    #[test]
    fn a_right_naming_an_unknown_kind_is_refused() {
        let path = std::env::temp_dir().join(format!("lineage-regime-{}.json", std::process::id()));
        let text = r#"{ "format": 1, "id": "toy", "name": "Toy", "title": "A toy regime", "items": [],
            "bases": [ { "id": "toy-1", "cite": "s. 1", "title": "consent", "consent": true } ],
            "rights": [ { "id": "r", "right": "to object", "cite": "s. 2", "bases": ["toy-2"] } ] }"#;
        std::fs::write(&path, text).expect("temp file");
        let err = load_regime(path.to_str().expect("utf-8")).unwrap_err();
        std::fs::remove_file(&path).ok();
        assert_eq!(
            err.message,
            "the right `r` names the unknown legal-basis kind `toy-2`"
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `toy-1`?"));
    }

    #[test]
    fn an_unknown_regime_suggests_the_known_ones() {
        let err = load_regime("gdrp").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `gdpr`?"));
    }
}
