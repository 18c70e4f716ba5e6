//! The command-line contract of `check`, `walk`, `standards` and `graph`:
//! output a person reads, and the exit codes scripts rely on.

use assert_cmd::Command;
use predicates::prelude::*;

fn dilemma() -> Command {
    let mut cmd = Command::cargo_bin("dilemma").unwrap();
    cmd.env("NO_COLOR", "1")
        .env("TERM", "dumb")
        // Proofs are shared by every test, and kept out of the real cache.
        .env(
            "DILEMMA_CACHE",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/proofs"),
        );
    cmd
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Also the proof that the shipped rules keep every invariant, the
/// built-in one included, over every path with one concern. It runs through
/// the binary so it shares the proof `check` keeps with the other tests.
#[test]
fn check_passes_on_the_embedded_rules_and_shows_coverage() {
    let invariants = dilemma::rules::RuleSet::embedded()
        .unwrap()
        .rules
        .invariants
        .len();
    dilemma()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("Checked assets/rules.ron"))
        .stdout(predicate::str::is_match(r"standards cited\s+\d+/44").unwrap())
        .stdout(predicate::str::contains("distinct paths"))
        .stdout(predicate::str::contains(format!(
            "invariants: {} hold over",
            invariants + 1
        )));
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
fn a_step_that_says_go_ahead_reads_today_though_it_ranks_as_a_hold() {
    // access-now.no-wait ranks with the holds (`Refrain`) so it comes before
    // them, but tells the worker to act: "Hold off" beside it would mislead.
    let out = dilemma()
        .args(["walk", "--answers", &fixture("answers/access-go-ahead.ron")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    let first = md.split("## Do this first").nth(1).expect("a first step");
    assert!(
        first.starts_with("\n\n1. **Today:** Put no wait and nothing lesser in their way"),
        "{md}"
    );
    let json = dilemma()
        .args(["walk", "--answers", &fixture("answers/access-go-ahead.ron")])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["plan"][0]["id"], "access-now.no-wait");
    assert_eq!(
        json["plan"][0]["urgency"], "Refrain",
        "the class is unchanged"
    );
}

#[test]
fn walk_with_a_power_imbalance_skips_the_private_talk_and_starts_above_the_colleague() {
    let md = dilemma()
        .args(["walk", "--answers", &fixture("answers/colleague-power.ron")])
        .output()
        .unwrap();
    assert!(md.status.success());
    let md = String::from_utf8(md.stdout).unwrap();
    let first = md.split("## Do this first").nth(1).expect("a first step");
    assert!(
        first.starts_with("\n\n1. **Next:** Take it to someone above the colleague"),
        "{md}"
    );
    assert!(!md.contains("Raise it privately"), "{md}");
    assert!(md.contains("more steps do not apply to your answers; run `walk` with `--all`"));
    assert!(md.contains("Standard 20:"));
    let all = dilemma()
        .args([
            "walk",
            "--all",
            "--answers",
            &fixture("answers/colleague-power.ron"),
        ])
        .output()
        .unwrap();
    let all = String::from_utf8(all.stdout).unwrap();
    let left = all
        .split("## Steps that do not apply")
        .nth(1)
        .expect("the steps left out");
    assert!(
        left.contains("Raise it privately with the colleague first"),
        "{all}"
    );
    assert!(
        left.contains(
            "Left out because you answered \"They, or someone close to them, supervise me"
        ),
        "{all}"
    );

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
    assert_eq!(json["role"], "worker");
    assert_eq!(json["plan"][0]["id"], "colleague-conduct.escalate");
    assert_eq!(json["plan"][0]["urgency"], "Address");
    assert_eq!(json["plan"][0]["basis"], "code");
    assert_eq!(json["plan"][0]["standards"], serde_json::json!([20]));
    assert_eq!(
        json["plan"][0]["applies_because"][0]["question"],
        "colleague.power"
    );
    assert!(json["left_out"].as_u64().unwrap() > 5);
    assert!(json.get("left_out_steps").is_none(), "only with --all");
    // The older shape is still there for readers that use it.
    let ladder = &json["ladders"][0];
    assert_eq!(ladder["id"], "colleague-conduct");
    assert_eq!(ladder["first_step"], "escalate");
    let talk = ladder["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "talk")
        .unwrap();
    assert_eq!(talk["applies"], false);
    assert_eq!(json["facts"]["power_imbalance"], "yes");
    assert_eq!(json["path"][2]["question"], "triage");
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
fn walk_on_egregious_conduct_by_a_peer_reports_it_and_never_talks_first() {
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
    assert_eq!(ladder["first_step"], "report-now");
    assert_eq!(json["plan"][0]["id"], "colleague-conduct.report-now");
    assert!(
        !json["plan"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "colleague-conduct.talk"),
        "no private talk for harm to a client"
    );
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
        .stderr(predicate::str::contains(format!("{path}:5:5: error:")))
        .stderr(predicate::str::contains(
            "has no choice \"awful\"; valid choices: harm, romance, harass, protect, impaired, credit, rights, lapse, records, demean, demean-posted, unsure",
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
        .stderr(predicate::str::contains("the next question is \"role\""));
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
            "\"safety\" -> \"role\" [label=\"then\", style=dashed];",
        ));
    dilemma()
        .args(["graph", "--format", "mermaid"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("flowchart TD"))
        .stdout(predicate::str::contains(" ...\"").not());
}

#[test]
fn graph_of_one_concern_draws_its_questions_in_full_as_a_picture() {
    let out = dilemma()
        .args(["graph", "--family", "colleague-conduct", "--format", "svg"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.starts_with("<?xml") && svg.contains("<svg"),
        "{svg:.200}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(
        svg.contains("colleague.severity"),
        "the concern's questions"
    );
    assert!(svg.contains(">triage<"), "the question that leads into it");
    assert!(!svg.contains("privacy.what"), "nothing from other concerns");

    let dot = dilemma()
        .args(["graph", "--family", "colleague"])
        .output()
        .unwrap();
    let dot = String::from_utf8(dot.stdout).unwrap();
    assert!(
        dot.contains("colleague.power\\nDoes this colleague have power over"),
        "full prompt, wrapped onto lines: {dot}"
    );

    dilemma()
        .args(["graph", "--family", "no-such-concern"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no question group or ladder is called \"no-such-concern\"",
        ));
}

#[test]
fn an_agency_overlay_adds_its_steps_and_checks_clean() {
    // Proving the shipped rules again with the example on top would double
    // the suite's longest test; CI checks that pair (`.ci/run`), and here
    // the same merge and proof run on the small rules.
    // The small rules leave a walk with no concern without a standard; the
    // copy gives it one, so the merged rules can check clean.
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.ron");
    let small = std::fs::read_to_string(fixture("rules-small.ron")).unwrap();
    let none = r#"(id: "none", label: "None of these", exclusive: true)"#;
    assert!(small.contains(none));
    let cited = r#"(id: "none", label: "None of these", exclusive: true, cite: [Primary(4, "Watch for risk.")], open: ["safety"])"#;
    std::fs::write(&rules, small.replace(none, cited)).unwrap();
    dilemma()
        .args(["check", "--rules", rules.to_str().unwrap()])
        .args(["--overlay", &fixture("overlay-small.ron")])
        .assert()
        .success()
        .stdout(predicate::str::contains("rules.ron + "))
        .stdout(predicate::str::contains("overlay-small.ron"))
        .stdout(predicate::str::contains("invariants: 1 hold over"));
    // Without its target step the overlay is refused.
    let broken = std::fs::read_to_string(fixture("overlay-small.ron"))
        .unwrap()
        .replace(r#"after: "supervisor""#, r#"after: "no-such-step""#);
    let overlay_path = dir.path().join("overlay.ron");
    std::fs::write(&overlay_path, broken).unwrap();
    dilemma()
        .args(["check", "--rules", rules.to_str().unwrap()])
        .args(["--overlay", overlay_path.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-step"));
    let overlay = format!("{}/examples/agency-overlay.ron", env!("CARGO_MANIFEST_DIR"));
    let out = dilemma()
        .args(["walk", "--format", "json", "--overlay", &overlay])
        .args(["--answers", &fixture("answers/colleague-power.ron")])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan: Vec<&str> = json["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    // The agency's step sorts by its own urgency among the plan's steps.
    assert!(plan.contains(&"colleague-conduct.hr"), "{plan:?}");
    let steps: Vec<&str> = json["ladders"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let after = steps.iter().position(|s| *s == "escalate").unwrap();
    assert_eq!(steps[after + 1], "hr", "slotted after the step it names");
}

#[test]
fn walk_with_two_concerns_prints_one_plan_in_the_same_order_as_the_json() {
    let answers = fixture("answers/conduct-and-placement.ron");
    let out = dilemma()
        .args(["walk", "--format", "json", "--answers", &answers])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["ladders"].as_array().unwrap().len() >= 2,
        "two ladders"
    );
    let plan = json["plan"].as_array().unwrap();
    let out = dilemma()
        .args(["walk", "--answers", &answers])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        md.matches("## Do this first").count(),
        1,
        "exactly one first step"
    );
    let mut last = 0;
    for step in plan {
        let text = step["text"].as_str().unwrap();
        let at = md
            .find(text)
            .unwrap_or_else(|| panic!("{text} not in {md}"));
        assert!(at >= last, "the Markdown keeps the plan's order");
        last = at;
    }
    // Urgency first: the placement's protective step leads, and with a
    // student at risk there is no private talk with the colleague at all.
    let ids: Vec<&str> = plan.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.first(), Some(&"placement.safeguard"), "{ids:?}");
    assert!(!ids.contains(&"colleague-conduct.talk"), "{ids:?}");
}

#[test]
fn every_option_of_every_command_says_what_it_does() {
    use clap::CommandFactory;
    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in command.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (the command)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&dilemma::cli::Cli::command(), "dilemma", &mut missing);
    assert!(missing.is_empty(), "without help text: {missing:?}");
}

#[test]
fn completions_and_the_manual_page_name_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        dilemma()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicates::str::contains("resume").and(predicates::str::contains("grade")));
    }
    dilemma().arg("man").assert().success().stdout(
        predicates::str::contains(".TH dilemma 1").and(predicates::str::contains("export")),
    );
}

/// A made-up copy in the shape of the official document: a title, section
/// headings in capitals, and "STANDARD N" opening each standard.
fn synthetic_official(skip: Option<u8>) -> String {
    let mut text = String::from("A MADE-UP COPY FOR TESTS\n\nRESPONSIBILITY TO CLIENTS\n\n");
    for n in (1..=44u8).filter(|n| Some(*n) != skip) {
        text.push_str(&format!(
            "STANDARD {n} Invented words for {n},\nover two lines.\n\n"
        ));
    }
    text
}

#[test]
fn standards_show_the_official_wording_from_the_users_copy_and_refuse_a_gap() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("official.txt");
    std::fs::write(&good, synthetic_official(None)).unwrap();
    dilemma()
        .args(["standards", "--where", "21", "--official"])
        .arg(&good)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("In short: ").and(predicate::str::contains(
                "Official wording (from your copy): Invented words for 21, over two lines.",
            )),
        );
    let json = dilemma()
        .args([
            "standards",
            "--search",
            "gift",
            "--format",
            "json",
            "--official",
        ])
        .arg(&good)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        json.as_array().unwrap().iter().all(|s| s["official"]
            .as_str()
            .unwrap()
            .starts_with("Invented words for")),
        "{json}"
    );

    let gap = dir.path().join("gap.txt");
    std::fs::write(&gap, synthetic_official(Some(30))).unwrap();
    dilemma()
        .args(["standards", "--official"])
        .arg(&gap)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "{}:92:1: error: standard 31, but standard 30 is missing",
            gap.display()
        )));
}

