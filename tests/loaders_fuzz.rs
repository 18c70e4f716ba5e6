//! Every loader, fed random bytes and damaged copies of valid files: never a
//! panic, always an error at a `FILE:LINE:COL` the user can go to, and
//! nothing written beside the file.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use dilemma::code::Catalogue;
use dilemma::engine::Answer;
use dilemma::official::Official;
use dilemma::record::store::record_from;
use dilemma::rules::RuleSet;
use dilemma::source::{Diagnostic, Source};
use proptest::prelude::*;
use proptest::test_runner::Config;

const RULES: &str = include_str!("../assets/rules.ron");
const STANDARDS: &str = include_str!("../assets/standards.ron");
const RECORD: &str = include_str!("fixtures/records/2026-11-20-140500-0a1f.ron");
const SCENARIO: &str = include_str!("../scenarios/bar-talk.ron");
const ANSWERS: &str =
    "[(question: \"safety\", choices: [\"no\"]), (question: \"role\", choices: [\"worker\"])]";
const OVERLAY: &str = include_str!("../examples/agency-overlay.ron");

/// A damage done to a valid file: a cut, a stray insertion or a swap.
#[derive(Debug, Clone)]
enum Damage {
    Cut(usize, usize),
    Insert(usize, String),
    Replace(usize, char),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Damage::Cut(at, len)),
        (any::<usize>(), "[(){}\\[\\],:\"a-z0-9 \n]{1,12}")
            .prop_map(|(at, s)| Damage::Insert(at, s)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Damage::Replace(at, c)),
    ]
}

/// `text` with `damage` done to it, at a char boundary.
fn damaged(text: &str, damage: &Damage) -> String {
    let boundary = |at: usize| {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    let mut out = text.to_string();
    match damage {
        Damage::Cut(at, len) => {
            let start = boundary(*at);
            let end = boundary(start.saturating_add(*len).min(text.len()));
            out.replace_range(start..end.max(start), "");
        }
        Damage::Insert(at, s) => out.insert_str(boundary(*at), s),
        Damage::Replace(at, c) => {
            let start = boundary(*at);
            if let Some(old) = text[start..].chars().next() {
                out.replace_range(start..start + old.len_utf8(), &c.to_string());
            }
        }
    }
    out
}

/// The error points into the file by line and column.
fn positioned(name: &str, diagnostic: &Diagnostic) -> bool {
    let shown = diagnostic.to_string();
    let Some(rest) = shown.strip_prefix(&format!("{name}:")) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().and_then(|l| l.parse::<usize>().ok());
    let col = parts.next().and_then(|c| c.parse::<usize>().ok());
    line.is_some_and(|l| l >= 1) && col.is_some_and(|c| c >= 1)
}

fn check_rules(text: String) -> Result<(), TestCaseError> {
    if let Err(errors) = RuleSet::parse(Source::new("rules.ron", text), Vec::new()) {
        prop_assert!(!errors.is_empty());
        for e in &errors {
            prop_assert!(positioned("rules.ron", e), "{e}");
        }
    }
    Ok(())
}

fn check_overlay(text: String) -> Result<(), TestCaseError> {
    let base = Source::new("rules.ron", RULES);
    if let Err(errors) = RuleSet::parse(base, vec![Source::new("overlay.ron", text)]) {
        for e in &errors {
            prop_assert!(
                positioned("overlay.ron", e) || positioned("rules.ron", e),
                "{e}"
            );
        }
    }
    Ok(())
}

fn check_record(text: String) -> Result<(), TestCaseError> {
    if let Err(e) = record_from(&Source::new("record.ron", text)) {
        prop_assert!(positioned("record.ron", &e), "{e}");
    }
    Ok(())
}

fn check_answers(text: String) -> Result<(), TestCaseError> {
    if let Err(e) = Source::new("answers.ron", text).parse::<Vec<Answer>>() {
        prop_assert!(positioned("answers.ron", &e), "{e}");
    }
    Ok(())
}

fn check_standards(text: String) -> Result<(), TestCaseError> {
    if let Err(errors) = Catalogue::load(&Source::new("standards.ron", text)) {
        for e in &errors {
            prop_assert!(positioned("standards.ron", e), "{e}");
        }
    }
    Ok(())
}

fn check_official(text: String) -> Result<(), TestCaseError> {
    if let Err(e) = Official::parse(&Source::new("official.txt", text)) {
        prop_assert!(positioned("official.txt", &e), "{e}");
    }
    Ok(())
}

fn check_scenario(text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("case.ron"), text).unwrap();
    let (_, errors) = dilemma::training::load_dir(dir.path());
    let name = dir.path().join("case.ron").display().to_string();
    for e in &errors {
        prop_assert!(positioned(&name, e), "{e}");
    }
    prop_assert_eq!(listing(dir.path()), vec!["case.ron".to_string()]);
    Ok(())
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

proptest! {
    #![proptest_config(Config { cases: 48, ..Config::default() })]

    #[test]
    fn random_bytes_give_a_positioned_error_in_every_loader(text in bytes()) {
        check_rules(text.clone())?;
        check_overlay(text.clone())?;
        check_record(text.clone())?;
        check_answers(text.clone())?;
        check_standards(text.clone())?;
        check_official(text.clone())?;
        check_scenario(&text)?;
    }

    #[test]
    fn damaged_valid_files_give_a_positioned_error(d in damage()) {
        check_rules(damaged(RULES, &d))?;
        check_overlay(damaged(OVERLAY, &d))?;
        check_record(damaged(RECORD, &d))?;
        check_answers(damaged(ANSWERS, &d))?;
        check_standards(damaged(STANDARDS, &d))?;
        check_scenario(&damaged(SCENARIO, &d))?;
    }
}

/// Through the command line, a damaged record, answers file or config is
/// refused with its place, and the folder is left exactly as it was.
#[test]
fn the_command_line_refuses_damaged_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("2026-11-20-140500-0a1f.ron");
    fs::write(&record, &RECORD[..RECORD.len() / 2]).unwrap();
    let answers = dir.path().join("answers.ron");
    fs::write(&answers, "[(question: \"safety\", choices: [\"no\"]").unwrap();
    let config = dir.path().join("config.ron");
    fs::write(&config, "(theme: \"dark\", colour: 3)").unwrap();
    let before = listing(dir.path());
    let run = |args: &[&str]| {
        let mut cmd = Command::cargo_bin("dilemma").unwrap();
        cmd.env("DILEMMA_CONFIG", dir.path().join("none.ron"))
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(dir.path())
            .args(args);
        cmd
    };
    let out = run(&["export", record.to_str().unwrap()]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("{}:", record.display())),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["walk", "--answers", answers.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{}:1:", answers.display())));
    let out = run(&["sessions"])
        .env("DILEMMA_CONFIG", &config)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(&format!("{}:1:", config.display())),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listing(dir.path()), before, "nothing written");
}
