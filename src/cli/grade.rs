//! `dilemma grade`: a class's training records scored against one key.
//!
//! CSV goes to stdout with a header row and RFC 4180 quoting, so it opens
//! cleanly in a spreadsheet; the class summary goes to stderr, so
//! `> grades.csv` keeps the file to rows only. JSON holds both.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::class_summary::class_text;
use super::{Global, GradeFormat, load_rules, print_diagnostics};
use crate::code::Catalogue;
use crate::training::class::{ScenarioResults, by_scenario};
use crate::training::grade::{Graded, Keys, Row, Summary, grade_paths, summarize};
use crate::training::{self, Score};

pub struct Request<'a> {
    /// Grade only the records for this scenario; otherwise each record is
    /// graded against the scenario it names.
    pub scenario: Option<&'a str>,
    pub files: &'a [PathBuf],
    pub format: GradeFormat,
    pub scenarios: Option<&'a Path>,
    /// The class at a glance on stdout instead of one row per record.
    pub summary: bool,
}

pub fn run(global: &Global, code: &Catalogue, request: &Request<'_>) -> anyhow::Result<ExitCode> {
    let (loaded, problems) = training::load_with_builtin(request.scenarios);
    print_diagnostics(&problems);
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    if let Some(id) = request.scenario {
        let chosen = match training::find(&loaded, id) {
            Ok(found) => found,
            Err(message) => {
                eprintln!("dilemma: {message}");
                return Ok(ExitCode::from(1));
            }
        };
        let errors = training::key_errors(chosen, &set, code);
        if !errors.is_empty() {
            print_diagnostics(&errors);
            eprintln!(
                "dilemma: the key of \"{}\" does not fit these rules, so nothing was graded",
                chosen.scenario.id
            );
            return Ok(ExitCode::from(1));
        }
    }

    let keys = Keys::new(&loaded, request.scenario, &set, code);
    let class = grade_paths(request.files, &keys, &set, code);
    for duplicate in &class.duplicates {
        eprintln!(
            "dilemma: {} is the same file as {}; graded once",
            duplicate.file, duplicate.same_as
        );
    }
    let rows = &class.rows;
    let summary = summarize(rows);
    let must_cite = |id: &str| {
        loaded
            .iter()
            .find(|l| l.scenario.id == id)
            .map_or_else(Vec::new, |l| l.scenario.must_cite.clone())
    };
    let results = by_scenario(rows, must_cite);
    match (request.format, request.summary) {
        (GradeFormat::Csv, true) => {
            print!("{}", class_text(&results, &summary, &set.rules, code));
        }
        (GradeFormat::Csv, false) => {
            print!("{}", csv(rows));
            eprint!("{}", summary_text(request.scenario, &summary, code));
        }
        (GradeFormat::Json, _) => {
            let report = JsonReport {
                scenario: request.scenario,
                rules_version: &set.rules.version,
                records: rows.iter().map(JsonRow::from).collect(),
                summary: JsonSummary::new(&summary, code),
                by_scenario: &results,
                duplicates: class
                    .duplicates
                    .iter()
                    .map(|d| [d.file.as_str(), d.same_as.as_str()])
                    .collect(),
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

const HEADER: [&str; 16] = [
    "file",
    "student",
    "score",
    "standards_points",
    "first_step_points",
    "precision_points",
    "penalty_points",
    "found",
    "missed",
    "extras",
    "first_step_right",
    "must_not_taken",
    "finished",
    "notes",
    "error",
    "scenario",
];

/// The rows as CSV: a header, one line per record, CRLF line ends. Lists of
/// standards sit in one cell, space-separated ("3 4 28").
pub fn csv(rows: &[Row]) -> String {
    let mut out = line(HEADER.iter().map(|h| h.to_string()));
    for row in rows {
        let mut cells = vec![
            text_cell(&row.file),
            text_cell(row.student.as_deref().unwrap_or("")),
        ];
        match &row.result {
            Ok(graded) => cells.extend(graded_cells(graded)),
            Err(problem) => {
                cells.extend(std::iter::repeat_n(String::new(), HEADER.len() - 4));
                cells.push(text_cell(&one_line(problem)));
            }
        }
        cells.push(text_cell(row.scenario.as_deref().unwrap_or("")));
        out.push_str(&line(cells.into_iter()));
    }
    out
}

fn graded_cells(graded: &Graded) -> Vec<String> {
    let s = &graded.score;
    let list = |ns: &[u8]| ns.iter().map(u8::to_string).collect::<Vec<_>>().join(" ");
    vec![
        s.total.to_string(),
        s.recall_points.to_string(),
        s.first_step_points.to_string(),
        s.precision_points.to_string(),
        s.penalty_points.to_string(),
        list(&s.found),
        list(&s.missed),
        list(&s.extras),
        match &s.first_step {
            None => String::new(),
            Some(f) => if f.right { "yes" } else { "no" }.to_string(),
        },
        text_cell(&s.must_not_taken.join(" ")),
        if graded.finished { "yes" } else { "no" }.to_string(),
        text_cell(&graded.notes().join("; ")),
        String::new(),
    ]
}

fn line(cells: impl Iterator<Item = String>) -> String {
    let mut out = cells.map(|c| quote(&c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// RFC 4180: a field with a comma, quote or line break is quoted, and
/// quotes inside it are doubled.
fn quote(cell: &str) -> String {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

/// Free text (file names, student labels, messages) is kept from being read
/// as a spreadsheet formula by a leading apostrophe.
fn text_cell(text: &str) -> String {
    let text = crate::printable::printable(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A problem as one cell: the place and message, with the hint after a dash.
fn one_line(problem: &crate::source::Diagnostic) -> String {
    let mut text = format!("{}: {}", problem.place, problem.message);
    if let Some(hint) = &problem.hint {
        text.push_str(" - ");
        text.push_str(hint);
    }
    text
}

/// The class summary, for stderr after CSV.
pub fn summary_text(scenario: Option<&str>, summary: &Summary, code: &Catalogue) -> String {
    let total = summary.graded + summary.failed;
    let mut out = format!(
        "Graded {} of {total} record{}",
        summary.graded,
        if total == 1 { "" } else { "s" }
    );
    match scenario {
        Some(id) => out.push_str(&format!(" against \"{id}\"")),
        None => out.push_str(", each against its own scenario"),
    }
    if let (Some(mean), Some(median)) = (summary.mean, summary.median) {
        out.push_str(&format!(": mean {mean:.1}, median {median}"));
    }
    out.push_str(".\n");
    if !summary.most_missed.is_empty() {
        let missed: Vec<String> = summary
            .most_missed
            .iter()
            .map(|m| {
                let title = code.get(m.standard).map_or("", |s| s.title.as_str());
                format!(
                    "{} {title} ({} of {})",
                    m.standard, m.missed_by, summary.graded
                )
            })
            .collect();
        out.push_str(&format!("Most missed: {}.\n", missed.join("; ")));
    }
    if summary.failed > 0 {
        out.push_str(&format!(
            "{} could not be graded: see the error column.\n",
            records(summary.failed)
        ));
    }
    out
}

/// "1 record", "3 records".
pub(super) fn records(n: usize) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    scenario: Option<&'a str>,
    rules_version: &'a str,
    records: Vec<JsonRow<'a>>,
    summary: JsonSummary,
    by_scenario: &'a [ScenarioResults],
    /// Files left out as byte-for-byte copies: `[file, same as]`.
    duplicates: Vec<[&'a str; 2]>,
}

#[derive(Serialize)]
struct JsonRow<'a> {
    file: &'a str,
    student: Option<&'a str>,
    scenario: Option<&'a str>,
    score: Option<&'a Score>,
    finished: Option<bool>,
    notes: Vec<String>,
    error: Option<String>,
}

impl<'a> From<&'a Row> for JsonRow<'a> {
    fn from(row: &'a Row) -> Self {
        let graded = row.result.as_ref().ok();
        JsonRow {
            file: &row.file,
            student: row.student.as_deref(),
            scenario: row.scenario.as_deref(),
            score: graded.map(|g| &g.score),
            finished: graded.map(|g| g.finished),
            notes: graded.map(Graded::notes).unwrap_or_default(),
            error: row.result.as_ref().err().map(one_line),
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    graded: usize,
    failed: usize,
    mean: Option<f64>,
    median: Option<f64>,
    most_missed: Vec<JsonMissed>,
}

#[derive(Serialize)]
struct JsonMissed {
    standard: u8,
    title: String,
    missed_by: usize,
}

impl JsonSummary {
    fn new(summary: &Summary, code: &Catalogue) -> Self {
        JsonSummary {
            graded: summary.graded,
            failed: summary.failed,
            mean: summary.mean.map(|m| (m * 10.0).round() / 10.0),
            median: summary.median,
            most_missed: summary
                .most_missed
                .iter()
                .map(|m| JsonMissed {
                    standard: m.standard,
                    title: code
                        .get(m.standard)
                        .map_or(String::new(), |s| s.title.clone()),
                    missed_by: m.missed_by,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_as_a_formula_is_defused() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-student"), "'-student");
        assert_eq!(text_cell("student 12"), "student 12");
    }
}
