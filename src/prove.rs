//! Proving the rules' invariants over every path a walk can take.
//!
//! A walk's plan depends only on the facts its answers set and the ladders
//! they open, and what is still to come depends only on the questions
//! waiting and those already asked. So the paths are explored breadth-first,
//! one answer at a time, and paths that reach the same state are merged.
//!
//! What makes that small is settling things early. A fact is final once no
//! question that could still be asked sets it; a step's applicability is
//! settled once its ladder's fate and the facts it reads are; and once an
//! invariant's verdict on a path is settled, the path keeps only what steers
//! the rest of the walk. Pick-all questions are answered one choice at a
//! time in the same way, so twelve choices do not cost 4,095 answers.
//!
//! The exploration mirrors `engine::Walk` (facts set in choice order,
//! branches queued before the question's `then`, a question met twice asked
//! once); tests check the two agree, path by path.

use std::collections::hash_map::Entry;
use std::hash::Hash;

use rustc_hash::FxHashMap as HashMap;

use crate::code::Catalogue;
use crate::engine::Answer;
use crate::outcome::Outcome;
use crate::rules::RuleSet;
use crate::rules::model::{Cond, Invariant, Kind, Next, Role, Rules, StepRef, Urgency};
use crate::source::Diagnostic;
use crate::spans::Step;

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

/// An invariant and a path that breaks it.
#[derive(Debug, Clone)]
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

/// Proves the invariants of a rule set that checks clean, and reports each
/// broken one at its place in the file, with a path that breaks it written
/// as an answers file.
pub fn diagnostics(set: &RuleSet, code: &Catalogue, scope: Scope) -> (Vec<Diagnostic>, Proof) {
    let proof = prove(&set.rules, scope);
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
    (out, proof)
}

/// A set of small indexes.
type Bits = Vec<u64>;

fn bits(len: usize) -> Bits {
    vec![0; len.div_ceil(64).max(1)]
}

fn has(set: &[u64], i: usize) -> bool {
    set[i / 64] & (1 << (i % 64)) != 0
}

fn put(set: &mut [u64], i: usize) {
    set[i / 64] |= 1 << (i % 64);
}

fn union(into: &mut [u64], from: &[u64]) {
    for (a, b) in into.iter_mut().zip(from) {
        *a |= b;
    }
}

/// The rules compiled to indexes, so states are small and hash fast.
struct Machine<'r> {
    rules: &'r Rules,
    questions: Vec<Q>,
    start: usize,
    concerns: Option<usize>,
    /// Fact names, and each fact's values (value ids count from 1).
    facts: Vec<(String, Vec<String>)>,
    /// Facts some branch reads: always tracked, since they steer the walk.
    steering: Vec<usize>,
    steps: Vec<StepInfo>,
    /// For each question, the questions it can lead to, itself included.
    reach: Vec<Bits>,
}

struct Q {
    id: String,
    many: bool,
    choices: Vec<C>,
    then: Option<usize>,
    /// Facts some choice of this question sets.
    sets: Bits,
    /// Ladders some choice of this question opens.
    opens: Bits,
    /// Some choice cites a governing standard.
    primary: bool,
}

struct C {
    id: String,
    sets: Vec<(usize, u8)>,
    opens: Vec<usize>,
    primary: bool,
    next: N,
    exclusive: bool,
}

enum N {
    End,
    Goto(usize),
    Branch(Vec<(Test, usize)>, Option<usize>),
}

struct StepInfo {
    ladder: usize,
    key: (Urgency, usize, usize),
    /// Steps that merge into one plan entry share a group number.
    group: u32,
    when: Option<Test>,
    urgency: Urgency,
}

/// A condition with its facts and values turned into indexes.
#[derive(Debug, Clone)]
enum Test {
    /// Fact index and value id; a fact or value no choice sets never matches.
    Is(usize, u8),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

impl Test {
    const NEVER: u8 = u8::MAX;

    /// The value on facts some of which may still change: `None` when the
    /// answer depends on one that may.
    fn eval(&self, view: &View<'_>) -> Option<bool> {
        match self {
            Test::Is(fact, value) => view.fact(*fact).map(|seen| seen == *value),
            Test::All(all) => {
                let mut known = true;
                for t in all {
                    match t.eval(view) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => known = false,
                    }
                }
                known.then_some(true)
            }
            Test::Any(any) => {
                let mut known = true;
                for t in any {
                    match t.eval(view) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => known = false,
                    }
                }
                known.then_some(false)
            }
            Test::Not(inner) => inner.eval(view).map(|v| !v),
        }
    }

    fn facts(&self, out: &mut Vec<usize>) {
        match self {
            Test::Is(fact, _) => {
                if *fact != usize::MAX && !out.contains(fact) {
                    out.push(*fact);
                }
            }
            Test::All(list) | Test::Any(list) => list.iter().for_each(|t| t.facts(out)),
            Test::Not(inner) => inner.facts(out),
        }
    }
}

/// The facts of a state as one goal sees them, with which may still change.
struct View<'a> {
    slots: &'a [Option<usize>],
    values: &'a [u8],
    /// Facts a question still to come may set; `None` once the walk is over.
    live: Option<&'a [u64]>,
}

impl View<'_> {
    fn fact(&self, fact: usize) -> Option<u8> {
        if fact == usize::MAX {
            return Some(0);
        }
        if self.live.is_some_and(|live| has(live, fact)) {
            return None;
        }
        Some(self.slots[fact].map_or(0, |slot| self.values[slot]))
    }
}

/// What one invariant needs to see, and how it judges a walk.
struct Goal {
    /// Fact index -> slot in a state's values, for the facts tracked.
    fact_slot: Vec<Option<usize>>,
    /// Slot -> fact index.
    slot_fact: Vec<usize>,
    /// Ladder bit -> ladder index.
    bit_ladder: Vec<usize>,
    /// Slots of the facts that steer branches: never dropped.
    steering_slots: Vec<usize>,
    /// Ladder index -> bit in a state's `opened`.
    ladder_bit: Vec<Option<usize>>,
    /// Number of ladder bits.
    ladders: usize,
    track_primary: bool,
    when: Option<Test>,
    when_slots: Vec<usize>,
    /// The steps the verdict reads, by machine step index.
    steps: Vec<usize>,
    /// For each of `steps`, the slots its condition reads.
    step_slots: Vec<Vec<usize>>,
    expect: Expect,
}

