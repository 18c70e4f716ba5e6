//! Training from the outside: listing scenarios, starting one, grading a
//! class and checking an instructor's own scenarios.
//!
//! Fixtures: tests/fixtures/scenarios (three keys on the stable safety and
//! colleague-conduct questions) and tests/fixtures/records (three students
//! on "supervisor-billing", one record for another scenario, one broken file).

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const SCENARIOS: &str = "tests/fixtures/scenarios";
const RECORDS: &str = "tests/fixtures/records";

fn dilemma() -> Command {
    let mut cmd = Command::cargo_bin("dilemma").unwrap();
    cmd.env_remove("NO_COLOR")
        .env("TERM", "dumb")
        // Proofs are shared by every test, and kept out of the real cache.
        .env(
            "DILEMMA_CACHE",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/proofs"),
        );
    cmd
}

/// A small RFC 4180 reader, written apart from the writer it checks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(!quoted, "a quoted field is never closed");
    assert!(
        cell.is_empty() && row.is_empty(),
        "the last row has no line end"
    );
    rows
}

/// The CSV as one map per row, keyed by the header; every row as wide as it.
fn records(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut rows = parse_csv(csv).into_iter();
    let header = rows.next().expect("a header row");
    rows.map(|row| {
        assert_eq!(row.len(), header.len(), "row {row:?}");
        header.iter().cloned().zip(row).collect()
    })
    .collect()
}

fn by_file<'a>(rows: &'a [BTreeMap<String, String>], name: &str) -> &'a BTreeMap<String, String> {
    rows.iter()
        .find(|r| r["file"].ends_with(name))
        .unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn scenarios_lists_id_title_domains_and_difficulty() {
    dilemma()
        .args(["scenarios", "--scenarios", SCENARIOS])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("supervisor-billing")
                .and(predicate::str::contains("Sessions that never happened"))
                .and(predicate::str::contains("colleagues, clients"))
                .and(predicate::str::contains("advanced"))
                .and(predicate::str::contains("peer-late"))
                .and(predicate::str::contains("threat-in-session")),
        );
    let out = dilemma()
        .args(["scenarios", "--scenarios", SCENARIOS, "--format", "json"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["peer-late", "supervisor-billing", "threat-in-session"]
    );
}

#[test]
fn train_with_an_unknown_id_suggests_the_nearest() {
    dilemma()
        .args(["--no-save", "train", "peer-lat", "--scenarios", SCENARIOS])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no scenario \"peer-lat\"; did you mean \"peer-late\"?",
        ));
}

#[test]
fn train_without_an_id_in_plain_mode_lists_them_and_says_how() {
    dilemma()
        .args(["--no-save", "--plain", "train", "--scenarios", SCENARIOS])
        .write_stdin("")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("threat-in-session"))
        .stderr(predicate::str::contains("dilemma train ID"));
}

/// The numbers plain mode shows for `choices` of `question`, counting from 1
/// in the order of the built-in rules.
fn numbers(question: &str, choices: &[&str]) -> String {
    let set = dilemma::rules::RuleSet::embedded().unwrap();
    let q = set.rules.questions.get(question).unwrap();
    let picked: Vec<String> = choices
        .iter()
        .map(|id| (q.choices.iter().position(|c| c.id == *id).unwrap() + 1).to_string())
        .collect();
    picked.join(" ")
}

#[test]
fn a_training_walk_in_plain_mode_ends_on_the_score_screen() {
    // The trainee misses standard 21 by keeping client details out of it.
    let answers = [
        numbers("safety", &["no"]),
        numbers("role", &["worker"]),
        numbers("triage", &["conduct"]),
        numbers("colleague.severity", &["harm"]),
        numbers("colleague.power", &["yes"]),
        numbers("colleague.talked", &["not-yet"]),
        numbers("colleague.wish", &["unknown"]),
        numbers("colleague.client-info", &["no"]),
    ];
    let data = tempfile::tempdir().unwrap();
    let out = dilemma()
        .args(["--plain", "train", "supervisor-billing"])
        .arg("--data-dir")
        .arg(data.path())
        .args(["--student", "student 9"])
        .args(["--scenarios", SCENARIOS])
        .write_stdin(answers.join("\n") + "\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("your own supervisor has billed"),
        "the vignette comes first"
    );
    assert!(stdout.contains("Question 1:"), "{stdout}");
    assert!(stdout.contains("Score: 65/100"), "{stdout}");
    assert!(
        stdout.contains("To hand it in, give your instructor this file:"),
        "the trainee is told where the record is and how to hand it in: {stdout}"
    );
    let missed = stdout.split("\nMissed\n").nth(1).expect("a Missed section");
    assert!(missed.contains("21. "), "{stdout}");
    assert!(missed.contains("Why it applies here:"), "{stdout}");
    assert!(stdout.contains("Debrief"), "{stdout}");
}

