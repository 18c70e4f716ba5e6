//! Grading a class: saved training records, each scored against the key of
//! the scenario it was walked on. A record that cannot be graded is reported
//! in its own row; the rest are graded all the same.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Loaded, Scenario, Score, key_errors, score};
use crate::code::Catalogue;
use crate::engine::Walk;
use crate::outcome::Outcome;
use crate::record::Record;
use crate::record::store::record_from;
use crate::rules::RuleSet;
use crate::source::{Diagnostic, Place, Source};
use crate::spans::{Node, Step};

/// Why a record without a scenario cannot be graded.
const NOT_TRAINING: &str =
    "not a training record: it names no scenario (records from `dilemma train` do)";

/// One record file and how it fared.
#[derive(Debug, Clone)]
pub struct Row {
    pub file: String,
    /// The label the trainee chose with `--student`, when the record has one.
    pub student: Option<String>,
    /// The scenario the record was walked on, when it names one.
    pub scenario: Option<String>,
    pub result: Result<Graded, Diagnostic>,
}

impl Row {
    /// The trainee as the grader knows them: the label, or the file.
    pub fn who(&self) -> &str {
        self.student.as_deref().unwrap_or(&self.file)
    }
}

/// A file left out because it is byte for byte the same as one graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub file: String,
    pub same_as: String,
}

/// Everything a grading run found.
#[derive(Debug, Clone, Default)]
pub struct Class {
    pub rows: Vec<Row>,
    pub duplicates: Vec<Duplicate>,
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
            notes.push("walk not finished: standards points only".to_string());
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
        None => return Err(NOT_TRAINING.to_string()),
        Some(t) if t.scenario != scenario.id => {
            return Err(format!(
                "this record is for scenario \"{}\", not \"{}\"",
                t.scenario, scenario.id
            ));
        }
        Some(_) => {}
    }
    let (walk, unfit) = Walk::replay_keeping_what_fits(&set.rules, &record.answers);
    // The score reads what the plan is, not why: the answers behind each
    // step are not looked for.
    let outcome = Outcome::unexplained(&walk, code);
    let mut score = score(scenario, &set.rules, &outcome, walk.answers());
    if !outcome.finished {
        score = score.unfinished();
    }
    Ok(Graded {
        score,
        finished: outcome.finished,
        unfit: unfit.len(),
        rules_changed: record.rules_hash != set.hash(),
    })
}

/// The scenarios a run may grade against, each key checked against the
/// rules once.
pub struct Keys<'a> {
    scenarios: &'a [Loaded],
    /// When set, only records for this scenario are graded.
    only: Option<&'a str>,
    fits: HashMap<&'a str, Result<(), String>>,
}

impl<'a> Keys<'a> {
    pub fn new(
        scenarios: &'a [Loaded],
        only: Option<&'a str>,
        set: &RuleSet,
        code: &Catalogue,
    ) -> Self {
        let fits = scenarios
            .iter()
            .filter(|l| only.is_none_or(|id| id == l.scenario.id))
            .map(|l| {
                let errors = key_errors(l, set, code).len();
                let fit = if !l.scenario.has_key() {
                    Err(format!(
                        "\"{}\" in {} is a student's copy with no key; grade with the folder that holds your key (`--scenarios DIR`)",
                        l.scenario.id, l.source.name
                    ))
                } else if errors == 0 {
                    Ok(())
                } else {
                    Err(format!(
                        "the key of \"{}\" does not fit these rules ({errors} error{}; \
                         `dilemma check --scenarios` shows them)",
                        l.scenario.id,
                        if errors == 1 { "" } else { "s" }
                    ))
                };
                (l.scenario.id.as_str(), fit)
            })
            .collect();
        Keys {
            scenarios,
            only,
            fits,
        }
    }

    /// The scenario a record is graded against, or why it cannot be.
    fn for_record(&self, record: &Record) -> Result<&'a Scenario, String> {
        let Some(training) = &record.training else {
            return Err(NOT_TRAINING.to_string());
        };
        let id = training.scenario.as_str();
        if let Some(only) = self.only
            && only != id
        {
            return Err(format!(
                "this record is for scenario \"{id}\", not \"{only}\""
            ));
        }
        let Some(loaded) = self.scenarios.iter().find(|l| l.scenario.id == id) else {
            return Err(format!(
                "this record is for scenario \"{id}\", which is not among the scenarios \
                 given (add its folder with --scenarios)"
            ));
        };
        match self.fits.get(id) {
            Some(Err(why)) => Err(why.clone()),
            _ => Ok(&loaded.scenario),
        }
    }
}

/// Reads and grades one record file against its own scenario.
pub fn grade_file(path: &Path, keys: &Keys<'_>, set: &RuleSet, code: &Catalogue) -> Row {
    let graded = Source::read(path).map(|source| grade_source(&source, keys, set, code));
    graded.unwrap_or_else(|diagnostic| Row {
        file: path.display().to_string(),
        student: None,
        scenario: None,
        result: Err(diagnostic),
    })
}

