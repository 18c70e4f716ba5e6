//! Nothing lost, nothing broken: shared folders, two writers, signals,
//! hostile files and closed pipes, tried as an attacker and a busy team would.

mod common;

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command as Process, Stdio};
use std::time::Duration;

use dilemma::record::store::{load_file, save_file, update_file};
use dilemma::record::{Comment, CommentOn, lock, new_id};
use predicates::prelude::*;
use predicates::str::contains;
use time::OffsetDateTime;

use common::{FIXTURE_ID, dilemma, fixture, store_with};

#[test]
fn a_second_writer_is_refused_while_the_record_is_open() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let _open_elsewhere = lock::session(&path).unwrap().expect("the first writer");
    let before = fs::read(&path).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["--plain", "resume", FIXTURE_ID])
        .write_stdin("q\n")
        .assert()
        .code(1)
        .stderr(contains("is open in another window"));
    assert_eq!(fs::read(&path).unwrap(), before, "the record is untouched");
}

#[cfg(unix)]
#[test]
fn a_link_to_an_open_record_is_refused_too_and_stays_a_link() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("shortcut.ron");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    {
        let _open_elsewhere = lock::session(&path).unwrap().expect("the first writer");
        dilemma()
            .arg("--data-dir")
            .arg(store.dir())
            .arg("--plain")
            .arg("resume")
            .arg(&link)
            .write_stdin("q\n")
            .assert()
            .code(1)
            .stderr(contains("is open in another window"));
    }
    // Once it is free, a save through the link goes to the record itself.
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .arg("--plain")
        .arg("resume")
        .arg(&link)
        .write_stdin("q\n")
        .assert()
        .success();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Two hard links are one record under two names: a save would replace
/// one name's file and split the record, so writing is refused through
/// either name, while reading commands go on working.
#[cfg(unix)]
#[test]
fn a_record_with_another_hard_link_is_not_opened_to_write() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("also.ron");
    fs::hard_link(&path, &link).unwrap();
    let before = fs::read(&path).unwrap();
    for (name, command) in [(&path, "resume"), (&link, "resume"), (&path, "review")] {
        dilemma()
            .arg("--data-dir")
            .arg(store.dir())
            .arg("--plain")
            .arg(command)
            .arg(name)
            .write_stdin("q\n")
            .assert()
            .code(1)
            .stderr(contains(format!("{} has other hard links", name.display())))
            .stderr(contains("saving would split it"))
            .stderr(contains("cp "));
    }
    assert_eq!(fs::read(&path).unwrap(), before, "the record is untouched");
    assert!(
        update_file(&path, |_| {}).is_err(),
        "no save through the library either"
    );
    use std::os::unix::fs::MetadataExt;
    assert_eq!(fs::metadata(&link).unwrap().nlink(), 2, "still one file");
    for command in ["sessions", "export"] {
        let mut cmd = dilemma();
        cmd.arg("--data-dir").arg(store.dir()).arg(command);
        if command == "export" {
            cmd.arg(FIXTURE_ID);
        }
        cmd.assert().success();
    }
}

#[test]
fn comments_added_at_once_by_several_reviewers_are_all_kept() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let already = load_file(&path).unwrap().comments.len();
    let (reviewers, each) = (6, 20);
    std::thread::scope(|scope| {
        for r in 0..reviewers {
            let path = &path;
            scope.spawn(move || {
                for n in 0..each {
                    update_file(path, |record| {
                        record.add_comment(Comment {
                            on: CommentOn::Record,
                            role: format!("reviewer {r}"),
                            at: OffsetDateTime::now_utc(),
                            text: format!("comment {n}"),
                        });
                    })
                    .expect("each comment is saved");
                }
            });
        }
    });
    let kept = load_file(&path).unwrap().comments.len();
    assert_eq!(kept - already, reviewers * each, "no comment was lost");
}

#[test]
fn ids_made_in_the_same_instant_do_not_collide() {
    let now = OffsetDateTime::now_utc();
    let ids: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|_| scope.spawn(move || (0..125).map(|_| new_id(now)).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 500);
}