/// What a goal asks of a finished walk. Step lists hold positions in the
/// goal's `steps`.
enum Expect {
    /// A governing standard is cited and some step applies.
    BuiltIn,
    FirstUrgency,
    Never(Vec<usize>),
    NeverFirst(Vec<usize>),
    Before(Vec<usize>, Vec<usize>),
}

/// Whether a step applies, as far as can be told yet.
const UNKNOWN: u8 = 0;
const APPLIES: u8 = 1;
const LEFT_OUT: u8 = 2;

/// Where a walk is, seen through one goal's eyes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct State {
    current: Option<u16>,
    queue: Vec<u16>,
    asked: Bits,
    memo: Memo,
}

/// What a goal remembers of a path: what it still needs to reach a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Memo {
    /// Tracked fact values by slot (0: unset, or no longer needed).
    values: Vec<u8>,
    opened: Bits,
    primary: bool,
    /// For each goal step: UNKNOWN, APPLIES or LEFT_OUT.
    status: Vec<u8>,
    /// The invariant's condition, once it cannot change (its facts are
    /// then dropped, so it must be remembered).
    when: Option<bool>,
    /// Set once the goal's verdict on this path cannot change.
    verdict: Option<bool>,
}

/// What the questions still to come can change.
struct Ahead {
    /// Facts they may set.
    live: Bits,
    /// Ladders they may open.
    openable: Bits,
    /// Whether they may cite a governing standard.
    primary: bool,
}

/// A state's number of paths and the first of them found.
#[derive(Clone, Copy)]
struct Reached {
    paths: u128,
    witness: u32,
}

struct Explored {
    paths: u128,
    counterexample: Option<Vec<Answer>>,
}

/// The answers of the paths found, shared as a tree.
struct Trail {
    nodes: Vec<(u32, u16, Vec<u16>)>,
}

impl Trail {
    const ROOT: u32 = u32::MAX;

    fn push(&mut self, parent: u32, question: u16, choices: Vec<u16>) -> u32 {
        self.nodes.push((parent, question, choices));
        u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX - 1)
    }

    fn answers(&self, machine: &Machine<'_>, mut at: u32) -> Vec<Answer> {
        let mut out = Vec::new();
        while at != Trail::ROOT {
            let (parent, question, choices) = &self.nodes[at as usize];
            let q = &machine.questions[usize::from(*question)];
            out.push(Answer {
                question: q.id.clone(),
                choices: choices
                    .iter()
                    .map(|&c| q.choices[usize::from(c)].id.clone())
                    .collect(),
            });
            at = *parent;
        }
        out.reverse();
        out
    }
}

impl<'r> Machine<'r> {
    fn new(rules: &'r Rules) -> Machine<'r> {
        let index: HashMap<&str, usize> = rules
            .questions
            .keys()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let mut facts: Vec<(String, Vec<String>)> = Vec::new();
        for q in rules.questions.values() {
            for c in &q.choices {
                for (name, value) in c.set.iter() {
                    let f = match facts.iter().position(|(n, _)| n == name) {
                        Some(f) => f,
                        None => {
                            facts.push((name.to_string(), Vec::new()));
                            facts.len() - 1
                        }
                    };
                    if !facts[f].1.iter().any(|v| v == value) {
                        facts[f].1.push(value.clone());
                    }
                }
            }
        }
        let ladder_count = rules.ladders.len();
        let questions: Vec<Q> = rules
            .questions
            .iter()
            .map(|(id, q)| {
                let choices: Vec<C> = q
                    .choices
                    .iter()
                    .map(|c| C {
                        id: c.id.clone(),
                        sets: c.set.iter().map(|(n, v)| lookup(&facts, n, v)).collect(),
                        opens: c
                            .open
                            .iter()
                            .filter_map(|l| rules.ladders.position(l))
                            .collect(),
                        primary: c.cite.iter().any(|cite| cite.role() == Role::Primary),
                        next: match &c.next {
                            Next::End => N::End,
                            Next::Goto(t) => index.get(t.as_str()).map_or(N::End, |&i| N::Goto(i)),
                            Next::Branch { cases, otherwise } => N::Branch(
                                cases
                                    .iter()
                                    .filter_map(|case| {
                                        let to = *index.get(case.goto.as_str())?;
                                        Some((compile(&case.when, &facts), to))
                                    })
                                    .collect(),
                                otherwise.as_deref().and_then(|o| index.get(o).copied()),
                            ),
                        },
                        exclusive: c.exclusive,
                    })
                    .collect();
                let mut sets = bits(facts.len());
                let mut opens = bits(ladder_count);
                for c in &choices {
                    for &(f, _) in &c.sets {
                        put(&mut sets, f);
                    }
                    for &l in &c.opens {
                        put(&mut opens, l);
                    }
                }
                Q {
                    id: id.to_string(),
                    many: q.kind == Kind::Many,
                    then: q.then.as_deref().and_then(|t| index.get(t).copied()),
                    primary: choices.iter().any(|c| c.primary),
                    choices,
                    sets,
                    opens,
                }
            })
            .collect();
        let mut steering: Vec<usize> = Vec::new();
        for q in &questions {
            for c in &q.choices {
                if let N::Branch(cases, _) = &c.next {
                    for (test, _) in cases {
                        test.facts(&mut steering);
                    }
                }
            }
        }
        let mut steps = Vec::new();
        let mut groups: HashMap<String, u32> = HashMap::default();
        for (l, (lid, ladder)) in rules.ladders.iter().enumerate() {
            for (s, step) in ladder.steps.iter().enumerate() {
                let fresh = groups.len() as u32;
                steps.push(StepInfo {
                    ladder: l,
                    key: rules.plan_key(lid, s, step),
                    group: *groups.entry(step.merge_key(lid)).or_insert(fresh),
                    when: step.when.as_ref().map(|w| compile(w, &facts)),
                    urgency: step.urgency(),
                });
            }
        }
        let reach = reach(&questions);
        Machine {
            rules,
            start: index.get(rules.start.as_str()).copied().unwrap_or(0),
            concerns: rules
                .concerns
                .as_deref()
                .and_then(|c| index.get(c).copied()),
            questions,
            facts,
            steering,
            steps,
            reach,
        }
    }

    /// The steps a reference names.
    fn matching(&self, reference: &StepRef) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        for (lid, ladder) in self.rules.ladders.iter() {
            for step in &ladder.steps {
                if reference.matches(lid, step) {
                    out.push(i);
                }
                i += 1;
            }
        }
        out
    }

