//! Scoring a trainee's walk against the key. The rule, as the README puts it:
//! finding the standards the case turns on weighs most, a plan that starts
//! where the key's does earns its share, and every standard cited as
//! governing outside the key, or step the key calls an error, costs points.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Scenario;
use crate::engine::Answer;
use crate::outcome::{Outcome, PlanStep};
use crate::rules::Rules;
use crate::rules::model::StepRef;

/// The weights behind the score, documented in the README.
pub const RECALL_WEIGHT: u32 = 70;
pub const FIRST_STEP_WEIGHT: u32 = 20;
pub const PRECISION_WEIGHT: u32 = 10;
/// What each extra governing standard costs: first out of
/// `PRECISION_WEIGHT`, then out of the rest, so citing everything never pays.
pub const EXTRA_COST: u32 = 5;
/// What each step the key calls an error costs, when the walk's plan has it.
pub const MUST_NOT_COST: u32 = 10;

/// How a trainee's walk compares with the key. The parts are whole numbers
/// and always add up: `total = recall + first_step + precision - penalty`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub total: u8,
    /// Points for citing the `must_cite` standards (the largest share).
    pub recall_points: u8,
    /// Points for a plan whose first step is the key's.
    pub first_step_points: u8,
    /// Points kept for not citing unrelated standards as governing (none
    /// when the walk cites nothing at all).
    pub precision_points: u8,
    /// Points lost once extras have used up the precision share.
    pub penalty_points: u8,
    /// `must_cite` standards the walk cited (as governing or related).
    pub found: Vec<u8>,
    pub missed: Vec<u8>,
    /// Standards cited as governing that are in neither must nor may.
    pub extras: Vec<u8>,
    /// The first step, when the key names one.
    pub first_step: Option<FirstStepResult>,
    /// Steps in the walk's plan that the key calls an error, as `ladder.step`.
    pub must_not_taken: Vec<String>,
    /// The trainee's answers that differ from the key, in key order.
    pub divergences: Vec<Divergence>,
    /// The wording each step named above had on the trainee's walk (a step
    /// may speak to each role in its own words), by `ladder.step`.
    #[serde(skip)]
    pub texts: BTreeMap<String, String>,
}