#[test]
fn a_new_record_never_takes_over_another_with_the_same_id() {
    let (_dir, store) = store_with(&fixture());
    let path = store.path_of(FIXTURE_ID);
    let before = fs::read(&path).unwrap();
    let mut other = fixture();
    other.created = OffsetDateTime::now_utc();
    other.situation = "A different dilemma that drew the same id.".into();
    let refused = save_file(&path, &other).expect_err("the other record is refused");
    assert!(
        format!("{refused:#}").contains("another record"),
        "{refused:#}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_renamed_copy_is_resumed_and_saved_in_place() {
    let (_dir, store) = store_with(&fixture());
    let original = store.path_of(FIXTURE_ID);
    let before = fs::read(&original).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("backup of my dilemma.ron");
    fs::copy(&original, &copy).unwrap();
    let copy_before = fs::read(&copy).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .arg("--plain")
        .arg("resume")
        .arg(&copy)
        .write_stdin("q\n")
        .assert()
        .success()
        .stdout(contains(format!(
            "Continue later with: dilemma resume {}",
            copy.display()
        )));
    assert_eq!(
        fs::read(&original).unwrap(),
        before,
        "the original is untouched"
    );
    assert_ne!(fs::read(&copy).unwrap(), copy_before, "the copy was saved");
}

#[test]
fn when_saving_fails_plain_mode_says_so_offers_a_path_and_exits_non_zero() {
    let (_dir, store) = store_with(&fixture());
    // A folder where the record's write lock should be: every save fails.
    let write_lock = store.dir().join(format!(".{FIXTURE_ID}.ron.write"));
    let _ = fs::remove_file(&write_lock);
    fs::create_dir(&write_lock).unwrap();
    let rescue = tempfile::tempdir().unwrap();
    let out = dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["--plain", "resume", FIXTURE_ID])
        .write_stdin("q\n\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("could not be saved"), "{stdout}");
    assert!(!stdout.contains("Saved to"), "{stdout}");

    // Typing a path saves the record there instead, and the exit is clean.
    let there = rescue.path().join("rescued.ron");
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["--plain", "resume", FIXTURE_ID])
        .write_stdin(format!("q\n{}\n", there.display()))
        .assert()
        .success()
        .stdout(contains(format!("Saved to {}", there.display())));
    assert_eq!(load_file(&there).unwrap().id, FIXTURE_ID);

    // Typing the path of a file already there writes nothing over it, even
    // another record: it may be someone's only copy.
    let precious = rescue.path().join("precious.ron");
    fs::write(&precious, b"someone's only copy").unwrap();
    let other = rescue.path().join("other.ron");
    let out = dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["--plain", "resume", FIXTURE_ID])
        .write_stdin(format!(
            "q\n{}\n{}\n{}\n",
            precious.display(),
            there.display(),
            other.display()
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert_eq!(
        stdout.matches("There is already a file at").count(),
        2,
        "{stdout}"
    );
    assert_eq!(fs::read(&precious).unwrap(), b"someone's only copy");
    assert_eq!(load_file(&other).unwrap().id, FIXTURE_ID);
}

#[cfg(unix)]
#[test]
fn folders_keep_their_mode_and_a_new_one_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let (_dir, store) = store_with(&fixture());
    fs::set_permissions(store.dir(), fs::Permissions::from_mode(0o2775)).unwrap();
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .arg("sessions")
        .assert()
        .success();
    dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["--plain"])
        .write_stdin("q\n")
        .assert()
        .success()
        .stderr(contains("other people on this computer can see"));
    assert_eq!(mode(store.dir()), 0o775, "a team folder keeps its mode");

    let fresh = tempfile::tempdir().unwrap();
    let new_dir = fresh.path().join("records");
    dilemma()
        .arg("--data-dir")
        .arg(&new_dir)
        .args(["--plain"])
        .write_stdin("I was asked to share notes.\nq\n")
        .assert()
        .success();
    assert_eq!(mode(&new_dir), 0o700, "a folder dilemma makes is private");
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.ron");
    let made = Process::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    for file in [fifo.as_path(), Path::new("/dev/zero")] {
        dilemma()
            .arg("walk")
            .arg("--answers")
            .arg(file)
            .timeout(Duration::from_secs(10))
            .assert()
            .code(2)
            .stderr(contains("not a regular file"));
    }
}

#[test]
fn a_file_far_bigger_than_any_record_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.ron");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(dilemma::source::MAX_FILE_BYTES + 1).unwrap();
    dilemma()
        .arg("export")
        .arg(&huge)
        .assert()
        .code(1)
        .stderr(contains("are not read"));
}

