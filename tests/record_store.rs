//! Records on disk: round trips, privacy, crash leftovers, broken files.

mod common;

use std::fs;

use dilemma::code::Principle;
use dilemma::engine::Answer;
use dilemma::record::store::{Store, load_file, save_file, to_ron};
use dilemma::record::{
    Comment, CommentOn, Consultation, CourseOfAction, Decision, EarlierAnswers, OutcomeSnapshot,
    QuickTests, Record, SignOff, StepProgress, TrainingInfo,
};
use dilemma::source::Source;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use time::{Date, OffsetDateTime, UtcOffset};

use common::{FIXTURE_ID, fixture, reviewed_fixture, store_with};

// ---------------------------------------------------------------------------
// Generated records
// ---------------------------------------------------------------------------

/// Any text at all: unicode, quotes, backslashes, control characters.
fn text() -> impl Strategy<Value = String> {
    // What a record can hold: loading drops control characters (see
    // tests/reliability.rs), so the round trip is over printable text.
    prop_oneof![
        any::<String>().prop_map(|s| dilemma::printable::printable(&s).into_owned()),
        "[ -~]{0,40}",
        Just("She said \"no\" \\ then left.\n\tNext line\n".to_string()),
        Just("Ωμέγα – 日本語 – emoji 🙂 – RTL שלום".to_string()),
    ]
}

fn time_value() -> impl Strategy<Value = OffsetDateTime> {
    // 1970..2100, any nanosecond, offsets in whole minutes (RFC 3339 has no seconds).
    (0i64..4_102_444_800, 0u32..1_000_000_000, -720i32..=840).prop_map(|(secs, nanos, minutes)| {
        let offset = UtcOffset::from_whole_seconds(minutes * 60).unwrap();
        OffsetDateTime::from_unix_timestamp(secs)
            .unwrap()
            .replace_nanosecond(nanos)
            .unwrap()
            .to_offset(offset)
    })
}

fn date_value() -> impl Strategy<Value = Date> {
    (2_415_021i32..2_488_070).prop_map(|day| Date::from_julian_day(day).unwrap())
}

fn answer() -> impl Strategy<Value = Answer> {
    (text(), vec(text(), 0..4)).prop_map(|(question, choices)| Answer { question, choices })
}

fn principle() -> impl Strategy<Value = Principle> {
    prop::sample::select(Principle::ALL.to_vec())
}

fn comment_on() -> impl Strategy<Value = CommentOn> {
    prop_oneof![
        Just(CommentOn::Record),
        text().prop_map(CommentOn::Answer),
        any::<u8>().prop_map(CommentOn::Standard),
        (text(), text()).prop_map(|(l, s)| CommentOn::Step(l, s)),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    let head = (
        "[A-Za-z0-9_-]{1,30}",
        text(),
        text(),
        time_value(),
        time_value(),
        text(),
        vec(answer(), 0..8),
        btree_map(text(), text(), 0..4),
    );
    let progress = vec(
        (text(), text(), time_value(), text()).prop_map(|(ladder, step, done_at, note)| {
            StepProgress {
                ladder,
                step,
                done_at,
                note,
            }
        }),
        0..3,
    );
    let options = vec(
        (
            text(),
            text(),
            text(),
            vec(principle(), 0..4),
            (
                option::of(any::<bool>()),
                option::of(any::<bool>()),
                option::of(any::<bool>()),
            ),
        )
            .prop_map(
                |(title, benefits, harms, principles, (p, c, r))| CourseOfAction {
                    title,
                    benefits,
                    harms,
                    principles,
                    tests: QuickTests {
                        public: p,
                        colleague: c,
                        reversible: r,
                    },
                },
            ),
        0..3,
    );
    let consultations = vec(
        (text(), date_value(), text()).prop_map(|(role, date, advice)| Consultation {
            role,
            date,
            advice,
        }),
        0..3,
    );
    let decision = option::of(
        (
            text(),
            text(),
            option::of((text(), text())),
            option::of(date_value()),
        )
            .prop_map(|(chosen, rationale, next_step, follow_up)| Decision {
                chosen,
                rationale,
                next_step,
                follow_up,
            }),
    );
    let comments = vec(
        (comment_on(), text(), time_value(), text()).prop_map(|(on, role, at, text)| Comment {
            on,
            role,
            at,
            text,
        }),
        0..4,
    );
    let tail = (
        option::of(
            (text(), text(), date_value(), text()).prop_map(|(role, name, date, note)| SignOff {
                role,
                name,
                date,
                note,
            }),
        ),
        option::of(
            (text(), option::of(text()))
                .prop_map(|(scenario, student)| TrainingInfo { scenario, student }),
        ),
        option::of(
            (
                vec(any::<u8>(), 0..4),
                vec(any::<u8>(), 0..4),
                btree_map(text(), option::of(text()), 0..3),
            )
                .prop_map(|(primary, related, first_steps)| OutcomeSnapshot {
                    primary,
                    related,
                    first_steps,
                }),
        ),
        vec(
            (text(), text(), vec(answer(), 0..3)).prop_map(
                |(rules_version, rules_hash, answers)| EarlierAnswers {
                    rules_version,
                    rules_hash,
                    answers,
                },
            ),
            0..2,
        ),
    );
    (
        head,
        progress,
        options,
        consultations,
        decision,
        comments,
        tail,
    )
        .prop_map(
            |(
                (id, rules_version, rules_hash, created, updated, situation, answers, notes),
                ladder_progress,
                options,
                consultations,
                decision,
                comments,
                (signoff, training, snapshot, earlier_answers),
            )| {
                let mut record = Record::new(id, &rules_version, &rules_hash, created);
                record.updated = updated;
                record.situation = situation;
                record.answers = answers;
                record.notes = notes;
                record.ladder_progress = ladder_progress;
                record.options = options;
                record.consultations = consultations;
                record.decision = decision;
                record.comments = comments;
                record.signoff = signoff;
                record.training = training;
                record.snapshot = snapshot;
                record.earlier_answers = earlier_answers;
                record
            },
        )
}

proptest! {
    #[test]
    fn any_record_reads_back_exactly_as_it_was_saved(record in record()) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.save(&record).unwrap();
        let loaded = store.load(&record.id);
        prop_assert!(loaded.is_ok(), "{}\n{}", loaded.unwrap_err(), to_ron(&record).unwrap());
        prop_assert_eq!(loaded.unwrap(), record.clone());
        // Saving again over it (the autosave path) changes nothing.
        store.save(&record).unwrap();
        prop_assert_eq!(store.load(&record.id).unwrap(), record);
    }
}