#[test]
fn grade_scores_a_class_and_reports_bad_files_in_their_rows() {
    let out = dilemma()
        .args(["grade", "--scenario", "supervisor-billing", RECORDS])
        .args(["--scenarios", SCENARIOS])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a row failed, after all were printed"
    );
    let rows = records(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 5);

    let perfect = by_file(&rows, "140500-0a1f.ron");
    assert_eq!(perfect["student"], "student 01");
    assert_eq!(perfect["score"], "100");
    assert_eq!(
        perfect["found"], "20 21",
        "lists share one cell, space-separated"
    );
    assert_eq!(perfect["first_step_right"], "yes");
    assert_eq!(perfect["error"], "");

    let partial = by_file(&rows, "141200-5c2e.ron");
    assert_eq!(
        (partial["score"].as_str(), partial["missed"].as_str()),
        ("65", "21")
    );
    let points: i32 = ["standards_points", "first_step_points", "precision_points"]
        .iter()
        .map(|k| partial[*k].parse::<i32>().unwrap())
        .sum::<i32>()
        - partial["penalty_points"].parse::<i32>().unwrap();
    assert_eq!(points, 65, "the parts add up to the score");

    // A comma in the label survives quoting; the unfinished walk is flagged.
    let unfinished = by_file(&rows, "142730-91d4.ron");
    assert_eq!(unfinished["student"], "J. R., section B");
    assert_eq!(unfinished["finished"], "no");
    assert_eq!(unfinished["extras"], "19");
    assert_eq!(
        (
            unfinished["first_step_points"].as_str(),
            unfinished["precision_points"].as_str()
        ),
        ("0", "0"),
        "a walk stopped half-way earns only what it found"
    );
    assert!(
        unfinished["notes"].contains("not finished"),
        "{unfinished:?}"
    );

    let other = by_file(&rows, "150000-77aa.ron");
    assert_eq!(other["score"], "");
    assert!(
        other["error"].contains("for scenario \"peer-late\""),
        "{other:?}"
    );

    let broken = by_file(&rows, "160000-dead.ron");
    assert!(
        broken["error"].contains("2026-11-20-160000-dead.ron:5:5: expected a comma"),
        "{broken:?}"
    );

    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(summary.contains("Graded 3 of 5 records"), "{summary}");
    assert!(summary.contains("mean 66.7, median 65"), "{summary}");
    assert!(summary.contains("Most missed: 21 "), "{summary}");
}

#[test]
fn grade_takes_files_and_folders_and_exits_0_when_every_row_grades() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["2026-11-20-140500-0a1f.ron", "2026-11-20-141200-5c2e.ron"] {
        std::fs::copy(Path::new(RECORDS).join(name), dir.path().join(name)).unwrap();
    }
    // Not a record: hidden temp files and other extensions are skipped.
    std::fs::write(dir.path().join(".half-written.ron.tmp-1"), "(").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let third = Path::new(RECORDS).join("2026-11-20-142730-91d4.ron");
    let out = dilemma()
        .args([
            "grade",
            "--scenario",
            "supervisor-billing",
            "--format",
            "json",
        ])
        .args(["--scenarios", SCENARIOS])
        .arg(dir.path())
        .arg(&third)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let totals: Vec<u64> = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"]["total"].as_u64().unwrap())
        .collect();
    assert_eq!(totals, [100, 65, 35]);
    assert_eq!(report["summary"]["graded"], 3);
    assert_eq!(report["summary"]["median"], 65.0);
    assert_eq!(report["summary"]["most_missed"][0]["standard"], 21);
    assert_eq!(report["summary"]["most_missed"][0]["missed_by"], 2);
}