    fn refs(&self, texts: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = texts
            .iter()
            .filter_map(|t| StepRef::parse(t).ok())
            .flat_map(|r| self.matching(&r))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `steps`, with every step that shares a group with one of them.
    fn with_group_mates(&self, mut steps: Vec<usize>) -> Vec<usize> {
        let groups: Vec<u32> = steps.iter().map(|&s| self.steps[s].group).collect();
        steps.extend((0..self.steps.len()).filter(|i| groups.contains(&self.steps[*i].group)));
        steps.sort_unstable();
        steps.dedup();
        steps
    }

    /// Explores every path in `scope` through the goal's eyes.
    fn explore(&self, goal: &Goal, scope: Scope) -> Explored {
        let mut trail = Trail { nodes: Vec::new() };
        let start = State {
            current: None,
            queue: vec![self.start as u16],
            asked: bits(self.questions.len()),
            memo: Memo {
                values: vec![0; goal.slot_fact.len()],
                opened: bits(goal.ladders),
                primary: false,
                status: vec![UNKNOWN; goal.steps.len()],
                when: None,
                verdict: None,
            },
        };
        let mut layer: HashMap<State, Reached> = HashMap::default();
        layer.insert(
            self.settle(goal, self.advance(start)),
            Reached {
                paths: 1,
                witness: Trail::ROOT,
            },
        );
        let mut paths: u128 = 0;
        // One answer is added per layer, so the first layer with a broken
        // path has the shortest; of those, the one that sorts first is shown.
        let mut counterexample: Option<Vec<Answer>> = None;
        while !layer.is_empty() {
            let mut next: HashMap<State, Reached> = HashMap::default();
            let mut broken: Vec<u32> = Vec::new();
            for (state, reached) in layer {
                let Some(q) = state.current else {
                    paths = paths.saturating_add(reached.paths);
                    if state.memo.verdict == Some(false) && counterexample.is_none() {
                        broken.push(reached.witness);
                    }
                    continue;
                };
                let q = usize::from(q);
                for (after, count, choices) in self.answers(goal, &state, q, scope) {
                    let more = reached.paths.saturating_mul(count);
                    match next.entry(after) {
                        Entry::Occupied(mut e) => {
                            let r = e.get_mut();
                            r.paths = r.paths.saturating_add(more);
                        }
                        Entry::Vacant(e) => {
                            let witness = trail.push(reached.witness, q as u16, choices);
                            e.insert(Reached {
                                paths: more,
                                witness,
                            });
                        }
                    }
                }
            }
            if counterexample.is_none() {
                counterexample = broken
                    .into_iter()
                    .map(|at| trail.answers(self, at))
                    .min_by_key(|answers| {
                        answers
                            .iter()
                            .map(|a| (a.question.clone(), a.choices.clone()))
                            .collect::<Vec<_>>()
                    });
            }
            layer = next;
        }
        Explored {
            paths,
            counterexample,
        }
    }

    /// Every way to answer question `q` from `state`: the state after, how
    /// many answers lead there, and one of them.
    fn answers(
        &self,
        goal: &Goal,
        state: &State,
        q: usize,
        scope: Scope,
    ) -> Vec<(State, u128, Vec<u16>)> {
        let question = &self.questions[q];
        let limit = if Some(q) == self.concerns {
            scope.max_concerns()
        } else {
            usize::MAX
        };
        // What may still change once this question is answered: at most
        // what its successors and the queue can set. Partial answers are
        // settled against it as they grow, so they merge early.
        let mut to_come = self.ahead(&[q as u16]);
        union(&mut to_come, &self.ahead(&state.queue));
        for (word, asked) in to_come.iter_mut().zip(&state.asked) {
            *word &= !asked;
        }
        to_come[q / 64] &= !(1 << (q % 64));
        let mut ahead = self.ahead_of(&to_come);
        // The choices not yet considered can still set facts and open
        // ladders: walk the choices from the last, so each partial is
        // settled against those after it.
        let mut after: Vec<Ahead> = Vec::with_capacity(question.choices.len());
        for choice in question.choices.iter().rev() {
            after.push(Ahead {
                live: ahead.live.clone(),
                openable: ahead.openable.clone(),
                primary: ahead.primary,
            });
            for &(f, _) in &choice.sets {
                if f != usize::MAX {
                    put(&mut ahead.live, f);
                }
            }
            for &l in &choice.opens {
                put(&mut ahead.openable, l);
            }
            ahead.primary |= choice.primary;
        }
        after.reverse();
        // Partial answers, built one choice at a time in the order the
        // choices are written (the order the engine applies them in).
        let mut partials: HashMap<Partial, (u128, Vec<u16>)> = HashMap::default();
        partials.insert(
            Partial {
                memo: state.memo.clone(),
                targets: Vec::new(),
                picked: 0,
                exclusive: false,
            },
            (1, Vec::new()),
        );
        for (ci, choice) in question.choices.iter().enumerate() {
            let mut grown: HashMap<Partial, (u128, Vec<u16>)> = HashMap::default();
            for (partial, (count, witness)) in partials {
                // A one-choice question takes exactly one; a pick-all
                // question any set that the "none of these" rule allows.
                let may_pick = (question.many || partial.picked == 0)
                    && !partial.exclusive
                    && !(choice.exclusive && partial.picked > 0)
                    && partial.picked < limit;
                if may_pick {
                    let mut with = partial.clone();
                    self.pick(goal, &mut with, ci, choice);
                    self.settle_memo(goal, &mut with.memo, &after[ci]);
                    let mut w = witness.clone();
                    w.push(ci as u16);
                    merge(&mut grown, with, count, w);
                }
                merge(&mut grown, partial, count, witness);
            }
            partials = grown;
        }
        let mut out: HashMap<State, (u128, Vec<u16>)> = HashMap::default();
        for (partial, (count, witness)) in partials {
            if partial.picked == 0 {
                continue;
            }
            let after = self.finish(goal, state, q, partial);
            merge(&mut out, after, count, witness);
        }
        out.into_iter().map(|(s, (c, w))| (s, c, w)).collect()
    }

    /// Adds a choice to a partial answer. On a settled path only what
    /// steers the walk is kept, so choices that differ in nothing else merge.
    fn pick(&self, goal: &Goal, partial: &mut Partial, ci: usize, choice: &C) {
        let memo = &mut partial.memo;
        let settled = memo.verdict.is_some();
        for &(fact, value) in &choice.sets {
            if let Some(slot) = goal.fact_slot[fact]
                && (!settled || goal.steering_slots.contains(&slot))
            {
                memo.values[slot] = value;
            }
        }
        if !settled {
            for &l in &choice.opens {
                if let Some(bit) = goal.ladder_bit[l] {
                    put(&mut memo.opened, bit);
                }
            }
            memo.primary |= goal.track_primary && choice.primary;
        }
        let target = match &choice.next {
            N::End => None,
            N::Goto(t) => Some(Target::Question(*t as u16)),
            N::Branch(..) => Some(Target::Branch(ci as u16)),
        };
        if let Some(target) = target
            && partial.targets.last() != Some(&target)
        {
            partial.targets.push(target);
        }
        partial.picked += 1;
        partial.exclusive |= choice.exclusive;
    }

    /// The state after an answer whose choices made `partial`.
    fn finish(&self, goal: &Goal, state: &State, q: usize, partial: Partial) -> State {
        let question = &self.questions[q];
        let view = View {
            slots: &goal.fact_slot,
            values: &partial.memo.values,
            live: None,
        };
        let mut branches: Vec<u16> = Vec::new();
        for target in &partial.targets {
            let to = match target {
                Target::Question(t) => Some(*t),
                Target::Branch(ci) => match &question.choices[usize::from(*ci)].next {
                    N::Branch(cases, otherwise) => cases
                        .iter()
                        .find(|(when, _)| when.eval(&view) == Some(true))
                        .map(|(_, to)| *to)
                        .or(*otherwise)
                        .map(|t| t as u16),
                    _ => None,
                },
            };
            if let Some(to) = to
                && branches.last() != Some(&to)
            {
                branches.push(to);
            }
        }
        if let Some(then) = question.then {
            let then = then as u16;
            if branches.last() != Some(&then) {
                branches.push(then);
            }
        }
        branches.extend(state.queue.iter().copied());
        let mut asked = state.asked.clone();
        put(&mut asked, q);
        let next = self.advance(State {
            current: None,
            queue: branches,
            asked,
            memo: partial.memo,
        });
        self.settle(goal, next)
    }

    /// Moves to the first queued question not yet asked, and keeps the
    /// state in its simplest equal form: no question in the queue twice or
    /// asked already, and only those asked questions remembered that could
    /// still come up again.
    fn advance(&self, mut state: State) -> State {
        let mut queue = Vec::with_capacity(state.queue.len());
        for q in state.queue {
            if !has(&state.asked, usize::from(q)) && !queue.contains(&q) {
                queue.push(q);
            }
        }
        let ahead = self.ahead(&queue);
        for (word, bits) in state.asked.iter_mut().zip(&ahead) {
            *word &= bits;
        }
        state.current = (!queue.is_empty()).then(|| queue.remove(0));
        state.queue = queue;
        state
    }

    /// Every question that the queued ones may still lead to.
    fn ahead(&self, queue: &[u16]) -> Bits {
        let mut ahead = bits(self.questions.len());
        for &q in queue {
            union(&mut ahead, &self.reach[usize::from(q)]);
        }
        ahead
    }

    /// Settles what the questions still to come can no longer change.
    fn settle(&self, goal: &Goal, mut state: State) -> State {
        if state.memo.verdict.is_none() {
            let mut to_come = self.ahead(
                &state
                    .current
                    .iter()
                    .chain(&state.queue)
                    .copied()
                    .collect::<Vec<_>>(),
            );
            for (word, asked) in to_come.iter_mut().zip(&state.asked) {
                *word &= !asked;
            }
            let ahead = self.ahead_of(&to_come);
            self.settle_memo(goal, &mut state.memo, &ahead);
        }
        state
    }

    /// What the questions in `to_come` can change.
    fn ahead_of(&self, to_come: &[u64]) -> Ahead {
        let mut ahead = Ahead {
            live: bits(self.facts.len()),
            openable: bits(self.rules.ladders.len()),
            primary: false,
        };
        for q in (0..self.questions.len()).filter(|&q| has(to_come, q)) {
            let question = &self.questions[q];
            union(&mut ahead.live, &question.sets);
            union(&mut ahead.openable, &question.opens);
            ahead.primary |= question.primary;
        }
        ahead
    }

    /// Settles each step's applicability, the invariant's condition and its
    /// verdict, as far as `ahead` allows. What a path no longer needs is
    /// dropped, so paths that agree on the rest merge.
    fn settle_memo(&self, goal: &Goal, memo: &mut Memo, ahead: &Ahead) {
        if memo.verdict.is_none() {
            let view = View {
                slots: &goal.fact_slot,
                values: &memo.values,
                live: Some(&ahead.live),
            };
            self.settle_steps(goal, &mut memo.status, &memo.opened, &ahead.openable, &view);
            let primary = match (memo.primary, ahead.primary) {
                (true, _) => Some(true),
                (false, false) => Some(false),
                (false, true) => None,
            };
            let when = memo
                .when
                .or_else(|| goal.when.as_ref().map_or(Some(true), |w| w.eval(&view)));
            memo.when = when;
            let verdict = match when {
                Some(false) => Some(true),
                Some(true) => goal.verdict(self, &memo.status, primary),
                None => match goal.verdict(self, &memo.status, primary) {
                    Some(true) => Some(true),
                    _ => None,
                },
            }
            .or_else(|| {
                if when == Some(false) {
                    return None;
                }
                self.split_cases(goal, memo, ahead, primary)
            });
            memo.verdict = verdict;
            if verdict.is_none() {
                // Keep only the facts and ladders that something unsettled reads.
                let mut keep = vec![false; memo.values.len()];
                for &slot in &goal.steering_slots {
                    keep[slot] = true;
                }
                if when.is_none() {
                    for &slot in &goal.when_slots {
                        keep[slot] = true;
                    }
                }
                let mut keep_ladders = bits(goal.ladders);
                for (i, &s) in goal.steps.iter().enumerate() {
                    if memo.status[i] == UNKNOWN {
                        for &slot in &goal.step_slots[i] {
                            keep[slot] = true;
                        }
                        if let Some(b) = goal.ladder_bit[self.steps[s].ladder] {
                            put(&mut keep_ladders, b);
                        }
                    }
                }
                for (value, keep) in memo.values.iter_mut().zip(keep) {
                    if !keep {
                        *value = 0;
                    }
                }
                for (word, keep) in memo.opened.iter_mut().zip(&keep_ladders) {
                    *word &= keep;
                }
                return;
            }
        }
        self.settled(goal, memo);
    }

    /// A settled path keeps only what steers the rest of the walk.
    fn settled(&self, goal: &Goal, memo: &mut Memo) {
        for (slot, value) in memo.values.iter_mut().enumerate() {
            if !goal.steering_slots.contains(&slot) {
                *value = 0;
            }
        }
        memo.opened.iter_mut().for_each(|w| *w = 0);
        memo.primary = false;
        memo.status.clear();
    }
}

impl Machine<'_> {
    /// Settles each unknown step that can be settled on the facts as seen.
    fn settle_steps(
        &self,
        goal: &Goal,
        status: &mut [u8],
        opened: &[u64],
        openable: &[u64],
        view: &View<'_>,
    ) {
        let all: Vec<usize> = (0..goal.steps.len()).collect();
        self.settle_some(goal, status, &all, opened, openable, view);
    }

