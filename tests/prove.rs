//! The prover against the engine: on a small graph every path is walked
//! one by one and judged plainly, and the prover must agree on every
//! invariant and on the number of paths; a broken invariant's counterexample
//! must replay to a walk that breaks it; on the shipped rules, random walks
//! with more concerns than the prover covers keep every invariant.

use dilemma::code::Catalogue;
use dilemma::engine::{Answer, Walk};
use dilemma::outcome::Outcome;
use dilemma::prove::{Scope, keeps, prove};
use dilemma::rules::RuleSet;
use dilemma::rules::model::{Kind, Rules};
use dilemma::source::Source;
use proptest::prelude::*;

fn fixture() -> RuleSet {
    let text = include_str!("fixtures/prove/small.ron");
    RuleSet::parse(Source::new("small.ron", text), Vec::new()).expect("the fixture parses")
}

/// Every answer the walk could take at its current question.
fn answers(rules: &Rules, walk: &Walk<'_>, max_concerns: usize) -> Vec<Vec<String>> {
    let (id, question) = walk.current().expect("an unfinished walk has a question");
    let ids: Vec<String> = question.choices.iter().map(|c| c.id.clone()).collect();
    if question.kind == Kind::One {
        return ids.into_iter().map(|c| vec![c]).collect();
    }
    let limit = if rules.concerns.as_deref() == Some(id) {
        max_concerns
    } else {
        ids.len()
    };
    let mut out = Vec::new();
    for mask in 1u32..(1 << ids.len()) {
        let picked: Vec<String> = (0..ids.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| ids[i].clone())
            .collect();
        let exclusive = question
            .choices
            .iter()
            .any(|c| c.exclusive && picked.contains(&c.id));
        if picked.len() <= limit && !(exclusive && picked.len() > 1) {
            out.push(picked);
        }
    }
    out
}

/// Walks every path, calling `visit` with each finished walk.
fn every_path<'r>(rules: &'r Rules, walk: Walk<'r>, max: usize, visit: &mut dyn FnMut(&Walk<'r>)) {
    if walk.is_finished() {
        visit(&walk);
        return;
    }
    for choices in answers(rules, &walk, max) {
        let mut next = walk.clone();
        next.answer(choices).expect("every enumerated answer fits");
        every_path(rules, next, max, visit);
    }
}

#[test]
fn the_prover_agrees_with_walking_every_path_one_by_one() {
    let set = fixture();
    let code = Catalogue::embedded();
    let rules = &set.rules;
    for (scope, max) in [(Scope::Single, 1), (Scope::Pairs, 2)] {
        let mut paths: u128 = 0;
        // Built-in invariant first, then each of the rules' own.
        let mut broken = vec![false; rules.invariants.len() + 1];
        every_path(rules, Walk::new(rules), max, &mut |walk| {
            paths += 1;
            let outcome = Outcome::of(walk, &code);
            broken[0] |= !keeps(rules, None, &outcome);
            for (i, invariant) in rules.invariants.iter().enumerate() {
                broken[i + 1] |= !keeps(rules, Some(invariant), &outcome);
            }
        });
        let proof = prove(rules, scope);
        assert_eq!(proof.paths, paths, "{scope:?}: paths counted");
        let mut found = vec![false; rules.invariants.len() + 1];
        for b in &proof.broken {
            found[b.invariant.map_or(0, |i| i + 1)] = true;
        }
        assert_eq!(found, broken, "{scope:?}: which invariants break");
        assert_eq!(proof.held, broken.iter().filter(|b| !**b).count());
        // The fixture is made to break some and keep others.
        assert!(broken.iter().any(|b| *b) && broken.iter().any(|b| !*b));
    }
}

#[test]
fn each_counterexample_replays_to_a_walk_that_breaks_its_invariant() {
    let set = fixture();
    let code = Catalogue::embedded();
    let proof = prove(&set.rules, Scope::Pairs);
    assert!(proof.broken.len() >= 3, "{:?}", proof.broken);
    for broken in &proof.broken {
        let walk = Walk::replay(&set.rules, &broken.answers)
            .unwrap_or_else(|(i, e)| panic!("{}: answer {i} does not replay: {e}", broken.name));
        assert!(walk.is_finished(), "{}: the path is complete", broken.name);
        let invariant = broken.invariant.map(|i| &set.rules.invariants[i]);
        let outcome = Outcome::of(&walk, &code);
        assert!(
            !keeps(&set.rules, invariant, &outcome),
            "{}: the path it prints keeps it",
            broken.name
        );
    }
}

#[test]
fn a_counterexample_is_as_short_as_any() {
    let set = fixture();
    let code = Catalogue::embedded();
    let proof = prove(&set.rules, Scope::Single);
    let built_in = proof.broken.iter().find(|b| b.invariant.is_none()).unwrap();
    // Nothing in danger and no concern: three answers at most, and here two.
    assert_eq!(
        built_in.answers,
        vec![
            Answer::new("start", &["no"]),
            Answer::new("triage", &["none"])
        ]
    );
    let _ = code;
}

