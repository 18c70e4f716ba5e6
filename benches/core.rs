//! Loading, checking and walking the embedded rules: the work `dilemma walk`
//! and the wizard's start-up do. Run with `cargo bench --bench core`.

use dilemma::code::Catalogue;
use dilemma::engine::{Answer, Walk};
use dilemma::outcome::Outcome;
use dilemma::prove::{Scope, prove};
use dilemma::rules::{RuleSet, check::check};

fn main() {
    divan::main();
}

/// A colleague-misconduct walk, the commonest shape.
fn answers() -> Vec<Answer> {
    vec![
        Answer::new("safety", &["no"]),
        Answer::new("role", &["worker"]),
        Answer::new("triage", &["conduct"]),
        Answer::new("colleague.severity", &["lapse"]),
        Answer::new("colleague.power", &["yes"]),
        Answer::new("colleague.talked", &["not-yet"]),
        Answer::new("colleague.wish", &["unknown"]),
        Answer::new("colleague.client-info", &["no"]),
    ]
}

#[divan::bench]
fn load_catalogue() -> Catalogue {
    Catalogue::embedded()
}

#[divan::bench]
fn parse_rules() -> RuleSet {
    RuleSet::embedded().unwrap()
}

#[divan::bench]
fn check_rules(bencher: divan::Bencher) {
    let set = RuleSet::embedded().unwrap();
    let code = Catalogue::embedded();
    bencher.bench_local(|| check(&set, &code));
}

/// What `dilemma check` adds to the checks: every invariant over every
/// path with one concern.
#[divan::bench(sample_count = 10)]
fn prove_single_concerns(bencher: divan::Bencher) {
    let set = RuleSet::embedded().unwrap();
    bencher.bench_local(|| prove(&set.rules, Scope::Single));
}

#[divan::bench]
fn walk_and_outcome(bencher: divan::Bencher) {
    let set = RuleSet::embedded().unwrap();
    let code = Catalogue::embedded();
    let answers = answers();
    bencher.bench_local(|| Outcome::of(&Walk::replay(&set.rules, &answers).unwrap(), &code));
}

/// Everything `dilemma walk --format json` does between start and print.
#[divan::bench]
fn whole_walk_command() -> String {
    let code = Catalogue::embedded();
    let set = RuleSet::embedded().unwrap();
    assert!(check(&set, &code).is_valid());
    let walk = Walk::replay(&set.rules, &answers()).unwrap();
    serde_json::to_string_pretty(&Outcome::of(&walk, &code)).unwrap()
}
