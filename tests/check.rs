//! `rules::check` on one broken fixture per kind of mistake: each error says
//! what is wrong and points at the file, line and column to fix.

use dilemma::code::Catalogue;
use dilemma::rules::RuleSet;
use dilemma::rules::check::{Report, check};
use dilemma::source::{Diagnostic, Source};

const BASE: &str = include_str!("fixtures/check_base.ron");

fn run(text: &str) -> Result<Report, Vec<Diagnostic>> {
    RuleSet::parse(Source::new("rules.ron", text), vec![])
        .map(|set| check(&set, &Catalogue::embedded()))
}

/// Breaks the base fixture by replacing `from` (which must occur) with `to`,
/// and returns the error messages as printed.
fn errors_after(from: &str, to: &str) -> Vec<String> {
    assert!(BASE.contains(from), "fixture lacks {from:?}");
    let broken = BASE.replacen(from, to, 1);
    let diagnostics = match run(&broken) {
        Ok(report) => report.diagnostics,
        Err(parse) => parse,
    };
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect()
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> String {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("rules.ron:{line}:{col}")
}

fn assert_one(errors: &[String], place: &str, message: &str) {
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    let expected = format!("{place}: error: {message}");
    assert!(
        errors[0].starts_with(&expected),
        "\n got: {}\nwant: {expected}",
        errors[0]
    );
}

#[test]
fn the_base_fixture_is_valid_and_summarised() {
    let report = run(BASE).unwrap();
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let s = &report.summary;
    assert_eq!(
        (s.questions, s.choices, s.ladders, s.tensions),
        (3, 6, 1, 1)
    );
    assert_eq!(s.cited.iter().copied().collect::<Vec<_>>(), [20, 21]);
    assert_eq!(s.uncited().len(), 42);
    // first: yes -> second (a -> third: 2 | b: 1) = 3; no -> second (3) or third (2) = 5;
    // 8 routes through first's choices, each followed by `then` third (2 routes).
    assert_eq!(s.paths, Some(16));
}

#[test]
fn a_syntax_error_points_at_the_line_and_column() {
    let errors = errors_after(
        "help: \"Why we ask.\",\n            kind: One,",
        "help: \"Why we ask.\"\n            kind: One,",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("rules.ron:10:13: error: expected a comma"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_missing_field_is_named() {
    let errors = errors_after(
        "            help: \"Why we ask.\",\n            kind: Many,",
        "            kind: Many,",
    );
    assert!(errors[0].contains("`help`"), "{}", errors[0]);
}

#[test]
fn a_next_target_that_does_not_exist_suggests_the_nearest() {
    let broken = BASE.replacen("next: Goto(\"second\")", "next: Goto(\"secnd\")", 1);
    let errors = errors_after("next: Goto(\"second\")", "next: Goto(\"secnd\")");
    assert_one(
        &errors,
        &position(&broken, "\"secnd\""),
        "choice \"yes\" of \"first\" leads to \"secnd\", which does not exist\n  hint: did you mean \"second\"?",
    );
}

#[test]
fn a_branch_target_that_does_not_exist_is_reported() {
    let broken = BASE.replacen("otherwise: \"third\"", "otherwise: \"fourth\"", 1);
    let errors = errors_after("otherwise: \"third\"", "otherwise: \"fourth\"");
    assert_one(
        &errors,
        &position(&broken, "\"fourth\""),
        "choice \"no\" of \"first\" leads to \"fourth\", which does not exist",
    );
}

#[test]
fn a_then_target_that_does_not_exist_is_reported() {
    let broken = BASE.replacen("then: \"third\"", "then: \"thrid\"", 1);
    let errors = errors_after("then: \"third\"", "then: \"thrid\"");
    assert_one(
        &errors,
        &position(&broken, "then: \"thrid\""),
        "question \"first\" continues to \"thrid\", which does not exist",
    );
}

#[test]
fn a_missing_start_question_is_reported() {
    let errors = errors_after("start: \"first\"", "start: \"frist\"");
    assert!(errors.iter().any(|e| e.starts_with("rules.ron:5:5: error: the start question \"frist\" does not exist\n  hint: did you mean \"first\"?")), "{errors:#?}");
}

#[test]
fn an_unknown_standard_is_reported_where_it_is_cited() {
    let broken = BASE.replacen("Primary(20,", "Primary(45,", 1);
    let errors = errors_after("Primary(20,", "Primary(45,");
    assert_one(
        &errors,
        &position(&broken, "Primary(45"),
        "standard 45 does not exist: the code has standards 1 to 44",
    );
    let errors = errors_after("standards: [20],", "standards: [0],");
    assert!(
        errors[0].contains("standard 0 does not exist"),
        "{errors:?}"
    );
    let errors = errors_after("standards: [20, 21]", "standards: [20, 99]");
    assert!(
        errors[0].contains("standard 99 does not exist"),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_ladder_is_reported() {
    let broken = BASE.replacen("open: [\"conduct\"]", "open: [\"condcut\"]", 1);
    let errors = errors_after("open: [\"conduct\"]", "open: [\"condcut\"]");
    assert_one(
        &errors,
        &position(&broken, "\"condcut\""),
        "choice \"yes\" opens ladder \"condcut\", which does not exist\n  hint: did you mean \"conduct\"?",
    );
}

#[test]
fn a_question_no_path_reaches_is_reported() {
    let extra = "\"orphan\": (prompt: \"P\", help: \"H\", kind: One, choices: [(id: \"a\", label: \"A\"), (id: \"b\", label: \"B\")]),\n        \"third\": (";
    let broken = BASE.replacen("\"third\": (", extra, 1);
    let errors = errors_after("\"third\": (", extra);
    assert_one(
        &errors,
        &position(&broken, "\"orphan\""),
        "question \"orphan\" cannot be reached from the start \"first\"",
    );
}

#[test]
fn a_loop_is_reported_at_the_edge_that_closes_it() {
    let broken = BASE.replacen(
        "(id: \"x\", label: \"Answer X\",",
        "(id: \"x\", label: \"Answer X\", next: Goto(\"second\"),",
        1,
    );
    let errors = errors_after(
        "(id: \"x\", label: \"Answer X\",",
        "(id: \"x\", label: \"Answer X\", next: Goto(\"second\"),",
    );
    assert_one(
        &errors,
        &position(&broken, "\"second\"),"),
        "this leads back to \"second\", making a loop: second -> third -> second",
    );
    let report = run(&broken).unwrap();
    assert_eq!(
        report.summary.paths, None,
        "paths are not counted around a loop"
    );
}

#[test]
fn duplicate_and_missing_choices_are_reported() {
    let broken = BASE.replacen(
        "(id: \"b\", label: \"Answer B\")",
        "(id: \"a\", label: \"Answer B\")",
        1,
    );
    let errors = errors_after(
        "(id: \"b\", label: \"Answer B\")",
        "(id: \"a\", label: \"Answer B\")",
    );
    assert_one(
        &errors,
        &position(&broken, "(id: \"a\", label: \"Answer B\")"),
        "question \"second\" has two choices with id \"a\"",
    );

    let from = "choices: [\n                (id: \"x\", label: \"Answer X\", cite: [Related(21, \"Reason.\")]),\n                (id: \"y\", label: \"Answer Y\"),\n            ],";
    let errors = errors_after(from, "choices: [],");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("question \"third\" has no choices")),
        "{errors:#?}"
    );
}

#[test]
fn a_question_defined_twice_is_refused() {
    let errors = errors_after("\"third\": (", "\"second\": (");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("\"second\" is defined twice"),
        "{}",
        errors[0]
    );
    assert!(errors[0].starts_with("rules.ron:"), "{}", errors[0]);
}

#[test]
fn a_condition_on_a_fact_no_choice_sets_is_reported() {
    let broken = BASE.replacen(
        "Not(Fact(\"power\", \"yes\"))",
        "Not(Fact(\"pwoer\", \"yes\"))",
        1,
    );
    let errors = errors_after(
        "Not(Fact(\"power\", \"yes\"))",
        "Not(Fact(\"pwoer\", \"yes\"))",
    );
    assert_one(
        &errors,
        &position(&broken, "\"pwoer\""),
        "the condition tests fact \"pwoer\", which no choice sets\n  hint: did you mean \"power\"?",
    );
}

#[test]
fn a_wording_on_a_fact_no_choice_sets_is_reported_where_it_is_written() {
    let from = "text: \"Supervisor.\")";
    let to =
        "text: \"Supervisor.\", variants: [(when: Fact(\"pwoer\", \"yes\"), text: \"Above.\")])";
    let errors = errors_after(from, to);
    assert_one(
        &errors,
        &position(&BASE.replacen(from, to, 1), "\"pwoer\""),
        "the condition tests fact \"pwoer\", which no choice sets\n  hint: did you mean \"power\"?",
    );
}

#[test]
fn a_wording_with_neither_or_both_a_text_and_a_lead_is_reported_where_it_is_written() {
    for wording in ["text: \" \"", "text: \"Above.\", lead: \"First.\""] {
        let from = "text: \"Supervisor.\")";
        let to = format!(
            "text: \"Supervisor.\", variants: [(when: Fact(\"power\", \"yes\"), {wording})])"
        );
        let errors = errors_after(from, &to);
        assert_one(
            &errors,
            &position(
                &BASE.replacen(from, &to, 1),
                "(when: Fact(\"power\", \"yes\")",
            ),
            "a wording of step \"supervisor\" of ladder \"conduct\" needs either a text or a lead, not both",
        );
    }
}

#[test]
fn a_condition_on_a_value_no_choice_gives_is_reported() {
    let broken = BASE.replacen(
        "when: Fact(\"power\", \"no\")",
        "when: Fact(\"power\", \"maybe\")",
        1,
    );
    let errors = errors_after(
        "when: Fact(\"power\", \"no\")",
        "when: Fact(\"power\", \"maybe\")",
    );
    assert_one(
        &errors,
        &position(&broken, "\"power\", \"maybe\""),
        "fact \"power\" is never set to \"maybe\"\n  hint: choices set it to: no, yes",
    );
}

#[test]
fn empty_texts_are_reported() {
    let errors = errors_after("prompt: \"Second question?\"", "prompt: \"  \"");
    assert!(
        errors[0].contains("question \"second\" has an empty prompt"),
        "{errors:?}"
    );
    let errors = errors_after("Related(21, \"Reason.\")", "Related(21, \"\")");
    assert!(
        errors[0].contains("standard 21 is cited without a reason"),
        "{errors:?}"
    );
}

#[test]
fn a_tension_needs_two_standards() {
    let errors = errors_after("standards: [20, 21]", "standards: [20]");
    assert!(
        errors[0].contains("tension \"t\" needs at least two standards"),
        "{errors:?}"
    );
}

#[test]
fn a_ladder_never_opened_is_only_a_warning() {
    let broken = BASE.replacen(", open: [\"conduct\"]", "", 1);
    let report = run(&broken).unwrap();
    assert!(report.is_valid());
    let warnings: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("warning: ladder \"conduct\" is never opened"),
        "{}",
        warnings[0]
    );
}

#[test]
fn the_embedded_rules_are_valid() {
    let set = RuleSet::embedded().expect("embedded rules parse");
    let report = check(&set, &Catalogue::embedded());
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