/// A random finished walk: each answer picked by a seed, with any number of
/// concerns.
fn random_walk<'r>(rules: &'r Rules, seeds: &[u64]) -> Walk<'r> {
    let mut walk = Walk::new(rules);
    let mut i = 0;
    while let Some((_, question)) = walk.current() {
        let seed = seeds[i % seeds.len()].wrapping_mul(0x9e37_79b9_7f4a_7c15 ^ i as u64);
        i += 1;
        let n = question.choices.len();
        let picked: Vec<String> = match question.kind {
            Kind::One => vec![question.choices[(seed as usize) % n].id.clone()],
            Kind::Many => {
                let mut picked: Vec<String> = question
                    .choices
                    .iter()
                    .enumerate()
                    .filter(|(j, c)| !c.exclusive && (seed >> (j % 64)) & 3 == 0)
                    .map(|(_, c)| c.id.clone())
                    .collect();
                if picked.is_empty() {
                    picked.push(question.choices[(seed as usize) % n].id.clone());
                }
                picked
            }
        };
        walk.answer(picked).expect("a random valid answer fits");
    }
    walk
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The prover covers one and two concerns; walks that pick three or
    /// more must keep the invariants too.
    #[test]
    fn random_walks_with_many_concerns_keep_every_invariant(
        seeds in prop::collection::vec(any::<u64>(), 1..30),
    ) {
        let set = RuleSet::embedded().unwrap();
        let code = Catalogue::embedded();
        let walk = random_walk(&set.rules, &seeds);
        let outcome = Outcome::of(&walk, &code);
        prop_assert!(keeps(&set.rules, None, &outcome), "built-in broken by {:?}", walk.answers());
        for invariant in &set.rules.invariants {
            prop_assert!(
                keeps(&set.rules, Some(invariant), &outcome),
                "\"{}\" broken by {:?}",
                invariant.name,
                walk.answers()
            );
        }
    }
}

