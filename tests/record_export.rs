//! Records as documents: Markdown and JSON snapshots, what changes when the
//! rules do, and redaction.

mod common;

use std::path::Path;

use dilemma::code::Catalogue;
use dilemma::outcome::Outcome;
use dilemma::record::export::Document;
use dilemma::record::resume::{adopt, reopen};
use dilemma::record::{CommentOn, Record, guard};
use dilemma::rules::{self, RuleSet};

use common::{changed_rules, code, fixture, reviewed_fixture};

fn small_rules(code: &Catalogue) -> RuleSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules-small.ron");
    rules::load(Some(&path), &[], code).expect("the small test rules load")
}

/// The reviewed fixture, made on the small rules: the same walk in their
/// fewer questions, with the supervisor step under its small-rules name.
fn on_small_rules(code: &Catalogue) -> (RuleSet, Record) {
    let set = small_rules(code);
    let mut record = reviewed_fixture();
    record.rules_hash = set.hash().to_string();
    record.rules_version = set.rules.version.clone();
    record
        .answers
        .retain(|a| set.rules.questions.contains(&a.question));
    for answer in &mut record.answers {
        if answer.question == "colleague.severity" {
            answer.choices = vec!["ordinary".into()];
        }
    }
    let small_step = |step: &mut String| {
        if step == "escalate" {
            *step = "supervisor".into();
        }
    };
    for progress in &mut record.ladder_progress {
        small_step(&mut progress.step);
    }
    if let Some((_, step)) = record.decision.as_mut().and_then(|d| d.next_step.as_mut()) {
        small_step(step);
    }
    for comment in &mut record.comments {
        if let CommentOn::Step(_, step) = &mut comment.on {
            small_step(step);
        }
    }
    (set, record)
}

#[test]
fn markdown_export_reads_like_a_supervision_document() {
    let code = code();
    let (set, record) = on_small_rules(&code);
    let md = Document::new(&record, &set, &code, false).markdown();
    insta::assert_snapshot!("export_markdown", md);
}

#[test]
fn json_export_holds_the_whole_record() {
    let code = code();
    let (set, record) = on_small_rules(&code);
    let doc = Document::new(&record, &set, &code, false);
    let text = doc.json_text();
    // The text and the value agree; the text keeps the reading order.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        doc.json()
    );
    assert!(text.trim_start().starts_with("{\n  \"export_format\": 1,"));
    insta::assert_snapshot!("export_json", text);
}

#[test]
fn every_top_level_json_field_is_documented_in_the_reference() {
    let code = code();
    let (set, record) = on_small_rules(&code);
    let json = Document::new(&record, &set, &code, false).json();
    let reference =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/reference.md"))
            .unwrap();
    let section = reference
        .split("### JSON export fields")
        .nth(1)
        .expect("docs/reference.md has a JSON export fields section");
    for key in json.as_object().unwrap().keys() {
        assert!(
            section.contains(&format!("`{key}`")),
            "docs/reference.md does not document the JSON field `{key}`"
        );
    }
}

#[test]
fn every_free_text_field_and_every_comment_reaches_the_document() {
    let code = code();
    let (set, record) = on_small_rules(&code);
    let md = Document::new(&record, &set, &code, false).markdown();
    let mut copy = record.clone();
    for (place, text) in copy.free_text_mut() {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                md.contains(line.trim()),
                "{place}: {line:?} is missing from the document"
            );
        }
    }
    assert!(md.contains(&set.rules.disclaimer));
    assert!(md.contains(set.hash()));
}

