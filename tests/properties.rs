//! Random walks on the embedded rules: every walk ends within the number of
//! questions, never panics, cites only real standards, and "change an answer"
//! always leaves a walk that replays to the same place.

use dilemma::code::Catalogue;
use dilemma::engine::{Answer, Walk};
use dilemma::outcome::Outcome;
use dilemma::rules::{Kind, Question, RuleSet};
use proptest::prelude::*;

/// Picks a valid answer to `question` from a random number: one choice, or
/// for a multi-choice question a random set that respects "none of these".
fn pick(question: &Question, seed: u64) -> Vec<String> {
    let first = &question.choices[(seed % question.choices.len() as u64) as usize];
    let mut picked = vec![first.id.clone()];
    if question.kind == Kind::One || first.exclusive {
        return picked;
    }
    for (i, choice) in question.choices.iter().enumerate() {
        let chosen = (seed >> (i % 64)) & 1 == 1;
        if chosen && !choice.exclusive && !picked.contains(&choice.id) {
            picked.push(choice.id.clone());
        }
    }
    picked
}

fn random_walk<'r>(set: &'r RuleSet, seeds: &[u64]) -> Walk<'r> {
    let mut walk = Walk::new(&set.rules);
    let mut seeds = seeds.iter().cycle();
    let limit = set.rules.questions.len();
    while let Some((_, question)) = walk.current() {
        let choices = pick(question, *seeds.next().unwrap());
        walk.answer(choices).expect("picked choices are valid");
        assert!(
            walk.answers().len() <= limit,
            "a walk asked more questions than exist"
        );
    }
    walk
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_walks_end_and_cite_only_real_standards(seeds in prop::collection::vec(any::<u64>(), 1..40)) {
        let set = RuleSet::embedded().unwrap();
        let code = Catalogue::embedded();
        let walk = random_walk(&set, &seeds);
        prop_assert!(walk.is_finished());
        let outcome = Outcome::of(&walk, &code);
        for standard in &outcome.standards {
            prop_assert!((1..=44).contains(&standard.number));
            prop_assert!(!standard.reasons.is_empty());
        }
        for ladder in &outcome.ladders {
            let first = ladder.steps.iter().find(|s| s.applies).map(|s| s.id.clone());
            prop_assert_eq!(&ladder.first_step, &first);
        }
        let replayed = Walk::replay(&set.rules, walk.answers()).unwrap();
        prop_assert_eq!(Outcome::of(&replayed, &code), outcome);
    }

    #[test]
    fn the_unexplained_outcome_is_the_outcome_without_its_reasons(
        seeds in prop::collection::vec(any::<u64>(), 1..40),
        stop in any::<prop::sample::Index>(),
    ) {
        let set = RuleSet::embedded().unwrap();
        let code = Catalogue::embedded();
        let walk = random_walk(&set, &seeds);
        // Finished walks and walks stopped part-way, as trainees hand in.
        let answers = &walk.answers()[..=stop.index(walk.answers().len())];
        let walk = Walk::replay(&set.rules, answers).unwrap();
        let mut outcome = Outcome::of(&walk, &code);
        for step in &mut outcome.plan {
            step.applies_because.clear();
        }
        for step in &mut outcome.left_out {
            step.because.clear();
        }
        for step in outcome.ladders.iter_mut().flat_map(|l| &mut l.steps) {
            step.because.clear();
        }
        prop_assert_eq!(Outcome::unexplained(&walk, &code), outcome);
    }

    #[test]
    fn changing_any_answer_leaves_a_consistent_walk(
        seeds in prop::collection::vec(any::<u64>(), 1..40),
        which in any::<prop::sample::Index>(),
        new_seed in any::<u64>(),
    ) {
        let set = RuleSet::embedded().unwrap();
        let mut walk = random_walk(&set, &seeds);
        let index = which.index(walk.answers().len());
        let target = walk.answers()[index].question.clone();
        let question = set.rules.questions.get(&target).unwrap();
        let before = walk.answers().to_vec();
        let dropped = walk.change(Answer { question: target.clone(), choices: pick(question, new_seed) }).unwrap();

        // Earlier answers are untouched; nothing is both kept and dropped.
        prop_assert_eq!(&walk.answers()[..index], &before[..index]);
        for gone in &dropped {
            prop_assert!(!walk.answers().iter().any(|a| a.question == gone.question));
        }
        // Kept, waiting and dropped together are the old answers (the
        // changed one aside), each once.
        for waiting in walk.pending() {
            prop_assert!(!walk.answers().iter().any(|a| a.question == waiting.question));
            prop_assert!(!dropped.iter().any(|a| a.question == waiting.question));
        }
        prop_assert_eq!(
            walk.answers().len() - 1 + walk.pending().len() + dropped.len(),
            before.len() - 1
        );
        // The walk is exactly what replaying its answers gives.
        let replayed = Walk::replay(&set.rules, walk.answers()).unwrap();
        prop_assert_eq!(replayed.current().map(|(id, _)| id), walk.current().map(|(id, _)| id));
    }
}
