//! The record folder at 10,000 and 100,000 records: opening the wizard's
//! Resume list and a key on it (at 10,000), and `dilemma sessions` whole,
//! each beside its floor (what no listing can avoid: the folder's entries,
//! or every file's bytes).
//!
//! Run: `cargo bench --bench sessions`. Each folder is written once per
//! run, to a temp folder shared by every benchmark that needs it, by a
//! small deterministic generator so runs compare.

mod common;
use common::read_every_file;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use dilemma::code::Catalogue;
use dilemma::engine::Walk;
use dilemma::record::store::{Store, to_ron};
use dilemma::record::{CourseOfAction, Record};
use dilemma::rules::{Kind, RuleSet};
use dilemma::tui::app::{App, Effect, Msg, Screen, Start};
use dilemma::tui::screens::home::read_in_view;
use dilemma::tui::{read_sessions, update, view};
use dilemma::wizard::ThemeName;
use divan::Bencher;
use divan::counter::ItemsCount;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The folder the Resume list is measured on.
const RECORDS: usize = 10_000;
/// The folders `sessions` and its floor are measured on.
const SIZES: [usize; 2] = [10_000, 100_000];
const NOW: time::OffsetDateTime = time::macros::datetime!(2026-12-04 09:00 UTC);

fn main() {
    divan::main();
}

struct Folder {
    _dir: tempfile::TempDir,
    store: Store,
    set: RuleSet,
    code: Catalogue,
}

/// The folder of `records` records, written at its first use.
fn folder_of(records: usize) -> &'static Folder {
    static SMALL: OnceLock<Folder> = OnceLock::new();
    static LARGE: OnceLock<Folder> = OnceLock::new();
    match records {
        RECORDS => SMALL.get_or_init(|| write_folder(RECORDS)),
        100_000 => LARGE.get_or_init(|| write_folder(100_000)),
        other => panic!("no folder of {other} records"),
    }
}

fn folder() -> &'static Folder {
    folder_of(RECORDS)
}

/// Practitioner records, each a different walk with a situation, a note
/// and, for some, an option: files of 2 to 4 KB, like real ones. The first
/// 10,000 of any folder are the same.
fn write_folder(records: usize) -> Folder {
    let set = RuleSet::embedded().expect("the built-in rules load");
    let code = Catalogue::embedded();
    let dir = tempfile::tempdir().expect("a temp folder");
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for i in 0..records {
        let mut walk = Walk::new(&set.rules);
        while let Some((_, question)) = walk.current() {
            let ids: Vec<&str> = question
                .choices
                .iter()
                .filter(|c| question.kind == Kind::One || !c.exclusive)
                .map(|c| c.id.as_str())
                .collect();
            walk.answer(vec![ids[next(ids.len())].to_string()])
                .expect("a generated answer fits");
        }
        let updated = NOW - time::Duration::minutes(i as i64 * 7);
        let id = format!(
            "{}-{:04x}",
            updated
                .format(time::macros::format_description!(
                    "[year]-[month]-[day]-[hour][minute][second]"
                ))
                .expect("a date"),
            i
        );
        let mut record = Record::new(id, &set.rules.version, set.hash(), updated);
        record.situation = format!(
            "Case {i}: a colleague in the team has been sharing details of a client's \
             situation with people outside the agency, and I am not sure whether to \
             raise it with them first or with our supervisor."
        );
        record.answers = walk.answers().to_vec();
        record.notes.insert(
            "safety".to_string(),
            "Spoke to the duty manager; they asked me to write it down first.".to_string(),
        );
        if next(3) == 0 {
            record.options.push(CourseOfAction {
                title: "Talk to the colleague privately this week".to_string(),
                benefits: "They can explain; trust in the team is kept.".to_string(),
                ..Default::default()
            });
        }
        let path = dir.path().join(format!("{}.ron", record.id));
        std::fs::write(&path, to_ron(&record).expect("RON")).expect("write");
    }
    let store = Store::open(dir.path()).expect("the folder opens");
    Folder {
        _dir: dir,
        store,
        set,
        code,
    }
}

fn app(folder: &Folder) -> App<'_> {
    App::new(Start {
        set: &folder.set,
        code: &folder.code,
        record: Record::new("bench".to_string(), "", "", NOW),
        resumed: false,
        theme: ThemeName::Default,
        scenario: None,
        save_dir: Some(folder.store.dir().display().to_string()),
        size: (80, 24),
        all: false,
        official: None,
    })
}

