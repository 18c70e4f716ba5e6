//! The outcome as JSON, for `walk --format json` and inside exported
//! records (a whole record is `record::RecordJson`). Fields are only ever
//! added: readers of the older shape (the `ladders` with their
//! `first_step`) keep working.

pub mod record;

use serde::Serialize;

use super::OutcomeView;
use crate::outcome::{
    AnswerRef, CitedStandard, LadderOutcome, LeftOutStep, Outcome, PathStep, TensionOutcome,
};
use crate::rules::model::Urgency;

#[derive(Debug, Serialize)]
pub struct OutcomeJson<'a> {
    pub finished: bool,
    pub crisis: bool,
    pub code_is_clear: bool,
    /// The `role` fact: worker, supervisor, student, educator, researcher
    /// or director; null when the walk did not ask.
    pub role: Option<&'a str>,
    /// Every step that applies, in order; `plan[0]` is the first step.
    pub plan: Vec<PlanJson<'a>>,
    /// How many steps of the opened ladders do not apply.
    pub left_out: usize,
    /// Those steps, with why (only with `--all`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out_steps: Option<&'a [LeftOutStep]>,
    pub standards: &'a [CitedStandard],
    pub ladders: &'a [LadderOutcome],
    pub tensions: &'a [TensionOutcome],
    pub facts: &'a std::collections::BTreeMap<String, String>,
    pub path: &'a [PathStep],
    /// The role in words, as the user picked it.
    pub role_label: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    /// `ladder.step`.
    pub id: &'a str,
    pub ladder: &'a str,
    pub text: &'a str,
    pub urgency: Urgency,
    /// `code` when a standard prescribes the step, `practice` otherwise.
    pub basis: &'static str,
    pub standards: &'a [u8],
    /// The same step in other ladders, as `ladder.step`.
    pub also: &'a [String],
    pub applies_because: &'a [AnswerRef],
}

impl<'a> OutcomeJson<'a> {
    pub fn new(outcome: &'a Outcome, view: &'a OutcomeView, all: bool) -> Self {
        OutcomeJson {
            finished: outcome.finished,
            crisis: outcome.crisis,
            code_is_clear: outcome.code_is_clear,
            role: outcome.facts.get("role").map(String::as_str),
            plan: outcome
                .plan
                .iter()
                .map(|p| PlanJson {
                    id: &p.id,
                    ladder: &p.ladder,
                    text: &p.text,
                    urgency: p.urgency,
                    basis: if p.from_code() { "code" } else { "practice" },
                    standards: &p.standards,
                    also: &p.also,
                    applies_because: &p.applies_because,
                })
                .collect(),
            left_out: outcome.left_out.len(),
            left_out_steps: all.then_some(outcome.left_out.as_slice()),
            standards: &outcome.standards,
            ladders: &outcome.ladders,
            tensions: &outcome.tensions,
            facts: &outcome.facts,
            path: &outcome.path,
            role_label: view.role.as_deref(),
        }
    }
}
