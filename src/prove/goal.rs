//! One invariant as the search sees it: what it tracks and how it judges.

use super::explore::{APPLIES, LEFT_OUT, UNKNOWN};
use super::machine::{Machine, Test, compile};
use crate::rules::model::{Cond, Invariant, PlanKey};

/// What one invariant needs to see, and how it judges a walk.
pub(super) struct Goal {
    /// Fact index -> slot in a state's values, for the facts tracked.
    pub(super) fact_slot: Vec<Option<usize>>,
    /// Slot -> fact index.
    pub(super) slot_fact: Vec<usize>,
    /// Ladder bit -> ladder index.
    pub(super) bit_ladder: Vec<usize>,
    /// Slots of the facts that steer branches: never dropped.
    pub(super) steering_slots: Vec<usize>,
    /// Slot -> whether it is one of `steering_slots`.
    pub(super) steers: Vec<bool>,
    /// Ladder index -> bit in a state's `opened`.
    pub(super) ladder_bit: Vec<Option<usize>>,
    /// Number of ladder bits.
    pub(super) ladders: usize,
    pub(super) track_primary: bool,
    pub(super) when: Option<Test>,
    pub(super) when_slots: Vec<usize>,
    /// The steps the verdict reads, by machine step index.
    pub(super) steps: Vec<usize>,
    /// For each of `steps`, the condition it applies on (besides its
    /// ladder being open).
    pub(super) step_when: Vec<Option<Test>>,
    /// For each of `steps`, the slots its condition reads.
    pub(super) step_slots: Vec<Vec<usize>>,
    pub(super) expect: Expect,
}

/// What a goal asks of a finished walk. Step lists hold positions in the
/// goal's `steps`.
pub(super) enum Expect {
    /// A governing standard is cited and some step applies.
    BuiltIn,
    /// Some step of the goal applies: for `first_urgency`, any step at
    /// least that urgent; for `always`, any step it names.
    AnyApplies,
    Never(Vec<usize>),
    NeverFirst(Vec<usize>),
    Before(Vec<usize>, Vec<usize>),
}

impl Goal {
    pub(super) fn new(
        machine: &Machine<'_>,
        when: Option<&Cond>,
        steps: Vec<usize>,
        expect: Expect,
        track_primary: bool,
    ) -> Goal {
        let step_when: Vec<Option<Test>> = steps
            .iter()
            .map(|&s| machine.steps[s].when.clone())
            .collect();
        let when = when.map(|w| compile(w, &machine.facts));
        let mut facts: Vec<usize> = machine.steering.clone();
        let mut when_facts = Vec::new();
        if let Some(w) = &when {
            w.facts(&mut when_facts);
        }
        let step_facts: Vec<Vec<usize>> = step_when
            .iter()
            .map(|when| {
                let mut out = Vec::new();
                if let Some(w) = when {
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
        let steering_slots = slots(&machine.steering);
        let mut steers = vec![false; facts.len()];
        for &slot in &steering_slots {
            steers[slot] = true;
        }
        Goal {
            slot_fact: facts.clone(),
            steers,
            bit_ladder: ladders.clone(),
            steering_slots,
            when_slots: slots(&when_facts),
            step_slots: step_facts.iter().map(|f| slots(f)).collect(),
            fact_slot,
            ladder_bit,
            ladders: ladders.len(),
            track_primary,
            when,
            steps,
            step_when,
            expect,
        }
    }

    pub(super) fn built_in(machine: &Machine<'_>) -> Goal {
        let steps = enough_to_apply(machine, (0..machine.steps.len()).collect());
        Goal::new(machine, None, steps, Expect::BuiltIn, true)
    }

    /// The goal of an invariant; `None` when it names no expectation
    /// (`check` reports that).
    pub(super) fn of(machine: &Machine<'_>, invariant: &Invariant) -> Option<Goal> {
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
            let steps = enough_to_apply(
                machine,
                (0..machine.steps.len())
                    .filter(|&s| machine.steps[s].urgency <= most)
                    .collect(),
            );
            return Some(Goal::new(machine, when, steps, Expect::AnyApplies, false));
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
            let steps = drop_never_first(machine, steps, &bad);
            let bad = positions(&steps, &bad);
            return Some(Goal::new(
                machine,
                when,
                steps,
                Expect::NeverFirst(bad),
                false,
            ));
        }
        if !invariant.always.is_empty() {
            let wanted = machine.refs(&invariant.always);
            return Some(Goal::new(machine, when, wanted, Expect::AnyApplies, false));
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
    pub(super) fn pending(&self, machine: &Machine<'_>, status: &[u8]) -> Vec<usize> {
        let unknown = |i: &usize| status[*i] == UNKNOWN;
        let key = |i: usize| machine.steps[self.steps[i]].key;
        let group = |i: usize| machine.steps[self.steps[i]].group;
        match &self.expect {
            Expect::BuiltIn | Expect::AnyApplies => (0..self.steps.len()).filter(unknown).collect(),
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
    pub(super) fn verdict(
        &self,
        machine: &Machine<'_>,
        status: &[u8],
        primary: Option<bool>,
    ) -> Option<bool> {
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
            Expect::AnyApplies => {
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
                let mut places: Vec<(u32, PlanKey)> = Vec::new();
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

/// For a goal that asks only whether one of `steps` applies, fewer steps
/// say as much: once a ladder has a step with no condition, its other steps
/// add nothing (they apply only where it does), and of several steps with
/// the same condition in one ladder, one will do. (Merging a ladder's
/// conditions into one would say as much too, but it keeps every fact they
/// read until all of them settle, and the paths stop merging.)
fn enough_to_apply(machine: &Machine<'_>, steps: Vec<usize>) -> Vec<usize> {
    let mut kept: Vec<usize> = Vec::new();
    for s in steps {
        let info = &machine.steps[s];
        let same_ladder = |k: &usize| machine.steps[*k].ladder == info.ladder;
        if info.when.is_none() {
            kept.retain(|k| !same_ladder(k));
            kept.push(s);
        } else if !kept.iter().any(|k| {
            same_ladder(k)
                && (machine.steps[*k].when.is_none() || machine.steps[*k].when == info.when)
        }) {
            kept.push(s);
        }
    }
    kept
}

/// For a goal that asks which step comes first, a step that an earlier step
/// of its own ladder always comes with (one with no condition, or the same
/// one) can never be first, nor place a plan entry, so it is not tracked.
/// Steps the invariant names, and those sharing a plan entry with them, are
/// kept. An earlier step that is itself dropped has an earlier one still
/// that applies wherever it does, so some kept step always stands before.
fn drop_never_first(machine: &Machine<'_>, steps: Vec<usize>, named: &[usize]) -> Vec<usize> {
    let named_groups: Vec<u32> = named.iter().map(|&s| machine.steps[s].group).collect();
    let shadowed = |s: usize| {
        let info = &machine.steps[s];
        !named_groups.contains(&info.group)
            && steps.iter().any(|&t| {
                let before = &machine.steps[t];
                before.ladder == info.ladder
                    && before.key < info.key
                    && (before.when.is_none() || before.when == info.when)
            })
    };
    steps.iter().copied().filter(|&s| !shadowed(s)).collect()
}