impl Score {
    /// A step's text as the trainee's walk worded it, else its id.
    pub fn text_of(&self, id: &str) -> String {
        self.texts
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// What recall is out of: the first-step share joins it when the
    /// scenario keys no first step.
    pub fn recall_max(&self) -> u8 {
        let weight = if self.first_step.is_none() {
            RECALL_WEIGHT + FIRST_STEP_WEIGHT
        } else {
            RECALL_WEIGHT
        };
        weight as u8
    }

    pub fn first_step_max(&self) -> u8 {
        if self.first_step.is_none() {
            0
        } else {
            FIRST_STEP_WEIGHT as u8
        }
    }

    pub fn precision_max(&self) -> u8 {
        PRECISION_WEIGHT as u8
    }

    /// The score of a walk stopped half-way: the standards it found still
    /// count, but a plan that was never finished earns nothing for where it
    /// starts or for restraint.
    pub fn unfinished(mut self) -> Score {
        self.first_step_points = 0;
        self.precision_points = 0;
        self.penalty_points = self.penalty_points.min(self.recall_points);
        self.total = self.recall_points - self.penalty_points;
        self
    }

    /// Whether the plan starts where the key's does (true when unkeyed).
    pub fn first_step_right(&self) -> bool {
        self.first_step.as_ref().is_none_or(|f| f.right)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstStepResult {
    /// The key's first step, as `ladder.step`.
    pub expected: String,
    /// The trainee's plan's first step; `None` when the plan is empty.
    pub chosen: Option<String>,
    /// The trainee's first step is the key's (here or as a shared step).
    pub right: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    pub question: String,
    pub key: Vec<String>,
    /// `None` when the trainee's path never reached the question.
    pub given: Option<Vec<String>>,
}

/// Scores a trainee's outcome and answers against the scenario's key.
pub fn score(scenario: &Scenario, rules: &Rules, outcome: &Outcome, answers: &[Answer]) -> Score {
    let cited: BTreeSet<u8> = outcome.cited_numbers().into_iter().collect();
    let mut must: Vec<u8> = Vec::new();
    for &n in &scenario.must_cite {
        if !must.contains(&n) {
            must.push(n);
        }
    }
    let (found, missed): (Vec<u8>, Vec<u8>) = must.iter().partition(|n| cited.contains(n));
    let extras: Vec<u8> = outcome
        .primary_numbers()
        .into_iter()
        .filter(|n| !must.contains(n) && !scenario.may_cite.contains(n))
        .collect();
    let first_step = scenario
        .first_step
        .as_ref()
        .map(|expected| FirstStepResult {
            expected: expected.clone(),
            chosen: outcome.first().map(|p| p.id.clone()),
            right: outcome.first().is_some_and(|p| p.is(expected)),
        });
    let must_not_taken: Vec<String> = outcome
        .plan
        .iter()
        .filter(|p| names_any(rules, p, &scenario.must_not))
        .map(|p| p.id.clone())
        .collect();

    let (recall_weight, step_weight) = if first_step.is_none() {
        (RECALL_WEIGHT + FIRST_STEP_WEIGHT, 0)
    } else {
        (RECALL_WEIGHT, FIRST_STEP_WEIGHT)
    };
    let recall_points = share(recall_weight, found.len(), must.len());
    let first_step_points = if first_step.as_ref().is_none_or(|f| f.right) {
        step_weight
    } else {
        0
    };
    let cost = EXTRA_COST * extras.len() as u32 + MUST_NOT_COST * must_not_taken.len() as u32;
    // Precision rewards restraint in what was cited; a walk that cites
    // nothing at all has shown none, and must not score for it.
    let precision_points = if outcome.standards.is_empty() {
        0
    } else {
        PRECISION_WEIGHT.saturating_sub(cost)
    };
    let penalty_points = cost
        .saturating_sub(PRECISION_WEIGHT)
        .min(recall_points + first_step_points);
    let total = recall_points + first_step_points + precision_points - penalty_points;
    let texts = worded(rules, outcome, &first_step, &must_not_taken);

    Score {
        total: total as u8,
        recall_points: recall_points as u8,
        first_step_points: first_step_points as u8,
        precision_points: precision_points as u8,
        penalty_points: penalty_points as u8,
        found,
        missed,
        extras,
        first_step,
        must_not_taken,
        divergences: divergences(&scenario.answers, answers),
        texts,
    }
}

/// The texts the debrief shows, in the wording the trainee's walk had.
fn worded(
    rules: &Rules,
    outcome: &Outcome,
    first_step: &Option<FirstStepResult>,
    must_not_taken: &[String],
) -> BTreeMap<String, String> {
    let ids = first_step
        .iter()
        .flat_map(|f| std::iter::once(&f.expected).chain(&f.chosen))
        .chain(must_not_taken);
    ids.filter_map(|id| {
        let text = rules.step_text_for(id, &outcome.facts)?;
        Some((id.clone(), text.to_string()))
    })
    .collect()
}

/// Whether a plan step is one that any of `refs` names (`ladder.step`,
/// `ladder.*`, `@Urgency`), here or as a shared step.
pub fn names_any(rules: &Rules, step: &PlanStep, refs: &[String]) -> bool {
    let refs: Vec<StepRef> = refs.iter().filter_map(|r| StepRef::parse(r).ok()).collect();
    std::iter::once(&step.id).chain(&step.also).any(|id| {
        let Some((ladder, id)) = id.split_once('.') else {
            return false;
        };
        rules
            .ladders
            .get(ladder)
            .and_then(|l| l.steps.iter().find(|s| s.id == id))
            .is_some_and(|s| refs.iter().any(|r| r.matches(ladder, s)))
    })
}

/// `weight * got / of`, rounded half up, but never the full weight for a
/// partial result: a missed item always costs at least a point. Nothing to
/// get (`of == 0`) earns the full weight.
fn share(weight: u32, got: usize, of: usize) -> u32 {
    if of == 0 || got >= of {
        return weight;
    }
    let (got, of) = (got as u32, of as u32);
    ((weight * got + of / 2) / of).min(weight.saturating_sub(1))
}

fn divergences(key: &[Answer], given: &[Answer]) -> Vec<Divergence> {
    let same = |a: &[String], b: &[String]| {
        let a: BTreeSet<&String> = a.iter().collect();
        let b: BTreeSet<&String> = b.iter().collect();
        a == b
    };
    key.iter()
        .filter_map(|k| {
            let g = given.iter().find(|a| a.question == k.question);
            (!g.is_some_and(|g| same(&g.choices, &k.choices))).then(|| Divergence {
                question: k.question.clone(),
                key: k.choices.clone(),
                given: g.map(|g| g.choices.clone()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::code::Catalogue;
    use crate::engine::Walk;
    use crate::rules::RuleSet;

    /// A finished walk over the colleague-conduct branch of the built-in rules.
    fn conduct(severity: &str, power: &str, talked: &str, client_info: &str) -> Vec<Answer> {
        vec![
            Answer::new("safety", &["no"]),
            Answer::new("role", &["worker"]),
            Answer::new("triage", &["conduct"]),
            Answer::new("colleague.severity", &[severity]),
            Answer::new("colleague.power", &[power]),
            Answer::new("colleague.talked", &[talked]),
            Answer::new("colleague.wish", &["unknown"]),
            Answer::new("colleague.client-info", &[client_info]),
        ]
    }

    /// A supervisor's billing fraud: cites 20 and 21, reported above them first.
    fn billing() -> Scenario {
        Scenario {
            id: "billing".into(),
            title: "Billing".into(),
            domains: vec![crate::code::Domain::Colleagues],
            difficulty: Default::default(),
            vignette: "v".into(),
            answers: conduct("harm", "yes", "not-yet", "yes"),
            must_cite: vec![20, 21],
            may_cite: vec![28],
            first_step: Some("colleague-conduct.report-now".into()),
            must_not: vec!["colleague-conduct.talk".into()],
            debrief: "d".into(),
            alternatives: None,
        }
    }

    fn scored(scenario: &Scenario, answers: &[Answer]) -> Score {
        let set = RuleSet::embedded().unwrap();
        let code = Catalogue::embedded();
        let walk = Walk::replay(&set.rules, answers).unwrap();
        score(
            scenario,
            &set.rules,
            &Outcome::of(&walk, &code),
            walk.answers(),
        )
    }

    fn parts(s: &Score) -> (u8, u8, u8, u8, u8) {
        (
            s.total,
            s.recall_points,
            s.first_step_points,
            s.precision_points,
            s.penalty_points,
        )
    }

    #[test]
    fn the_key_itself_scores_full_marks() {
        let scenario = billing();
        let s = scored(&scenario, &scenario.answers);
        assert_eq!(parts(&s), (100, 70, 20, 10, 0));
        assert_eq!(s.found, [20, 21]);
        assert!(s.missed.is_empty() && s.extras.is_empty() && s.divergences.is_empty());
        assert!(s.must_not_taken.is_empty());
    }

    #[test]
    fn a_missed_standard_a_wrong_first_step_and_a_mistaken_step_cost_their_shares() {
        // A lapse between peers, with client details left out: 21 is missed,
        // the plan starts with the private talk, which the key calls a mistake.
        let s = scored(&billing(), &conduct("lapse", "no", "not-yet", "no"));
        assert_eq!(parts(&s), (35, 35, 0, 0, 0));
        assert_eq!(
            (s.found.as_slice(), s.missed.as_slice()),
            (&[20][..], &[21][..])
        );
        let first = s.first_step.as_ref().unwrap();
        assert_eq!(first.chosen.as_deref(), Some("colleague-conduct.talk"));
        assert!(!first.right);
        assert_eq!(s.must_not_taken, ["colleague-conduct.talk"]);
        let questions: Vec<&str> = s.divergences.iter().map(|d| d.question.as_str()).collect();
        assert_eq!(
            questions,
            [
                "colleague.severity",
                "colleague.power",
                "colleague.client-info"
            ]
        );
    }

    #[test]
    fn an_empty_walk_scores_nothing() {
        let s = scored(&billing(), &[]);
        assert_eq!(parts(&s), (0, 0, 0, 0, 0));
        assert_eq!(s.missed, [20, 21]);
        assert_eq!(s.first_step.as_ref().unwrap().chosen, None);
        assert!(s.divergences.iter().all(|d| d.given.is_none()));
    }

    /// An outcome that cites `primary` as governing and opens no ladder, for
    /// cases no single walk of the shipped rules produces.
    fn citing(primary: &[u8]) -> Outcome {
        let code = Catalogue::embedded();
        let mut outcome = Outcome::of(&Walk::new(&RuleSet::embedded().unwrap().rules), &code);
        outcome.standards = primary
            .iter()
            .map(|&n| crate::outcome::CitedStandard {
                number: n,
                domain: code.get(n).unwrap().domain,
                title: code.get(n).unwrap().title.clone(),
                primary: true,
                reasons: Vec::new(),
            })
            .collect();
        outcome
    }

    fn rules() -> Rules {
        RuleSet::embedded().unwrap().rules
    }

    #[test]
    fn citing_everything_costs_more_than_the_precision_share() {
        let mut scenario = billing();
        scenario.must_cite = vec![20];
        scenario.may_cite = vec![];
        scenario.first_step = None;
        // Every alarm raised: 3, 4, 19, 21 and 28 come in as governing too.
        let s = score(&scenario, &rules(), &citing(&[3, 4, 19, 20, 21, 28]), &[]);
        assert_eq!(s.extras, [3, 4, 19, 21, 28]);
        assert_eq!(parts(&s), (75, 90, 0, 0, 15));
        let careful = scored(&scenario, &conduct("harm", "no", "not-yet", "no"));
        assert_eq!(careful.extras, Vec::<u8>::new());
        assert_eq!(careful.total, 100);
    }

    #[test]
    fn penalties_never_take_the_total_below_zero() {
        let mut scenario = billing();
        scenario.must_cite = vec![44];
        scenario.may_cite = vec![];
        // The key names 44, which nothing here cites, so every primary is stray.
        let s = scored(&scenario, &conduct("harm", "yes", "not-yet", "yes"));
        assert_eq!(s.extras, [20]);
        assert_eq!(parts(&s), (25, 0, 20, 5, 0));
        scenario.first_step = None;
        let s = score(
            &scenario,
            &rules(),
            &citing(&[3, 4, 19, 20, 21, 28, 35]),
            &[],
        );
        assert_eq!(parts(&s), (0, 0, 0, 0, 0));
    }

    #[test]
    fn without_a_keyed_first_step_recall_carries_its_share() {
        let mut scenario = billing();
        scenario.first_step = None;
        let s = scored(&scenario, &scenario.answers.clone());
        assert_eq!(parts(&s), (100, 90, 0, 10, 0));
        assert_eq!((s.recall_max(), s.first_step_max()), (90, 0));
        let s = scored(&scenario, &conduct("harm", "yes", "not-yet", "no"));
        assert_eq!(parts(&s), (55, 45, 0, 10, 0));
    }

    #[test]
    fn an_empty_must_cite_gives_everyone_the_recall_share() {
        // `check` refuses such a key; the score still has to make sense.
        let mut scenario = billing();
        scenario.must_cite.clear();
        scenario.may_cite = vec![20, 21];
        let s = scored(&scenario, &scenario.answers.clone());
        assert_eq!(parts(&s), (100, 70, 20, 10, 0));
    }

    #[test]
    fn thirds_round_to_whole_points_and_partial_never_rounds_to_full() {
        assert_eq!(share(70, 1, 3), 23);
        assert_eq!(share(70, 2, 3), 47);
        assert_eq!(share(20, 1, 2), 10);
        assert_eq!(share(70, 43, 44), 68);
        assert_eq!(share(90, 199, 200), 89, "a miss always costs a point");
        assert_eq!(share(70, 0, 3), 0);
        assert_eq!(share(20, 0, 0), 20);
    }

    #[test]
    fn a_repeated_must_cite_counts_once() {
        let mut scenario = billing();
        scenario.must_cite = vec![20, 21, 21];
        let s = scored(&scenario, &conduct("harm", "yes", "not-yet", "no"));
        assert_eq!(s.missed, [21]);
        assert_eq!(s.recall_points, 35);
    }

    proptest! {
        /// Whatever the key, the parts add up to the total, the total stays
        /// in 0..=100, and only a walk that misses nothing, strays nowhere
        /// and starts where the key does reaches 100.
        #[test]
        fn parts_always_add_up(
            must in proptest::collection::vec(1u8..=44, 0..8),
            may in proptest::collection::vec(1u8..=44, 0..4),
            keyed in proptest::option::of(prop_oneof![
                Just("colleague-conduct.talk"),
                Just("colleague-conduct.report-now"),
                Just("colleague-conduct.escalate")
            ]),
            banned in proptest::option::of(prop_oneof![
                Just("colleague-conduct.talk"),
                Just("colleague-conduct.outside")
            ]),
            severity in prop_oneof![Just("harm"), Just("lapse"), Just("unsure")],
            power in prop_oneof![Just("yes"), Just("no")],
            info in prop_oneof![Just("yes"), Just("no")],
        ) {
            let mut scenario = billing();
            scenario.must_cite = must;
            scenario.may_cite = may;
            scenario.first_step = keyed.map(str::to_string);
            scenario.must_not = banned.into_iter().map(str::to_string).collect();
            let s = scored(&scenario, &conduct(severity, power, "not-yet", info));
            let sum = i32::from(s.recall_points) + i32::from(s.first_step_points)
                + i32::from(s.precision_points) - i32::from(s.penalty_points);
            prop_assert_eq!(i32::from(s.total), sum);
            prop_assert!(s.total <= 100);
            let flawless = s.missed.is_empty()
                && s.extras.is_empty()
                && s.must_not_taken.is_empty()
                && s.first_step_right();
            prop_assert_eq!(s.total == 100, flawless);
        }
    }
}