/// Feeds `msg` to the app and does the effects as the event loop does
/// (listing and reading records), then draws a frame.
fn run(app: &mut App<'_>, folder: &Folder, msg: Msg, terminal: &mut Terminal<TestBackend>) {
    let mut next = Some(msg);
    while let Some(msg) = next.take() {
        next = match update(app, msg, NOW) {
            Some(Effect::ListSessions) => Some(Msg::SessionFiles(folder.store.files())),
            Some(Effect::ReadSessions(rows)) => Some(Msg::SessionsRead(read_sessions(rows))),
            _ => None,
        };
    }
    terminal.draw(|frame| view(app, frame)).expect("a frame");
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::from(code))
}

/// The Resume list opened at 10,000 records: the folder listed, the rows
/// in view read, the first frame drawn.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn resume_list_open(bencher: Bencher) {
    let folder = folder();
    bencher
        .with_inputs(|| {
            let mut app = app(folder);
            app.screen = Screen::Home { cursor: 1 };
            (
                app,
                Terminal::new(TestBackend::new(80, 24)).expect("terminal"),
            )
        })
        .bench_local_values(|(mut app, mut terminal)| {
            run(&mut app, folder, key(KeyCode::Enter), &mut terminal);
            assert!(matches!(app.screen, Screen::Sessions { .. }));
            app
        });
}

/// The Resume list already open; one key, its reads and the frame after.
fn one_key(bencher: Bencher, code: KeyCode) {
    let folder = folder();
    let mut cursor = 0usize;
    bencher
        .with_inputs(|| {
            let mut app = app(folder);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
            app.screen = Screen::Home { cursor: 1 };
            run(&mut app, folder, key(KeyCode::Enter), &mut terminal);
            // Start somewhere new each time, so the key reads rows no
            // earlier key has read.
            cursor = (cursor + 97) % (RECORDS - 100);
            app.screen = Screen::Sessions { cursor };
            if let Some(Effect::ReadSessions(rows)) = read_in_view(&app) {
                run(
                    &mut app,
                    folder,
                    Msg::SessionsRead(read_sessions(rows)),
                    &mut terminal,
                );
            }
            (app, terminal)
        })
        .bench_local_values(|(mut app, mut terminal)| {
            run(&mut app, folder, key(code), &mut terminal);
            app
        });
}

/// Down: one row comes into view and is read.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn resume_list_key_down(bencher: Bencher) {
    one_key(bencher, KeyCode::Down);
}

/// Page down: a screenful of rows comes into view and is read.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn resume_list_key_page_down(bencher: Bencher) {
    one_key(bencher, KeyCode::PageDown);
}

/// End: the oldest records come into view and are read.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn resume_list_key_end(bencher: Bencher) {
    one_key(bencher, KeyCode::End);
}

/// The floor for opening: the folder's entries and their times, nothing
/// read (`Store::files`).
#[divan::bench(sample_count = 30, sample_size = 1)]
fn floor_list_folder(bencher: Bencher) {
    let folder = folder();
    bencher.bench(|| {
        let files = folder.store.files();
        assert_eq!(files.len(), RECORDS);
        files
    });
}

/// `dilemma sessions` whole, as a person runs it: the process started,
/// the rules loaded, every record read and parsed once, its row made, the
/// listing printed (to /dev/null).
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn sessions_command(bencher: Bencher, records: usize) {
    let folder = folder_of(records);
    bencher.counter(ItemsCount::new(records)).bench(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_dilemma"))
            .arg("--data-dir")
            .arg(folder.store.dir())
            .arg("sessions")
            .stdout(Stdio::null())
            .status()
            .expect("dilemma runs");
        assert!(status.success());
    });
}

/// Of which: every record read and parsed, newest first (`Store::list`).
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn sessions_list_all(bencher: Bencher, records: usize) {
    let folder = folder_of(records);
    bencher.counter(ItemsCount::new(records)).bench(|| {
        let listed = folder.store.list();
        assert_eq!(listed.len(), records);
        listed
    });
}

/// The floor for `sessions`: every file's bytes read, one after another,
/// nothing parsed.
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn floor_read_every_file(bencher: Bencher, records: usize) {
    let folder = folder_of(records);
    bencher
        .counter(ItemsCount::new(records))
        .bench(|| read_every_file(folder.store.dir()));
}