#[test]
fn everyday_search_words_find_the_standard_a_practitioner_means() {
    let text = std::fs::read_to_string("tests/fixtures/searches.ron").unwrap();
    let searches: Vec<(String, u8)> = ron::from_str(&text).unwrap();
    for (word, meant) in searches {
        let out = dilemma()
            .args(["standards", "--search", &word, "--format", "json"])
            .output()
            .unwrap();
        let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let top: Vec<u64> = found
            .as_array()
            .unwrap()
            .iter()
            .take(3)
            .map(|s| s["number"].as_u64().unwrap())
            .collect();
        assert!(
            top.contains(&u64::from(meant)),
            "searching {word:?} should find standard {meant} among the first three, found {top:?}"
        );
    }
}

/// A proof is kept between runs and reused only for the same rules: an
/// author re-checking scenarios does not wait minutes, and a changed rule
/// is never judged by a stale proof. (The base fixture breaks the built-in
/// invariant, which is what makes a reused verdict visible.)
#[test]
fn check_reuses_a_proof_only_for_the_same_rules() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.ron");
    let base = std::fs::read_to_string(fixture("check_base.ron")).unwrap();
    std::fs::write(&rules, &base).unwrap();
    let check = |extra: &[&str]| {
        let mut cmd = dilemma();
        cmd.env("DILEMMA_CACHE", cache.path())
            .args(["check", "--rules"])
            .arg(&rules)
            .args(extra);
        cmd.assert()
    };
    let reused = "proven before by this code on these exact rules";
    check(&[])
        .code(1)
        .stdout(predicate::str::contains("invariants: 0 hold, 1 broken"))
        .stdout(predicate::str::contains(reused).not());
    check(&[])
        .code(1)
        .stdout(predicate::str::contains("invariants: 0 hold, 1 broken"))
        .stdout(predicate::str::contains(reused));
    check(&["--fresh"])
        .code(1)
        .stdout(predicate::str::contains(reused).not());

    let broken = base.replacen(
        "    tensions: [",
        "    invariants: [(name: \"no supervisor\", never: [\"conduct.supervisor\"])],\n    tensions: [",
        1,
    );
    assert_ne!(broken, base);
    std::fs::write(&rules, &broken).unwrap();
    check(&[])
        .code(1)
        .stdout(predicate::str::contains("invariants: 0 hold, 2 broken"))
        .stdout(predicate::str::contains(reused).not())
        .stderr(predicate::str::contains(
            "invariant \"no supervisor\" does not hold",
        ));

    // A damaged cache only means proving again.
    std::fs::write(&rules, &base).unwrap();
    for entry in std::fs::read_dir(cache.path()).unwrap() {
        std::fs::write(entry.unwrap().path(), "(not a proof").unwrap();
    }
    check(&[])
        .code(1)
        .stdout(predicate::str::contains("invariants: 0 hold, 1 broken"))
        .stdout(predicate::str::contains(reused).not());
}