#[test]
fn changed_rules_show_what_moved_and_keep_everything() {
    let code = code();
    let dir = tempfile::tempdir().unwrap();
    let embedded = common::embedded_rules(&code);
    let mut record = reviewed_fixture();
    // As the wizard does on each save: remember what the answers added up to.
    let (walk, unfit) =
        dilemma::engine::Walk::replay_keeping_what_fits(&embedded.rules, &record.answers);
    assert!(unfit.is_empty());
    record.note_outcome(&Outcome::of(&walk, &code));

    let changed =
        rules::load(Some(&changed_rules(dir.path())), &[], &code).expect("changed rules load");
    let reopened = reopen(&record, &changed, &code);
    let changes = reopened.changes.clone().expect("the rules changed");
    let unfit: Vec<&str> = changes.unfit.iter().map(|a| a.question.as_str()).collect();
    // The talk's answer no longer fits; the answers after it wait for it.
    assert_eq!(unfit, ["colleague.talked"]);
    assert_eq!(changes.standards_dropped, [21]);
    assert_eq!(
        changes.first_steps,
        [(
            "colleague-conduct".to_string(),
            Some("escalate".to_string()),
            Some("manager".to_string())
        )]
    );

    let md = Document::new(&record, &changed, &code, false).markdown();
    let section = &md[md
        .find("## Changes to the rules")
        .expect("a changes section")..];
    for expected in [
        "made with rules version 2026.11; these are version changed-2026.12",
        "Your answer \"not-yet\" (a choice these rules no longer have) to \"Have you raised it with the colleague yet?\" no longer fits",
        "Standard 21 (",
        "no longer applies",
        "the first step is now \"Take it to your manager or their manager\"; it was \"escalate\" (a step these rules no longer have).",
        // Progress and a comment on the renamed step are kept, not lost.
        "Met the program director; she will speak with the team lead.",
        "Good that this happened within a day.",
        "Share dates and what was said, not the case file.",
    ] {
        assert!(
            section.contains(expected),
            "missing {expected:?} in:\n{section}"
        );
    }

    // Adopting the new rules keeps the original answers in the record.
    let original = record.answers.clone();
    adopt(&mut record, &reopened, &changed);
    assert_eq!(record.rules_hash, changed.hash());
    assert_eq!(record.earlier_answers.len(), 1);
    assert_eq!(record.earlier_answers[0].answers, original);
    assert_eq!(record.earlier_answers[0].rules_version, "2026.11");
    let md = Document::new(&record, &changed, &code, false).markdown();
    assert!(
        md.contains("### Answers given under rules version 2026.11"),
        "{md}"
    );
}

#[test]
fn redaction_removes_identifying_details_from_every_field() {
    let code = code();
    let (set, mut record) = on_small_rules(&code);
    record.situation = "Ms. Rivera (DOB 3/4/1987) called from 555-123-4567.".into();
    record.notes.insert(
        "colleague.power".into(),
        "Her e-mail is t.lead@example.org".into(),
    );
    record.comments[0].text = "Ask Maria Lopez about case 00451239.".into();
    let mut redacted = record.clone();
    let mut found = 0;
    for (_, text) in redacted.free_text_mut() {
        found += guard::scan(text).len();
        *text = guard::redact(text);
    }
    assert_eq!(found, 6);
    let md = Document::new(&redacted, &set, &code, true).markdown();
    for secret in [
        "Rivera",
        "3/4/1987",
        "555-123-4567",
        "t.lead@example.org",
        "Maria Lopez",
        "00451239",
    ] {
        assert!(
            !md.contains(secret),
            "{secret} leaked into the redacted document"
        );
    }
    assert!(md.contains("[removed: phone number]"));
    assert!(md.contains("Identifying details were removed from this copy"));
    let json = Document::new(&redacted, &set, &code, true).json();
    assert_eq!(json["redacted"], true);
    assert!(!json.to_string().contains("555-123-4567"));
}

#[test]
fn an_unfinished_record_says_what_is_not_done() {
    let code = code();
    let set = small_rules(&code);
    let mut record = fixture();
    record.rules_hash = set.hash().to_string();
    record.answers.truncate(2);
    record.options.clear();
    record.consultations.clear();
    record.decision = None;
    record.situation.clear();
    let md = Document::new(&record, &set, &code, false).markdown();
    for expected in [
        "_Not written down._",
        "The walk is not finished",
        "## Options considered\n\n_None written down._",
        "## Consultations\n\n_None recorded._",
        "## Decision\n\n_Not decided yet._",
        "Not signed off yet.",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
}
