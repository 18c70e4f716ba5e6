//! Grading throughput: 10,000 training records written to a temp folder,
//! then graded one at a time (read, parse, replay, score) and as a whole
//! folder (what `dilemma grade --scenario ID DIR` does).
//!
//! Run: `cargo bench --bench grade`. divan prints items/s for each.

use std::path::PathBuf;
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

const RECORDS: usize = 10_000;

fn main() {
    divan::main();
}

struct Class {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    paths: Vec<PathBuf>,
    records: Vec<Record>,
    scenario: Loaded,
    set: RuleSet,
    code: Catalogue,
}

/// Writes the class once: every record a different walk, picked by a small
/// deterministic generator so runs compare.
fn class() -> &'static Class {
    static CLASS: OnceLock<Class> = OnceLock::new();
    CLASS.get_or_init(|| {
        let set = RuleSet::embedded().expect("the built-in rules load");
        let code = Catalogue::embedded();
        let (loaded, _) = training::load_dir("tests/fixtures/scenarios".as_ref());
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
        let mut paths = Vec::with_capacity(RECORDS);
        let mut records = Vec::with_capacity(RECORDS);
        for i in 0..RECORDS {
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
            let mut record = Record::new(format!("r{i:05}"), &set.rules.version, &set.hash, now);
            record.training = Some(TrainingInfo {
                scenario: scenario.scenario.id.clone(),
                student: Some(format!("student {i}")),
            });
            record.answers = walk.answers().to_vec();
            let path = dir.path().join(format!("r{i:05}.ron"));
            std::fs::write(&path, to_ron(&record).expect("RON")).expect("write");
            paths.push(path);
            records.push(record);
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
    })
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

/// The whole folder of 10,000, as `dilemma grade` runs it.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn whole_folder(bencher: Bencher) {
    let class = class();
    let folder = [class.folder.clone()];
    bencher.counter(ItemsCount::new(RECORDS)).bench(|| {
        let graded = grade_paths(&folder, &keys(class), &class.set, &class.code);
        assert_eq!(graded.rows.len(), RECORDS);
        graded
    });
}
