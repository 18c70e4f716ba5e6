//! Proving the rules' invariants over every path a walk can take.
//!
//! A walk's plan depends only on the facts its answers set and the ladders
//! they open, and what is still to come depends only on the questions
//! waiting and those already asked. So the paths are explored one answer at
//! a time, and paths that reach the same state are merged. States are taken
//! in order of how many questions may still come, so paths of different
//! lengths meet: one asked an extra follow-up merges with one that was not.
//!
//! What makes that small is settling things early. A fact is final once no
//! question that could still be asked sets it; a step's applicability is
//! settled once its ladder's fate and the facts it reads are; and once an
//! invariant's verdict on a path is settled, the path keeps only what steers
//! the rest of the walk (a fact a branch reads only until that branch is
//! passed). Pick-all questions are answered one choice at a
//! time in the same way, so twelve choices do not cost 4,095 answers.
//!
//! The exploration mirrors `engine::Walk` (facts set in choice order,
//! branches queued before the question's `then`, a question met twice asked
//! once); tests check the two agree, path by path.

use crate::code::Catalogue;
use crate::engine::Answer;
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use crate::rules::model::{Invariant, Rules, StepRef};
use crate::source::Diagnostic;
use crate::spans::Step;

mod bits;
mod explore;
mod goal;
mod machine;
mod settle;

use explore::Explored;
use goal::Goal;
use machine::Machine;

/// How many concerns are picked at once on the paths proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every path with one concern picked (and every safety answer).
    Single,
    /// Every path with one or two concerns picked.
    Pairs,
}

impl Scope {
    fn max_concerns(self) -> usize {
        match self {
            Scope::Single => 1,
            Scope::Pairs => 2,
        }
    }
}

/// What proving found.
#[derive(Debug, Clone)]
pub struct Proof {
    /// Paths explored (saturating at `u128::MAX`).
    pub paths: u128,
    /// Invariants that hold on all of them, the built-in one included.
    pub held: usize,
    /// A shortest path breaking each broken invariant.
    pub broken: Vec<Broken>,
}

/// An invariant and a path that breaks it. Kept on disk by `check`
/// between runs, so it (de)serialises.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Broken {
    /// Index into `rules.invariants`, or `None` for the built-in one.
    pub invariant: Option<usize>,
    pub name: String,
    /// Answers that replay the path with `dilemma walk --answers`.
    pub answers: Vec<Answer>,
}

/// The invariant every rule set has.
pub const BUILT_IN: &str = "every finished path cites a governing standard and has a first step";

/// Proves every invariant of `rules`, and the built-in one, over the paths
/// in `scope`. The rules must have passed `check` (every id resolves).
pub fn prove(rules: &Rules, scope: Scope) -> Proof {
    let machine = Machine::new(rules);
    let mut goals: Vec<(Option<usize>, Goal)> = vec![(None, Goal::built_in(&machine))];
    for (i, invariant) in rules.invariants.iter().enumerate() {
        if let Some(goal) = Goal::of(&machine, invariant) {
            goals.push((Some(i), goal));
        }
    }
    // The goals that track the most steps take longest (up to a hundred
    // times the others); started first, they do not finish alone at the end.
    goals.sort_by_key(|(_, goal)| std::cmp::Reverse(goal.steps.len()));
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    // Goals differ a hundredfold in cost, so each worker takes the next
    // goal when it is free rather than a fixed share.
    let taken = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(Option<usize>, Explored)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (machine, goals, taken) = (&machine, &goals, &taken);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let next = taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((i, goal)) = goals.get(next) else {
                            break done;
                        };
                        done.push((*i, machine.explore(goal, scope)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a proof thread does not panic"))
            .collect()
    });
    let mut proof = Proof {
        paths: 0,
        held: 0,
        broken: Vec::new(),
    };
    for (invariant, explored) in results {
        proof.paths = proof.paths.max(explored.paths);
        match explored.counterexample {
            None => proof.held += 1,
            Some(answers) => proof.broken.push(Broken {
                invariant,
                name: invariant.map_or(BUILT_IN.to_string(), |i| rules.invariants[i].name.clone()),
                answers,
            }),
        }
    }
    proof.broken.sort_by_key(|b| b.invariant);
    proof
}

/// The most questions the invariants are proven over.
pub const MAX_QUESTIONS: usize = 5_000;

