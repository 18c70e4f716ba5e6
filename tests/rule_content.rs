//! The shipped knowledge. The structure of the rule file is checked here;
//! what the rules tell a practitioner is checked by the cases in
//! `tests/cases/*.ron`: each is a full walk, as a practitioner would
//! answer, with what its plan must start with, hold and leave out. A rule
//! author adds a case there without writing Rust.

use std::collections::BTreeSet;
use std::path::Path;

use dilemma::code::{Catalogue, Domain};
use dilemma::engine::{Answer, Walk};
use dilemma::outcome::Outcome;
use dilemma::rules::RuleSet;
use dilemma::source::Source;
use dilemma::training;
use serde::Deserialize;

fn rules() -> RuleSet {
    RuleSet::embedded().expect("the embedded rules parse")
}

#[test]
fn all_44_standards_are_cited_and_the_rules_check_without_a_warning() {
    let report = dilemma::rules::check::check(&rules(), &Catalogue::embedded());
    let problems: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(
        report.summary.cited.len(),
        44,
        "not cited: {:?}",
        report.summary.uncited()
    );
}

#[test]
fn every_ladder_the_code_prescribes_exists_with_its_standard() {
    let set = rules();
    let required = [
        ("safety", 4),
        ("consent", 2),
        ("dual-relationship", 5),
        ("romance", 6),
        ("share-records", 8),
        ("other-helper", 18),
        ("colleague-conflict", 19),
        ("colleague-conduct", 20),
        ("employer-client", 24),
        ("qualifications", 27),
        ("new-technique", 31),
        ("self-care", 35),
        ("placement", 41),
        ("self-disclosure", 42),
        ("educator-boundaries", 43),
        ("student-work", 40),
    ];
    for (id, standard) in required {
        let ladder = set
            .rules
            .ladders
            .get(id)
            .unwrap_or_else(|| panic!("ladder \"{id}\" is missing"));
        assert!(
            ladder.standards.contains(&standard),
            "ladder \"{id}\" does not name standard {standard}"
        );
    }
}

#[test]
fn a_choice_that_opens_a_ladder_cites_a_standard_behind_it() {
    let set = rules();
    for (qid, question) in set.rules.questions.iter() {
        for choice in &question.choices {
            for id in &choice.open {
                let ladder = set.rules.ladders.get(id).unwrap();
                assert!(
                    choice
                        .cite
                        .iter()
                        .any(|c| ladder.standards.contains(&c.standard())),
                    "choice \"{}\" of \"{qid}\" opens \"{id}\" without citing any of {:?}",
                    choice.id,
                    ladder.standards
                );
            }
        }
    }
}

#[test]
fn every_conditional_step_says_in_words_when_it_applies() {
    let set = rules();
    for (id, ladder) in set.rules.ladders.iter() {
        for step in ladder.steps.iter().filter(|s| s.when.is_some()) {
            let note = step.note.as_deref().unwrap_or("");
            assert!(
                !note.trim().is_empty(),
                "step \"{}\" of \"{id}\" has a condition but no note",
                step.id
            );
        }
    }
}

#[test]
fn every_choice_that_sets_a_fact_says_what_it_means() {
    let set = rules();
    for (qid, question) in set.rules.questions.iter() {
        assert!(!question.help.trim().is_empty(), "{qid} has no help text");
        for choice in question.choices.iter().filter(|c| !c.set.is_empty()) {
            let words = choice.label.split_whitespace().count();
            assert!(
                choice.hint.is_some() || words >= 3,
                "choice \"{}\" of \"{qid}\" sets a fact with a bare label",
                choice.id
            );
        }
    }
}