    /// `settle_steps` for the goal steps at `which` only.
    fn settle_some(
        &self,
        goal: &Goal,
        status: &mut [u8],
        which: &[usize],
        opened: &[u64],
        openable: &[u64],
        view: &View<'_>,
    ) {
        for &i in which {
            let s = goal.steps[i];
            if status[i] != UNKNOWN {
                continue;
            }
            let info = &self.steps[s];
            let open = goal.ladder_bit[info.ladder].is_some_and(|b| has(opened, b));
            let when = info.when.as_ref().map_or(Some(true), |w| w.eval(view));
            status[i] = match (open, has(openable, info.ladder), when) {
                (_, _, Some(false)) | (false, false, _) => LEFT_OUT,
                (true, _, Some(true)) => APPLIES,
                _ => UNKNOWN,
            };
        }
    }

    /// Whether, however the facts still to be set turn out, no step the
    /// goal forbids can apply while its condition holds: for each such step,
    /// the condition and the step's own are shown never to hold together.
    fn bad_never_applies(&self, goal: &Goal, memo: &Memo, ahead: &Ahead, bad: &[usize]) -> bool {
        // A condition already settled true has dropped its facts: leave it out.
        let when = goal.when.as_ref().filter(|_| memo.when.is_none());
        bad.iter().all(|&i| {
            // A settled step's facts may be gone; its status says it all.
            let own = match memo.status[i] {
                LEFT_OUT => return true,
                APPLIES => None,
                _ => self.steps[goal.steps[i]].when.as_ref(),
            };
            let tests: Vec<&Test> = when.into_iter().chain(own).collect();
            !tests.is_empty() && !self.satisfiable(goal, memo, ahead, &tests)
        })
    }

