//! Shared helpers for the record tests: the fixture record, a records
//! folder holding it, and rules that changed since it was made.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dilemma::code::Catalogue;
use dilemma::record::store::{Store, load_file};
use dilemma::record::{Comment, CommentOn, Record, SignOff};
use dilemma::rules::{self, RuleSet};
use tempfile::TempDir;
use time::macros::{date, datetime};

pub const FIXTURE_ID: &str = "2026-03-02-091500-a1b2";

pub fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/practitioner")
        .join(format!("{FIXTURE_ID}.ron"))
}

pub fn code() -> Catalogue {
    Catalogue::embedded()
}

pub fn embedded_rules(code: &Catalogue) -> RuleSet {
    rules::load(None, &[], code).expect("the embedded rules load")
}

/// The fixture record, made on the embedded rules (its hash matches them).
pub fn fixture() -> Record {
    let mut record = load_file(&fixture_path()).expect("the fixture record parses");
    let code = code();
    record.rules_hash = embedded_rules(&code).hash().to_string();
    record
}

/// The fixture after a supervisor's review: comments on the record, an
/// answer, a standard and a step, and a sign-off.
pub fn reviewed_fixture() -> Record {
    let mut record = fixture();
    let comment = |on, text: &str, at| Comment {
        on,
        role: "clinical supervisor".into(),
        at,
        text: text.into(),
    };
    record.add_comment(comment(
        CommentOn::Answer("colleague.power".into()),
        "Right to treat her review of you as power over you.",
        datetime!(2026-03-05 10:00 UTC),
    ));
    record.add_comment(comment(
        CommentOn::Standard(21),
        "Share dates and what was said, not the case file.",
        datetime!(2026-03-05 10:02 UTC),
    ));
    record.add_comment(comment(
        CommentOn::Step("colleague-conduct".into(), "escalate".into()),
        "Good that this happened within a day.",
        datetime!(2026-03-05 10:04 UTC),
    ));
    record.add_comment(comment(
        CommentOn::Record,
        "Clear reasoning.\nBring the follow-up to our meeting on the 20th.",
        datetime!(2026-03-05 10:06 UTC),
    ));
    record.sign_off(
        SignOff {
            role: "clinical supervisor".into(),
            name: "R. Okafor".into(),
            date: date!(2026 - 03 - 05),
            note: "Reviewed in supervision.".into(),
        },
        datetime!(2026-03-05 10:10 UTC),
    );
    record
}

/// A records folder holding `record`.
pub fn store_with(record: &Record) -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let store = Store::open(&dir.path().join("records")).expect("the store opens");
    store.save(record).expect("the record saves");
    (dir, store)
}

/// A rules file like the embedded one, edited the way an author might:
/// a choice renamed (so an answer no longer fits), a ladder step renamed (so
/// the first step changes), and the version bumped.
pub fn changed_rules(dir: &Path) -> PathBuf {
    let mut text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/rules.ron"))
            .expect("the rules file reads");
    // Replaces the first `from` after `anchor`.
    let edit = |text: &mut String, anchor: &str, from: &str, to: &str| {
        let start = text
            .find(anchor)
            .unwrap_or_else(|| panic!("{anchor} is in the rules"));
        let at = start
            + text[start..]
                .find(from)
                .unwrap_or_else(|| panic!("{from} follows {anchor}"));
        text.replace_range(at..at + from.len(), to);
    };
    edit(
        &mut text,
        "\"colleague.talked\": (",
        "id: \"not-yet\",",
        "id: \"not-raised\",",
    );
    edit(
        &mut text,
        "\"colleague-conduct\": (",
        "id: \"escalate\",",
        "id: \"manager\",",
    );
    let step = text.find("id: \"manager\",").unwrap();
    let open = step + text[step..].find("text: \"").unwrap() + "text: \"".len();
    let close = open + text[open..].find('"').unwrap();
    text.replace_range(open..close, "Take it to your manager or their manager.");
    edit(&mut text, "(", "version: \"", "version: \"changed-");
    let path = dir.join("changed-rules.ron");
    std::fs::write(&path, text).expect("the changed rules write");
    path
}

pub fn dilemma() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("dilemma").expect("the binary builds");
    cmd.env("NO_COLOR", "1")
        .env("TERM", "dumb")
        // Proofs are shared by every test, and kept out of the real cache.
        .env(
            "DILEMMA_CACHE",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/proofs"),
        );
    cmd
}
