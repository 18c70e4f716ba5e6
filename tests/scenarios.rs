//! Every scenario in `scenarios/` is a regression test of the rules: its key
//! answers must walk cleanly, cite every `must_cite`, cite nothing else as
//! governing beyond `may_cite`, and start each keyed ladder at its step.

use dilemma::code::Catalogue;
use dilemma::rules::RuleSet;
use dilemma::training;

#[test]
fn every_scenario_key_holds_on_the_embedded_rules() {
    let set = RuleSet::embedded().unwrap();
    let code = Catalogue::embedded();
    let (scenarios, load_errors) = training::embedded();
    let mut problems: Vec<String> = load_errors.iter().map(ToString::to_string).collect();
    for scenario in &scenarios {
        problems.extend(
            training::check(scenario, &set, &code)
                .iter()
                .map(ToString::to_string),
        );
    }
    assert!(
        problems.is_empty(),
        "scenario problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_folder_on_disk_matches_what_is_embedded() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let (on_disk, errors) = training::load_dir(&dir);
    let (embedded, _) = training::embedded();
    assert!(errors.is_empty() || !dir.exists(), "{errors:?}");
    let ids = |list: &[training::Loaded]| {
        list.iter()
            .map(|l| l.scenario.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&on_disk),
        ids(&embedded),
        "rebuild to embed new scenarios"
    );
}
