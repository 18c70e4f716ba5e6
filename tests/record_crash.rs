//! Kill a process that is saving a record, over and over, at random
//! moments: the file on disk must always parse and hold every answer the
//! process said it had saved.
//!
//! The writer is this test binary run again with an environment variable
//! set (`crash_writer` below), so no helper program ships with dilemma.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dilemma::engine::Answer;
use dilemma::record::Record;
use dilemma::record::store::{Store, load_file};

const WRITER_DIR: &str = "DILEMMA_CRASH_WRITER_DIR";
const ID: &str = "crash-test";
const ROUNDS: usize = 120;

fn answer(n: usize) -> Answer {
    Answer::new(&format!("question-{n}"), &["yes", "because"])
}

/// The writer: appends an answer, saves, says so on stdout, forever.
#[test]
#[ignore = "the writer process for crash_at_any_moment_loses_nothing_acknowledged"]
fn crash_writer() {
    let Some(dir) = std::env::var_os(WRITER_DIR) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).expect("the store opens");
    let mut record = store.load(ID).unwrap_or_else(|_| {
        Record::new(ID.into(), "test", "test", time::OffsetDateTime::now_utc())
    });
    let mut out = std::io::stdout().lock();
    loop {
        let n = record.answers.len();
        record.answers.push(answer(n));
        record
            .notes
            .insert(format!("question-{n}"), "ünïcödé note ".repeat(n % 7));
        record.updated = time::OffsetDateTime::now_utc();
        store.save(&record).expect("the save succeeds");
        // Only after `save` returned: this answer is promised to be on disk.
        writeln!(out, "ACK {}", n + 1).expect("stdout");
        out.flush().expect("stdout");
    }
}

/// A small xorshift: random enough for kill times, seeded so a failure can
/// be replayed with `CRASH_SEED`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn crash_at_any_moment_loses_nothing_acknowledged() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let path = dir.path().join(format!("{ID}.ron"));
    let (mut acknowledged, mut kills, mut loads, mut mid_write) = (0usize, 0usize, 0usize, 0usize);

    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "--ignored",
                "--exact",
                "crash_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_DIR, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut last = 0usize;
            let mut lines = BufReader::new(stdout);
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                // A line cut short by the kill promises nothing.
                if line.ends_with('\n')
                    && let Some((_, n)) = line.rsplit_once("ACK ")
                    && let Ok(n) = n.trim().parse()
                {
                    last = n;
                }
                line.clear();
            }
            last
        });
        // Anywhere from before the first save to a few dozen saves in.
        std::thread::sleep(Duration::from_micros(rng.next() % 60_000));
        child.kill().unwrap(); // SIGKILL on Unix: no cleanup runs
        child.wait().unwrap();
        kills += 1;
        acknowledged = acknowledged.max(reader.join().unwrap());

        let leftovers = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count();
        mid_write += usize::from(leftovers > 0);

        if !path.exists() {
            assert_eq!(
                acknowledged, 0,
                "round {round}: an acknowledged record vanished (seed {seed})"
            );
            continue;
        }
        let record = load_file(&path).unwrap_or_else(|e| {
            panic!("round {round}: the record does not parse: {e} (seed {seed})")
        });
        loads += 1;
        assert!(
            record.answers.len() >= acknowledged,
            "round {round}: {} answers on disk, {acknowledged} acknowledged (seed {seed})",
            record.answers.len()
        );
        for (n, a) in record.answers.iter().enumerate() {
            assert_eq!(
                a,
                &answer(n),
                "round {round}: answer {n} is wrong (seed {seed})"
            );
        }
    }

    // A crash between writing the temp file and renaming it leaves the temp
    // file behind; the next open clears it because its writer is gone.
    Store::open(dir.path()).unwrap();
    let leftovers = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .count();
    // (The hidden lock files beside a record stay: they hold no data.)
    assert_eq!(leftovers, 0, "stale temp files are cleaned up");
    assert!(kills >= 100);
    assert!(
        acknowledged > 0,
        "the writer never got to save (seed {seed})"
    );
    eprintln!(
        "crash test: {kills} kills, {loads} loads all parsed, {acknowledged} answers acknowledged and kept, {mid_write} kills left a temp file (seed {seed})"
    );
}
