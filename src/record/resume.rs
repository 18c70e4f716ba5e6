//! Reopening a saved record, possibly on rules that changed since.

use super::{EarlierAnswers, OutcomeSnapshot, Record};
use crate::code::Catalogue;
use crate::engine::{Answer, Walk};
use crate::outcome::Outcome;
use crate::rules::{RuleSet, Rules};

/// A record replayed on the current rules.
pub struct Reopened<'r> {
    pub walk: Walk<'r>,
    /// Set when the rules differ from those the record was made on.
    pub changes: Option<RulesChanged>,
}

/// What changed for this record when the rules did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesChanged {
    pub old_version: String,
    pub new_version: String,
    /// Saved answers that no longer fit the path.
    pub unfit: Vec<Answer>,
    /// A question these rules ask that the record never answered, with the
    /// saved answers that wait behind it: only it needs answering.
    pub asks: Option<(String, usize)>,
    pub standards_added: Vec<u8>,
    pub standards_dropped: Vec<u8>,
    /// Ladders whose first step differs: (ladder, before, after).
    pub first_steps: Vec<(String, Option<String>, Option<String>)>,
    /// The record kept a summary of its earlier outcome, so standards and
    /// first steps could be compared (records saved without one compare
    /// answers only).
    pub compared_outcome: bool,
}

/// Replays a record's answers. On changed rules, keeps what still fits and
/// works out what moved; call `adopt` to bring the record up to date.
pub fn reopen<'r>(record: &Record, set: &'r RuleSet, code: &Catalogue) -> Reopened<'r> {
    let saved: Vec<_> = record
        .answers
        .iter()
        .chain(&record.pending)
        .cloned()
        .collect();
    let (walk, unfit) = Walk::replay_keeping_what_fits(&set.rules, &saved);
    if record.rules_hash == set.hash() && unfit.is_empty() && walk.answers() == record.answers {
        return Reopened {
            walk,
            changes: None,
        };
    }
    let compared_outcome = record.snapshot.is_some();
    let after = OutcomeSnapshot::of(&Outcome::of(&walk, code));
    let before = record.snapshot.clone().unwrap_or_else(|| after.clone());
    let cited = |s: &OutcomeSnapshot| -> Vec<u8> {
        let mut all: Vec<u8> = s.primary.iter().chain(&s.related).copied().collect();
        all.sort_unstable();
        all
    };
    let (old, new) = (cited(&before), cited(&after));
    let mut ladders: Vec<&String> = before
        .first_steps
        .keys()
        .chain(after.first_steps.keys())
        .collect();
    ladders.sort();
    ladders.dedup();
    let first_steps = ladders
        .into_iter()
        .filter_map(|id| {
            let was = before.first_steps.get(id).cloned().flatten();
            let now = after.first_steps.get(id).cloned().flatten();
            (was != now).then(|| (id.clone(), was, now))
        })
        .collect();
    let asks = walk
        .current()
        .filter(|_| !walk.pending().is_empty())
        .map(|(id, _)| (id.to_string(), walk.pending().len()));
    Reopened {
        changes: Some(RulesChanged {
            old_version: record.rules_version.clone(),
            new_version: set.rules.version.clone(),
            unfit,
            asks,
            standards_added: new.iter().filter(|n| !old.contains(n)).copied().collect(),
            standards_dropped: old.iter().filter(|n| !new.contains(n)).copied().collect(),
            first_steps,
            compared_outcome,
        }),
        walk,
    }
}

/// Moves the record onto the current rules: the original answers are kept
/// in `earlier_answers`, the replayed ones become the record's answers.
pub fn adopt(record: &mut Record, reopened: &Reopened<'_>, set: &RuleSet) {
    if reopened.changes.is_none() {
        return;
    }
    record.earlier_answers.push(EarlierAnswers {
        rules_version: record.rules_version.clone(),
        rules_hash: record.rules_hash.clone(),
        answers: record.answers.clone(),
    });
    record.answers = reopened.walk.answers().to_vec();
    record.pending = reopened.walk.pending().to_vec();
    record.rules_version = set.rules.version.clone();
    record.rules_hash = set.hash().to_string();
}

impl RulesChanged {
    /// Nothing this record relies on moved: same answers, standards and steps.
    pub fn affects_nothing(&self) -> bool {
        self.unfit.is_empty()
            && self.asks.is_none()
            && self.standards_added.is_empty()
            && self.standards_dropped.is_empty()
            && self.first_steps.is_empty()
    }

    /// What changed, in plain sentences, for the wizard, exports and reviews.
    pub fn describe(&self, rules: &Rules, code: &Catalogue) -> Vec<String> {
        let mut lines = vec![if self.old_version == self.new_version {
            format!(
                "The rules (version {}) were edited after this record was made.",
                self.new_version
            )
        } else {
            format!(
                "This record was made with rules version {}; these are version {}.",
                self.old_version, self.new_version
            )
        }];
        if let Some((question, waiting)) = &self.asks {
            lines.push(format!(
                "These rules ask a question this record never answered: {}. Answer it, and your {waiting} later {} will be filled in again.",
                prompt(rules, question),
                if *waiting == 1 { "answer" } else { "answers" }
            ));
        }
        for answer in &self.unfit {
            lines.push(format!(
                "Your answer {} to {} no longer fits the questions. It is kept in the record.",
                answer_labels(rules, answer),
                prompt(rules, &answer.question)
            ));
        }
        let title = |n: u8| {
            code.get(n)
                .map_or(String::new(), |s| format!(" ({})", s.title))
        };
        for n in &self.standards_added {
            lines.push(format!("Standard {n}{} now applies.", title(*n)));
        }
        for n in &self.standards_dropped {
            lines.push(format!("Standard {n}{} no longer applies.", title(*n)));
        }
        for (ladder, before, after) in &self.first_steps {
            let name = rules
                .ladders
                .get(ladder)
                .map_or(ladder.as_str(), |l| l.title.as_str());
            let step = |id: &Option<String>| match id {
                None => "none".to_string(),
                Some(id) => rules.step_text(ladder, id).map_or_else(
                    || format!("\"{id}\" (a step these rules no longer have)"),
                    |text| format!("\"{}\"", text.trim_end_matches('.')),
                ),
            };
            lines.push(format!(
                "{name}: the first step is now {}; it was {}.",
                step(after),
                step(before)
            ));
        }
        if !self.compared_outcome {
            lines.push(
                "This record kept no summary of its earlier outcome, so only the answers could be compared."
                    .to_string(),
            );
        } else if self.affects_nothing() {
            lines.push(
                "None of this record's answers, standards or first steps are affected.".to_string(),
            );
        }
        lines
    }
}

fn prompt(rules: &Rules, question: &str) -> String {
    rules.questions.get(question).map_or_else(
        || format!("question \"{question}\" (no longer asked)"),
        |q| format!("\"{}\"", q.prompt),
    )
}

fn answer_labels(rules: &Rules, answer: &Answer) -> String {
    let question = rules.questions.get(&answer.question);
    let labels: Vec<String> = answer
        .choices
        .iter()
        .map(|c| {
            question.and_then(|q| q.choice(c)).map_or_else(
                || format!("\"{c}\" (a choice these rules no longer have)"),
                |c| format!("\"{}\"", c.label),
            )
        })
        .collect();
    labels.join(" and ")
}