// ---------------------------------------------------------------------------
// Privacy
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn records_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("records");
    fs::create_dir(&folder).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    let store = Store::open(&folder).unwrap();
    store.save(&fixture()).unwrap();
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o755, "a folder that exists keeps its mode");
    assert!(
        store
            .warning
            .as_deref()
            .is_some_and(|w| w.contains("chmod 700")),
        "the owner is told others can see it, and how to change that"
    );
    assert_eq!(mode(&store.path_of(FIXTURE_ID)), 0o600);

    // Replacing a record that was readable by others leaves it private too.
    let path = store.path_of(FIXTURE_ID);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    store.save(&fixture()).unwrap();
    assert_eq!(mode(&path), 0o600);
}

// ---------------------------------------------------------------------------
// Leftovers from a crash
// ---------------------------------------------------------------------------

#[test]
fn temp_files_of_dead_writers_are_removed_and_never_listed() {
    let (dir, store) = store_with(&fixture());
    let folder = store.dir().to_path_buf();
    // A writer that is gone (no pid is this large), half a record.
    let dead = folder.join(format!(".{FIXTURE_ID}.ron.tmp-999999999-0"));
    fs::write(&dead, "(format: 1, id: \"trunc").unwrap();
    // This process is alive and the file is fresh: it may be mid-save.
    let live = folder.join(format!(".{FIXTURE_ID}.ron.tmp-{}-99", std::process::id()));
    fs::write(&live, "(").unwrap();

    let listed = store.list();
    assert_eq!(listed.len(), 1, "temp files are not records: {listed:?}");
    assert!(listed[0].record.is_ok());

    let reopened = Store::open(&folder).unwrap();
    assert!(!dead.exists(), "a dead writer's temp file is cleaned up");
    assert!(
        live.exists(),
        "a live writer's fresh temp file is left alone"
    );
    assert_eq!(reopened.list().len(), 1);
    drop(dir);
}

// ---------------------------------------------------------------------------
// Broken and newer files
// ---------------------------------------------------------------------------

#[test]
fn a_broken_record_is_listed_with_its_place_and_never_overwritten() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let mut text = fs::read_to_string(&path).unwrap();
    // A hand edit that drops a comma on line 3.
    text = text.replacen("format: 1,", "format: 1", 1);
    fs::write(&path, &text).unwrap();

    let listed = store.list();
    let problem = listed[0].record.as_ref().unwrap_err().to_string();
    assert!(
        problem.starts_with(&format!("{}:3:", path.display())),
        "names file:line:col: {problem}"
    );

    let err = store.save(&fixture()).unwrap_err().to_string();
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "the file is untouched"
    );
}

#[test]
fn a_misspelt_field_is_an_error_not_silently_dropped() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("situation:", "situaton:", 1);
    fs::write(&path, &text).unwrap();
    let err = load_file(&path).unwrap_err();
    let line = text.lines().position(|l| l.contains("situaton")).unwrap() + 1;
    assert_eq!(err.place.line, line, "{err}");
    assert!(err.message.contains("situaton"), "{err}");
}

#[test]
fn a_newer_record_is_refused_even_when_every_field_is_known() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    // Read once, the record parses; its format number still refuses it.
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("format: 1,", "format: 7,", 1);
    fs::write(&path, &text).unwrap();
    let err = load_file(&path).unwrap_err();
    assert!(
        err.message.contains("newer version of dilemma (format 7"),
        "{err}"
    );
    assert_eq!((err.place.line, err.place.col), (2, 5), "{err}");
}

