//! `sessions`, `resume`, `export` and `review` as a user runs them.

mod common;

use std::fs;
use std::path::Path;

use dilemma::record::store::load_file;
use dilemma::record::{CommentOn, Record};
use predicates::prelude::*;
use predicates::str::contains;
use time::macros::date;

use common::{FIXTURE_ID, changed_rules, dilemma, fixture, store_with};

fn with_follow_up(mut record: Record, id: &str, due: time::Date) -> Record {
    record.id = id.into();
    if let Some(decision) = &mut record.decision {
        decision.follow_up = Some(due);
    }
    record
}

fn data_dir(store: &dilemma::record::store::Store) -> &Path {
    store.dir()
}

// ---------------------------------------------------------------------------
// sessions
// ---------------------------------------------------------------------------

#[test]
fn sessions_on_a_new_machine_says_there_is_nothing_yet() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("not-made-yet");
    dilemma()
        .args(["sessions", "--data-dir"])
        .arg(&missing)
        .assert()
        .success()
        .stdout(contains("No saved records"));
    assert!(!missing.exists(), "listing does not create the folder");
}

#[test]
fn sessions_lists_records_flags_overdue_follow_ups_and_shows_broken_files() {
    let (_dir, store) = store_with(&with_follow_up(
        fixture(),
        "2026-01-01-000000-old1",
        date!(2001 - 01 - 01),
    ));
    store
        .save(&with_follow_up(
            fixture(),
            "2026-01-02-000000-new1",
            date!(2999 - 01 - 01),
        ))
        .unwrap();
    let broken = store.dir().join("2026-01-03-000000-bad1.ron");
    fs::write(&broken, "(\n  format: 1\n  id: \"x\",\n)").unwrap();

    let out = dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .arg("sessions")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // Two lines a record: the facts, then the concern and the situation.
    let line = |id: &str| {
        let mut lines = out.lines().skip_while(|l| !l.starts_with(id));
        let first = lines
            .next()
            .unwrap_or_else(|| panic!("{id} missing:\n{out}"));
        format!("{first}\n{}", lines.next().unwrap_or_default())
    };
    let old = line("2026-01-01-000000-old1");
    assert!(old.contains("2001-01-01 OVERDUE"), "{old}");
    assert!(old.contains("Colleague conduct: My team lead"), "{old}");
    assert!(old.contains("Decide"), "{old}");
    assert!(old.contains("2026-03-04 16:40"), "{old}");
    assert!(
        out.lines()
            .skip_while(|l| !l.starts_with("ID "))
            .take_while(|l| !l.is_empty())
            .all(|l| l.chars().count() <= 80),
        "fits 80 columns:\n{out}"
    );
    let new = line("2026-01-02-000000-new1");
    assert!(
        new.contains("2999-01-01") && !new.contains("OVERDUE"),
        "{new}"
    );
    assert!(out.contains("1 follow-up is overdue."), "{out}");
    assert!(
        out.contains(&format!("{}:3:", broken.display())),
        "a broken file is listed with its place:\n{out}"
    );
    assert_eq!(
        fs::read_to_string(&broken).unwrap(),
        "(\n  format: 1\n  id: \"x\",\n)"
    );
}

#[test]
fn sessions_of_many_records_keeps_the_order_and_every_broken_file() {
    // Enough records that they are read on several threads.
    let (_dir, store) = store_with(&fixture());
    let base = fixture();
    let mut records: Vec<Record> = (0..300)
        .map(|i| {
            let mut record = base.clone();
            record.id = format!("2026-02-01-000000-{i:04x}");
            // Some share a time, so the id breaks the tie.
            record.updated = base.updated + time::Duration::minutes(i64::from(i / 2));
            record
        })
        .collect();
    for record in &records {
        store.save(record).unwrap();
    }
    records.push(base);
    for i in [3, 150, 299] {
        let bad = store.dir().join(format!("2026-02-02-000000-bad{i}.ron"));
        fs::write(bad, format!("(\n  format: 1\n  id: \"x{i}\",\n)")).unwrap();
    }

    let out = dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .arg("sessions")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let listed: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("2026-02-01-") || l.starts_with(FIXTURE_ID))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    records.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
    let expected: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(listed, expected, "newest first, ties by id:\n{out}");
    let broken: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(": cannot be read, left as it is:"))
        .collect();
    // Files that cannot be read come after the rows, highest id first.
    assert_eq!(
        broken,
        [
            "2026-02-02-000000-bad3: cannot be read, left as it is:",
            "2026-02-02-000000-bad299: cannot be read, left as it is:",
            "2026-02-02-000000-bad150: cannot be read, left as it is:",
        ],
        "{out}"
    );
}