/// A class handed in as a folder tree: two scenarios, one hand-in sent
/// twice, one walk stopped half-way.
#[test]
fn grade_without_a_scenario_grades_a_folder_tree_each_against_its_own_key() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        dir.path().join("section-a"),
        dir.path().join("section-b/late"),
    );
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let copy = |name: &str, to: &Path| {
        std::fs::copy(Path::new(RECORDS).join(name), to.join(name)).unwrap();
    };
    copy("2026-11-20-140500-0a1f.ron", &a);
    copy("2026-11-20-141200-5c2e.ron", &a);
    copy("2026-11-20-142730-91d4.ron", &b);
    copy("2026-11-20-150000-77aa.ron", &b);
    // The same hand-in again, under another name.
    std::fs::copy(
        Path::new(RECORDS).join("2026-11-20-140500-0a1f.ron"),
        b.join("resent.ron"),
    )
    .unwrap();

    let out = dilemma()
        .args(["grade", "--scenarios", SCENARIOS])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("resent.ron is the same file as") && stderr.contains("graded once"),
        "{stderr}"
    );
    let rows = records(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows.len(), 4, "the duplicate is not a row");
    let scenarios: Vec<&str> = rows.iter().map(|r| r["scenario"].as_str()).collect();
    assert_eq!(
        scenarios,
        [
            "supervisor-billing",
            "supervisor-billing",
            "supervisor-billing",
            "peer-late"
        ]
    );
    assert!(rows.iter().all(|r| r["error"].is_empty()), "{rows:?}");

    let summary = dilemma()
        .args(["grade", "--summary", "--scenarios", SCENARIOS])
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(summary.stdout).unwrap();
    let billing = text
        .split("supervisor-billing: ")
        .nth(1)
        .expect("a section per scenario");
    assert!(billing.starts_with("3 graded, mean 66.7"), "{text}");
    assert!(
        billing.contains("21 Information shared") && billing.contains("1 of 3"),
        "each required standard with how many found it: {text}"
    );
    assert!(billing.contains("First step: 2 of 3"), "{text}");
    assert!(
        billing.contains("Did not finish: J. R., section B"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "fits 80 columns: {text}"
    );
}

/// A class big enough to be graded on several threads: rows keep the
/// files' order, each the same as the file graded alone, a hand-in sent
/// twice is left out where it stands, and a broken file keeps its row.
#[test]
fn a_large_class_is_graded_in_order_whatever_the_threads() {
    let students = [
        "2026-11-20-140500-0a1f.ron",
        "2026-11-20-141200-5c2e.ron",
        "2026-11-20-142730-91d4.ron",
    ];
    let alone = dilemma()
        .args(["grade", "--scenarios", SCENARIOS])
        .args(students.map(|s| Path::new(RECORDS).join(s)))
        .output()
        .unwrap();
    let alone = records(&String::from_utf8(alone.stdout).unwrap());
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let text = std::fs::read_to_string(Path::new(RECORDS).join(students[i % 3])).unwrap();
        // A comment keeps each file's bytes its own.
        let text = format!("{text}\n// copy {i}\n");
        std::fs::write(dir.path().join(format!("c{i:03}.ron")), &text).unwrap();
        if i == 150 {
            std::fs::write(dir.path().join("c150x.ron"), &text).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("c200b.ron"),
        "(\n  format: 1\n  id: \"x\",\n)",
    )
    .unwrap();

    let out = dilemma()
        .args(["grade", "--scenarios", SCENARIOS])
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the broken file fails: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{} is the same file as {}",
            dir.path().join("c150x.ron").display(),
            dir.path().join("c150.ron").display()
        )),
        "{stderr}"
    );
    let rows = records(&String::from_utf8(out.stdout).unwrap());
    let files: Vec<String> = rows
        .iter()
        .map(|r| {
            let file = Path::new(&r["file"]);
            file.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    let mut expected: Vec<String> = (0..300).map(|i| format!("c{i:03}.ron")).collect();
    expected.insert(201, "c200b.ron".to_string());
    assert_eq!(files, expected);
    let scored = |row: &BTreeMap<String, String>| {
        let mut row = row.clone();
        row.remove("file");
        row
    };
    for (i, row) in rows.iter().filter(|r| r["error"].is_empty()).enumerate() {
        assert_eq!(scored(row), scored(&alone[i % 3]), "c{i:03}.ron");
    }
    assert!(by_file(&rows, "c200b.ron")["error"].contains("c200b.ron:3:"));
}

#[test]
fn grade_with_an_unknown_scenario_names_the_nearest() {
    dilemma()
        .args(["grade", "--scenario", "supervisor-biling", RECORDS])
        .args(["--scenarios", SCENARIOS])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "did you mean \"supervisor-billing\"?",
        ));
}

