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
            return (
                Vec::new(),
                vec![Diagnostic::error(
                    place,
                    format!("cannot read the folder: {err}"),
                )],
            );
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
    for text in [
        ("title", &s.title),
        ("vignette", &s.vignette),
        ("debrief", &s.debrief),
    ] {
        if text.1.trim().is_empty() {
            out.push(Diagnostic::error(
                at(&[Step::Field(text.0)]),
                format!("the {} is empty", text.0),
            ));
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
            Some(l) if l.first_step.as_deref() != Some(step.as_str()) => {
                out.push(Diagnostic::error(
                    at(&[Step::Field("first_steps"), Step::Key(ladder)]),
                    format!(
                        "ladder \"{ladder}\" starts at \"{}\" on the key answers, not \"{step}\"",
                        l.first_step.as_deref().unwrap_or("no step")
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    out
}

/// How a trainee's walk compares with the key. Points are whole numbers that
/// add up to `total` (0-100).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub total: u8,
    /// Points for citing the `must_cite` standards (the largest share).
    pub recall_points: u8,
    /// Points for starting each keyed ladder at the right step.
    pub first_step_points: u8,
    /// Points kept for not citing unrelated standards as governing.
    pub precision_points: u8,
    pub found: Vec<u8>,
    pub missed: Vec<u8>,
    /// Standards cited as governing that are in neither must nor may.
    pub extras: Vec<u8>,
    pub first_steps: Vec<FirstStepResult>,
    /// The trainee's answers that differ from the key, in key order.
    pub divergences: Vec<Divergence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstStepResult {
    pub ladder: String,
    pub expected: String,
    pub chosen: Option<String>,
}

impl FirstStepResult {
    pub fn right(&self) -> bool {
        self.chosen.as_deref() == Some(self.expected.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    pub question: String,
    pub key: Vec<String>,
    /// `None` when the trainee's path never reached the question.
    pub given: Option<Vec<String>>,
}

/// The weights behind the score, documented in the README.
pub const RECALL_WEIGHT: u32 = 70;
pub const FIRST_STEP_WEIGHT: u32 = 20;
pub const PRECISION_WEIGHT: u32 = 10;
/// What each extra governing standard costs, out of `PRECISION_WEIGHT`.
pub const EXTRA_COST: u32 = 5;

/// Scores a trainee's outcome and answers against the scenario's key.
pub fn score(scenario: &Scenario, outcome: &Outcome, answers: &[Answer]) -> Score {
    let cited: BTreeSet<u8> = outcome.cited_numbers().into_iter().collect();
    let (found, missed): (Vec<u8>, Vec<u8>) =
        scenario.must_cite.iter().partition(|n| cited.contains(n));
    let extras: Vec<u8> = outcome
        .primary_numbers()
        .into_iter()
        .filter(|n| !scenario.must_cite.contains(n) && !scenario.may_cite.contains(n))
        .collect();
    let first_steps: Vec<FirstStepResult> = scenario
        .first_steps
        .iter()
        .map(|(ladder, expected)| FirstStepResult {
            ladder: ladder.clone(),
            expected: expected.clone(),
            chosen: outcome.ladder(ladder).and_then(|l| l.first_step.clone()),
        })
        .collect();

    // Without keyed ladders, their share goes to recall.
    let (recall_weight, step_weight) = if first_steps.is_empty() {
        (RECALL_WEIGHT + FIRST_STEP_WEIGHT, 0)
    } else {
        (RECALL_WEIGHT, FIRST_STEP_WEIGHT)
    };
    let share = |weight: u32, got: usize, of: usize| {
        if of == 0 {
            weight
        } else {
            (weight * got as u32 + of as u32 / 2) / of as u32
        }
    };
    let recall_points = share(recall_weight, found.len(), scenario.must_cite.len());
    let right = first_steps.iter().filter(|f| f.right()).count();
    let first_step_points = share(step_weight, right, first_steps.len());
    let precision_points = PRECISION_WEIGHT.saturating_sub(EXTRA_COST * extras.len() as u32);

    let divergences = scenario
        .answers
        .iter()
        .filter_map(|key| {
            let given = answers.iter().find(|a| a.question == key.question);
            let same = given.is_some_and(|g| {
                let mut a = g.choices.clone();
                let mut b = key.choices.clone();
                a.sort();
                b.sort();
                a == b
            });
            (!same).then(|| Divergence {
                question: key.question.clone(),
                key: key.choices.clone(),
                given: given.map(|g| g.choices.clone()),
            })
        })
        .collect();

    let total = recall_points + first_step_points + precision_points;
    Score {
        total: total.min(100) as u8,
        recall_points: recall_points as u8,
        first_step_points: first_step_points as u8,
        precision_points: precision_points as u8,
        found,
        missed,
        extras,
        first_steps,
        divergences,
    }
}

/// The score screen as text: the score and its parts, what was found and
/// missed (with why each missed one applies), first steps, where the answers
/// left the key, and the debrief. Used by plain mode and `train`.
pub fn score_report(scenario: &Scenario, score: &Score, set: &RuleSet, code: &Catalogue) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(out, "Score: {}/100", score.total);
    let _ = writeln!(
        out,
        "  standards found: {} points, first steps: {} points, no stray standards: {} points",
        score.recall_points, score.first_step_points, score.precision_points
    );
    let title = |n: u8| code.get(n).map_or(String::new(), |s| s.title.clone());
    if !score.found.is_empty() {
        let _ = writeln!(out, "\nFound:");
        for n in &score.found {
            let _ = writeln!(out, "  {n}. {}", title(*n));
        }
    }
    if !score.missed.is_empty() {
        let _ = writeln!(out, "\nMissed:");
        for n in &score.missed {
            let _ = writeln!(
                out,
                "  {n}. {}: {}",
                title(*n),
                code.get(*n).map_or("", |s| s.summary.as_str())
            );
        }
    }
    if !score.extras.is_empty() {
        let _ = writeln!(out, "\nCited as governing, but not part of this case:");
        for n in &score.extras {
            let _ = writeln!(out, "  {n}. {}", title(*n));
        }
    }
    for step in &score.first_steps {
        let text = |id: &str| {
            set.rules
                .ladders
                .get(&step.ladder)
                .and_then(|l| l.steps.iter().find(|s| s.id == id))
                .map_or(id.to_string(), |s| s.text.clone())
        };
        let mark = if step.right() { "right" } else { "different" };
        let _ = writeln!(
            out,
            "\nFirst step ({mark}): expected \"{}\"",
            text(&step.expected)
        );
        if !step.right() {
            let chosen = step.chosen.as_deref().map_or("no step".to_string(), text);
            let _ = writeln!(out, "  your walk started at \"{chosen}\"");
        }
    }
    if !score.divergences.is_empty() {
        let _ = writeln!(out, "\nWhere your answers left the key:");
        for d in &score.divergences {
            let prompt = set
                .rules
                .questions
                .get(&d.question)
                .map_or(d.question.as_str(), |q| q.prompt.as_str());
            let _ = writeln!(out, "  {prompt}");
            let _ = writeln!(out, "    key: {}", d.key.join(", "));
            match &d.given {
                Some(given) => {
                    let _ = writeln!(out, "    you: {}", given.join(", "));
                }
                None => {
                    let _ = writeln!(out, "    you: not reached on your path");
                }
            }
        }
    }
    let _ = writeln!(out, "\nDebrief:\n{}", scenario.debrief);
    if let Some(alternatives) = &scenario.alternatives {
        let _ = writeln!(out, "\nWhere practitioners may differ:\n{alternatives}");
    }
    out
}