#[test]
fn an_answers_file_over_a_mebibyte_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.ron");
    let file = fs::File::create(&answers).unwrap();
    file.set_len(dilemma::source::MAX_ANSWERS_BYTES + 1)
        .unwrap();
    dilemma()
        .arg("walk")
        .arg("--answers")
        .arg(&answers)
        .timeout(Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(contains(format!(
            "{}:1:1: error: the file is 1 MiB (1048577 bytes); files over 1 MiB are not read",
            answers.display()
        )));
}

#[test]
fn a_chain_of_fifty_thousand_questions_is_checked_without_crashing() {
    let small = fs::read_to_string("tests/fixtures/rules-small.ron").unwrap();
    let n = 50_000;
    let chain: String = (0..n)
        .map(|i| {
            let next = if i + 1 < n {
                format!("c{}", i + 1)
            } else {
                "safety".to_string()
            };
            format!(
                "        \"c{i}\": (prompt: \"Step {i}?\", help: \"Chain.\", kind: One, choices: [(id: \"a\", label: \"On\", next: Goto(\"{next}\"))]),\n"
            )
        })
        .collect();
    let rules = small
        .replace("start: \"safety\"", "start: \"c0\"")
        .replacen(
            "    questions: {\n",
            &format!("    questions: {{\n{chain}"),
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("chain.ron");
    fs::write(&file, rules).unwrap();
    dilemma()
        .args(["check", "--rules"])
        .arg(&file)
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1)
        .stderr(contains("too many to prove"));
}

#[test]
fn escape_sequences_in_a_record_never_reach_the_terminal() {
    let mut record = fixture();
    record.situation = "Title change\x1b]0;owned\x07 and clear\x1b[2J\x1b[H here.".into();
    let (_dir, store) = store_with(&record);
    let out = dilemma()
        .arg("--data-dir")
        .arg(store.dir())
        .args(["export", FIXTURE_ID])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "no escape byte in the export");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Title change]0;owned and clear[2J[H here.")
    );
}

