//! Grading throughput: 10,000 and 100,000 training records written to a
//! temp folder, then graded one at a time (read, parse, replay, score), as
//! a whole folder (what `dilemma grade --scenario ID DIR` does) and by the
//! command itself, beside the floor of reading every file's bytes.
//!
//! Run: `cargo bench --bench grade`. divan prints items/s for each. Each
//! folder is written once per run and shared by every benchmark using it.

mod common;
use common::read_every_file;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use dilemma::code::Catalogue;
use dilemma::engine::Walk;
use dilemma::record::store::{load_file, to_ron};
use dilemma::record::{Record, TrainingInfo};
use dilemma::rules::{Kind, RuleSet};
use dilemma::training::grade::{Keys, grade_file, grade_paths, grade_record};
use dilemma::training::{self, Loaded};
use divan::Bencher;
use divan::counter::ItemsCount;

/// The class the per-record benchmarks pick from.
const RECORDS: usize = 10_000;
/// The classes graded whole.
const SIZES: [usize; 2] = [10_000, 100_000];
/// Where the scenario the records were walked on is kept.
const SCENARIOS: &str = "tests/fixtures/scenarios";

fn main() {
    divan::main();
}

struct Class {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    paths: Vec<PathBuf>,
    /// The first `RECORDS` records, in memory.
    records: Vec<Record>,
    scenario: Loaded,
    set: RuleSet,
    code: Catalogue,
}

/// The class of `records` records, written at its first use.
fn class_of(records: usize) -> &'static Class {
    static SMALL: OnceLock<Class> = OnceLock::new();
    static LARGE: OnceLock<Class> = OnceLock::new();
    match records {
        RECORDS => SMALL.get_or_init(|| write_class(RECORDS)),
        100_000 => LARGE.get_or_init(|| write_class(100_000)),
        other => panic!("no class of {other} records"),
    }
}

fn class() -> &'static Class {
    class_of(RECORDS)
}

/// Writes a class: every record a different walk, picked by a small
/// deterministic generator so runs compare (the first 10,000 of any class
/// are the same).
fn write_class(count: usize) -> Class {
    let set = RuleSet::embedded().expect("the built-in rules load");
    let code = Catalogue::embedded();
    let (loaded, _) = training::load_dir(SCENARIOS.as_ref());
    let scenario = training::find(&loaded, "supervisor-billing")
        .expect("the fixture scenario")
        .clone();
    let dir = tempfile::tempdir().expect("a temp folder");
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let mut paths = Vec::with_capacity(count);
    let mut records = Vec::with_capacity(RECORDS);
    for i in 0..count {
        let mut walk = Walk::new(&set.rules);
        while let Some((_, question)) = walk.current() {
            let ids: Vec<&str> = question
                .choices
                .iter()
                .filter(|c| question.kind == Kind::One || !c.exclusive)
                .map(|c| c.id.as_str())
                .collect();
            let mut picked = vec![ids[next(ids.len())].to_string()];
            if question.kind == Kind::Many && next(3) == 0 {
                let more = ids[next(ids.len())].to_string();
                if !picked.contains(&more) {
                    picked.push(more);
                }
            }
            walk.answer(picked).expect("a generated answer fits");
        }
        let mut record = Record::new(format!("r{i:06}"), &set.rules.version, set.hash(), now);
        record.training = Some(TrainingInfo {
            scenario: scenario.scenario.id.clone(),
            student: Some(format!("student {i}")),
        });
        record.answers = walk.answers().to_vec();
        let path = dir.path().join(format!("r{i:06}.ron"));
        std::fs::write(&path, to_ron(&record).expect("RON")).expect("write");
        paths.push(path);
        if records.len() < RECORDS {
            records.push(record);
        }
    }
    Class {
        folder: dir.path().to_path_buf(),
        _dir: dir,
        paths,
        records,
        scenario,
        set,
        code,
    }
}

/// The one scenario's key, checked against the rules as a run does.
fn keys(class: &Class) -> Keys<'_> {
    Keys::new(
        std::slice::from_ref(&class.scenario),
        None,
        &class.set,
        &class.code,
    )
}

/// One record: read the file, parse it, replay the answers, score them.
#[divan::bench]
fn per_record_file(bencher: Bencher) {
    let class = class();
    let keys = keys(class);
    let i = AtomicUsize::new(0);
    bencher.counter(ItemsCount::new(1usize)).bench(|| {
        let path = &class.paths[i.fetch_add(1, Ordering::Relaxed) % RECORDS];
        grade_file(path, &keys, &class.set, &class.code)
    });
}

/// The parse alone (read + RON), to see where a record's time goes.
#[divan::bench]
fn per_record_parse_only(bencher: Bencher) {
    let class = class();
    let i = AtomicUsize::new(0);
    bencher
        .counter(ItemsCount::new(1usize))
        .bench(|| load_file(&class.paths[i.fetch_add(1, Ordering::Relaxed) % RECORDS]));
}

/// Replay and score alone, on records already in memory.
#[divan::bench]
fn per_record_replay_and_score(bencher: Bencher) {
    let class = class();
    let i = AtomicUsize::new(0);
    bencher.counter(ItemsCount::new(1usize)).bench(|| {
        let record = &class.records[i.fetch_add(1, Ordering::Relaxed) % RECORDS];
        grade_record(record, &class.scenario.scenario, &class.set, &class.code)
    });
}

/// The whole folder, as `dilemma grade` grades it: every file read once,
/// fingerprinted, parsed, replayed and scored, on every core.
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn whole_folder(bencher: Bencher, records: usize) {
    let class = class_of(records);
    let folder = [class.folder.clone()];
    bencher.counter(ItemsCount::new(records)).bench(|| {
        let graded = grade_paths(&folder, &keys(class), &class.set, &class.code);
        assert_eq!(graded.rows.len(), records);
        graded
    });
}

/// `dilemma grade --scenarios DIR FOLDER` whole, as a teacher runs it: the
/// process started, rules and scenarios loaded, the folder graded, the CSV
/// printed (to /dev/null).
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn grade_command(bencher: Bencher, records: usize) {
    let class = class_of(records);
    bencher.counter(ItemsCount::new(records)).bench(|| {
        let status = Command::new(env!("CARGO_BIN_EXE_dilemma"))
            .arg("grade")
            .arg("--scenarios")
            .arg(SCENARIOS)
            .arg(&class.folder)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("dilemma runs");
        assert!(status.success());
    });
}

/// The floor for grading: every file's bytes read, one after another,
/// nothing parsed.
#[divan::bench(args = SIZES, sample_count = 6, sample_size = 1)]
fn floor_read_every_file(bencher: Bencher, records: usize) {
    let class = class_of(records);
    bencher
        .counter(ItemsCount::new(records))
        .bench(|| read_every_file(&class.folder));
}