// ---------------------------------------------------------------------------
// resume
// ---------------------------------------------------------------------------

#[test]
fn resume_of_a_missing_record_points_to_sessions() {
    let (_dir, store) = store_with(&fixture());
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["resume", "2020-01-01-000000-none"])
        .assert()
        .code(1)
        .stderr(
            contains("no record file or saved record named \"2020-01-01-000000-none\"")
                .and(contains("dilemma sessions")),
        );
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["resume", "../../etc/passwd"])
        .assert()
        .code(1)
        .stderr(contains("dilemma sessions"));
}

#[test]
fn resume_of_a_broken_record_names_the_place_and_leaves_it_alone() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("answers: [", "answers: [[", 1);
    fs::write(&path, &text).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["resume", FIXTURE_ID])
        .assert()
        .code(1)
        .stderr(contains(format!("{}:", path.display())).and(contains("left as it is")));
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

// ---------------------------------------------------------------------------
// export
// ---------------------------------------------------------------------------

#[test]
fn export_by_id_or_path_prints_the_document() {
    let (_dir, store) = store_with(&fixture());
    let by_id = dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["export", FIXTURE_ID])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("# Decision record")
                .and(contains("## Situation"))
                .and(contains("## Standards that apply"))
                .and(contains("not legal advice")),
        )
        .get_output()
        .stdout
        .clone();
    let by_path = dilemma()
        .arg("export")
        .arg(store.path_of(FIXTURE_ID))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(by_id, by_path);
}

#[test]
fn export_json_is_one_object_other_tools_can_read() {
    let (_dir, store) = store_with(&fixture());
    let out = dilemma()
        .arg("export")
        .arg(store.path_of(FIXTURE_ID))
        .args(["--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["id"], FIXTURE_ID);
    assert_eq!(json["rules"]["changed"], false);
    assert_eq!(json["outcome"]["standards"][0]["number"], 20);
    assert_eq!(json["decision"]["follow_up"], "2026-03-20");
}

#[test]
fn export_of_a_missing_or_broken_record_fails_clearly() {
    let (_dir, store) = store_with(&fixture());
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["export", "no-such-record"])
        .assert()
        .code(1)
        .stderr(
            contains("no record file or saved record named \"no-such-record\"")
                .and(contains("dilemma sessions")),
        );
    let path = store.path_of(FIXTURE_ID);
    fs::write(&path, "(format: 9, id: \"x\")").unwrap();
    dilemma()
        .arg("export")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(contains("newer version of dilemma"));
}

#[test]
fn export_warns_about_identifying_details_and_redact_removes_them() {
    let mut record = fixture();
    record.situation = "Ms. Rivera called from (555) 123-4567 about her son.".into();
    let (_dir, store) = store_with(&record);
    let path = store.path_of(FIXTURE_ID);
    dilemma()
        .arg("export")
        .arg(&path)
        .assert()
        .success()
        .stderr(
            contains("may identify someone")
                .and(contains(
                    "in the situation: \"(555) 123-4567\" (a phone number)",
                ))
                .and(contains("\"Ms. Rivera\""))
                .and(contains("--redact")),
        )
        .stdout(contains("(555) 123-4567"));
    dilemma()
        .arg("export")
        .arg(&path)
        .arg("--redact")
        .assert()
        .success()
        .stderr(contains("removed 2 identifying details"))
        .stdout(
            contains("[removed: name] called from [removed: phone number]")
                .and(contains("555").not())
                .and(contains("Rivera").not()),
        );
    assert_eq!(
        load_file(&path).unwrap().situation,
        record.situation,
        "the record keeps its text"
    );
}

#[cfg(unix)]
#[test]
fn export_to_a_file_is_private_and_never_replaces_a_record() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, store) = store_with(&fixture());
    let out = dir.path().join("for-supervision.md");
    dilemma()
        .arg("export")
        .arg(store.path_of(FIXTURE_ID))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Decision record")
    );
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let record = store.path_of(FIXTURE_ID);
    let before = fs::read_to_string(&record).unwrap();
    dilemma()
        .arg("export")
        .arg(&record)
        .arg("-o")
        .arg(&record)
        .assert()
        .code(1)
        .stderr(contains("refusing to overwrite"));
    assert_eq!(fs::read_to_string(&record).unwrap(), before);
}

