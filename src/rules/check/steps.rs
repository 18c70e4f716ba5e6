//! Checks on what the plan is built from: each step's urgency and basis,
//! shared steps, the concerns question, and the invariants.

use std::collections::BTreeSet;

use super::Checker;
use crate::code::STANDARD_COUNT;
use crate::rules::model::{Basis, Kind, StepRef, Urgency};
use crate::source::did_you_mean;
use crate::spans::Step;

impl Checker<'_> {
    pub(super) fn plan_parts(&mut self) {
        self.steps_have_urgency_and_basis();
        self.shared_steps();
        self.concerns_question();
        self.invariants();
    }

    fn steps_have_urgency_and_basis(&mut self) {
        let rules = self.rules;
        let urgencies: Vec<&str> = Urgency::ALL.iter().map(|u| u.name()).collect();
        for (lid, ladder) in rules.ladders.iter() {
            if lid.contains(['.', '*', '@']) {
                let place = self.at_ladder(lid, &[]);
                self.error(
                    place,
                    format!("ladder id \"{lid}\" may not contain '.', '*' or '@'"),
                    Some("invariants name steps as \"ladder.step\"".into()),
                );
            }
            for step in &ladder.steps {
                if step.urgency.is_none() {
                    let place = self.at_step(lid, step, &[]);
                    self.error(
                        place,
                        format!("step \"{}\" of ladder \"{lid}\" has no urgency", step.id),
                        Some(format!(
                            "add `urgency: ...`, one of {}, or `same: \"id\"` to use a shared step",
                            urgencies.join(", ")
                        )),
                    );
                }
                match step.basis {
                    None => {
                        let place = self.at_step(lid, step, &[]);
                        self.error(
                            place,
                            format!("step \"{}\" of ladder \"{lid}\" has no basis", step.id),
                            Some(
                                "add `basis: Code(n)` where standard n prescribes the step, or `basis: Practice`"
                                    .into(),
                            ),
                        );
                    }
                    Some(Basis::Code(n)) if self.code.get(n).is_none() => {
                        let place = self.at_step(lid, step, &[Step::Field("basis")]);
                        self.error(
                            place,
                            format!(
                                "standard {n} does not exist: the code has standards 1 to {STANDARD_COUNT}"
                            ),
                            None,
                        );
                    }
                    Some(_) => {}
                }
            }
        }
    }

    fn shared_steps(&mut self) {
        let rules = self.rules;
        let used: BTreeSet<&str> = rules
            .ladders
            .values()
            .flat_map(|l| l.steps.iter())
            .filter_map(|s| s.same.as_deref())
            .collect();
        for (id, shared) in rules.shared_steps.iter() {
            let origin = self.set.origin(shared.origin);
            if shared.text.trim().is_empty() {
                let place = origin.place(&[
                    Step::Field("shared_steps"),
                    Step::Key(id),
                    Step::Field("text"),
                ]);
                self.error(place, format!("shared step \"{id}\" has no text"), None);
            }
            if !used.contains(id) {
                let place = origin.place(&[Step::Field("shared_steps"), Step::Key(id)]);
                self.warn(
                    place,
                    format!("shared step \"{id}\" is not used by any ladder"),
                );
            }
        }
    }

    fn concerns_question(&mut self) {
        let rules = self.rules;
        let Some(concerns) = &rules.concerns else {
            return;
        };
        let place = self.set.origins[0].place(&[Step::Field("concerns")]);
        match rules.questions.get(concerns) {
            None => self.error(
                place,
                format!("the concerns question \"{concerns}\" does not exist"),
                did_you_mean(concerns, rules.questions.keys()),
            ),
            Some(q) if q.kind != Kind::Many => self.error(
                place,
                format!("the concerns question \"{concerns}\" must be a pick-all (Many) question"),
                None,
            ),
            Some(_) => {}
        }
    }

    fn invariants(&mut self) {
        let rules = self.rules;
        let mut names = BTreeSet::new();
        for (i, invariant) in rules.invariants.iter().enumerate() {
            let origin = self.set.origin(invariant.origin);
            let at = |rest: &[Step<'_>]| {
                let mut path = vec![Step::Field("invariants"), Step::Nth(i)];
                path.extend_from_slice(rest);
                origin.place(&path)
            };
            if invariant.name.trim().is_empty() {
                self.error(
                    at(&[Step::Field("name")]),
                    "an invariant needs a name".into(),
                    None,
                );
            } else if !names.insert(invariant.name.as_str()) {
                self.error(
                    at(&[Step::Field("name")]),
                    format!("two invariants are named \"{}\"", invariant.name),
                    None,
                );
            }
            let expectations = usize::from(invariant.first_urgency.is_some())
                + usize::from(!invariant.never_first.is_empty())
                + usize::from(!invariant.never.is_empty())
                + usize::from(invariant.before.is_some())
                + usize::from(!invariant.always.is_empty());
            if expectations != 1 {
                self.error(
                    at(&[]),
                    format!(
                        "invariant \"{}\" must say exactly one thing that holds; it says {expectations}",
                        invariant.name
                    ),
                    Some("use one of first_urgency, never_first, never, before, always".into()),
                );
            }
            let refs: Vec<(&'static str, &str)> = invariant
                .never_first
                .iter()
                .map(|r| ("never_first", r.as_str()))
                .chain(invariant.never.iter().map(|r| ("never", r.as_str())))
                .chain(invariant.always.iter().map(|r| ("always", r.as_str())))
                .chain(
                    invariant
                        .before
                        .iter()
                        .flat_map(|(a, b)| [("before", a.as_str()), ("before", b.as_str())]),
                )
                .collect();
            for (field, text) in refs {
                let place = at(&[Step::Field(field), Step::Text(text)]);
                match StepRef::parse(text) {
                    Err(message) => self.error(place, message, None),
                    Ok(reference) => {
                        let found = rules
                            .ladders
                            .iter()
                            .any(|(lid, l)| l.steps.iter().any(|s| reference.matches(lid, s)));
                        if !found {
                            let hint = match &reference {
                                StepRef::Step(ladder, step) => match rules.ladders.get(ladder) {
                                    Some(l) => {
                                        did_you_mean(step, l.steps.iter().map(|s| s.id.as_str()))
                                    }
                                    None => did_you_mean(ladder, rules.ladders.keys()),
                                },
                                StepRef::Ladder(ladder) => {
                                    did_you_mean(ladder, rules.ladders.keys())
                                }
                                StepRef::Urgency(_) => None,
                            };
                            self.error(
                                place,
                                format!(
                                    "invariant \"{}\": \"{text}\" names no step",
                                    invariant.name
                                ),
                                hint,
                            );
                        }
                    }
                }
            }
            if let Some(when) = &invariant.when {
                self.known_facts(when, &|name| at(&[Step::Field("when"), Step::Text(name)]));
            }
        }
    }
}
