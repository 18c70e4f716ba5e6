//! Grading a class: saved training records scored against one scenario's
//! key. A record that cannot be graded is reported in its own row; the rest
//! are graded all the same.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Scenario, Score, score};
use crate::code::Catalogue;
use crate::engine::Walk;
use crate::outcome::Outcome;
use crate::record::Record;
use crate::record::store::load_file;
use crate::rules::RuleSet;
use crate::source::{Diagnostic, Place, Source};
use crate::spans::{Node, Step};

/// One record file and how it fared.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    /// The label the trainee chose with `--student`, when the record has one.
    pub student: Option<String>,
    pub result: Result<Graded, Diagnostic>,
}

/// A record's score and what the grader should know about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Graded {
    pub score: Score,
    /// Every question on the trainee's path was answered.
    pub finished: bool,
    /// Saved answers that no longer fit the current rules, left out.
    pub unfit: usize,
    /// The record was made on other rules than the ones graded on.
    pub rules_changed: bool,
}

impl Graded {
    /// Short notes for the grader, empty when nothing needs saying.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if !self.finished {
            notes.push("walk not finished".to_string());
        }
        if self.unfit > 0 {
            notes.push(format!(
                "{} saved answer{} no longer fit the rules",
                self.unfit,
                if self.unfit == 1 { "" } else { "s" }
            ));
        } else if self.rules_changed {
            notes.push("made on other rules".to_string());
        }
        notes
    }
}

/// Scores one record against the scenario, replaying its answers on the
/// current rules and keeping those that still fit.
pub fn grade_record(
    record: &Record,
    scenario: &Scenario,
    set: &RuleSet,
    code: &Catalogue,
) -> Result<Graded, String> {
    match &record.training {
        None => {
            return Err(
                "not a training record: it names no scenario (records from `dilemma train` do)"
                    .to_string(),
            );
        }
        Some(t) if t.scenario != scenario.id => {
            return Err(format!(
                "this record is for scenario \"{}\", not \"{}\"",
                t.scenario, scenario.id
            ));
        }
        Some(_) => {}
    }
    let (walk, unfit) = Walk::replay_keeping_what_fits(&set.rules, &record.answers);
    let outcome = Outcome::of(&walk, code);
    Ok(Graded {
        score: score(scenario, &set.rules, &outcome, walk.answers()),
        finished: outcome.finished,
        unfit: unfit.len(),
        rules_changed: record.rules_hash != set.hash,
    })
}

/// Reads and grades one record file.
pub fn grade_file(path: &Path, scenario: &Scenario, set: &RuleSet, code: &Catalogue) -> Row {
    let file = path.display().to_string();
    match load_file(path) {
        Err(diagnostic) => Row {
            file,
            student: None,
            result: Err(diagnostic),
        },
        Ok(record) => Row {
            student: record.training.as_ref().and_then(|t| t.student.clone()),
            result: grade_record(&record, scenario, set, code)
                .map_err(|message| Diagnostic::error(scenario_place(path), message)),
            file,
        },
    }
}

/// Where a record names its scenario (or as near as the file allows), read
/// again only when a record cannot be graded.
fn scenario_place(path: &Path) -> Place {
    match Source::read(path) {
        Ok(source) => {
            let at = Node::parse(&source.text).map_or(0, |tree| {
                tree.locate(&[Step::Field("training"), Step::Field("scenario")])
            });
            source.place_at(at)
        }
        Err(_) => Place::file(&path.display().to_string()),
    }
}

/// Grades every file given; a folder stands for the `*.ron` records in it,
/// in name order. A folder that cannot be read is a row of its own, and a
/// file named twice is graded once.
pub fn grade_paths(
    paths: &[PathBuf],
    scenario: &Scenario,
    set: &RuleSet,
    code: &Catalogue,
) -> Vec<Row> {
    let problem = |path: &Path, message: String| {
        let file = path.display().to_string();
        Row {
            result: Err(Diagnostic::error(Place::file(&file), message)),
            file,
            student: None,
        }
    };
    let mut rows = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        let files = if path.is_dir() {
            match records_in(path) {
                Ok(found) if found.is_empty() => {
                    rows.push(problem(path, "no .ron records in this folder".to_string()));
                    continue;
                }
                Ok(found) => found,
                Err(err) => {
                    rows.push(problem(path, format!("cannot read the folder: {err}")));
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        for file in files {
            if seen.insert(file.clone()) {
                rows.push(grade_file(&file, scenario, set, code));
            }
        }
    }
    rows
}

/// The record files in a folder, in name order: `*.ron`, not hidden (the
/// store's half-written temp files start with a dot).
fn records_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// What a class's results add up to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub graded: usize,
    pub failed: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// The standards missed most often, most missed first (at most five).
    pub most_missed: Vec<MostMissed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MostMissed {
    pub standard: u8,
    pub missed_by: usize,
}

pub fn summarize(rows: &[Row]) -> Summary {
    let mut totals: Vec<u8> = rows
        .iter()
        .filter_map(|r| r.result.as_ref().ok())
        .map(|g| g.score.total)
        .collect();
    totals.sort_unstable();
    let graded = totals.len();
    let mean =
        (graded > 0).then(|| totals.iter().map(|t| f64::from(*t)).sum::<f64>() / graded as f64);
    let median = (graded > 0).then(|| {
        let mid = graded / 2;
        if graded % 2 == 1 {
            f64::from(totals[mid])
        } else {
            (f64::from(totals[mid - 1]) + f64::from(totals[mid])) / 2.0
        }
    });
    let mut counts = [0usize; 256];
    for graded in rows.iter().filter_map(|r| r.result.as_ref().ok()) {
        for n in &graded.score.missed {
            counts[usize::from(*n)] += 1;
        }
    }
    let mut most_missed: Vec<MostMissed> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| **c > 0)
        .map(|(n, c)| MostMissed {
            standard: n as u8,
            missed_by: *c,
        })
        .collect();
    most_missed.sort_by(|a, b| {
        b.missed_by
            .cmp(&a.missed_by)
            .then(a.standard.cmp(&b.standard))
    });
    most_missed.truncate(5);
    Summary {
        graded,
        failed: rows.len() - graded,
        mean,
        median,
        most_missed,
    }
}