#[test]
fn a_record_from_a_newer_version_is_refused_plainly() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    // A newer version may add fields this one does not know.
    let text =
        fs::read_to_string(&path)
            .unwrap()
            .replacen("format: 1,", "format: 7,\n    mood: Calm,", 1);
    fs::write(&path, &text).unwrap();
    let err = load_file(&path).unwrap_err();
    assert!(
        err.message.contains("newer version of dilemma (format 7"),
        "{err}"
    );
    assert_eq!((err.place.line, err.place.col), (2, 5), "{err}");
    assert!(
        store.save(&fixture()).is_err(),
        "a newer record is not overwritten"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn ids_cannot_reach_outside_the_records_folder() {
    let (_dir, store) = store_with(&fixture());
    let mut record = fixture();
    record.id = "../escape".into();
    assert!(store.save(&record).is_err());
    assert!(store.load("../escape").is_err());
}

// ---------------------------------------------------------------------------
// Two writers: practitioner and supervisor
// ---------------------------------------------------------------------------

#[test]
fn a_practitioner_save_never_drops_a_supervisors_comments() {
    let (_dir, store) = store_with(&fixture());
    // The wizard holds the record read before the review.
    let mut in_wizard = fixture();
    // Meanwhile the supervisor comments and signs off through the store.
    let reviewed = reviewed_fixture();
    store
        .update(FIXTURE_ID, |r| {
            r.comments = reviewed.comments.clone();
            r.signoff = reviewed.signoff.clone();
        })
        .unwrap();
    // The practitioner keeps working and autosaves.
    in_wizard
        .situation
        .push_str("\nUpdate: the program director spoke to her.");
    store.save(&in_wizard).unwrap();

    let on_disk = store.load(FIXTURE_ID).unwrap();
    assert_eq!(on_disk.situation, in_wizard.situation);
    assert_eq!(on_disk.comments, reviewed.comments);
    assert_eq!(on_disk.signoff, reviewed.signoff);
}

#[test]
fn a_practitioner_save_keeps_a_comment_reworded_or_withdrawn_meanwhile() {
    let commented = {
        let mut r = fixture();
        r.comments = reviewed_fixture().comments;
        r.signoff = None;
        r
    };
    assert!(commented.comments.len() >= 2, "the fixture has comments");
    let (_dir, store) = store_with(&commented);
    // The wizard holds the record with the first wordings.
    let mut in_wizard = commented.clone();
    let first = commented.comments[0].at;
    let second = commented.comments[1].at;
    let later = commented.updated + time::Duration::minutes(5);
    store
        .update(FIXTURE_ID, |r| {
            r.edit_comment(first, "Reworded after supervision.", later)
                .unwrap();
            r.edit_comment(second, "", later + time::Duration::SECOND)
                .unwrap();
        })
        .unwrap();
    in_wizard.situation.push_str(
        "
More happened.",
    );
    store.save(&in_wizard).unwrap();

    let on_disk = store.load(FIXTURE_ID).unwrap();
    let now = on_disk.current_comments();
    assert_eq!(now.len(), commented.comments.len() - 1, "one withdrawn");
    assert_eq!(now[0].text, "Reworded after supervision.");
    assert!(now.iter().all(|c| c.at != second));
    assert_eq!(on_disk.situation, in_wizard.situation);
}

#[test]
fn signing_again_keeps_the_earlier_sign_off_as_a_comment() {
    let mut record = reviewed_fixture();
    let before = record.comments.len();
    let first = record.signoff.clone().unwrap();
    record.sign_off(
        SignOff {
            role: "program director".into(),
            name: "J. Tran".into(),
            date: time::macros::date!(2026 - 03 - 21),
            note: String::new(),
        },
        time::macros::datetime!(2026-03-21 09:00 UTC),
    );
    assert_eq!(record.signoff.as_ref().unwrap().role, "program director");
    assert_eq!(record.comments.len(), before + 1);
    let kept = record.comments.last().unwrap();
    assert_eq!(kept.role, first.role);
    assert!(kept.text.contains("2026-03-05"), "{}", kept.text);
    assert!(kept.text.contains(&first.note), "{}", kept.text);
}

#[test]
fn the_fixture_is_a_faithful_sample_of_the_format() {
    // The hand-written fixture and what `save` writes read the same.
    let record = fixture();
    let text = to_ron(&record).unwrap();
    let reread: Record = Source::new("saved.ron", text).parse().unwrap();
    assert_eq!(reread, record);
    assert_eq!(record.notes.len(), 2);
    assert!(!record.answers.is_empty());
}

#[test]
fn save_file_writes_anywhere_and_refuses_non_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.ron");
    fs::write(&path, "just some notes, not a record").unwrap();
    assert!(save_file(&path, &fixture()).is_err());
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "just some notes, not a record"
    );
    let fresh = dir.path().join("copy.ron");
    save_file(&fresh, &fixture()).unwrap();
    assert_eq!(load_file(&fresh).unwrap(), fixture());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "no temp file is left behind");
}
