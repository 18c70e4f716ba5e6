//! What the interactive shells (full-screen and plain) are started with.

use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use time::{Date, OffsetDateTime};

use crate::code::Catalogue;
use crate::engine::Walk;
use crate::outcome::Outcome;
use crate::record::store::{Store, save_file};
use crate::record::{Phase, Record};
use crate::rules::{RuleSet, Rules};
use crate::training::Loaded;

/// The colour themes of the full-screen wizard; plain mode has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    Default,
    HighContrast,
    Mono,
}

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
    /// Show the steps that do not apply, with why, from the start.
    pub all: bool,
    /// The official wording from the user's imported copy, shown beside
    /// our summaries (read by the command line, never by the shells).
    pub official: Option<crate::official::Official>,
}

/// When the record could not be saved where it belongs: offers to write it
/// to a path the person types, asking again when that fails too. Returns
/// where it was saved, or `None` when they chose to leave without saving.
pub fn offer_elsewhere(
    record: &Record,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> std::io::Result<Option<PathBuf>> {
    writeln!(
        output,
        "\nYour latest answers could not be saved, so they would be lost on quitting."
    )?;
    loop {
        write!(
            output,
            "Type a file path to save them to (for example ~/dilemma-copy.ron), or press Enter to leave without saving: "
        )?;
        output.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(output)?;
            return Ok(None);
        }
        let typed = line.trim();
        if typed.is_empty() {
            writeln!(output, "Nothing was saved.")?;
            return Ok(None);
        }
        let path = expand_home(typed);
        // A rescue never replaces a file: what is there may be someone's
        // only copy of another record.
        if path.symlink_metadata().is_ok() {
            writeln!(
                output,
                "There is already a file at {}. Nothing was written; type a new file name.",
                path.display()
            )?;
            continue;
        }
        match save_file(&path, record) {
            Ok(()) => {
                writeln!(
                    output,
                    "Saved to {}. Continue later with: dilemma resume {}",
                    path.display(),
                    path.display()
                )?;
                return Ok(Some(path));
            }
            Err(error) => writeln!(output, "Could not save there either: {error:#}")?,
        }
    }
}

/// What a shell says on quitting once the record is safely saved: where it
/// is, how to go on, and for a training walk, how to hand it in.
pub fn saved_words(path: &std::path::Path, record: &Record) -> String {
    // A copy kept under another name (a backup) is resumed by its path:
    // the id would open the original instead.
    let in_its_own_name =
        path.file_name() == Some(std::ffi::OsStr::new(&format!("{}.ron", record.id)));
    let resume_by = if in_its_own_name {
        record.id.clone()
    } else {
        path.display().to_string()
    };
    let mut words = format!(
        "Saved to {}. Continue later with: dilemma resume {}",
        path.display(),
        resume_by
    );
    if record.training.is_some() {
        words.push_str(&format!(
            "\nTo hand it in, give your instructor this file: {}",
            path.display()
        ));
    }
    words
}

/// `~/x` as the home folder's `x`, as a shell would read it.
fn expand_home(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// Brings the record up to date with the walk, ready to be saved.
pub fn sync_record(record: &mut Record, walk: &Walk<'_>, outcome: &Outcome, now: OffsetDateTime) {
    record.answers = walk.answers().to_vec();
    record.pending = walk.pending().to_vec();
    record.updated = now;
    record.note_outcome(outcome);
}

/// The questions of the safety check: the start question and every question
/// its choices lead to, with the questions those go on to. The question the
/// start question's own `then` names (the concerns) is not part of it, so the
/// progress line can tell the two phases apart.
pub fn safety_questions(rules: &Rules) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut queue = vec![rules.start.clone()];
    while let Some(id) = queue.pop() {
        let Some(question) = rules.questions.get(&id) else {
            continue;
        };
        if id != rules.start {
            queue.extend(question.then.clone());
        }
        if !found.insert(id) {
            continue;
        }
        for choice in &question.choices {
            queue.extend(choice.next.targets().map(str::to_string));
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

/// Reads a date written as YYYY-MM-DD, saying what is wrong when it is not one.
pub fn parse_date(text: &str) -> Result<Date, String> {
    crate::record::parse_ymd(text)
        .ok_or_else(|| format!("\"{}\" is not a date: write it as YYYY-MM-DD", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn the_progress_line_counts_every_safety_question_as_safety_and_the_concerns_as_not() {
        let set = RuleSet::embedded().expect("the embedded rules load");
        let safety = safety_questions(&set.rules);
        // Reached through a question's `then`, not only through a choice.
        for id in [
            "safety",
            "danger.who",
            "danger.self-known",
            "danger.consulted",
        ] {
            assert_eq!(phase_of(id, &safety), Phase::Safety, "{id}");
        }
        for id in ["role", "triage", "colleague.severity"] {
            assert_eq!(phase_of(id, &safety), Phase::Code, "{id}");
        }
    }
}
