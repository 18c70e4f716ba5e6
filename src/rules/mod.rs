//! The rule graph: its types, how it is read, checked and searched.

pub mod check;
pub mod cond;
pub mod load;
pub mod model;

use std::path::{Path, PathBuf};

pub use load::RuleSet;
pub use model::{Choice, Cite, Cond, Kind, Ladder, Next, Question, Role, Rules, Tension};

use crate::code::Catalogue;
use crate::source::{Diagnostic, Source};

/// Reads the rules a shell should walk: the embedded ones unless a file is
/// given, then any overlays. Fails, with every error, unless they check clean.
pub fn load(
    rules: Option<&Path>,
    overlays: &[PathBuf],
    code: &Catalogue,
) -> Result<RuleSet, Vec<Diagnostic>> {
    let set = parse(rules, overlays)?;
    let report = check::check(&set, code);
    if report.is_valid() {
        Ok(set)
    } else {
        Err(report.errors().cloned().collect())
    }
}

/// Reads the rules and overlays without checking them.
pub fn parse(rules: Option<&Path>, overlays: &[PathBuf]) -> Result<RuleSet, Vec<Diagnostic>> {
    let main = match rules {
        Some(path) => Source::read(path).map_err(|d| vec![d])?,
        None => Source::new(load::EMBEDDED_NAME, load::EMBEDDED),
    };
    let overlays = overlays
        .iter()
        .map(|p| Source::read(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|d| vec![d])?;
    RuleSet::parse(main, overlays)
}

/// A place in the graph where a standard is brought in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Citation {
    /// A choice cites it with a reason.
    Choice {
        question: String,
        prompt: String,
        choice: String,
        label: String,
        role: Role,
        reason: String,
    },
    /// A ladder carries it out.
    Ladder { ladder: String, title: String },
    /// A tension weighs it against another.
    Tension { tension: String, title: String },
}

impl Rules {
    /// The prompt of a question; its id when these rules lack it (as for a
    /// record made on older rules).
    pub fn prompt_of<'a>(&'a self, question: &'a str) -> &'a str {
        self.questions
            .get(question)
            .map_or(question, |q| q.prompt.as_str())
    }

    /// The label of a choice; its id when these rules lack it.
    pub fn label_of<'a>(&'a self, question: &str, choice: &'a str) -> &'a str {
        self.questions
            .get(question)
            .and_then(|q| q.choice(choice))
            .map_or(choice, |c| c.label.as_str())
    }

    /// The labels of the choices of an answer, in order.
    pub fn labels_of(&self, question: &str, choices: &[String]) -> Vec<String> {
        choices
            .iter()
            .map(|c| self.label_of(question, c).to_string())
            .collect()
    }

    /// A ladder step, if these rules have it.
    fn ladder_step(&self, ladder: &str, step: &str) -> Option<&model::LadderStep> {
        self.ladders
            .get(ladder)?
            .steps
            .iter()
            .find(|s| s.id == step)
    }

    /// The base text of a ladder step, if these rules have it.
    pub fn step_text(&self, ladder: &str, step: &str) -> Option<&str> {
        self.ladder_step(ladder, step).map(|s| s.text.as_str())
    }

    /// The text of a ladder step (`ladder.step`) in the wording a walk
    /// with these facts sees, its variants tried in turn.
    pub fn step_text_for(
        &self,
        id: &str,
        facts: &impl cond::FactSource,
    ) -> Option<std::borrow::Cow<'_, str>> {
        let (ladder, step) = id.split_once('.')?;
        self.ladder_step(ladder, step).map(|s| s.text_for(facts))
    }

    /// Every place standard `number` is cited, in file order.
    pub fn citations_of(&self, number: u8) -> Vec<Citation> {
        let mut out = Vec::new();
        for (qid, q) in self.questions.iter() {
            for choice in &q.choices {
                for cite in choice.cite.iter().filter(|c| c.standard() == number) {
                    out.push(Citation::Choice {
                        question: qid.to_string(),
                        prompt: q.prompt.clone(),
                        choice: choice.id.clone(),
                        label: choice.label.clone(),
                        role: cite.role(),
                        reason: cite.reason().to_string(),
                    });
                }
            }
        }
        for (lid, ladder) in self.ladders.iter() {
            if ladder.standards.contains(&number) {
                out.push(Citation::Ladder {
                    ladder: lid.to_string(),
                    title: ladder.title.clone(),
                });
            }
        }
        for tension in self
            .tensions
            .iter()
            .filter(|t| t.standards.contains(&number))
        {
            out.push(Citation::Tension {
                tension: tension.id.clone(),
                title: tension.title.clone(),
            });
        }
        out
    }
}
