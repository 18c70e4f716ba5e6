//! Case vignettes with an expert key: loading them and checking that the key
//! holds against the rules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::code::{Catalogue, Domain};
use crate::engine::{Answer, Walk};
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use crate::source::{Diagnostic, Place, Source};
use crate::spans::{Node, Step};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/scenarios.rs"));
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Intro,
    #[default]
    Intermediate,
    Advanced,
}

/// A vignette and the panel's key to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub difficulty: Difficulty,
    /// The situation, as a trainee reads it.
    pub vignette: String,
    /// The answers an expert panel would give.
    pub answers: Vec<Answer>,
    /// Standards a sound answer must bring in.
    pub must_cite: Vec<u8>,
    /// Standards that are defensible to cite as governing, though not required.
    #[serde(default)]
    pub may_cite: Vec<u8>,
    /// The step each ladder should start with: ladder id to step id.
    #[serde(default)]
    pub first_steps: BTreeMap<String, String>,
    /// What the standards say about this case and why.
    pub debrief: String,
    /// Where sound practitioners could reasonably differ from the key.
    #[serde(default)]
    pub alternatives: Option<String>,
}

/// A scenario with the file it came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub source: Source,
    pub scenario: Scenario,
}

impl Loaded {
    /// The place in the scenario file `path` leads to.
    pub fn place(&self, path: &[Step<'_>]) -> Place {
        match Node::parse(&self.source.text) {
            Some(tree) => self.source.place_at(tree.locate(path)),
            None => Place::file(&self.source.name),
        }
    }
}

/// The scenarios shipped inside the binary.
pub fn embedded() -> (Vec<Loaded>, Vec<Diagnostic>) {
    load_all(
        embedded::EMBEDDED
            .iter()
            .map(|(name, text)| Source::new(*name, *text)),
    )
}

/// Every `*.ron` file in a folder, in name order.
pub fn load_dir(dir: &Path) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            let place = Place::file(&dir.display().to_string());
            return (Vec::new(), vec![Diagnostic::error(place, format!("cannot read the folder: {err}"))]);
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    let mut errors = Vec::new();
    let sources: Vec<Source> = paths
        .iter()
        .filter_map(|p| Source::read(p).map_err(|d| errors.push(d)).ok())
        .collect();
    let (loaded, mut more) = load_all(sources);
    errors.append(&mut more);
    (loaded, errors)
}

fn load_all(sources: impl IntoIterator<Item = Source>) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        match source.parse::<Scenario>() {
            Ok(scenario) => {
                let item = Loaded { source, scenario };
                if let Some(first) = loaded.iter().find(|l| l.scenario.id == item.scenario.id) {
                    errors.push(Diagnostic::error(
                        item.place(&[Step::Field("id")]),
                        format!(
                            "scenario id \"{}\" is already used by {}",
                            item.scenario.id, first.source.name
                        ),
                    ));
                    continue;
                }
                loaded.push(item);
            }
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    (loaded, errors)
}

/// Walks the key answers. `Err` carries the place of the first answer that
/// does not fit the rules.
pub fn run_key(loaded: &Loaded, set: &RuleSet, code: &Catalogue) -> Result<Outcome, Diagnostic> {
    match Walk::replay(&set.rules, &loaded.scenario.answers) {
        Ok(walk) => Ok(Outcome::of(&walk, code)),
        Err((i, error)) => Err(Diagnostic::error(
            loaded.place(&[Step::Field("answers"), Step::Nth(i)]),
            format!("key answer {}: {error}", i + 1),
        )),
    }
}

/// Checks a scenario against the rules: the key is a complete, valid walk
/// that cites every `must_cite`, cites nothing else as governing beyond
/// `may_cite`, and starts each keyed ladder at the expected step.
pub fn check(loaded: &Loaded, set: &RuleSet, code: &Catalogue) -> Vec<Diagnostic> {
    let s = &loaded.scenario;
    let mut out = Vec::new();
    let at = |path: &[Step<'_>]| loaded.place(path);
    for (field, list) in [("must_cite", &s.must_cite), ("may_cite", &s.may_cite)] {
        for &n in list.iter().filter(|n| code.get(**n).is_none()) {
            out.push(Diagnostic::error(
                at(&[Step::Field(field)]),
                format!("standard {n} does not exist: the code has standards 1 to 44"),
            ));
        }
    }
    for text in [("title", &s.title), ("vignette", &s.vignette), ("debrief", &s.debrief)] {
        if text.1.trim().is_empty() {
            out.push(Diagnostic::error(at(&[Step::Field(text.0)]), format!("the {} is empty", text.0)));
        }
    }
    let outcome = match run_key(loaded, set, code) {
        Ok(outcome) => outcome,
        Err(diagnostic) => {
            out.push(diagnostic);
            return out;
        }
    };
    if !outcome.finished {
        out.push(Diagnostic::error(
            at(&[Step::Field("answers")]),
            "the key answers stop before the walk ends".to_string(),
        ));
    }
    let cited: BTreeSet<u8> = outcome.cited_numbers().into_iter().collect();
    for &n in s.must_cite.iter().filter(|n| !cited.contains(n)) {
        out.push(Diagnostic::error(
            at(&[Step::Field("must_cite")]),
            format!("standard {n} is in must_cite, but the key answers do not cite it"),
        ));
    }
    for n in outcome.primary_numbers() {
        if !s.must_cite.contains(&n) && !s.may_cite.contains(&n) {
            out.push(
                Diagnostic::error(
                    at(&[Step::Field("may_cite")]),
                    format!("the key answers cite standard {n} as governing, but it is in neither must_cite nor may_cite"),
                )
                .with_hint(Some(format!("add {n} to may_cite, or change the key answers"))),
            );
        }
    }
    for (ladder, step) in &s.first_steps {
        match outcome.ladder(ladder) {
            None => out.push(Diagnostic::error(
                at(&[Step::Field("first_steps"), Step::Key(ladder)]),
                format!("the key answers do not open ladder \"{ladder}\""),
            )),
            Some(l) if l.first_step.as_deref() != Some(step.as_str()) => out.push(Diagnostic::error(
                at(&[Step::Field("first_steps"), Step::Key(ladder)]),
                format!(
                    "ladder \"{ladder}\" starts at \"{}\" on the key answers, not \"{step}\"",
                    l.first_step.as_deref().unwrap_or("no step")
                ),
            )),
            Some(_) => {}
        }
    }
    out
}
