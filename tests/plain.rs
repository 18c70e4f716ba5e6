//! Plain mode: the walk as numbered prompts on stdin/stdout, driven the way
//! scripts and screen-reader users drive it.

use std::io::Cursor;

use assert_cmd::Command;
use dilemma::code::Catalogue;
use dilemma::engine::Answer;
use dilemma::record::Record;
use dilemma::record::store::Store;
use dilemma::source::Source;
use dilemma::training::Loaded;
use dilemma::wizard::Launch;
use dilemma::wizard::ThemeName;
use predicates::prelude::*;

/// A peer's lapse, not yet raised, no client details; then no plan.
/// Situation skipped, nobody at risk, a front-line worker, a colleague's
/// lapse between peers, not raised yet, nobody asked, no client details;
/// then no options, consultations or decision.
const COLLEAGUE: &str = "\n4\n1\n8\n8\n2\n1\n3\n2\nn\nn\nn\n";

fn dilemma() -> Command {
    let mut cmd = Command::cargo_bin("dilemma").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("TERM", "dumb")
        // Proofs are shared by every test, and kept out of the real cache.
        .env(
            "DILEMMA_CACHE",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/proofs"),
        );
    cmd
}

#[test]
fn a_colleague_dilemma_walks_as_numbered_prompts_to_the_outcome() {
    let output = dilemma()
        .args(["--plain", "--no-save"])
        .write_stdin(COLLEAGUE)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    for expected in [
        "Question 1: First, safety.",
        "  4. No, nobody is at risk of harm",
        "Choose 1-4, or b for back, ? for help, q to quit:",
        "Question 2: What is your role in this situation?",
        "Question 3: Which of these are part of your situation?",
        "Choose one or more of 1-16, separated by commas, or b for back, ? for help, q to quit:",
        "Question 8:",
        "# Outcome",
        "**Standard 20: ",
        "## Do this first\n\n1. **Next:** Raise it privately with the colleague",
        "more steps do not apply to your answers; start with `--all` to see them and why.",
        "Not saving (--no-save)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains('\u{1b}'), "no terminal escape codes");
    assert!(
        !text.contains('\u{2500}') && !text.contains('\u{2502}'),
        "no box drawing"
    );
}

#[test]
fn without_a_terminal_the_wizard_falls_back_to_plain_mode() {
    dilemma()
        .arg("--no-save")
        .write_stdin(COLLEAGUE)
        .assert()
        .success()
        .stdout(predicate::str::contains("Question 1: First, safety."));
}

#[test]
fn bad_input_is_asked_again_with_the_valid_range() {
    dilemma()
        .args(["--plain", "--no-save"])
        .write_stdin("\n7\nthree\n1,2\n4\n1\n\n8,16\n0\n8\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Please answer with one number from 1 to 4.",
        ))
        .stdout(predicate::str::contains(
            "Please choose just one number from 1 to 4.",
        ))
        .stdout(predicate::str::contains(
            "Pick at least one: type the numbers that apply, for example 1,3, or 16 for \"None of these fits\".",
        ))
        .stdout(predicate::str::contains(
            "\"None of these fits\" cannot be combined with other choices.",
        ))
        .stdout(predicate::str::contains(
            "Please answer with numbers from 1 to 16, separated by commas (for example 1,3).",
        ))
        .stdout(predicate::str::contains("Question 4: What is the colleague doing?"));
}

#[test]
fn back_help_and_the_crisis_banner() {
    let out = dilemma()
        .args(["--plain", "--no-save"])
        .write_stdin("\n4\nb\n?\n1\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("Going back one question."));
    assert_eq!(
        text.matches("Question 1: First, safety.").count(),
        2,
        "{text}"
    );
    assert!(text.contains("Why we ask: We always ask this"));
    let banner = text
        .find("SAFETY FIRST:")
        .expect("the crisis banner is printed");
    let next = text.find("Question 2: Who could be hurt?").unwrap();
    assert!(banner < next, "the banner comes before the next question");
    assert_eq!(
        text.matches("SAFETY FIRST:").count(),
        1,
        "printed when it starts to hold"
    );
}

#[test]
fn end_of_input_saves_what_was_answered_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    dilemma()
        .args(["--plain", "--data-dir"])
        .arg(dir.path())
        .write_stdin("Peer leaves files open\n4\n1\n8\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("End of input."))
        .stdout(predicate::str::contains(
            "Continue later with: dilemma resume ",
        ));
    let store = Store::open(dir.path()).unwrap();
    let listed = store.list();
    assert_eq!(listed.len(), 1);
    let record = listed[0].record.as_ref().unwrap();
    assert_eq!(record.situation, "Peer leaves files open");
    assert_eq!(
        record.answers,
        vec![
            Answer::new("safety", &["no"]),
            Answer::new("role", &["worker"]),
            Answer::new("triage", &["conduct"])
        ]
    );
}

#[test]
fn identifying_details_are_flagged_before_they_are_kept() {
    dilemma()
        .args(["--plain", "--no-save"])
        .write_stdin("Call 555-123-4567 about it\nr\nq\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("This may identify someone."))
        .stdout(predicate::str::contains("a phone number: \"555-123-4567\""))
        .stdout(predicate::str::contains("Stopped."));
}

#[test]
fn options_consultations_and_a_decision_are_asked_and_saved() {
    let dir = tempfile::tempdir().unwrap();
    let plan = "y\nTalk to them this week\nClients\nOur relationship\n1,5\ny\n\nn\n\n\
                y\nclinical supervisor\n2026-01-14\nTalk first\n\n\
                y\n1\nA lapse between peers\n1\n2026-02-01\n";
    let input = format!("{}{plan}", &COLLEAGUE[..COLLEAGUE.len() - 6]);
    dilemma()
        .args(["--plain", "--data-dir"])
        .arg(dir.path())
        .write_stdin(input)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Option 2: what would you do? (Enter to finish)",
        ))
        .stdout(predicate::str::contains("The record is complete."));
    let record = Store::open(dir.path())
        .unwrap()
        .list()
        .remove(0)
        .record
        .unwrap();
    assert_eq!(record.options[0].title, "Talk to them this week");
    assert_eq!(record.options[0].tests.public, Some(true));
    assert_eq!(record.options[0].tests.colleague, None);
    assert_eq!(record.options[0].tests.reversible, Some(false));
    assert_eq!(record.consultations[0].role, "clinical supervisor");
    let decision = record.decision.unwrap();
    assert_eq!(decision.chosen, "Talk to them this week");
    assert_eq!(
        decision.next_step,
        Some(("colleague-conduct".into(), "talk".into()))
    );
    assert!(record.pending.is_empty());
}