    /// Whether, wherever the goal's condition holds, some step that sorts
    /// before every forbidden one is sure to apply, so that no forbidden
    /// step can come first. Only steps whose ladder is open already count,
    /// and only when no early step shares a group with a forbidden one.
    fn guarded(&self, goal: &Goal, memo: &Memo, ahead: &Ahead, bad: &[usize]) -> bool {
        let key = |i: usize| self.steps[goal.steps[i]].key;
        let group = |i: usize| self.steps[goal.steps[i]].group;
        let live_bad: Vec<usize> = bad
            .iter()
            .copied()
            .filter(|&i| memo.status[i] != LEFT_OUT)
            .collect();
        let Some(first_bad) = live_bad.iter().map(|&i| key(i)).min() else {
            return true;
        };
        let bad_groups: Vec<u32> = bad.iter().map(|&i| group(i)).collect();
        let early: Vec<usize> = (0..goal.steps.len())
            .filter(|&i| key(i) < first_bad)
            .collect();
        if early.iter().any(|&i| bad_groups.contains(&group(i))) {
            return false;
        }
        let mut negated: Vec<Test> = Vec::new();
        for &i in &early {
            let info = &self.steps[goal.steps[i]];
            let open = goal.ladder_bit[info.ladder].is_some_and(|b| has(&memo.opened, b));
            match memo.status[i] {
                APPLIES => return true,
                LEFT_OUT => continue,
                _ if !open => continue,
                _ => {}
            }
            match &info.when {
                None => return true,
                Some(when) => negated.push(Test::Not(Box::new(when.clone()))),
            }
        }
        if negated.is_empty() {
            return false;
        }
        let when = goal.when.as_ref().filter(|_| memo.when.is_none());
        let tests: Vec<&Test> = when.into_iter().chain(negated.iter()).collect();
        !self.satisfiable(goal, memo, ahead, &tests)
    }