#[test]
fn a_closed_pipe_ends_commands_quietly() {
    for args in [&["standards"][..], &["scenarios"], &["graph"]] {
        let mut child = Process::new(env!("CARGO_BIN_EXE_dilemma"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one byte, then hang up, as `| head -c1` would.
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        stdout.read_exact(&mut byte).unwrap();
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert!(
                status.success() || status.signal() == Some(13),
                "{args:?}: {status:?}"
            );
        }
    }
}

#[test]
fn export_will_not_overwrite_a_file_unless_told_to() {
    let (_dir, store) = store_with(&fixture());
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("for-supervision.md");
    fs::write(&target, "my notes, not to be lost").unwrap();
    let export = |force: bool| {
        let mut cmd = dilemma();
        cmd.arg("--data-dir")
            .arg(store.dir())
            .args(["export", FIXTURE_ID, "-o"])
            .arg(&target);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    export(false)
        .code(1)
        .stderr(contains("already exists").and(contains("--force")));
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "my notes, not to be lost"
    );
    export(true).success();
    assert!(fs::read_to_string(&target).unwrap().contains("Standard 20"));
}

/// Under `script`, which gives the wizard a real terminal: SIGTERM ends it
/// with the terminal given back (main screen, cursor shown) and status 143.
#[cfg(unix)]
#[test]
fn sigterm_gives_the_terminal_back() {
    if Process::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dilemma");
    let run = format!(
        "{bin} --no-save < /dev/tty & pid=$!; sleep 1; kill -TERM $pid; wait $pid; echo \"status=$?\""
    );
    let out = Process::new("script")
        .args(["-q", "-e", "-c", &run, "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .output()
        .expect("script runs");
    let bytes = String::from_utf8_lossy(&out.stdout);
    let entered = bytes
        .find("\x1b[?1049h")
        .expect("the wizard entered the alternate screen");
    let after = &bytes[entered..];
    assert!(after.contains("\x1b[?1049l"), "main screen: {bytes:?}");
    assert!(after.contains("\x1b[?25h"), "cursor shown: {bytes:?}");
    assert!(bytes.contains("status=143"), "{bytes:?}");
}

/// A terminal that goes away under the wizard (its window closed, the
/// session ended) ends it within seconds; it used to spin on end of file at
/// full speed for ever, holding the record's lock.
#[cfg(unix)]
#[test]
fn a_terminal_that_hangs_up_ends_the_wizard_and_frees_the_record() {
    if Process::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pid_file = dir.path().join("pid");
    let bin = env!("CARGO_BIN_EXE_dilemma");
    // The wizard runs in the background; `script` ends after a second and
    // its terminal with it.
    let run = format!(
        "{bin} --data-dir {} < /dev/tty > /dev/tty 2>&1 & echo $! > {}; sleep 1",
        data.display(),
        pid_file.display()
    );
    Process::new("script")
        .args(["-q", "-e", "-c", &run, "/dev/null"])
        .env("TERM", "xterm-256color")
        .output()
        .expect("script runs");
    let pid = fs::read_to_string(&pid_file).unwrap().trim().to_string();
    let gone = (0..50).any(|_| {
        std::thread::sleep(Duration::from_millis(200));
        !Path::new(&format!("/proc/{pid}")).exists()
    });
    if !gone {
        let _ = Process::new("kill").arg(&pid).status();
    }
    assert!(
        gone,
        "the wizard was still running 10 s after its terminal hung up"
    );
}

#[test]
fn a_runaway_scenario_id_is_cut_in_the_list_and_stops_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let key = fs::read_to_string("tests/fixtures/scenarios/supervisor-billing.ron").unwrap();
    let long_id = "x".repeat(70_000);
    fs::write(
        dir.path().join("long.ron"),
        key.replace("id: \"supervisor-billing\"", &format!("id: \"{long_id}\"")),
    )
    .unwrap();
    fs::write(dir.path().join("fine.ron"), &key).unwrap();
    for command in [["scenarios", "--scenarios"], ["train", "--scenarios"]] {
        let out = dilemma().args(command).arg(dir.path()).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
        assert!(
            stdout.contains("supervisor-billing"),
            "{command:?}: {stdout}"
        );
        assert!(stdout.contains("xxx…"), "{command:?}: {stdout}");
        assert!(
            stdout.len() < 5_000,
            "{command:?} printed {} bytes",
            stdout.len()
        );
    }
}

#[test]
fn a_path_count_past_the_largest_number_says_more_than() {
    let small = fs::read_to_string("tests/fixtures/rules-small.ron").unwrap();
    let n = 140;
    let chain: String = (0..n)
        .map(|i| {
            let next = if i + 1 < n {
                format!("c{}", i + 1)
            } else {
                "safety".to_string()
            };
            format!(
                "        \"c{i}\": (prompt: \"Step {i}?\", help: \"Chain.\", kind: One, choices: [(id: \"a\", label: \"On\", next: Goto(\"{next}\")), (id: \"b\", label: \"Off\", next: Goto(\"{next}\"))]),\n"
            )
        })
        .collect();
    let rules = small
        .replace("start: \"safety\"", "start: \"c0\"")
        .replacen(
            "    questions: {\n",
            &format!("    questions: {{\n{chain}"),
            1,
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doubling.ron");
    fs::write(&file, rules).unwrap();
    let out = dilemma()
        .args(["check", "--rules"])
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "distinct paths   more than 340,282,366,920,938,463,463,374,607,431,768,211,454"
        ),
        "{stdout}"
    );
}

#[test]
fn a_runaway_name_in_an_answers_file_is_cut_in_the_message() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.ron");
    let name = "s".repeat(999_000);
    fs::write(
        &answers,
        format!("[(question: \"{name}\", choices: [\"a\"])]"),
    )
    .unwrap();
    let out = dilemma()
        .args(["walk", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("there is no question \"sss"), "{stderr}");
    assert!(stderr.contains('…'), "{stderr}");
    assert!(stderr.len() < 2_000, "{} bytes on stderr", stderr.len());
}

#[test]
fn a_runaway_argument_is_cut_in_the_message() {
    let long = "z".repeat(120_000);
    for command in [
        vec!["standards", "--domain"],
        vec!["export"],
        vec!["--plain", "resume"],
    ] {
        let out = dilemma()
            .arg("--no-save")
            .args(&command)
            .arg(&long)
            .write_stdin("")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{command:?}: {stderr}");
        assert!(stderr.contains("zzz…"), "{command:?}: {stderr}");
        assert!(stderr.len() < 1_000, "{command:?}: {} bytes", stderr.len());
    }
}
