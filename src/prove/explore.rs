//! The walk over every path, one answer at a time, merging paths that
//! reach the same state.

use std::collections::BTreeMap;
use std::collections::hash_map::Entry;
use std::hash::Hash;

use rustc_hash::FxHashMap as HashMap;

use super::Scope;
use super::bits::{Bits, bits, has, put, union};
use super::goal::Goal;
use super::machine::{C, Machine, N, View};
use crate::engine::Answer;

/// Whether a step applies, as far as can be told yet.
pub(super) const UNKNOWN: u8 = 0;
pub(super) const APPLIES: u8 = 1;
pub(super) const LEFT_OUT: u8 = 2;

/// Where a walk is, seen through one goal's eyes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct State {
    pub(super) current: Option<u16>,
    pub(super) queue: Vec<u16>,
    pub(super) asked: Bits,
    pub(super) memo: Memo,
}

/// What a goal remembers of a path: what it still needs to reach a verdict.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Memo {
    /// Tracked fact values by slot (0: unset, or no longer needed).
    pub(super) values: Vec<u8>,
    pub(super) opened: Bits,
    pub(super) primary: bool,
    /// For each goal step: UNKNOWN, APPLIES or LEFT_OUT.
    pub(super) status: Vec<u8>,
    /// The invariant's condition, once it cannot change (its facts are
    /// then dropped, so it must be remembered).
    pub(super) when: Option<bool>,
    /// Set once the goal's verdict on this path cannot change.
    pub(super) verdict: Option<bool>,
}

/// What the questions still to come can change.
pub(super) struct Ahead {
    /// Facts they may set.
    pub(super) live: Bits,
    /// Ladders they may open.
    pub(super) openable: Bits,
    /// Whether they may cite a governing standard.
    pub(super) primary: bool,
    /// Facts their branches read, and the current question's: a steering
    /// fact that none of them reads no longer steers anything.
    pub(super) steering: Bits,
}

/// A state's number of paths and the first of them found.
#[derive(Clone, Copy)]
pub(super) struct Reached {
    pub(super) paths: u128,
    pub(super) witness: u32,
    /// Answers on the witness path.
    pub(super) depth: u16,
}

pub(super) struct Explored {
    pub(super) paths: u128,
    pub(super) counterexample: Option<Vec<Answer>>,
}

/// The answers of the paths found, shared as a tree.
pub(super) struct Trail {
    pub(super) nodes: Vec<(u32, u16, Vec<u16>)>,
}

impl Trail {
    const ROOT: u32 = u32::MAX;