    /// Whether some way the live facts could still end up makes all of
    /// `tests` hold: a search that assigns one fact at a time and stops a
    /// branch as soon as a test fails.
    fn satisfiable(&self, goal: &Goal, memo: &Memo, ahead: &Ahead, tests: &[&Test]) -> bool {
        let mut vars = Vec::new();
        for t in tests {
            t.facts(&mut vars);
        }
        vars.retain(|&f| has(&ahead.live, f) && goal.fact_slot[f].is_some());
        let mut values = memo.values.clone();
        let mut live = ahead.live.clone();
        self.search(goal, tests, &vars, &mut values, &mut live)
    }

    fn search(
        &self,
        goal: &Goal,
        tests: &[&Test],
        vars: &[usize],
        values: &mut [u8],
        live: &mut [u64],
    ) -> bool {
        let view = View {
            slots: &goal.fact_slot,
            values,
            live: Some(live),
        };
        let mut settled = true;
        for t in tests {
            match t.eval(&view) {
                Some(false) => return false,
                Some(true) => {}
                None => settled = false,
            }
        }
        let Some((&fact, rest)) = vars.split_first() else {
            return settled;
        };
        if settled {
            return true;
        }
        let Some(slot) = goal.fact_slot[fact] else {
            return self.search(goal, tests, rest, values, live);
        };
        let now = values[slot];
        live[fact / 64] &= !(1 << (fact % 64));
        let count = self.facts[fact].1.len();
        let mut found = false;
        for value in std::iter::once(now).chain((1..=count).filter_map(|v| u8::try_from(v).ok())) {
            values[slot] = value;
            if self.search(goal, tests, rest, values, live) {
                found = true;
                break;
            }
        }
        values[slot] = now;
        live[fact / 64] |= 1 << (fact % 64);
        found
    }

    /// Tries every way the unsettled facts and ladders could still end up
    /// (each live fact keeping its value or taking any value a choice
    /// gives, each openable ladder opened or not). When the verdict is the
    /// same in all of them, it is settled. Gives up past a small number of
    /// cases: the path then simply stays unsettled a while longer.
    fn split_cases(
        &self,
        goal: &Goal,
        state: &Memo,
        ahead: &Ahead,
        primary: Option<bool>,
    ) -> Option<bool> {
        let (live, openable) = (&ahead.live, &ahead.openable);
        if let Expect::Never(bad) | Expect::NeverFirst(bad) = &goal.expect
            && self.bad_never_applies(goal, state, ahead, bad)
        {
            return Some(true);
        }
        if let Expect::NeverFirst(bad) = &goal.expect
            && self.guarded(goal, state, ahead, bad)
        {
            return Some(true);
        }
        const MAX_CASES: usize = 64;
        let mut facts: Vec<usize> = Vec::new();
        let mut ladders: Vec<usize> = Vec::new();
        let mut read = |slots: &[usize]| {
            for &slot in slots {
                if has(live, goal.slot_fact[slot]) && !facts.contains(&slot) {
                    facts.push(slot);
                }
            }
        };
        if state.when.is_none() {
            read(&goal.when_slots);
        }
        let pending = goal.pending(self, &state.status);
        for &i in &pending {
            let s = goal.steps[i];
            {
                read(&goal.step_slots[i]);
                let ladder = self.steps[s].ladder;
                if let Some(bit) = goal.ladder_bit[ladder]
                    && !has(&state.opened, bit)
                    && has(openable, ladder)
                    && !ladders.contains(&bit)
                {
                    ladders.push(bit);
                }
            }
        }
        let fact_of = |slot: usize| Some(goal.slot_fact[slot]);
        // Each live fact: its value now, or any value a choice gives it.
        let choices: Vec<Vec<u8>> = facts
            .iter()
            .map(|&slot| {
                let count = fact_of(slot).map_or(0, |f| self.facts[f].1.len());
                let mut values: Vec<u8> =
                    (1..=count).filter_map(|v| u8::try_from(v).ok()).collect();
                if !values.contains(&state.values[slot]) {
                    values.push(state.values[slot]);
                }
                values
            })
            .collect();
        let primaries: &[bool] = match primary {
            Some(_) => &[false],
            None => &[false, true],
        };
        let mut cases: usize = primaries.len();
        for values in &choices {
            cases = cases.saturating_mul(values.len());
        }
        cases = cases.saturating_mul(
            1usize
                .checked_shl(ladders.len() as u32)
                .unwrap_or(usize::MAX),
        );
        if cases > MAX_CASES || (facts.is_empty() && ladders.is_empty() && primary.is_some()) {
            return None;
        }
        // Facts not tried case by case stay as unsettled as they were.
        let mut still_live = live.to_vec();
        for &slot in &facts {
            if let Some(f) = fact_of(slot) {
                still_live[f / 64] &= !(1 << (f % 64));
            }
        }
        let mut verdict: Option<bool> = None;
        let mut pick = vec![0usize; choices.len()];
        loop {
            let mut values = state.values.clone();
            for (k, &slot) in facts.iter().enumerate() {
                values[slot] = choices[k][pick[k]];
            }
            let view = View {
                slots: &goal.fact_slot,
                values: &values,
                live: Some(&still_live),
            };
            let when = state
                .when
                .or_else(|| goal.when.as_ref().map_or(Some(true), |w| w.eval(&view)))?;
            for mask in 0..(1usize << ladders.len()) {
                let mut opened = state.opened.clone();
                for (k, &bit) in ladders.iter().enumerate() {
                    if mask & (1 << k) != 0 {
                        put(&mut opened, bit);
                    }
                }
                let mut status = state.status.clone();
                // Ladders not tried case by case may still open.
                let mut may_open = openable.to_vec();
                for &bit in &ladders {
                    let l = goal.bit_ladder[bit];
                    may_open[l / 64] &= !(1 << (l % 64));
                }
                self.settle_some(goal, &mut status, &pending, &opened, &may_open, &view);
                for &p in primaries {
                    let primary = primary.or(Some(p));
                    let here = !when || goal.verdict(self, &status, primary)?;
                    match verdict {
                        None => verdict = Some(here),
                        Some(v) if v != here => return None,
                        Some(_) => {}
                    }
                }
            }
            // The next assignment of live facts, like an odometer.
            let mut k = 0;
            while k < pick.len() {
                pick[k] += 1;
                if pick[k] < choices[k].len() {
                    break;
                }
                pick[k] = 0;
                k += 1;
            }
            if k == pick.len() {
                return verdict;
            }
        }
    }
}

