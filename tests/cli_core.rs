//! The command-line contract of `check`, `walk`, `standards` and `graph`:
//! output a person reads, and the exit codes scripts rely on.

use assert_cmd::Command;
use predicates::prelude::*;

fn dilemma() -> Command {
    let mut cmd = Command::cargo_bin("dilemma").unwrap();
    cmd.env("NO_COLOR", "1").env("TERM", "dumb");
    cmd
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_passes_on_the_embedded_rules_and_shows_coverage() {
    dilemma()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("Checked assets/rules.ron"))
        .stdout(predicate::str::is_match(r"standards cited\s+\d+/44").unwrap())
        .stdout(predicate::str::contains("distinct paths"));
}

#[test]
fn check_fails_with_file_line_and_column_on_broken_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = std::fs::read_to_string(fixture("check_base.ron"))
        .unwrap()
        .replacen("Goto(\"second\")", "Goto(\"secnd\")", 1);
    std::fs::write(&path, text).unwrap();
    dilemma()
        .args(["check", "--rules"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:12:", path.display())))
        .stderr(predicate::str::contains(
            "leads to \"secnd\", which does not exist",
        ))
        .stderr(predicate::str::contains("did you mean \"second\"?"))
        .stderr(predicate::str::contains("1 error, 0 warnings."));
}

#[test]
fn check_names_a_rules_file_it_cannot_read() {
    dilemma()
        .args(["check", "--rules", "no/such/rules.ron"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no/such/rules.ron:1:1: error: cannot read the file",
        ));
}

#[test]
fn walk_with_a_power_imbalance_skips_the_private_talk_and_starts_with_a_supervisor() {
    dilemma()
        .args(["walk", "--answers", &fixture("answers/colleague-power.ron")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "**Start here:** Take it to a supervisor",
        ))
        .stdout(predicate::str::contains(
            "_Does not apply:_ Raise it privately",
        ))
        .stdout(predicate::str::contains("Standard 20:"));

    let out = dilemma()
        .args([
            "walk",
            "--format",
            "json",
            "--answers",
            &fixture("answers/colleague-power.ron"),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ladder = &json["ladders"][0];
    assert_eq!(ladder["id"], "colleague-conduct");
    assert_eq!(ladder["first_step"], "supervisor");
    assert_eq!(ladder["steps"][0]["id"], "talk");
    assert_eq!(ladder["steps"][0]["applies"], false);
    assert_eq!(json["facts"]["power_imbalance"], "yes");
    assert_eq!(json["path"][1]["question"], "triage");
    let twenty = json["standards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["number"] == 20)
        .unwrap();
    assert_eq!(twenty["domain"], "Colleagues");
    assert_eq!(twenty["reasons"][0]["question"], "triage");
}

#[test]
fn walk_on_egregious_conduct_by_a_peer_talks_first_and_reports_outside() {
    let out = dilemma()
        .args([
            "walk",
            "--format",
            "json",
            "--answers",
            &fixture("answers/colleague-egregious-peer.ron"),
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ladder = json["ladders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "colleague-conduct")
        .unwrap();
    assert_eq!(ladder["first_step"], "talk");
    let outside = ladder["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "outside")
        .unwrap();
    assert_eq!(outside["applies"], true);
    let cited: Vec<u64> = json["standards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert!(cited.contains(&20) && cited.contains(&21), "{cited:?}");
}

#[test]
fn walk_refuses_an_unknown_choice_with_its_place_and_the_valid_ones() {
    let path = fixture("answers/unknown-choice.ron");
    dilemma()
        .args(["walk", "--answers", &path])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(format!("{path}:4:5: error:")))
        .stderr(predicate::str::contains(
            "has no choice \"awful\"; valid choices: egregious, ordinary, rights, harass, impaired, unsure",
        ));
}

#[test]
fn walk_refuses_an_answer_to_a_question_off_the_path() {
    let path = fixture("answers/off-path.ron");
    dilemma()
        .args(["walk", "--answers", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{path}:3:5: error:")))
        .stderr(predicate::str::contains(
            "\"colleague.power\" is not on the path",
        ))
        .stderr(predicate::str::contains("the next question is \"triage\""));
}

#[test]
fn walk_reports_a_malformed_or_missing_file_with_exit_2() {
    let path = fixture("answers/malformed.ron");
    dilemma()
        .args(["walk", "--answers", &path])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(format!("{path}:3:25: error:")));
    dilemma()
        .args(["walk", "--answers", "no/such/answers.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/answers.ron:1:1: error: cannot read the file",
        ));
}

#[test]
fn walk_on_invalid_rules_exits_2_and_says_to_run_check() {
    dilemma()
        .args([
            "walk",
            "--rules",
            "no/such/rules.ron",
            "--answers",
            &fixture("answers/colleague-power.ron"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("dilemma check"));
}

#[test]
fn standards_search_where_and_domain() {
    dilemma()
        .args(["standards", "--search", "suicide"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(" 4  "));
    dilemma()
        .args(["standards", "--where", "20"])
        .assert()
        .success()
        .stdout(predicate::str::contains("colleague-conduct"))
        .stdout(predicate::str::contains("triage / conduct (governs)"));
    dilemma()
        .args(["standards", "--domain", "students", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"number\": 37"))
        .stdout(predicate::str::contains("\"number\": 36").not());
    dilemma()
        .args(["standards", "--domain", "bosses"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown domain \"bosses\""));
    dilemma()
        .args(["standards", "--where", "45"])
        .assert()
        .code(1);
}

#[test]
fn graph_prints_dot_and_mermaid() {
    dilemma()
        .arg("graph")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("digraph dilemma {"))
        .stdout(predicate::str::contains(
            "\"safety\" -> \"triage\" [label=\"then\", style=dashed];",
        ));
    dilemma()
        .args(["graph", "--format", "mermaid"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("flowchart TD"));
}

#[test]
fn an_agency_overlay_adds_its_steps_and_checks_clean() {
    let overlay = format!("{}/examples/agency-overlay.ron", env!("CARGO_MANIFEST_DIR"));
    dilemma()
        .args(["check", "--overlay", &overlay])
        .assert()
        .success()
        .stdout(predicate::str::contains("+ "));
    let out = dilemma()
        .args(["walk", "--format", "json", "--overlay", &overlay])
        .args(["--answers", &fixture("answers/colleague-power.ron")])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps: Vec<&str> = json["ladders"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        [
            "talk",
            "supervisor",
            "hr",
            "act",
            "outside",
            "not-alone",
            "rights-office",
            "no-conditions",
            "record"
        ]
    );
}

#[test]
fn walk_with_several_ladders_says_where_each_one_starts() {
    let answers = fixture("answers/conduct-and-placement.ron");
    let out = dilemma()
        .args(["walk", "--format", "json", "--answers", &answers])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ladders = json["ladders"].as_array().unwrap();
    assert!(ladders.len() >= 2, "the fixture opens several ladders");
    let out = dilemma()
        .args(["walk", "--answers", &answers])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let section = md
        .split("## Where to start")
        .nth(1)
        .expect("a Where to start section");
    let section = section.split("## ").next().unwrap();
    let mut last = 0;
    for ladder in ladders {
        let first = ladder["first_step"].as_str().unwrap();
        let step = ladder["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == first)
            .unwrap();
        let line = format!(
            "- **{}:** {}",
            ladder["title"].as_str().unwrap(),
            step["text"].as_str().unwrap()
        );
        let at = section
            .find(&line)
            .unwrap_or_else(|| panic!("{line} not in {section}"));
        assert!(at >= last, "in ladder order");
        last = at;
    }

    let one = dilemma()
        .args(["walk", "--answers", &fixture("answers/colleague-power.ron")])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(one.stdout)
            .unwrap()
            .contains("## Where to start"),
        "not for a single ladder"
    );
}
