//! Reopening a saved record, possibly on rules that changed since.

use super::{EarlierAnswers, OutcomeSnapshot, Record};
use crate::code::Catalogue;
use crate::engine::{Answer, Walk};
use crate::outcome::Outcome;
use crate::rules::RuleSet;

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
    pub standards_added: Vec<u8>,
    pub standards_dropped: Vec<u8>,
    /// Ladders whose first step differs: (ladder, before, after).
    pub first_steps: Vec<(String, Option<String>, Option<String>)>,
}

/// Replays a record's answers. On changed rules, keeps what still fits and
/// works out what moved; call `adopt` to bring the record up to date.
pub fn reopen<'r>(record: &Record, set: &'r RuleSet, code: &Catalogue) -> Reopened<'r> {
    let (walk, unfit) = Walk::replay_keeping_what_fits(&set.rules, &record.answers);
    if record.rules_hash == set.hash && unfit.is_empty() {
        return Reopened {
            walk,
            changes: None,
        };
    }
    let before = record.snapshot.clone().unwrap_or_default();
    let after = OutcomeSnapshot::of(&Outcome::of(&walk, code));
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
    Reopened {
        changes: Some(RulesChanged {
            old_version: record.rules_version.clone(),
            new_version: set.rules.version.clone(),
            unfit,
            standards_added: new.iter().filter(|n| !old.contains(n)).copied().collect(),
            standards_dropped: old.iter().filter(|n| !new.contains(n)).copied().collect(),
            first_steps,
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
    record.rules_version = set.rules.version.clone();
    record.rules_hash = set.hash.clone();
}