    pub(super) fn push(&mut self, parent: u32, question: u16, choices: Vec<u16>) -> u32 {
        self.nodes.push((parent, question, choices));
        u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX - 1)
    }

    pub(super) fn answers(&self, machine: &Machine<'_>, mut at: u32) -> Vec<Answer> {
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
    /// Explores every path in `scope` through the goal's eyes.
    ///
    /// States are taken in order of how many questions may still come,
    /// most first. Every answer lowers that number, so a state is taken
    /// only once every path into it has arrived, whatever its length: a
    /// path that was asked an extra follow-up question merges with one
    /// that was not as soon as the rest of their walks agree.
    pub(super) fn explore(&self, goal: &Goal, scope: Scope) -> Explored {
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
        let start = self.settle(goal, self.advance(start));
        let mut pending: BTreeMap<u32, HashMap<State, Reached>> = BTreeMap::new();
        pending.entry(self.to_come(&start)).or_default().insert(
            start,
            Reached {
                paths: 1,
                witness: Trail::ROOT,
                depth: 0,
            },
        );
        let mut paths: u128 = 0;
        // The shortest broken path found; of those, the one that sorts first.
        let mut broken: Vec<(u16, u32)> = Vec::new();
        while let Some((_, layer)) = pending.pop_last() {
            for (state, reached) in layer {
                let Some(q) = state.current else {
                    paths = paths.saturating_add(reached.paths);
                    if state.memo.verdict == Some(false) {
                        broken.push((reached.depth, reached.witness));
                    }
                    continue;
                };
                let q = usize::from(q);
                for (after, count, choices) in self.answers(goal, &state, q, scope) {
                    let more = reached.paths.saturating_mul(count);
                    let depth = reached.depth.saturating_add(1);
                    let bucket = pending.entry(self.to_come(&after)).or_default();
                    match bucket.entry(after) {
                        Entry::Occupied(mut e) => {
                            let r = e.get_mut();
                            r.paths = r.paths.saturating_add(more);
                            if depth < r.depth {
                                r.witness = trail.push(reached.witness, q as u16, choices);
                                r.depth = depth;
                            }
                        }
                        Entry::Vacant(e) => {
                            let witness = trail.push(reached.witness, q as u16, choices);
                            e.insert(Reached {
                                paths: more,
                                witness,
                                depth,
                            });
                        }
                    }
                }
            }
        }
        let shortest = broken.iter().map(|(depth, _)| *depth).min();
        let counterexample = broken
            .into_iter()
            .filter(|(depth, _)| Some(*depth) == shortest)
            .map(|(_, at)| trail.answers(self, at))
            .min_by_key(|answers| {
                answers
                    .iter()
                    .map(|a| (a.question.clone(), a.choices.clone()))
                    .collect::<Vec<_>>()
            });
        Explored {
            paths,
            counterexample,
        }
    }

    /// How many questions may still be asked from `state`. Answering one
    /// always lowers it, which orders the exploration.
    fn to_come(&self, state: &State) -> u32 {
        self.still_to_come(state)
            .iter()
            .map(|w| w.count_ones())
            .sum()
    }

    /// The questions that may still be asked from `state`.
    fn still_to_come(&self, state: &State) -> Bits {
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
        to_come
    }

    /// Every way to answer question `q` from `state`: the state after, how
    /// many answers lead there, and one of them.
    pub(super) fn answers(
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
        // This question's own branches are taken once its answer is whole.
        union(&mut ahead.steering, &question.reads);
        // The choices not yet considered can still set facts and open
        // ladders: walk the choices from the last, so each partial is
        // settled against those after it.
        let mut after: Vec<Ahead> = Vec::with_capacity(question.choices.len());
        for choice in question.choices.iter().rev() {
            after.push(Ahead {
                live: ahead.live.clone(),
                openable: ahead.openable.clone(),
                primary: ahead.primary,
                steering: ahead.steering.clone(),
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
        // Leaving a choice out keeps a partial as it is, so only the
        // partials that take it are new; the rest stay where they are.
        for (ci, choice) in question.choices.iter().enumerate() {
            let mut taken: Vec<(Partial, u128, Vec<u16>)> = Vec::new();
            for (partial, (count, witness)) in &partials {
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
                    taken.push((with, *count, w));
                }
            }
            for (with, count, w) in taken {
                merge(&mut partials, with, count, w);
            }
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
    pub(super) fn pick(&self, goal: &Goal, partial: &mut Partial, ci: usize, choice: &C) {
        let memo = &mut partial.memo;
        let settled = memo.verdict.is_some();
        for &(fact, value) in &choice.sets {
            if let Some(slot) = goal.fact_slot[fact]
                && (!settled || goal.steers[slot])
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
    pub(super) fn finish(&self, goal: &Goal, state: &State, q: usize, partial: Partial) -> State {
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
    pub(super) fn advance(&self, mut state: State) -> State {
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
    pub(super) fn ahead(&self, queue: &[u16]) -> Bits {
        let mut ahead = bits(self.questions.len());
        for &q in queue {
            union(&mut ahead, &self.reach[usize::from(q)]);
        }
        ahead
    }

    /// Settles what the questions still to come can no longer change.
    pub(super) fn settle(&self, goal: &Goal, mut state: State) -> State {
        let ahead = self.ahead_of(&self.still_to_come(&state));
        if state.memo.verdict.is_none() {
            self.settle_memo(goal, &mut state.memo, &ahead);
        } else {
            // A branch passed since: what it read steers nothing now.
            self.settled(goal, &mut state.memo, &ahead);
        }
        state
    }

    /// What the questions in `to_come` can change.
    pub(super) fn ahead_of(&self, to_come: &[u64]) -> Ahead {
        let mut ahead = Ahead {
            live: bits(self.facts.len()),
            openable: bits(self.rules.ladders.len()),
            primary: false,
            steering: bits(self.facts.len()),
        };
        for q in (0..self.questions.len()).filter(|&q| has(to_come, q)) {
            let question = &self.questions[q];
            union(&mut ahead.live, &question.sets);
            union(&mut ahead.openable, &question.opens);
            union(&mut ahead.steering, &question.reads);
            ahead.primary |= question.primary;
        }
        ahead
    }

    /// Settles each step's applicability, the invariant's condition and its
    /// verdict, as far as `ahead` allows. What a path no longer needs is
    /// dropped, so paths that agree on the rest merge.
    pub(super) fn settle_memo(&self, goal: &Goal, memo: &mut Memo, ahead: &Ahead) {
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
                    keep[slot] = has(&ahead.steering, goal.slot_fact[slot]);
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
        self.settled(goal, memo, ahead);
    }

    /// A settled path keeps only what steers the rest of the walk.
    pub(super) fn settled(&self, goal: &Goal, memo: &mut Memo, ahead: &Ahead) {
        for (slot, value) in memo.values.iter_mut().enumerate() {
            if !goal.steers[slot] || !has(&ahead.steering, goal.slot_fact[slot]) {
                *value = 0;
            }
        }
        memo.opened.iter_mut().for_each(|w| *w = 0);
        memo.primary = false;
        memo.status.clear();
    }
}

pub(super) fn merge<K: Hash + Eq>(
    map: &mut HashMap<K, (u128, Vec<u16>)>,
    key: K,
    count: u128,
    witness: Vec<u16>,
) {
    map.entry(key)
        .and_modify(|(c, _)| *c = c.saturating_add(count))
        .or_insert((count, witness));
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Target {
    Question(u16),
    /// A choice whose branch is settled once all the answer's facts are set.
    Branch(u16),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Partial {
    pub(super) memo: Memo,
    pub(super) targets: Vec<Target>,
    pub(super) picked: usize,
    pub(super) exclusive: bool,
}