#[test]
fn safety_is_asked_first_and_the_role_before_any_concern() {
    let set = rules();
    let mut walk = Walk::new(&set.rules);
    assert_eq!(walk.current().map(|(id, _)| id), Some("safety"));
    walk.answer(vec!["maybe".into()]).unwrap();
    assert_eq!(walk.current().map(|(id, _)| id), Some("danger.who"));
    let mut calm = Walk::new(&set.rules);
    calm.answer(vec!["no".into()]).unwrap();
    assert_eq!(calm.current().map(|(id, _)| id), Some("role"));
    calm.answer(vec!["student".into()]).unwrap();
    assert_eq!(calm.current().map(|(id, _)| id), Some("triage"));
}

#[test]
fn the_scenarios_cover_every_domain_and_check_clean() {
    let set = rules();
    let code = Catalogue::embedded();
    let (loaded, errors) = training::embedded();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(loaded.len() >= 45, "only {} scenarios", loaded.len());

    let mut domains = BTreeSet::new();
    let mut clear = 0;
    let mut compound = 0;
    let mut roles = BTreeSet::new();
    for item in &loaded {
        let problems = training::check(item, &set, &code);
        assert!(problems.is_empty(), "{}: {problems:?}", item.source.name);
        assert!(
            item.scenario.first_step.is_some(),
            "{} keys no first step",
            item.source.name
        );
        domains.extend(item.scenario.domains.iter().copied());
        let walk = Walk::replay(&set.rules, &item.scenario.answers).unwrap();
        let outcome = Outcome::of(&walk, &code);
        if outcome.code_is_clear {
            clear += 1;
        }
        roles.extend(outcome.facts.get("role").cloned());
        let topics: BTreeSet<&str> = walk
            .answer_topics()
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if topics.len() >= 2 {
            compound += 1;
        }
    }
    let missing: Vec<Domain> = Domain::ALL
        .into_iter()
        .filter(|d| !domains.contains(d))
        .collect();
    assert!(missing.is_empty(), "no scenario for {missing:?}");
    assert!(clear >= 2, "only {clear} scenarios where the code is clear");
    assert!(compound >= 8, "only {compound} compound scenarios");
    assert_eq!(roles.len(), 6, "roles keyed: {roles:?}");
}

// ---------------------------------------------------------------------------
// The cases.
// ---------------------------------------------------------------------------

/// One walk and what its outcome must show.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The walk, question by question: (question id, [choice ids]).
    answers: Vec<(String, Vec<String>)>,
    /// The plan's first step, as `ladder.step`.
    #[serde(default)]
    first: Option<String>,
    /// Steps that must be in the plan.
    #[serde(default)]
    plan_has: Vec<String>,
    /// Steps that must not be in the plan (they may be left out, or the
    /// ladder never opened).
    #[serde(default)]
    plan_lacks: Vec<String>,
    /// Pairs of steps, the first before the second in the plan.
    #[serde(default)]
    order: Vec<(String, String)>,
    /// A plan step and words its text must hold: fixes made by rewording.
    #[serde(default)]
    says: Vec<(String, String)>,
    /// Standards cited, as governing or related.
    #[serde(default)]
    cites: Vec<u8>,
    /// Standards cited as governing.
    #[serde(default)]
    governs: Vec<u8>,
    /// Standards that must not be cited as governing.
    #[serde(default)]
    not_governing: Vec<u8>,
    /// Tensions that must show.
    #[serde(default)]
    tensions: Vec<String>,
    /// Tensions that must not show.
    #[serde(default)]
    no_tensions: Vec<String>,
    /// Whether the crisis banner shows.
    #[serde(default)]
    crisis: Option<bool>,
    /// Whether the code is clear.
    #[serde(default)]
    clear: Option<bool>,
    /// The question an unfinished walk stops at: the plan is checked as a
    /// practitioner who stops there would read it.
    #[serde(default)]
    stops_at: Option<String>,
}