/// Why the invariants of `set` cannot be proven at all, when they cannot:
/// checked before `prove`, which would take minutes and gigabytes.
pub fn refused(set: &RuleSet) -> Option<Diagnostic> {
    // What the search keeps per question grows with the number of
    // questions, so a graph this size would take minutes and gigabytes.
    (set.rules.questions.len() > MAX_QUESTIONS).then(|| {
        Diagnostic::error(
            set.origins[0].place(&[Step::Field("questions")]),
            format!(
                "{} questions are too many to prove the invariants over (at most {MAX_QUESTIONS})",
                set.rules.questions.len()
            ),
        )
        .with_hint(Some(
            "split the rules, or check a smaller file; real rule sets have a few hundred questions"
                .to_string(),
        ))
    })
}

/// Each invariant `proof` found broken, as an error at its place in the
/// file with the path that breaks it.
pub fn report(set: &RuleSet, code: &Catalogue, proof: &Proof) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for broken in &proof.broken {
        let place = match broken.invariant {
            Some(i) => {
                let origin = set.origin(set.rules.invariants[i].origin);
                origin.place(&[Step::Field("invariants"), Step::Nth(i)])
            }
            None => set.origins[0].place(&[Step::Field("ladders")]),
        };
        let mut hint = String::from(
            "this path breaks it; save the list as a file and replay it with `dilemma walk --answers FILE`:\n  [\n",
        );
        for answer in &broken.answers {
            let choices: Vec<String> = answer.choices.iter().map(|c| format!("{c:?}")).collect();
            hint.push_str(&format!(
                "      (question: {:?}, choices: [{}]),\n",
                answer.question,
                choices.join(", ")
            ));
        }
        hint.push_str("  ]");
        if let Ok(walk) = crate::engine::Walk::replay(&set.rules, &broken.answers) {
            let outcome = crate::outcome::Outcome::of(&walk, code);
            match outcome.first() {
                Some(first) => hint.push_str(&format!(
                    "\n  there the plan starts with {} ({}): {}",
                    first.id,
                    first.urgency.name(),
                    first.text
                )),
                None => hint.push_str("\n  there the plan is empty"),
            }
        }
        out.push(
            Diagnostic::error(
                place,
                format!("invariant \"{}\" does not hold", broken.name),
            )
            .with_hint(Some(hint)),
        );
    }
    out
}

/// Whether a finished walk keeps an invariant, read plainly off its
/// outcome: the meaning `prove` establishes for every path at once.
/// `None` names the built-in invariant.
pub fn keeps(rules: &Rules, invariant: Option<&Invariant>, outcome: &Outcome) -> bool {
    let Some(invariant) = invariant else {
        return outcome.standards.iter().any(|s| s.primary) && !outcome.plan.is_empty();
    };
    if invariant
        .when
        .as_ref()
        .is_some_and(|w| !w.holds(&outcome.facts))
    {
        return true;
    }
    let refs = |texts: &[String]| -> Vec<StepRef> {
        texts
            .iter()
            .filter_map(|t| StepRef::parse(t).ok())
            .collect()
    };
    let named = |item: &crate::outcome::PlanStep, refs: &[StepRef]| {
        std::iter::once(&item.id).chain(&item.also).any(|id| {
            let Some((ladder, step)) = id.split_once('.') else {
                return false;
            };
            let Some(step) = rules
                .ladders
                .get(ladder)
                .and_then(|l| l.steps.iter().find(|s| s.id == step))
            else {
                return false;
            };
            refs.iter().any(|r| r.matches(ladder, step))
        })
    };
    let plan = &outcome.plan;
    if let Some(most) = invariant.first_urgency {
        return plan.first().is_some_and(|p| p.urgency <= most);
    }
    if !invariant.never.is_empty() {
        let bad = refs(&invariant.never);
        return !plan.iter().any(|p| named(p, &bad));
    }
    if !invariant.never_first.is_empty() {
        let bad = refs(&invariant.never_first);
        return !plan.first().is_some_and(|p| named(p, &bad));
    }
    if !invariant.always.is_empty() {
        let wanted = refs(&invariant.always);
        return plan.iter().any(|p| named(p, &wanted));
    }
    if let Some((a, b)) = &invariant.before {
        let (a, b) = (refs(std::slice::from_ref(a)), refs(std::slice::from_ref(b)));
        return plan.iter().enumerate().all(|(i, x)| {
            !named(x, &a)
                || plan
                    .iter()
                    .enumerate()
                    .all(|(j, y)| i == j || !named(y, &b) || i < j)
        });
    }
    true
}
