//! What the interactive shells (full-screen and plain) are started with.

use std::collections::BTreeSet;

use time::{Date, OffsetDateTime};

use crate::cli::ThemeName;
use crate::code::Catalogue;
use crate::engine::Walk;
use crate::outcome::Outcome;
use crate::record::resume::RulesChanged;
use crate::record::store::Store;
use crate::record::{OutcomeSnapshot, Phase, Record};
use crate::rules::{RuleSet, Rules};
use crate::training::Loaded;

/// Everything a wizard session needs, prepared by the command line.
pub struct Launch {
    pub set: RuleSet,
    pub code: Catalogue,
    /// Where to autosave; `None` with `--no-save` (the screen says so).
    pub store: Option<Store>,
    /// A fresh record, or one being resumed (its answers are replayed).
    pub record: Record,
    pub resumed: bool,
    pub theme: ThemeName,
    pub mouse: bool,
    /// Set by `dilemma train`: the vignette being walked, scored at the end.
    pub scenario: Option<Loaded>,
}

/// Brings the record up to date with the walk, ready to be saved.
pub fn sync_record(record: &mut Record, walk: &Walk<'_>, outcome: &Outcome, now: OffsetDateTime) {
    record.answers = walk.answers().to_vec();
    record.updated = now;
    record.snapshot = Some(OutcomeSnapshot::of(outcome));
}

/// The questions of the safety check: the start question and every question
/// its choices lead to. The question its `then` names (the concerns) is not
/// part of it, so the progress line can tell the two phases apart.
pub fn safety_questions(rules: &Rules) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut queue = vec![rules.start.clone()];
    while let Some(id) = queue.pop() {
        let Some(question) = rules.questions.get(&id) else {
            continue;
        };
        if !found.insert(id) {
            continue;
        }
        for choice in &question.choices {
            queue.extend(choice.next.targets().into_iter().map(str::to_string));
        }
    }
    found
}

/// The phase a question belongs to.
pub fn phase_of(question: &str, safety: &BTreeSet<String>) -> Phase {
    if safety.contains(question) {
        Phase::Safety
    } else {
        Phase::Code
    }
}

/// Where a reopened record picks up: the open question if the walk is not
/// finished, otherwise the furthest phase the record reached.
pub fn resume_phase(record: &Record, walk: &Walk<'_>) -> Phase {
    if !walk.is_finished() {
        if walk.answers().is_empty() && record.situation.trim().is_empty() {
            return Phase::Situation;
        }
        return Phase::Code;
    }
    if record.decision.is_some() {
        Phase::Decide
    } else if !record.consultations.is_empty() {
        Phase::Consult
    } else if !record.options.is_empty() {
        Phase::Options
    } else {
        Phase::Outcome
    }
}

/// Reads a date written as YYYY-MM-DD.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text.trim(), &format)
        .map_err(|_| format!("\"{}\" is not a date: write it as YYYY-MM-DD", text.trim()))
}

/// A date as YYYY-MM-DD.
pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// What changed for a reopened record, as lines a person can read.
pub fn describe_changes(changes: &RulesChanged, rules: &Rules, code: &Catalogue) -> Vec<String> {
    let mut lines = vec![format!(
        "The rules changed since this record was saved (version {} then, {} now).",
        changes.old_version, changes.new_version
    )];
    let numbers = |list: &[u8]| {
        list.iter()
            .map(|n| match code.get(*n) {
                Some(s) => format!("{n} ({})", s.title),
                None => n.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if changes.unfit.is_empty() {
        lines.push("All your answers still fit.".to_string());
    } else {
        lines.push(format!(
            "{} of your answers no longer fit and were set aside (they stay in the record):",
            changes.unfit.len()
        ));
        for answer in &changes.unfit {
            let prompt = rules
                .questions
                .get(&answer.question)
                .map_or(answer.question.as_str(), |q| q.prompt.as_str());
            lines.push(format!("  - {prompt}"));
        }
    }
    if !changes.standards_added.is_empty() {
        lines.push(format!(
            "Standards now cited: {}",
            numbers(&changes.standards_added)
        ));
    }
    if !changes.standards_dropped.is_empty() {
        lines.push(format!(
            "Standards no longer cited: {}",
            numbers(&changes.standards_dropped)
        ));
    }
    for (ladder, before, after) in &changes.first_steps {
        let title = rules
            .ladders
            .get(ladder)
            .map_or(ladder.as_str(), |l| l.title.as_str());
        let step = |id: &Option<String>| {
            id.as_deref()
                .and_then(|id| {
                    rules
                        .ladders
                        .get(ladder)
                        .and_then(|l| l.steps.iter().find(|s| s.id == id))
                        .map(|s| s.text.clone())
                })
                .unwrap_or_else(|| "no step".to_string())
        };
        lines.push(format!(
            "First step for \"{title}\" changed: was \"{}\", now \"{}\".",
            step(before),
            step(after)
        ));
    }
    lines
}
