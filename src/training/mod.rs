//! Case vignettes with an expert key: loading them, checking that the key
//! holds against the rules, scoring a trainee's walk and grading a class.
//!
//! The format is described, with a complete example, in the README
//! ("Training and grading").

mod check;
pub mod class;
pub mod grade;
mod parse;
mod report;
mod score;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use check::check;
pub use report::score_report;
pub use score::{
    Divergence, EXTRA_COST, FIRST_STEP_WEIGHT, FirstStepResult, PRECISION_WEIGHT, RECALL_WEIGHT,
    Score, score,
};

use crate::code::{Catalogue, Domain};
use crate::engine::{Answer, AnswerError, Walk};
use crate::outcome::Outcome;
use crate::rules::{RuleSet, Rules};
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

impl Difficulty {
    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Intro => "intro",
            Difficulty::Intermediate => "intermediate",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// A vignette and the panel's key to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What `dilemma train ID` and `grade --scenario ID` take: no spaces.
    pub id: String,
    pub title: String,
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub difficulty: Difficulty,
    /// The situation, as a trainee reads it.
    pub vignette: String,
    /// The answers an expert panel would give: the key. Empty in a
    /// student's copy, which carries the vignette only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    /// Standards a sound answer must bring in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_cite: Vec<u8>,
    /// Standards that are defensible to cite as governing, though not required.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub may_cite: Vec<u8>,
    /// The plan's first step on the key answers, as `ladder.step`: what a
    /// supervisor would do first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_step: Option<String>,
    /// Steps that would be an error here (`ladder.step`, `ladder.*` or
    /// `@Urgency`): a walk whose plan has one loses points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub must_not: Vec<String>,
    /// What the standards say about this case and why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub debrief: String,
    /// Where sound practitioners could reasonably differ from the key: the
    /// key is a panel's view, not the only defensible answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<String>,
}

impl Scenario {
    /// Whether the key came with the vignette. A student's copy has none:
    /// the walk is scored later, by the instructor, against their own file.
    pub fn has_key(&self) -> bool {
        !self.answers.is_empty()
    }

    /// The vignette a student may see, with every part of the key left out.
    pub fn student_copy(&self) -> Scenario {
        Scenario {
            id: self.id.clone(),
            title: self.title.clone(),
            domains: self.domains.clone(),
            difficulty: self.difficulty,
            vignette: self.vignette.clone(),
            answers: Vec::new(),
            must_cite: Vec::new(),
            may_cite: Vec::new(),
            first_step: None,
            must_not: Vec::new(),
            debrief: String::new(),
            alternatives: None,
        }
    }

    /// A key drawn from a walk an instructor made of the case: the answers,
    /// the standards the walk found governing (required) and related
    /// (allowed), and the plan's first step. The debrief is the author's to
    /// write; until then `check` says so.
    pub fn from_walk(
        id: &str,
        title: &str,
        vignette: &str,
        answers: Vec<Answer>,
        outcome: &Outcome,
        code: &Catalogue,
    ) -> Scenario {
        let must_cite = outcome.primary_numbers();
        let may_cite: Vec<u8> = outcome
            .cited_numbers()
            .into_iter()
            .filter(|n| !must_cite.contains(n))
            .collect();
        let mut domains: Vec<Domain> = must_cite
            .iter()
            .filter_map(|n| code.get(*n).map(|s| s.domain))
            .collect();
        domains.sort();
        domains.dedup();
        Scenario {
            id: id.to_string(),
            title: title.to_string(),
            domains,
            difficulty: Difficulty::Intermediate,
            vignette: vignette.to_string(),
            answers,
            must_cite,
            may_cite,
            first_step: outcome.plan.first().map(|step| step.id.clone()),
            must_not: Vec::new(),
            debrief: String::new(),
            alternatives: None,
        }
    }
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
            Some(tree) => self.source.place_at(tree.locate(&self.source.text, path)),
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

/// The embedded scenarios, or those in `dir` when given.
pub fn load(dir: Option<&Path>) -> (Vec<Loaded>, Vec<Diagnostic>) {
    match dir {
        Some(dir) => load_dir(dir),
        None => embedded(),
    }
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
        match parse::scenario(&source) {
            Ok(scenario) => {
                let item = Loaded { source, scenario };
                if let Some(first) = loaded.iter().find(|l| l.scenario.id == item.scenario.id) {
                    errors.push(
                        Diagnostic::error(
                            item.place(&[Step::Field("id")]),
                            format!(
                                "scenario id \"{}\" is already used by {}",
                                item.scenario.id, first.source.name
                            ),
                        )
                        .with_hint(Some(
                            "every scenario needs its own id: it is what `dilemma train ID` takes"
                                .to_string(),
                        )),
                    );
                    continue;
                }
                loaded.push(item);
            }
            Err(diagnostic) => errors.push(diagnostic),
        }
    }
    (loaded, errors)
}

/// The errors (not warnings) that stop a scenario's key from being scored
/// on these rules; empty when it fits.
pub fn key_errors(loaded: &Loaded, set: &RuleSet, code: &Catalogue) -> Vec<Diagnostic> {
    check(loaded, set, code)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

/// The built-in scenarios and, when a folder is given, the instructor's own
/// beside them; an instructor's scenario with a built-in's id takes its place.
pub fn load_with_builtin(dir: Option<&Path>) -> (Vec<Loaded>, Vec<Diagnostic>) {
    let (mut loaded, problems) = embedded();
    if let Some(dir) = dir {
        let (own, more) = load_dir(dir);
        loaded.retain(|b| !own.iter().any(|o| o.scenario.id == b.scenario.id));
        loaded.extend(own);
        return (loaded, problems.into_iter().chain(more).collect());
    }
    (loaded, problems)
}

/// Finds a scenario by id; the error says what was meant when it is close.
pub fn find<'a>(loaded: &'a [Loaded], id: &str) -> Result<&'a Loaded, String> {
    if let Some(found) = loaded.iter().find(|l| l.scenario.id == id) {
        return Ok(found);
    }
    let known = loaded.iter().map(|l| l.scenario.id.as_str());
    let mut message = format!(
        "there is no scenario \"{}\"",
        crate::printable::shortened(id, 60)
    );
    match crate::source::did_you_mean(id, known) {
        Some(suggestion) => {
            message.push_str("; ");
            message.push_str(&suggestion);
        }
        None => message.push_str("; `dilemma scenarios` lists them"),
    }
    Err(message)
}

/// Walks the key answers strictly: `Err` names the first answer (from 0)
/// that does not fit the rules.
pub fn key_walk<'r>(
    scenario: &Scenario,
    rules: &'r Rules,
) -> Result<Walk<'r>, (usize, AnswerError)> {
    Walk::replay(rules, &scenario.answers)
}

/// What the key answers add up to. `Err` carries the place of the first
/// answer that does not fit the rules, with a hint for the author.
pub fn run_key(loaded: &Loaded, set: &RuleSet, code: &Catalogue) -> Result<Outcome, Diagnostic> {
    match key_walk(&loaded.scenario, &set.rules) {
        Ok(walk) => Ok(Outcome::of(&walk, code)),
        Err((i, error)) => Err(check::key_answer_error(loaded, &set.rules, i, &error)),
    }
}