impl Goal {
    fn new(
        machine: &Machine<'_>,
        when: Option<&Cond>,
        steps: Vec<usize>,
        expect: Expect,
        track_primary: bool,
    ) -> Goal {
        let when = when.map(|w| compile(w, &machine.facts));
        let mut facts: Vec<usize> = machine.steering.clone();
        let mut when_facts = Vec::new();
        if let Some(w) = &when {
            w.facts(&mut when_facts);
        }
        let step_facts: Vec<Vec<usize>> = steps
            .iter()
            .map(|&s| {
                let mut out = Vec::new();
                if let Some(w) = &machine.steps[s].when {
                    w.facts(&mut out);
                }
                out
            })
            .collect();
        for f in when_facts.iter().chain(step_facts.iter().flatten()) {
            if !facts.contains(f) {
                facts.push(*f);
            }
        }
        let mut fact_slot = vec![None; machine.facts.len()];
        for (slot, &f) in facts.iter().enumerate() {
            fact_slot[f] = Some(slot);
        }
        let slots =
            |list: &[usize]| -> Vec<usize> { list.iter().filter_map(|&f| fact_slot[f]).collect() };
        let mut ladders: Vec<usize> = steps.iter().map(|&s| machine.steps[s].ladder).collect();
        ladders.sort_unstable();
        ladders.dedup();
        let mut ladder_bit = vec![None; machine.rules.ladders.len()];
        for (bit, &l) in ladders.iter().enumerate() {
            ladder_bit[l] = Some(bit);
        }
        Goal {
            slot_fact: facts.clone(),
            bit_ladder: ladders.clone(),
            steering_slots: slots(&machine.steering),
            when_slots: slots(&when_facts),
            step_slots: step_facts.iter().map(|f| slots(f)).collect(),
            fact_slot,
            ladder_bit,
            ladders: ladders.len(),
            track_primary,
            when,
            steps,
            expect,
        }
    }

    fn built_in(machine: &Machine<'_>) -> Goal {
        let steps = (0..machine.steps.len()).collect();
        Goal::new(machine, None, steps, Expect::BuiltIn, true)
    }

    /// The goal of an invariant; `None` when it names no expectation
    /// (`check` reports that).
    fn of(machine: &Machine<'_>, invariant: &Invariant) -> Option<Goal> {
        let when = invariant.when.as_ref();
        // Positions in `steps` of the machine steps in `subset`.
        let positions = |steps: &[usize], subset: &[usize]| -> Vec<usize> {
            steps
                .iter()
                .enumerate()
                .filter(|(_, s)| subset.contains(s))
                .map(|(i, _)| i)
                .collect()
        };
        if let Some(most) = invariant.first_urgency {
            let steps: Vec<usize> = (0..machine.steps.len())
                .filter(|&s| machine.steps[s].urgency <= most)
                .collect();
            return Some(Goal::new(machine, when, steps, Expect::FirstUrgency, false));
        }
        if !invariant.never.is_empty() {
            let bad = machine.refs(&invariant.never);
            let all = (0..bad.len()).collect();
            return Some(Goal::new(machine, when, bad, Expect::Never(all), false));
        }
        if !invariant.never_first.is_empty() {
            let bad = machine.refs(&invariant.never_first);
            let last = bad.iter().map(|&s| machine.steps[s].key).max()?;
            let steps = machine.with_group_mates(
                (0..machine.steps.len())
                    .filter(|&s| machine.steps[s].key <= last)
                    .chain(bad.iter().copied())
                    .collect(),
            );
            let bad = positions(&steps, &bad);
            return Some(Goal::new(
                machine,
                when,
                steps,
                Expect::NeverFirst(bad),
                false,
            ));
        }
        if let Some((a, b)) = &invariant.before {
            let a = machine.refs(std::slice::from_ref(a));
            let b = machine.refs(std::slice::from_ref(b));
            let steps = machine.with_group_mates(a.iter().chain(&b).copied().collect());
            let (a, b) = (positions(&steps, &a), positions(&steps, &b));
            return Some(Goal::new(machine, when, steps, Expect::Before(a, b), false));
        }
        None
    }

    /// The unsettled steps the verdict is waiting on: those worth trying
    /// case by case.
    fn pending(&self, machine: &Machine<'_>, status: &[u8]) -> Vec<usize> {
        let unknown = |i: &usize| status[*i] == UNKNOWN;
        let key = |i: usize| machine.steps[self.steps[i]].key;
        let group = |i: usize| machine.steps[self.steps[i]].group;
        match &self.expect {
            Expect::BuiltIn | Expect::FirstUrgency => {
                (0..self.steps.len()).filter(unknown).collect()
            }
            Expect::Never(bad) => bad.iter().copied().filter(unknown).collect(),
            Expect::NeverFirst(bad) => {
                let first = (0..self.steps.len())
                    .filter(|&i| status[i] == APPLIES)
                    .min_by_key(|&i| key(i));
                match first {
                    None => (0..self.steps.len()).filter(unknown).collect(),
                    Some(first) => (0..self.steps.len())
                        .filter(unknown)
                        .filter(|&i| {
                            key(i) < key(first) || (group(i) == group(first) && bad.contains(&i))
                        })
                        .collect(),
                }
            }
            Expect::Before(..) => (0..self.steps.len()).filter(unknown).collect(),
        }
    }