/// A random small rule graph: questions only lead forward, so every walk
/// ends; facts with a few values, set by several questions; conditions,
/// ladders, shared steps and invariants of every kind drawn at random.
fn random_rules(seed: u64) -> Rules {
    use dilemma::rules::model::{
        Basis, Case, Choice, Cite, Cond, Invariant, Ladder, LadderStep, Next, OrderedMap, Question,
        SharedStep, Urgency,
    };
    let mut state = seed | 1;
    let mut next = move |n: usize| -> usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let facts = ["f0", "f1", "f2", "f3"];
    let values = ["a", "b", "c"];
    let cond = |depth: usize, next: &mut dyn FnMut(usize) -> usize| -> Cond {
        fn build(
            depth: usize,
            next: &mut dyn FnMut(usize) -> usize,
            facts: &[&str],
            values: &[&str],
        ) -> Cond {
            let leaf = |next: &mut dyn FnMut(usize) -> usize| {
                Cond::Fact(
                    facts[next(facts.len())].into(),
                    values[next(values.len())].into(),
                )
            };
            if depth == 0 {
                return leaf(next);
            }
            match next(4) {
                0 => Cond::All(
                    (0..2)
                        .map(|_| build(depth - 1, next, facts, values))
                        .collect(),
                ),
                1 => Cond::Any(
                    (0..2)
                        .map(|_| build(depth - 1, next, facts, values))
                        .collect(),
                ),
                2 => Cond::Not(Box::new(build(depth - 1, next, facts, values))),
                _ => leaf(next),
            }
        }
        build(depth, next, &facts, &values)
    };
    let ladder_ids = ["l0", "l1", "l2"];
    let count = 5 + next(3);
    let mut questions = OrderedMap::default();
    for q in 0..count {
        let many = q == 1 || next(3) == 0;
        let choices_n = 2 + next(2);
        let mut choices = Vec::new();
        for c in 0..choices_n {
            let mut set = OrderedMap::default();
            if next(3) != 0 {
                set.insert(
                    facts[next(facts.len())].to_string(),
                    values[next(values.len())].to_string(),
                );
            }
            let later =
                |next: &mut dyn FnMut(usize) -> usize| format!("q{}", q + 1 + next(count - q - 1));
            let target = if q + 1 < count { next(4) } else { 0 };
            choices.push(Choice {
                id: format!("c{c}"),
                label: format!("C{c}"),
                hint: None,
                set,
                cite: if next(2) == 0 {
                    vec![Cite::Primary(4, "r".into())]
                } else {
                    vec![Cite::Related(3, "r".into())]
                },
                open: if next(2) == 0 {
                    vec![ladder_ids[next(3)].to_string()]
                } else {
                    Vec::new()
                },
                next: match target {
                    1 => Next::Goto(later(&mut next)),
                    2 => Next::Branch {
                        cases: vec![Case {
                            when: cond(1, &mut next),
                            goto: later(&mut next),
                        }],
                        otherwise: (next(2) == 0).then(|| later(&mut next)),
                    },
                    _ => Next::End,
                },
                topic: None,
                exclusive: many && c == choices_n - 1 && next(3) == 0,
            });
        }
        let then = (q + 1 < count && (q == 0 || next(2) == 0))
            .then(|| format!("q{}", q + 1 + next(count - q - 1)));
        questions.insert(
            format!("q{q}"),
            Question {
                prompt: "p".into(),
                help: "h".into(),
                kind: if many { Kind::Many } else { Kind::One },
                choices,
                then,
                origin: 0,
            },
        );
    }
    let urgencies = Urgency::ALL;
    let mut shared_steps = OrderedMap::default();
    shared_steps.insert(
        "s".to_string(),
        SharedStep {
            text: "shared".into(),
            urgency: urgencies[next(7)],
            shown_as: None,
            variants: Vec::new(),
            origin: 0,
        },
    );
    let mut ladders = OrderedMap::default();
    for (l, id) in ladder_ids.iter().enumerate() {
        let steps = (0..2 + next(3))
            .map(|i| {
                let same = next(4) == 0;
                LadderStep {
                    id: format!("s{i}"),
                    text: if same {
                        "shared".into()
                    } else {
                        format!("step {l}.{i}")
                    },
                    urgency: Some(if same {
                        shared_steps.get("s").unwrap().urgency
                    } else {
                        urgencies[next(7)]
                    }),
                    shown_as: None,
                    basis: Some(Basis::Practice),
                    // A step that cannot wait reorders its class; the
                    // prover must agree with the outcome on where it lands.
                    now: !same && next(4) == 0,
                    same: same.then(|| "s".to_string()),
                    when: (next(3) != 0).then(|| cond(2, &mut next)),
                    note: None,
                    variants: Vec::new(),
                    origin: None,
                }
            })
            .collect();
        ladders.insert(
            id.to_string(),
            Ladder {
                title: id.to_string(),
                standards: vec![4],
                steps,
                origin: 0,
            },
        );
    }
    let step_ref = |next: &mut dyn FnMut(usize) -> usize, ladders: &OrderedMap<Ladder>| -> String {
        match next(5) {
            0 => format!("@{}", urgencies[next(7)].name()),
            1 => format!("{}.*", ladder_ids[next(3)]),
            _ => {
                let l = ladder_ids[next(3)];
                let n = ladders.get(l).unwrap().steps.len();
                format!("{l}.s{}", next(n))
            }
        }
    };
    let mut invariants = Vec::new();
    for k in 0..7 {
        let when = (next(2) == 0).then(|| cond(1, &mut next));
        let mut inv = Invariant {
            name: format!("i{k}"),
            when,
            first_urgency: None,
            never_first: Vec::new(),
            never: Vec::new(),
            before: None,
            always: Vec::new(),
            origin: 0,
        };
        match k % 5 {
            0 => inv.first_urgency = Some(urgencies[next(7)]),
            1 => inv.never = vec![step_ref(&mut next, &ladders)],
            2 => {
                inv.never_first = vec![step_ref(&mut next, &ladders), step_ref(&mut next, &ladders)]
            }
            3 => inv.before = Some((step_ref(&mut next, &ladders), step_ref(&mut next, &ladders))),
            _ => inv.always = vec![step_ref(&mut next, &ladders), step_ref(&mut next, &ladders)],
        }
        invariants.push(inv);
    }
    Rules {
        version: "random".into(),
        disclaimer: "d".into(),
        start: "q0".into(),
        concerns: Some("q1".into()),
        crisis: None,
        questions,
        shared_steps,
        wordings: Default::default(),
        ladders,
        tensions: Vec::new(),
        invariants,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// On random small graphs, the prover's verdict on every invariant and
    /// its count of paths match walking each path one by one.
    #[test]
    fn on_random_graphs_the_prover_matches_every_path(seed in any::<u64>()) {
        let rules = random_rules(seed);
        let code = Catalogue::embedded();
        for (scope, max) in [(Scope::Single, 1), (Scope::Pairs, 2)] {
            let mut paths: u128 = 0;
            let mut broken = vec![false; rules.invariants.len() + 1];
            every_path(&rules, Walk::new(&rules), max, &mut |walk| {
                paths += 1;
                let outcome = Outcome::of(walk, &code);
                broken[0] |= !keeps(&rules, None, &outcome);
                for (i, invariant) in rules.invariants.iter().enumerate() {
                    broken[i + 1] |= !keeps(&rules, Some(invariant), &outcome);
                }
            });
            let proof = prove(&rules, scope);
            prop_assert_eq!(proof.paths, paths);
            let mut found = vec![false; rules.invariants.len() + 1];
            for b in &proof.broken {
                found[b.invariant.map_or(0, |i| i + 1)] = true;
                let walk = Walk::replay(&rules, &b.answers).expect("a counterexample replays");
                let invariant = b.invariant.map(|i| &rules.invariants[i]);
                prop_assert!(!keeps(&rules, invariant, &Outcome::of(&walk, &code)));
            }
            prop_assert_eq!(&found, &broken, "seed {}, {:?}", seed, scope);
        }
    }
}