#[test]
fn grade_keeps_spreadsheet_formulas_out_of_student_labels() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(RECORDS).join("2026-11-20-140500-0a1f.ron"))
        .unwrap()
        .replace("student: \"student 01\"", "student: \"=1+1\"");
    std::fs::write(dir.path().join("r.ron"), text).unwrap();
    let out = dilemma()
        .args([
            "grade",
            "--scenario",
            "supervisor-billing",
            "--scenarios",
            SCENARIOS,
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let rows = records(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[0]["student"], "'=1+1");
}

#[test]
fn check_guides_a_new_author_to_a_valid_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.ron");
    let check = |text: &str| {
        std::fs::write(&file, text).unwrap();
        let out = dilemma()
            .args(["check", "--scenarios"])
            .arg(dir.path())
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let name = file.display().to_string();

    // A misspelt domain, a missing field, a misspelt question, a label for an
    // id, answers out of order, an incomplete key: each message says where
    // and what to write instead.
    let (code, err) = check(
        r#"(id: "snooping", title: "Snooping", domains: [Colleague], vignette: "v",
            answers: [], must_cite: [20], debrief: "d")"#,
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{name}:1:47: error: unknown domain `Colleague`")),
        "{err}"
    );
    assert!(err.contains("did you mean \"Colleagues\"?"), "{err}");

    // A key without must_cite would give every walk the recall points.
    let (_, err) = check(
        r#"(id: "snooping", title: "Snooping", domains: [Colleagues], vignette: "v",
            answers: [(question: "safety", choices: ["no"])], debrief: "d")"#,
    );
    assert!(err.contains("must_cite is empty"), "{err}");
    assert!(err.contains("must_cite: [20]"), "shows an example: {err}");

    // Half a key (a debrief, no answers) is neither a key nor a student's
    // copy: the file would leak the debrief and score nothing.
    let (_, err) = check(
        r#"(id: "snooping", title: "Snooping", domains: [Colleagues], vignette: "v",
            debrief: "d")"#,
    );
    assert!(
        err.contains("`debrief` is part of a key, but the file has no key answers"),
        "{err}"
    );

    let key = |answers: &str| {
        format!(
            "(\n id: \"snooping\",\n title: \"Snooping\",\n domains: [Colleagues],\n vignette: \"v\",\n answers: [\n{answers}\n ],\n must_cite: [20],\n first_step: \"colleague-conduct.talk\",\n debrief: \"d\",\n)\n"
        )
    };
    let (_, err) = check(&key(r#"  (question: "safety", choices: ["no"]),
  (question: "role", choices: ["worker"]),
  (question: "triage", choices: ["conduct"]),
  (question: "colleague.severty", choices: ["lapse"]),"#));
    assert!(
        err.contains(&format!(
            "{name}:10:4: error: key answer 4: there is no question \"colleague.severty\""
        )),
        "{err}"
    );
    assert!(
        err.contains("did you mean \"colleague.severity\"?"),
        "{err}"
    );

    let (_, err) = check(&key(r#"  (question: "safety", choices: ["no"]),
  (question: "role", choices: ["worker"]),
  (question: "triage", choices: ["A colleague may be acting unethically"]),"#));
    assert!(
        err.contains("reads like the label of choice \"conduct\""),
        "{err}"
    );

    let (_, err) = check(&key(r#"  (question: "safety", choices: ["no"]),
  (question: "role", choices: ["worker"]),
  (question: "triage", choices: ["conduct"]),
  (question: "colleague.power", choices: ["no"]),"#));
    assert!(err.contains("answer \"colleague.severity\""), "{err}");

    let (_, err) = check(&key(r#"  (question: "safety", choices: ["no"]),
  (question: "role", choices: ["worker"]),
  (question: "triage", choices: ["conduct"]),
  (question: "colleague.severity", choices: ["lapse"]),"#));
    assert!(
        err.contains("the key answers stop before the walk ends"),
        "{err}"
    );
    assert!(
        err.contains("the walk asks \"colleague.power\" next"),
        "{err}"
    );

    let (code, err) = check(&key(r#"  (question: "safety", choices: ["no"]),
  (question: "role", choices: ["worker"]),
  (question: "triage", choices: ["conduct"]),
  (question: "colleague.severity", choices: ["lapse"]),
  (question: "colleague.power", choices: ["no"]),
  (question: "colleague.talked", choices: ["not-yet"]),
  (question: "colleague.wish", choices: ["unknown"]),
  (question: "colleague.client-info", choices: ["no"]),"#));
    assert_eq!((code, err.as_str()), (Some(0), ""), "fixed at last");
}

#[test]
fn check_finds_keys_that_miss_what_they_require() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(Path::new(SCENARIOS).join("supervisor-billing.ron"))
        .unwrap()
        .replace(
            "(question: \"colleague.client-info\", choices: [\"yes\"])",
            "(question: \"colleague.client-info\", choices: [\"no\"])",
        )
        .replace(
            "first_step: \"colleague-conduct.report-now\"",
            "first_step: \"colleague-conduct.outside\"",
        )
        .replace("must_cite: [20, 21]", "must_cite: [20, 21, 44]");
    std::fs::write(dir.path().join("a.ron"), &text).unwrap();
    // The same id twice is an error in the second file.
    std::fs::write(dir.path().join("b.ron"), &text).unwrap();
    let out = dilemma()
        .args(["check", "--scenarios"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("standard 21 is in must_cite, but the key answers do not cite it"),
        "{err}"
    );
    assert!(
        err.contains("it is cited by") && err.contains("colleague.client-info = \"yes\""),
        "{err}"
    );
    assert!(
        err.contains("standard 44 is in must_cite, but the key answers do not cite it"),
        "{err}"
    );
    assert!(
        err.contains("the plan on the key answers starts with \"colleague-conduct.report-now\", not \"colleague-conduct.outside\""),
        "{err}"
    );
    assert!(
        err.contains("scenario id \"supervisor-billing\" is already used by"),
        "{err}"
    );
    for line in err.lines().filter(|l| l.contains(": error: ")) {
        let place = line.split(": error: ").next().unwrap();
        let parts: Vec<&str> = place.rsplitn(3, ':').collect();
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "FILE:LINE:COL in {line}"
        );
    }
}

#[test]
fn the_fixture_scenarios_check_clean() {
    dilemma()
        .args(["check", "--scenarios", SCENARIOS])
        .assert()
        .success()
        .stdout(predicate::str::contains("scenarios        3 in"));
}

#[test]
fn the_instructors_guide_example_scenario_checks_clean() {
    let guide = std::fs::read_to_string("docs/instructor.md").unwrap();
    let section = guide
        .split("## Writing a scenario")
        .nth(1)
        .expect("the instructor's guide explains the format");
    let example = section
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a complete example");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("example.ron"), example).unwrap();
    dilemma()
        .args(["check", "--scenarios"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr("");
}

#[test]
fn check_says_when_no_walk_of_the_rules_can_cite_a_must_cite_standard() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = r#"(
    id: "base",
    title: "On the small fixture rules",
    domains: [Colleagues],
    vignette: "A short case.",
    answers: [
        (question: "first", choices: ["no"]),
        (question: "second", choices: ["b"]),
        (question: "third", choices: ["y"]),
    ],
    must_cite: [44],
    debrief: "Why.",
)"#;
    std::fs::write(dir.path().join("base.ron"), scenario).unwrap();
    let rules = format!(
        "{}/tests/fixtures/check_base.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = dilemma()
        .args(["check", "--rules", &rules, "--scenarios"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("base.ron:11:17: error: standard 44 is in must_cite, but no answer in the rules cites it"),
        "{err}"
    );
}

/// The instructor's loop: a key drawn from a walk, a key-free copy for the
/// class, a walk of that copy that shows no score, and grading with the key.
#[test]
fn a_key_from_a_walk_a_student_copy_without_it_and_grading_against_the_key() {
    let answers = [
        numbers("safety", &["no"]),
        numbers("role", &["worker"]),
        numbers("triage", &["conduct"]),
        numbers("colleague.severity", &["lapse"]),
        numbers("colleague.power", &["no"]),
        numbers("colleague.talked", &["not-yet"]),
        numbers("colleague.wish", &["unknown"]),
        numbers("colleague.client-info", &["no"]),
    ];
    let teacher = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let walked = dilemma()
        .arg("--plain")
        .arg("--data-dir")
        .arg(teacher.path())
        .write_stdin(
            format!(
                "A peer leaves case files open on a shared desk.\n{}\n",
                answers.join("\n")
            ) + "n\nn\nn\n",
        )
        .output()
        .unwrap();
    assert!(
        walked.status.success(),
        "{}",
        String::from_utf8_lossy(&walked.stderr)
    );
    let record = std::fs::read_dir(teacher.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "ron"))
        .expect("the instructor's walk is saved");

    let key = keys.path().join("open-files.ron");
    dilemma()
        .args(["scenarios", "new", "--id", "open-files", "--from"])
        .arg(&record)
        .arg("-o")
        .arg(&key)
        .assert()
        .success();
    let text = std::fs::read_to_string(&key).unwrap();
    assert!(
        text.contains("first_step: Some(\"colleague-conduct.talk\")"),
        "{text}"
    );
    assert!(text.contains("must_cite: [\n        20,"), "{text}");
    // The author still owes a debrief: check says so, naming the file.
    dilemma()
        .args(["check", "--scenarios"])
        .arg(keys.path())
        .assert()
        .failure()
        .stderr(
            // The line of the empty debrief the key carries, not line 1.
            predicate::str::is_match(r"open-files\.ron:[2-9][0-9]*:5: error: the debrief is empty")
                .unwrap(),
        );
    std::fs::write(
        &key,
        text.replace(
            "    debrief: \"\",",
            "    debrief: \"Standard 20: a private word first.\",",
        ),
    )
    .unwrap();
    dilemma()
        .args(["check", "--scenarios"])
        .arg(keys.path())
        .assert()
        .success();

    // The student's copy carries no part of the key.
    let class = tempfile::tempdir().unwrap();
    let copy = class.path().join("open-files.ron");
    dilemma()
        .args([
            "scenarios",
            "export",
            "open-files",
            "--student",
            "--scenarios",
        ])
        .arg(keys.path())
        .arg("-o")
        .arg(&copy)
        .assert()
        .success();
    let parsed: ron::Value = ron::from_str(&std::fs::read_to_string(&copy).unwrap()).unwrap();
    let ron::Value::Map(fields) = parsed else {
        panic!("a struct")
    };
    let names: Vec<String> = fields
        .keys()
        .map(|k| match k {
            ron::Value::String(s) => s.clone(),
            other => format!("{other:?}"),
        })
        .collect();
    for key_part in [
        "answers",
        "must_cite",
        "may_cite",
        "first_step",
        "must_not",
        "debrief",
    ] {
        assert!(
            !names.iter().any(|n| n == key_part),
            "{key_part} leaked: {names:?}"
        );
    }
    // An existing file is never replaced.
    dilemma()
        .args([
            "scenarios",
            "export",
            "open-files",
            "--student",
            "--scenarios",
        ])
        .arg(keys.path())
        .arg("-o")
        .arg(&copy)
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));

    // A student walks the copy: no score, no key, and a file to hand in.
    let student = tempfile::tempdir().unwrap();
    let mut wrong = answers.clone();
    wrong[3] = numbers("colleague.severity", &["harm"]);
    let out = dilemma()
        .args([
            "--plain",
            "train",
            "open-files",
            "--student",
            "s1",
            "--scenarios",
        ])
        .arg(class.path())
        .arg("--data-dir")
        .arg(student.path())
        .write_stdin(wrong.join("\n") + "\n")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("your instructor scores this walk"),
        "{stdout}"
    );
    assert!(!stdout.contains("Score:"), "{stdout}");
    assert!(!stdout.contains("Debrief"), "{stdout}");

    // Graded with the key, the wrong first step costs points; graded with
    // the student's copy, it cannot be graded at all.
    let graded = dilemma()
        .args(["grade", "--format", "csv", "--scenarios"])
        .arg(keys.path())
        .arg(student.path())
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&graded.stdout);
    let rows = records(&csv);
    assert_eq!(rows.len(), 1, "{csv}");
    assert_eq!(rows[0]["scenario"], "open-files", "{csv}");
    assert!(rows[0]["score"].parse::<u32>().unwrap() < 100, "{csv}");
    let ungraded = dilemma()
        .args(["grade", "--format", "csv", "--scenarios"])
        .arg(class.path())
        .arg(student.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&ungraded.stdout).contains("student's copy with no key"),
        "{}",
        String::from_utf8_lossy(&ungraded.stdout)
    );
}