    /// The verdict on step statuses, if they settle it.
    fn verdict(&self, machine: &Machine<'_>, status: &[u8], primary: Option<bool>) -> Option<bool> {
        let applies = |i: usize| status[i] == APPLIES;
        let unknown = |i: usize| status[i] == UNKNOWN;
        let all = 0..self.steps.len();
        match &self.expect {
            Expect::BuiltIn => {
                let any = if all.clone().any(applies) {
                    Some(true)
                } else if all.clone().any(unknown) {
                    None
                } else {
                    Some(false)
                };
                match (primary, any) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                }
            }
            Expect::FirstUrgency => {
                if all.clone().any(applies) {
                    Some(true)
                } else if all.clone().any(unknown) {
                    None
                } else {
                    Some(false)
                }
            }
            Expect::Never(bad) => {
                if bad.iter().any(|&i| applies(i)) {
                    Some(false)
                } else if bad.iter().any(|&i| unknown(i)) {
                    None
                } else {
                    Some(true)
                }
            }
            Expect::NeverFirst(bad) => {
                if bad.iter().all(|&i| status[i] == LEFT_OUT) {
                    return Some(true);
                }
                let key = |i: usize| machine.steps[self.steps[i]].key;
                let group = |i: usize| machine.steps[self.steps[i]].group;
                let first = all.clone().filter(|&i| applies(i)).min_by_key(|&i| key(i));
                let Some(first) = first else {
                    // Nothing applies yet; settled only if nothing ever will.
                    return (!all.clone().any(unknown)).then_some(true);
                };
                if all.clone().any(|i| unknown(i) && key(i) < key(first)) {
                    return None;
                }
                let mates: Vec<usize> = all.filter(|&i| group(i) == group(first)).collect();
                if mates.iter().any(|&i| applies(i) && bad.contains(&i)) {
                    Some(false)
                } else if mates.iter().any(|&i| unknown(i) && bad.contains(&i)) {
                    None
                } else {
                    Some(true)
                }
            }
            Expect::Before(a, b) => {
                let out = |set: &[usize]| set.iter().all(|&i| status[i] == LEFT_OUT);
                if out(a) || out(b) {
                    return Some(true);
                }
                let key = |i: usize| machine.steps[self.steps[i]].key;
                let group = |i: usize| machine.steps[self.steps[i]].group;
                let maybe = |i: usize| status[i] != LEFT_OUT;
                // Settled early when every step of `a` that may still apply
                // sorts before anything that could place a group of `b`:
                // a group sits no later than any of its applying steps.
                let lowest = |g: u32| {
                    all.clone()
                        .filter(|&i| maybe(i) && group(i) == g)
                        .map(key)
                        .min()
                };
                let safe = a.iter().filter(|&&i| maybe(i)).all(|&i| {
                    b.iter()
                        .filter(|&&j| maybe(j) && group(j) != group(i))
                        .all(|&j| lowest(group(j)).is_none_or(|low| key(i) < low))
                });
                if safe {
                    return Some(true);
                }
                if all.clone().any(unknown) {
                    return None;
                }
                // Each group sits where its earliest applying step does.
                let mut places: Vec<(u32, (Urgency, usize, usize))> = Vec::new();
                for i in all.filter(|&i| applies(i)) {
                    match places.iter_mut().find(|(g, _)| *g == group(i)) {
                        Some((_, place)) => *place = (*place).min(key(i)),
                        None => places.push((group(i), key(i))),
                    }
                }
                let place = |g: u32| places.iter().find(|(h, _)| *h == g).map(|(_, p)| *p);
                let groups = |set: &[usize]| -> Vec<u32> {
                    set.iter()
                        .filter(|&&i| applies(i))
                        .map(|&i| group(i))
                        .collect()
                };
                let (firsts, seconds) = (groups(a), groups(b));
                Some(
                    !firsts
                        .iter()
                        .any(|&x| seconds.iter().any(|&y| x != y && place(x) > place(y))),
                )
            }
        }
    }
}

fn merge<K: Hash + Eq>(
    map: &mut HashMap<K, (u128, Vec<u16>)>,
    key: K,
    count: u128,
    witness: Vec<u16>,
) {
    map.entry(key)
        .and_modify(|(c, _)| *c = c.saturating_add(count))
        .or_insert((count, witness));
}

/// For each question, every question it can lead to (itself included).
fn reach(questions: &[Q]) -> Vec<Bits> {
    let successors = |q: &Q| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in &q.choices {
            match &c.next {
                N::End => {}
                N::Goto(t) => out.push(*t),
                N::Branch(cases, otherwise) => {
                    out.extend(cases.iter().map(|(_, t)| *t));
                    out.extend(*otherwise);
                }
            }
        }
        out.extend(q.then);
        out
    };
    (0..questions.len())
        .map(|from| {
            let mut seen = bits(questions.len());
            let mut stack = vec![from];
            while let Some(q) = stack.pop() {
                if has(&seen, q) {
                    continue;
                }
                put(&mut seen, q);
                stack.extend(successors(&questions[q]));
            }
            seen
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    Question(u16),
    /// A choice whose branch is settled once all the answer's facts are set.
    Branch(u16),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Partial {
    memo: Memo,
    targets: Vec<Target>,
    picked: usize,
    exclusive: bool,
}

fn lookup(facts: &[(String, Vec<String>)], name: &str, value: &str) -> (usize, u8) {
    let Some(f) = facts.iter().position(|(n, _)| n == name) else {
        return (usize::MAX, Test::NEVER);
    };
    let v = facts[f]
        .1
        .iter()
        .position(|v| v == value)
        .and_then(|v| u8::try_from(v + 1).ok())
        .unwrap_or(Test::NEVER);
    (f, v)
}

fn compile(cond: &Cond, facts: &[(String, Vec<String>)]) -> Test {
    match cond {
        Cond::Fact(name, value) => {
            let (f, v) = lookup(facts, name, value);
            Test::Is(f, v)
        }
        Cond::All(list) => Test::All(list.iter().map(|c| compile(c, facts)).collect()),
        Cond::Any(list) => Test::Any(list.iter().map(|c| compile(c, facts)).collect()),
        Cond::Not(inner) => Test::Not(Box::new(compile(inner, facts))),
    }
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
