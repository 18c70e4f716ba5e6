//! One view of what a walk adds up to, built once and read by every
//! renderer: Markdown (walk, plain mode, exports), JSON, and the wizard.
//!
//! Everything a reader sees is decided here, in plain words: the first
//! thing to do and why, the plan in order with how soon and on what basis,
//! how many steps were left out and why, the standards with the answers
//! that brought them in, and the tensions. Renderers only lay it out.
//!
//! A saved record adds its own parts (head, situation, options, decision,
//! comments, sign-off): `record::RecordView`, read by the same renderers.

pub mod json;
pub mod markdown;
pub mod record;

use crate::code::{Catalogue, Domain};
use crate::outcome::{AnswerRef, Outcome, PlanStep};
use crate::rules::model::Urgency;
use crate::rules::{Role, Rules};

/// Lines a document adds under answers, standards and plan steps: notes,
/// progress, a supervisor's comments. Each line is Markdown.
pub trait Notes {
    fn on_answer(&self, _question: &str) -> Vec<String> {
        Vec::new()
    }
    fn on_standard(&self, _number: u8) -> Vec<String> {
        Vec::new()
    }
    /// `step` is the plan step's id, `ladder.step`.
    fn on_step(&self, _step: &str) -> Vec<String> {
        Vec::new()
    }
}

/// No notes: the outcome as the walk gives it.
pub struct Bare;

impl Notes for Bare {}

/// What a walk adds up to, ready to read.
#[derive(Debug, Clone)]
pub struct OutcomeView {
    /// The crisis banner's title and text, while someone could be hurt today.
    pub crisis: Option<(String, String)>,
    pub finished: bool,
    pub code_is_clear: bool,
    /// Who is asking, in words, when the walk asked.
    pub role: Option<String>,
    /// Every step that applies, in order; the first is the first thing to do.
    pub plan: Vec<StepView>,
    /// Steps of the opened ladders that do not apply, with why.
    pub left_out: Vec<LeftOutView>,
    pub standards: Vec<DomainView>,
    pub tensions: Vec<TensionView>,
    pub answers: Vec<AnswerView>,
    pub disclaimer: String,
    pub rules_version: String,
}