#[test]
fn export_on_changed_rules_says_what_moved() {
    let (dir, store) = store_with(&fixture());
    let rules = changed_rules(dir.path());
    dilemma()
        .arg("--rules")
        .arg(&rules)
        .arg("export")
        .arg(store.path_of(FIXTURE_ID))
        .assert()
        .success()
        .stdout(
            contains("## Changes to the rules")
                .and(contains(
                    "made with rules version 2026.11; these are version changed-2026.12",
                ))
                .and(contains(
                    "no longer fits the questions. It is kept in the record.",
                )),
        );
}

// ---------------------------------------------------------------------------
// review --plain
// ---------------------------------------------------------------------------

#[test]
fn plain_review_adds_comments_and_a_sign_off_and_nothing_else() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let before = load_file(&path).unwrap();
    // Item 10 is the answer to "colleague.power" (1 is the whole record,
    // 2-5 its options, consultation and decision).
    let script = "r 10\nc 10\nclinical supervisor\nRight to treat her review as power over you.\nc 1\n\nClear reasoning.\ns\n\nR. Okafor\n2026-03-05\nReviewed in supervision.\nq\n";
    dilemma()
        .args(["--plain", "review"])
        .arg(&path)
        .write_stdin(script)
        .assert()
        .success()
        .stdout(
            contains(" 10. Answer: Does this colleague have power over you, or over the person affected?")
                .and(contains("Note: She writes my yearly review."))
                .and(contains("Your role [clinical supervisor]:"))
                .and(contains("Comment saved."))
                .and(contains("Signed off."))
                .and(contains("Review closed.")),
        );
    let after = load_file(&path).unwrap();
    let on: Vec<&CommentOn> = after.comments.iter().map(|c| &c.on).collect();
    assert_eq!(
        on,
        [
            &CommentOn::Answer("colleague.power".into()),
            &CommentOn::Record
        ]
    );
    assert!(
        after
            .comments
            .iter()
            .all(|c| c.role == "clinical supervisor")
    );
    let signoff = after.signoff.clone().unwrap();
    assert_eq!(
        (signoff.role.as_str(), signoff.date),
        ("clinical supervisor", date!(2026 - 03 - 05))
    );
    // The practitioner's record is otherwise exactly as it was.
    let mut same = after.clone();
    same.comments.clear();
    same.signoff = None;
    same.updated = before.updated;
    assert_eq!(same, before);

    // And the next export carries the review.
    dilemma()
        .arg("export")
        .arg(&path)
        .assert()
        .success()
        .stdout(
            contains("Right to treat her review as power over you.").and(contains(
                "**Signed off** by R. Okafor, clinical supervisor on 2026-03-05. Reviewed in supervision.",
            )),
        );
}