/// What is wrong with the case's walk, if anything.
fn problems(case: &Case, set: &RuleSet, code: &Catalogue) -> Vec<String> {
    let answers: Vec<Answer> = case
        .answers
        .iter()
        .map(|(q, c)| Answer {
            question: q.clone(),
            choices: c.clone(),
        })
        .collect();
    let walk = match Walk::replay(&set.rules, &answers) {
        Ok(walk) => walk,
        Err((i, e)) => return vec![format!("answer {} does not fit: {e}", i + 1)],
    };
    let next = walk.current().map(|(next, _)| next.to_string());
    if next != case.stops_at {
        return vec![match next {
            Some(next) => format!("the walk stops early, at \"{next}\""),
            None => "the walk is finished, though the case says it stops".to_string(),
        }];
    }
    let outcome = Outcome::of(&walk, code);
    let mut out = Vec::new();
    let position = |id: &str| outcome.plan.iter().position(|p| p.is(id));
    let ids: Vec<&str> = outcome.plan.iter().map(|p| p.id.as_str()).collect();
    if let Some(first) = &case.first
        && !outcome.first().is_some_and(|p| p.is(first))
    {
        out.push(format!("starts with {:?}, not \"{first}\"", ids.first()));
    }
    for id in &case.plan_has {
        if position(id).is_none() {
            out.push(format!("\"{id}\" is not in the plan {ids:?}"));
        }
    }
    for id in &case.plan_lacks {
        if position(id).is_some() {
            out.push(format!("\"{id}\" is in the plan"));
        }
    }
    for (a, b) in &case.order {
        match (position(a), position(b)) {
            (Some(x), Some(y)) if x < y => {}
            (x, y) => out.push(format!(
                "\"{a}\" ({x:?}) should come before \"{b}\" ({y:?})"
            )),
        }
    }
    for (id, words) in &case.says {
        match outcome.plan.iter().find(|p| p.is(id)) {
            Some(step) if step.text.contains(words.as_str()) => {}
            Some(_) => out.push(format!("\"{id}\" does not say \"{words}\"")),
            None => out.push(format!("\"{id}\" is not in the plan {ids:?}")),
        }
    }
    let cited = outcome.cited_numbers();
    let governing = outcome.primary_numbers();
    for n in &case.cites {
        if !cited.contains(n) {
            out.push(format!("standard {n} is not cited ({cited:?})"));
        }
    }
    for n in &case.governs {
        if !governing.contains(n) {
            out.push(format!("standard {n} does not govern ({governing:?})"));
        }
    }
    for n in &case.not_governing {
        if governing.contains(n) {
            out.push(format!("standard {n} governs, but should not"));
        }
    }
    let tensions: Vec<&str> = outcome.tensions.iter().map(|t| t.id.as_str()).collect();
    for t in &case.tensions {
        if !tensions.contains(&t.as_str()) {
            out.push(format!("tension \"{t}\" does not show ({tensions:?})"));
        }
    }
    for t in &case.no_tensions {
        if tensions.contains(&t.as_str()) {
            out.push(format!("tension \"{t}\" shows, but should not"));
        }
    }
    if let Some(crisis) = case.crisis
        && outcome.crisis != crisis
    {
        out.push(format!(
            "the crisis banner is {}",
            if outcome.crisis { "on" } else { "off" }
        ));
    }
    if let Some(clear) = case.clear
        && outcome.code_is_clear != clear
    {
        out.push(format!("code_is_clear is {}", outcome.code_is_clear));
    }
    out
}

#[test]
fn every_case_in_tests_cases_holds() {
    let set = rules();
    let code = Catalogue::embedded();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let source = Source::read(path).unwrap_or_else(|d| panic!("{d}"));
        let cases: Vec<Case> = source.parse().unwrap_or_else(|d| panic!("{d}"));
        for case in &cases {
            count += 1;
            for problem in problems(case, &set, &code) {
                failures.push(format!(
                    "{}: \"{}\": {problem}",
                    path.file_name().unwrap().to_string_lossy(),
                    case.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 100, "only {count} cases");
}