#[derive(Debug, Clone)]
pub struct StepView {
    /// `ladder.step`, the id records and keys use.
    pub id: String,
    pub text: String,
    pub urgency: Urgency,
    /// The class whose word is shown beside it: its urgency, unless the
    /// step says to show another (`PlanStep::shown`).
    pub shown: Urgency,
    /// The standards that prescribe it; empty for sound practice.
    pub standards: Vec<u8>,
    /// "Because you answered ..." sentences.
    pub why: Vec<String>,
    /// The same, naming only the answers: for narrow screens.
    pub why_short: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LeftOutView {
    pub id: String,
    pub text: String,
    /// Why it does not apply: the answers that keep it out, and when it would.
    pub why: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct DomainView {
    pub domain: Domain,
    pub title: String,
    pub standards: Vec<StandardView>,
}

#[derive(Debug, Clone)]
pub struct StandardView {
    pub number: u8,
    pub title: String,
    pub governs: bool,
    /// Each reason, with the answer that gave it.
    pub reasons: Vec<ReasonView>,
    /// The standard's own words, from a copy the user imported.
    pub official: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReasonView {
    pub text: String,
    pub related: bool,
    pub because: String,
}

#[derive(Debug, Clone)]
pub struct TensionView {
    pub title: String,
    pub standards: Vec<u8>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct AnswerView {
    pub question: String,
    pub prompt: String,
    pub labels: Vec<String>,
}

impl OutcomeView {
    pub fn build(outcome: &Outcome, rules: &Rules, code: &Catalogue) -> OutcomeView {
        let answered = |r: &AnswerRef| {
            format!(
                "you answered \"{}\" to \"{}\"",
                r.answer,
                rules.prompt_of(&r.question)
            )
        };
        let plan = outcome
            .plan
            .iter()
            .map(|step| StepView {
                id: step.id.clone(),
                text: step.text.clone(),
                urgency: step.urgency,
                shown: step.shown(),
                standards: step.standards.clone(),
                why: because(step, &answered),
                why_short: short_because(step),
            })
            .collect();
        let left_out = outcome
            .left_out
            .iter()
            .map(|step| {
                let mut why: Vec<String> = step
                    .because
                    .iter()
                    .map(|r| format!("Left out because {}.", answered(r)))
                    .collect();
                why.extend(step.note.iter().map(|n| format!("Applies: {n}")));
                LeftOutView {
                    id: step.id.clone(),
                    text: step.text.clone(),
                    why,
                }
            })
            .collect();
        let standards = Domain::ALL
            .into_iter()
            .filter_map(|domain| {
                let cited: Vec<StandardView> = outcome
                    .standards
                    .iter()
                    .filter(|s| s.domain == domain)
                    .map(|s| StandardView {
                        number: s.number,
                        title: s.title.clone(),
                        governs: s.primary,
                        official: None,
                        reasons: s
                            .reasons
                            .iter()
                            .map(|r| ReasonView {
                                text: r.reason.clone(),
                                related: r.role == Role::Related,
                                because: format!(
                                    "because {}",
                                    answered(&AnswerRef {
                                        question: r.question.clone(),
                                        choice: r.choice.clone(),
                                        answer: r.answer.clone(),
                                    })
                                ),
                            })
                            .collect(),
                    })
                    .collect();
                (!cited.is_empty()).then(|| DomainView {
                    domain,
                    title: code.domain(domain).title.clone(),
                    standards: cited,
                })
            })
            .collect();
        let role = outcome.facts.get("role").and_then(|_| {
            let answer = outcome.path.iter().find(|a| {
                rules
                    .questions
                    .get(&a.question)
                    .is_some_and(|q| q.choices.iter().any(|c| c.set.get("role").is_some()))
            })?;
            Some(
                rules
                    .labels_of(&answer.question, &answer.choices)
                    .join(", "),
            )
        });
        OutcomeView {
            crisis: rules
                .crisis
                .as_ref()
                .filter(|_| outcome.crisis)
                .map(|c| (c.title.clone(), c.text.clone())),
            finished: outcome.finished,
            code_is_clear: outcome.code_is_clear,
            role,
            plan,
            left_out,
            standards,
            tensions: outcome
                .tensions
                .iter()
                .map(|t| TensionView {
                    title: t.title.clone(),
                    standards: t.standards.clone(),
                    note: t.note.clone(),
                })
                .collect(),
            answers: outcome
                .path
                .iter()
                .map(|a| AnswerView {
                    question: a.question.clone(),
                    prompt: rules.prompt_of(&a.question).to_string(),
                    labels: rules.labels_of(&a.question, &a.choices),
                })
                .collect(),
            disclaimer: rules.disclaimer.clone(),
            rules_version: rules.version.clone(),
        }
    }

    /// The first thing to do, if anything applies.
    /// Puts the official wording from the user's own copy beside each
    /// standard.
    pub fn with_official(mut self, official: Option<&crate::official::Official>) -> Self {
        if let Some(official) = official {
            for standard in self.standards.iter_mut().flat_map(|d| &mut d.standards) {
                standard.official = official.text(standard.number).map(str::to_string);
            }
        }
        self
    }

    pub fn first(&self) -> Option<&StepView> {
        self.plan.first()
    }
}

impl StepView {
    /// What the step rests on, in a few words.
    pub fn basis(&self) -> String {
        basis_words(&self.standards)
    }
}

/// "standard 4", "standards 4 and 20", or "sound practice".
pub fn basis_words(standards: &[u8]) -> String {
    let numbers: Vec<String> = standards.iter().map(u8::to_string).collect();
    match numbers.as_slice() {
        [] => "sound practice".to_string(),
        [one] => format!("standard {one}"),
        [rest @ .., last] => format!("standards {} and {last}", rest.join(", ")),
    }
}

/// How soon, in the words the plan shows beside each step.
pub fn when_words(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "Now",
        Urgency::Protect => "Today",
        Urgency::Refrain => "Hold off",
        Urgency::Consult => "Consult",
        Urgency::Address => "Next",
        Urgency::Repair => "Put right",
        Urgency::Prevent => "Afterwards",
    }
}

/// Why a step is in the plan, naming only the answers.
fn short_because(step: &PlanStep) -> Option<String> {
    let answers: Vec<String> = step
        .applies_because
        .iter()
        .take(2)
        .map(|r| format!("\"{}\"", r.answer))
        .collect();
    (!answers.is_empty()).then(|| format!("Because you answered {}.", answers.join(" and ")))
}

/// Why a step is in the plan: the answers that decided it, most specific
/// first; two are enough to say why.
fn because(step: &PlanStep, answered: &dyn Fn(&AnswerRef) -> String) -> Vec<String> {
    let reasons: Vec<String> = step.applies_because.iter().take(2).map(answered).collect();
    if reasons.is_empty() {
        return Vec::new();
    }
    vec![format!("Because {}.", reasons.join(", and "))]
}