#[test]
fn plain_review_comments_on_the_decision_and_an_option_and_rewords_or_withdraws_before_sign_off() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    // 2 is the first option, 5 the decision.
    let script = "c 5\nclinical supervisor\nGood choice; date it.\nc 2\n\nName who you would tell.\nc 2\n\nAnd when.\ne 5\nSet a follow-up date too.\ne 2\n2\n-\ne 3\ns\n\nR. Okafor\n2026-03-05\n\ne 5\nq\n";
    dilemma()
        .args(["--plain", "review"])
        .arg(&path)
        .write_stdin(script)
        .assert()
        .success()
        .stdout(
            contains("  5. Decision: Take it to the program director")
                .and(contains("Comment reworded."))
                .and(contains("  2. Comment (clinical supervisor, "))
                .and(contains("Comment withdrawn."))
                .and(contains("Item 3 has no comment to change"))
                .and(contains(
                    "The record is signed off, so its comments can no longer be changed.",
                )),
        );
    let after = load_file(&path).unwrap();
    let now: Vec<(CommentOn, String)> = after
        .current_comments()
        .into_iter()
        .map(|c| (c.on, c.text))
        .collect();
    assert_eq!(
        now,
        [
            (CommentOn::Decision, "Set a follow-up date too.".to_string()),
            (CommentOn::Option(0), "Name who you would tell.".to_string()),
        ]
    );
    assert_eq!(
        after.comments.len(),
        3,
        "every first wording is kept in the file"
    );

    dilemma()
        .arg("export")
        .arg(&path)
        .assert()
        .success()
        .stdout(
            contains("Set a follow-up date too.")
                .and(contains("Name who you would tell."))
                .and(contains("And when.").not())
                .and(contains("Good choice; date it.").not()),
        );
}

#[test]
fn plain_review_warns_about_identifying_details_in_a_comment() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let script = "c 1\nsupervisor\nCall Ms. Rivera on 555-123-4567\nd\nc 1\n\nCall her at 555-123-4567\nk\nq\n";
    dilemma()
        .args(["--plain", "review"])
        .arg(&path)
        .write_stdin(script)
        .assert()
        .success()
        .stdout(
            contains("\"Ms. Rivera\": what may be a person's full name")
                .and(contains("\"555-123-4567\": a phone number"))
                .and(contains("Left out; nothing was saved.")),
        );
    let after = load_file(&path).unwrap();
    assert_eq!(after.comments.len(), 1, "only the kept comment is saved");
    assert_eq!(after.comments[0].text, "Call her at 555-123-4567");
}

#[test]
fn plain_review_handles_mistakes_and_the_end_of_input() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let before = fs::read_to_string(&path).unwrap();
    dilemma()
        .args(["--plain", "review"])
        .arg(&path)
        .write_stdin("c\nc 99\nx\ns\nsupervisor\n\nA. Lee\n5 March\n")
        .assert()
        .success()
        .stdout(
            contains("Give an item number from 1 to 18")
                .and(contains("Unknown command \"x\""))
                .and(contains("A sign-off is your signature: write your name."))
                .and(contains("\"5 March\" is not a date"))
                .and(contains("Review closed.")),
        );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        before,
        "nothing was saved"
    );
}

#[test]
fn review_with_no_save_is_read_only() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let before = fs::read_to_string(&path).unwrap();
    dilemma()
        .args(["--plain", "--no-save", "review"])
        .arg(&path)
        .write_stdin("c 1\ns\nq\n")
        .assert()
        .success()
        .stdout(contains("Read only").and(contains("Nothing can be saved")));
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn review_of_a_missing_record_fails_clearly() {
    let dir = tempfile::tempdir().unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--plain", "review", "nothing-here"])
        .assert()
        .code(1)
        .stderr(contains("dilemma sessions"));
}

#[test]
fn times_are_shown_in_local_time_with_the_offset_and_kept_in_utc() {
    let (_dir, store) = store_with(&fixture());
    dilemma()
        .env("TZ", "America/Chicago")
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["export", FIXTURE_ID])
        .assert()
        .success()
        .stdout(contains("2026-03-02 03:15 UTC-06:00"));
    dilemma()
        .env("TZ", "America/Chicago")
        .arg("--data-dir")
        .arg(data_dir(&store))
        .arg("sessions")
        .assert()
        .success()
        .stdout(contains("(times in UTC-06:00)").and(contains("2026-03-04 10:40")));
    let saved = fs::read_to_string(store.path_of(FIXTURE_ID)).unwrap();
    assert!(
        saved.contains("2026-03-02T09:15:00Z"),
        "the record keeps UTC"
    );
}