/// Grades a record file already read.
fn grade_source(source: &Source, keys: &Keys<'_>, set: &RuleSet, code: &Catalogue) -> Row {
    let file = source.name.clone();
    match record_from(source) {
        Err(diagnostic) => Row {
            file,
            student: None,
            scenario: None,
            result: Err(diagnostic),
        },
        Ok(record) => {
            let training = record.training.as_ref();
            Row {
                student: training.and_then(|t| t.student.clone()),
                scenario: training.map(|t| t.scenario.clone()),
                result: keys
                    .for_record(&record)
                    .and_then(|scenario| grade_record(&record, scenario, set, code))
                    .map_err(|message| Diagnostic::error(scenario_place(source), message)),
                file,
            }
        }
    }
}

/// Where a record names its scenario (or as near as the file allows).
fn scenario_place(source: &Source) -> Place {
    let at = Node::parse(&source.text).map_or(0, |tree| {
        tree.locate(
            &source.text,
            &[Step::Field("training"), Step::Field("scenario")],
        )
    });
    source.place_at(at)
}

/// Grades every file given; a folder stands for the `*.ron` records in it
/// and in its subfolders, in name order. A folder that cannot be read is a
/// row of its own; a file named twice is graded once, and a file with the
/// same bytes as one already graded (a hand-in sent twice) is left out and
/// listed as a duplicate.
pub fn grade_paths(paths: &[PathBuf], keys: &Keys<'_>, set: &RuleSet, code: &Catalogue) -> Class {
    // First the files, in order, each named once; a folder that gives none
    // is a row of its own, where it stands.
    enum Item {
        /// A folder that gave no records, and why.
        Problem(PathBuf, String),
        File(PathBuf),
    }
    let mut items = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in paths {
        let files = if path.is_dir() {
            let mut found = Vec::new();
            match records_under(path, &mut found) {
                Ok(()) if found.is_empty() => {
                    let why = "no .ron records in this folder".to_string();
                    items.push(Item::Problem(path.clone(), why));
                    continue;
                }
                Ok(()) => found,
                Err(err) => {
                    let why = format!("cannot read the folder: {err}");
                    items.push(Item::Problem(path.clone(), why));
                    continue;
                }
            }
        } else {
            vec![path.clone()]
        };
        items.extend(
            files
                .into_iter()
                .filter(|file| seen.insert(file.clone()))
                .map(Item::File),
        );
    }
    // Then every file read once, for its fingerprint and its record, and
    // graded, on every core. A file that cannot be read has no fingerprint.
    let files: Vec<&Path> = items
        .iter()
        .filter_map(|item| match item {
            Item::File(file) => Some(file.as_path()),
            Item::Problem(..) => None,
        })
        .collect();
    let mut graded = crate::parallel::map(&files, |file| match Source::read(file) {
        Ok(source) => {
            let digest: [u8; 32] = Sha256::digest(source.text.as_bytes()).into();
            (Some(digest), grade_source(&source, keys, set, code))
        }
        Err(diagnostic) => (
            None,
            Row {
                file: file.display().to_string(),
                student: None,
                scenario: None,
                result: Err(diagnostic),
            },
        ),
    })
    .into_iter();
    // Last, in order: a file with the same bytes as one before it is left
    // out as a duplicate.
    let mut class = Class::default();
    let mut contents: HashMap<[u8; 32], String> = HashMap::new();
    for item in items {
        let row = match item {
            Item::Problem(path, why) => {
                let file = path.display().to_string();
                Row {
                    result: Err(Diagnostic::error(Place::file(&file), why)),
                    file,
                    student: None,
                    scenario: None,
                }
            }
            Item::File(_) => {
                let (digest, row) = graded.next().expect("a result for every file");
                if let Some(digest) = digest {
                    if let Some(first) = contents.get(&digest) {
                        class.duplicates.push(Duplicate {
                            file: row.file,
                            same_as: first.clone(),
                        });
                        continue;
                    }
                    contents.insert(digest, row.file.clone());
                }
                row
            }
        };
        class.rows.push(row);
    }
    class
}

/// The record files under a folder, in name order, subfolders included:
/// `*.ron`, not hidden (the store's half-written temp files start with a
/// dot). Links to folders are not followed, so a loop cannot trap the walk.
fn records_under(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let hidden = |p: &Path| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    };
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !hidden(p))
        .collect();
    entries.sort();
    for path in entries {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            // An unreadable subfolder is skipped, not fatal: the rest of
            // the class is still graded.
            let _ = records_under(&path, found);
        } else if path.extension().is_some_and(|x| x == "ron")
            && (meta.is_file() || (meta.is_symlink() && path.is_file()))
        {
            found.push(path);
        }
    }
    Ok(())
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
