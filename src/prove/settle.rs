//! Settling early: what can no longer change is decided and dropped, so
//! paths that differ only in it merge.

use super::bits::{has, put};
use super::explore::{APPLIES, Ahead, LEFT_OUT, Memo, UNKNOWN};
use super::goal::{Expect, Goal};
use super::machine::{Machine, Test, View};

impl Machine<'_> {
    /// Settles each unknown step that can be settled on the facts as seen.
    pub(super) fn settle_steps(
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
    pub(super) fn settle_some(
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
            let when = goal.step_when[i]
                .as_ref()
                .map_or(Some(true), |w| w.eval(view));
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
    pub(super) fn bad_never_applies(
        &self,
        goal: &Goal,
        memo: &Memo,
        ahead: &Ahead,
        bad: &[usize],
    ) -> bool {
        // A condition already settled true has dropped its facts: leave it out.
        let when = goal.when.as_ref().filter(|_| memo.when.is_none());
        bad.iter().all(|&i| {
            // A settled step's facts may be gone; its status says it all.
            let own = match memo.status[i] {
                LEFT_OUT => return true,
                APPLIES => None,
                _ => goal.step_when[i].as_ref(),
            };
            let tests: Vec<&Test> = when.into_iter().chain(own).collect();
            !tests.is_empty() && !self.satisfiable(goal, memo, ahead, &tests)
        })
    }

    /// Whether, wherever the goal's condition holds, some step that sorts
    /// before every forbidden one is sure to apply, so that no forbidden
    /// step can come first. Only steps whose ladder is open already count,
    /// and only when no early step shares a group with a forbidden one.
    pub(super) fn guarded(&self, goal: &Goal, memo: &Memo, ahead: &Ahead, bad: &[usize]) -> bool {
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
            match &goal.step_when[i] {
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
    pub(super) fn satisfiable(
        &self,
        goal: &Goal,
        memo: &Memo,
        ahead: &Ahead,
        tests: &[&Test],
    ) -> bool {
        let mut vars = Vec::new();
        for t in tests {
            t.facts(&mut vars);
        }
        vars.retain(|&f| has(&ahead.live, f) && goal.fact_slot[f].is_some());
        let mut values = memo.values.clone();
        let mut live = ahead.live.clone();
        self.search(goal, tests, &vars, &mut values, &mut live)
    }

    pub(super) fn search(
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
    pub(super) fn split_cases(
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
        // Each live fact: its value now, or any value a choice gives it.
        let values_of = |slot: usize| -> Vec<u8> {
            let count = self.facts[goal.slot_fact[slot]].1.len();
            let mut values: Vec<u8> = (1..=count).filter_map(|v| u8::try_from(v).ok()).collect();
            if !values.contains(&state.values[slot]) {
                values.push(state.values[slot]);
            }
            values
        };
        let mut cases: usize = match primary {
            Some(_) => 1,
            None => 2,
        };
        let mut facts: Vec<usize> = Vec::new();
        let mut choices: Vec<Vec<u8>> = Vec::new();
        let mut ladders: Vec<usize> = Vec::new();
        // Counted as they are found, so a path with too many cases gives up
        // before reading every pending step.
        let mut read = |slots: &[usize], cases: &mut usize| {
            for &slot in slots {
                if has(live, goal.slot_fact[slot]) && !facts.contains(&slot) {
                    let values = values_of(slot);
                    *cases = cases.saturating_mul(values.len());
                    facts.push(slot);
                    choices.push(values);
                }
            }
        };
        if state.when.is_none() {
            read(&goal.when_slots, &mut cases);
        }
        if cases > MAX_CASES {
            return None;
        }
        let pending = goal.pending(self, &state.status);
        for &i in &pending {
            let s = goal.steps[i];
            read(&goal.step_slots[i], &mut cases);
            let ladder = self.steps[s].ladder;
            if let Some(bit) = goal.ladder_bit[ladder]
                && !has(&state.opened, bit)
                && has(openable, ladder)
                && !ladders.contains(&bit)
            {
                ladders.push(bit);
                cases = cases.saturating_mul(2);
            }
            if cases > MAX_CASES {
                return None;
            }
        }
        if facts.is_empty() && ladders.is_empty() && primary.is_some() {
            return None;
        }
        let fact_of = |slot: usize| Some(goal.slot_fact[slot]);
        let primaries: &[bool] = match primary {
            Some(_) => &[false],
            None => &[false, true],
        };
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