// ---------------------------------------------------------------------------
// config
// ---------------------------------------------------------------------------

#[test]
fn the_config_file_sets_the_data_folder_and_the_export_head_and_flags_win() {
    let (_dir, store) = store_with(&fixture());
    let conf_dir = tempfile::tempdir().unwrap();
    let conf = conf_dir.path().join("config.ron");
    // No file yet: `config` shows where it goes and an example to copy.
    dilemma()
        .env("DILEMMA_CONFIG", &conf)
        .arg("config")
        .assert()
        .success()
        .stdout(contains("No config file yet").and(contains("agency:")));
    dilemma()
        .env("DILEMMA_CONFIG", &conf)
        .args(["config", "--path"])
        .assert()
        .success()
        .stdout(contains(conf.display().to_string()));

    fs::write(
        &conf,
        format!(
            "(\n    data_dir: {:?},\n    agency: \"Riverside Family Services\",\n    name: \"A. Lee\",\n    role: \"case manager\",\n)\n",
            data_dir(&store).display().to_string()
        ),
    )
    .unwrap();
    // The records folder comes from the file, and the export names the
    // agency and the practitioner.
    dilemma()
        .env("DILEMMA_CONFIG", &conf)
        .args(["export", FIXTURE_ID])
        .assert()
        .success()
        .stdout(
            contains("- **Agency:** Riverside Family Services")
                .and(contains("- **Practitioner:** A. Lee, case manager")),
        );
    // A flag wins: another folder has no such record.
    let other = tempfile::tempdir().unwrap();
    dilemma()
        .env("DILEMMA_CONFIG", &conf)
        .arg("--data-dir")
        .arg(other.path())
        .args(["export", FIXTURE_ID])
        .assert()
        .failure();

    // An unknown key stops every command, naming the file, line and key.
    fs::write(&conf, "(\n    agency: \"x\",\n    colour: \"red\",\n)\n").unwrap();
    dilemma()
        .env("DILEMMA_CONFIG", &conf)
        .arg("sessions")
        .assert()
        .code(2)
        .stderr(contains(format!("{}:3:", conf.display())).and(contains("colour")));
}

/// A made-up copy in the official document's layout.
fn synthetic_official(last: u8) -> String {
    let mut text = String::from("A MADE-UP COPY FOR TESTS\n\n");
    for n in 1..=last {
        text.push_str(&format!("STANDARD {n} Invented words for {n}.\n\n"));
    }
    text
}

#[test]
fn an_imported_copy_shows_beside_the_summaries_until_it_is_forgotten() {
    let (dir, store) = store_with(&fixture());
    let copy = dir.path().join("my-copy.txt");

    fs::write(&copy, synthetic_official(43)).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["standards", "--import"])
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(contains("standards 44 to 44 are missing").and(contains("nothing was imported")));
    assert!(!data_dir(&store).join("official-standards.txt").exists());

    fs::write(&copy, synthetic_official(44)).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["standards", "--import"])
        .arg(&copy)
        .assert()
        .success()
        .stdout(contains("standards 1 to 44 found"));
    let export = || {
        dilemma()
            .arg("--data-dir")
            .arg(data_dir(&store))
            .args(["export", FIXTURE_ID])
            .assert()
            .success()
    };
    export().stdout(contains("Official wording (your copy): Invented words for"));
    // The wizard gets it from the command line too (plain mode shows the
    // outcome as the export does; the full screen under the summaries).
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["--plain", "resume", FIXTURE_ID])
        .write_stdin("")
        .assert()
        .stdout(contains("Official wording (your copy): Invented words for"));
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["standards", "--where", "3"])
        .assert()
        .success()
        .stdout(contains(
            "Official wording (from your copy): Invented words for 3.",
        ));
    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .arg("sessions")
        .assert()
        .success()
        .stdout(contains("official-standards").not());

    dilemma()
        .arg("--data-dir")
        .arg(data_dir(&store))
        .args(["standards", "--forget"])
        .assert()
        .success()
        .stdout(contains("Removed your copy"));
    export().stdout(contains("Official wording").not());
}