fn launch(record: Record, resumed: bool, scenario: Option<Loaded>) -> Launch {
    let code = Catalogue::embedded();
    let set = dilemma::rules::load(None, &[], &code).unwrap();
    Launch {
        set,
        code,
        store: None,
        record,
        resumed,
        theme: ThemeName::Mono,
        mouse: false,
        scenario,
        all: false,
        official: None,
    }
}

fn fresh_record() -> Record {
    let code = Catalogue::embedded();
    let set = dilemma::rules::load(None, &[], &code).unwrap();
    Record::new(
        "plain-test".into(),
        &set.rules.version,
        set.hash(),
        time::OffsetDateTime::UNIX_EPOCH,
    )
}

fn run(launch: Launch, input: &str) -> String {
    let mut out = Vec::new();
    dilemma::plain::run(
        launch,
        &mut Cursor::new(input.as_bytes().to_vec()),
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_resumed_record_continues_at_the_next_question() {
    let mut record = fresh_record();
    record.answers = vec![
        Answer::new("safety", &["no"]),
        Answer::new("role", &["worker"]),
        Answer::new("triage", &["conduct"]),
    ];
    let text = run(launch(record, true, None), "8\n2\n1\n3\n2\nn\nn\nn\n");
    assert!(text.contains("Resuming: 3 answers so far."));
    assert!(
        !text.contains("Situation:"),
        "the situation is not asked again"
    );
    assert!(
        text.contains("Question 4: What is the colleague doing?"),
        "{text}"
    );
    assert!(text.contains("# Outcome"));
}

#[test]
fn a_record_made_before_the_role_question_asks_only_that_and_says_why() {
    let mut record = fresh_record();
    record.answers = vec![
        Answer::new("safety", &["no"]),
        Answer::new("triage", &["conduct"]),
        Answer::new("colleague.severity", &["lapse"]),
    ];
    let text = run(launch(record, true, None), "3\n2\n1\n3\n2\nn\nn\nn\n");
    assert!(
        text.contains("These rules ask a question this record never answered: \"What is your role in this situation?\". Answer it, and your 2 later answers will be filled in again."),
        "{text}"
    );
    assert!(
        text.contains("Question 2: What is your role in this situation?"),
        "{text}"
    );
    // The kept answers are given back: the next question asked is the
    // colleague's power, not the concerns or the seriousness again.
    assert!(!text.contains("Question 3: Which of these"), "{text}");
    assert!(
        !text.contains("Question 4: What is the colleague doing?"),
        "{text}"
    );
    assert!(
        text.contains("Question 5: Does this colleague have power"),
        "{text}"
    );
    assert!(
        text.contains("## Do this first\n\n1. **Next:** Raise it privately"),
        "{text}"
    );
}

#[test]
fn a_training_case_shows_the_vignette_and_ends_with_the_score() {
    let text = include_str!("fixtures/peer-lapse-scenario.ron");
    let source = Source::new("peer-lapse-scenario.ron", text);
    let scenario = Loaded {
        scenario: source.parse().unwrap(),
        source,
    };
    let out = run(
        launch(fresh_record(), false, Some(scenario)),
        "student 7\n4\n1\n8\n8\n2\n1\n3\n2\nn\nn\nn\n",
    );
    let vignette = out
        .find("A peer at your agency keeps leaving case files open on a shared desk.")
        .expect("the vignette");
    let first = out.find("Question 1:").unwrap();
    assert!(vignette < first, "the vignette comes first");
    assert!(!out.contains("Situation:"));
    assert!(out.contains("Score: 100/100"), "{out}");
    assert!(
        out.contains("Debrief\nA peer's lapse is raised with them first."),
        "{out}"
    );
}
