//! What a walk adds up to: the standards that apply and why, one ordered
//! plan merged from the escalation ladders, the tensions, the facts and the
//! path.
//!
//! The plan lists every step that applies, most urgent first; steps of the
//! same urgency keep the order of the ladders in the rules file and, within
//! a ladder, its own order. Steps several ladders share are shown once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::code::{Catalogue, Domain};
use crate::engine::Walk;
use crate::rules::model::{Basis, Cond, Role, Rules, Urgency};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Every question on the path is answered.
    pub finished: bool,
    /// The crisis condition holds: safety comes before everything else.
    pub crisis: bool,
    /// One governing standard and one ladder: the code leaves little to weigh.
    pub code_is_clear: bool,
    pub standards: Vec<CitedStandard>,
    /// Every step that applies, in the order to take them; `plan[0]` is
    /// the first thing to do.
    pub plan: Vec<PlanStep>,
    /// Steps of the opened ladders that do not apply, with why.
    pub left_out: Vec<LeftOutStep>,
    /// The ladders the plan was merged from, in the order the walk opened them.
    pub ladders: Vec<LadderOutcome>,
    pub tensions: Vec<TensionOutcome>,
    pub facts: BTreeMap<String, String>,
    pub path: Vec<PathStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedStandard {
    pub number: u8,
    pub domain: Domain,
    pub title: String,
    /// Cited as governing by at least one answer.
    pub primary: bool,
    pub reasons: Vec<Reason>,
}

/// One answer's reason for citing a standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub role: Role,
    pub reason: String,
    pub question: String,
    pub choice: String,
    /// The label of the choice, so the reason reads on its own.
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LadderOutcome {
    pub id: String,
    pub title: String,
    pub standards: Vec<u8>,
    pub steps: Vec<StepOutcome>,
    /// The first step that applies: where to start.
    pub first_step: Option<String>,
}

/// One step of the plan. A step several ladders share appears once, with
/// every standard that asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    /// `ladder.step` of the step as the first ladder that has it writes it.
    pub id: String,
    pub ladder: String,
    pub step: String,
    /// The shared step it is, when several ladders share it.
    pub shared: Option<String>,
    /// The same step in other ladders, as `ladder.step`.
    pub also: Vec<String>,
    pub text: String,
    pub urgency: Urgency,
    /// The class whose word the plan shows beside the step, when it is not
    /// its own (see `LadderStep::shown_as`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown_as: Option<Urgency>,
    /// The standards that prescribe the step; empty when it is sound
    /// practice beyond the code's words.
    pub standards: Vec<u8>,
    /// The answers that put the step in the plan.
    pub applies_because: Vec<AnswerRef>,
}

impl PlanStep {
    /// The class whose word is shown beside the step.
    pub fn shown(&self) -> Urgency {
        self.shown_as.unwrap_or(self.urgency)
    }

    /// A standard prescribes this step (otherwise it is sound practice).
    pub fn from_code(&self) -> bool {
        !self.standards.is_empty()
    }

    /// Whether `ladder.step` names this step, here or in another ladder.
    pub fn is(&self, id: &str) -> bool {
        self.id == id || self.also.iter().any(|a| a == id)
    }
}

/// A step of an opened ladder that is not in the plan, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOutStep {
    pub id: String,
    pub ladder: String,
    pub text: String,
    pub urgency: Urgency,
    /// When the step applies, in the authors' words.
    pub note: Option<String>,
    /// The answers that keep it out.
    pub because: Vec<AnswerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutcome {
    pub id: String,
    pub text: String,
    pub urgency: Urgency,
    pub basis: Basis,
    pub applies: bool,
    /// When the step applies, in the authors' words.
    pub note: Option<String>,
    /// The answers that decided whether this step applies.
    pub because: Vec<AnswerRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerRef {
    pub question: String,
    pub choice: String,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TensionOutcome {
    pub id: String,
    pub title: String,
    pub standards: Vec<u8>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    pub question: String,
    pub choices: Vec<String>,
}

impl Outcome {
    pub fn of(walk: &Walk<'_>, code: &Catalogue) -> Outcome {
        Outcome::build(walk, code, true)
    }

    /// The same outcome as `of` without the answers behind each step: every
    /// `because` and `applies_because` is empty; the standards, the plan and
    /// its order, the steps left out, the ladders and the tensions are the
    /// same. For scoring a class, which reads what the plan is, never why:
    /// finding the answers behind every step is a quarter of a record's
    /// grading.
    pub fn unexplained(walk: &Walk<'_>, code: &Catalogue) -> Outcome {
        Outcome::build(walk, code, false)
    }

    fn build(walk: &Walk<'_>, code: &Catalogue, explained: bool) -> Outcome {
        let rules = walk.rules();
        let mut cited: BTreeMap<u8, Vec<Reason>> = BTreeMap::new();
        let mut opened: Vec<&str> = Vec::new();
        // The answer that opened each ladder, parallel to `opened`.
        let mut openers: Vec<AnswerRef> = Vec::new();
        for answer in walk.answers() {
            let Some(question) = rules.questions.get(&answer.question) else {
                continue;
            };
            for choice in question
                .choices
                .iter()
                .filter(|c| answer.choices.contains(&c.id))
            {
                for cite in &choice.cite {
                    cited.entry(cite.standard()).or_default().push(Reason {
                        role: cite.role(),
                        reason: cite.reason().to_string(),
                        question: answer.question.clone(),
                        choice: choice.id.clone(),
                        answer: choice.label.clone(),
                    });
                }
                for ladder in &choice.open {
                    if !opened.contains(&ladder.as_str()) {
                        opened.push(ladder);
                        openers.push(AnswerRef {
                            question: answer.question.clone(),
                            choice: choice.id.clone(),
                            answer: choice.label.clone(),
                        });
                    }
                }
            }
        }

        let standards: Vec<CitedStandard> = cited
            .into_iter()
            .filter_map(|(number, mut reasons)| {
                let standard = code.get(number)?;
                reasons.sort_by_key(|r| r.role);
                Some(CitedStandard {
                    number,
                    domain: standard.domain,
                    title: standard.title.clone(),
                    primary: reasons.iter().any(|r| r.role == Role::Primary),
                    reasons,
                })
            })
            .collect();

        let crisis = walk.in_crisis();
        if crisis
            && let Some(first) = rules.crisis.as_ref().and_then(|c| c.ladder.as_deref())
            && let Some(at) = opened.iter().position(|id| *id == first)
        {
            let id = opened.remove(at);
            opened.insert(0, id);
            let by = openers.remove(at);
            openers.insert(0, by);
        }

        let facts = walk.fact_source();
        // The answers that set these facts, each once, in order.
        let refs = |names: Vec<&str>| {
            let mut refs: Vec<AnswerRef> = Vec::new();
            for name in names {
                if let Some(origin) = walk.fact_origin(name)
                    && !refs
                        .iter()
                        .any(|r| r.question == origin.question && r.choice == origin.choice)
                {
                    refs.push(AnswerRef {
                        question: origin.question.clone(),
                        choice: origin.choice.clone(),
                        answer: rules.label_of(&origin.question, &origin.choice).to_string(),
                    });
                }
            }
            refs
        };
        let because = |cond: &Cond| {
            if explained {
                refs(cond.deciding_facts(facts))
            } else {
                Vec::new()
            }
        };
        let ladders: Vec<LadderOutcome> = opened
            .iter()
            .filter_map(|id| {
                let ladder = rules.ladders.get(id)?;
                let steps: Vec<StepOutcome> = ladder
                    .steps
                    .iter()
                    .map(|step| StepOutcome {
                        id: step.id.clone(),
                        text: step.text_for(facts).to_string(),
                        urgency: step.urgency(),
                        basis: step.basis(),
                        applies: step.when.as_ref().is_none_or(|c| c.holds(facts)),
                        note: step.note.clone(),
                        because: step.when.as_ref().map(&because).unwrap_or_default(),
                    })
                    .collect();
                Some(LadderOutcome {
                    id: id.to_string(),
                    title: ladder.title.clone(),
                    standards: ladder.standards.clone(),
                    first_step: steps.iter().find(|s| s.applies).map(|s| s.id.clone()),
                    steps,
                })
            })
            .collect();

        let supporting = |cond: &Cond| {
            if explained {
                refs(cond.supporting_facts(facts))
            } else {
                Vec::new()
            }
        };
        // Unexplained, no answer is said to open a ladder either.
        let openers = if explained { openers } else { Vec::new() };
        let (plan, left_out) = plan(rules, &opened, &openers, facts, &because, &supporting);

        let is_cited = |n: &u8| standards.iter().any(|s| s.number == *n);
        let tensions: Vec<TensionOutcome> = rules
            .tensions
            .iter()
            .filter(|t| t.standards.iter().all(is_cited))
            .filter(|t| t.when.as_ref().is_none_or(|c| c.holds(facts)))
            .map(|t| TensionOutcome {
                id: t.id.clone(),
                title: t.title.clone(),
                standards: t.standards.clone(),
                note: t.note.clone(),
            })
            .collect();

        let primaries = standards.iter().filter(|s| s.primary).count();
        Outcome {
            finished: walk.is_finished(),
            crisis,
            // Review BC, BC7: a walk stopped early cannot know the code is clear.
            code_is_clear: walk.is_finished()
                && primaries == 1
                && ladders.len() == 1
                && tensions.is_empty(),
            standards,
            plan,
            left_out,
            ladders,
            tensions,
            facts: walk.facts(),
            path: walk
                .answers()
                .iter()
                .map(|a| PathStep {
                    question: a.question.clone(),
                    choices: a.choices.clone(),
                })
                .collect(),
        }
    }

    pub fn standard(&self, number: u8) -> Option<&CitedStandard> {
        self.standards.iter().find(|s| s.number == number)
    }

    pub fn ladder(&self, id: &str) -> Option<&LadderOutcome> {
        self.ladders.iter().find(|l| l.id == id)
    }

    /// The first thing to do, if anything applies.
    pub fn first(&self) -> Option<&PlanStep> {
        self.plan.first()
    }

    /// The plan step `ladder.step` names, here or as a shared step.
    pub fn plan_step(&self, id: &str) -> Option<&PlanStep> {
        self.plan.iter().find(|p| p.is(id))
    }

    /// Each ladder with the step it starts at, in ladder order: where to
    /// begin when several ladders apply at once.
    pub fn first_steps(&self) -> Vec<(&LadderOutcome, &StepOutcome)> {
        self.ladders
            .iter()
            .filter_map(|l| {
                let first = l.first_step.as_deref()?;
                Some((l, l.steps.iter().find(|s| s.id == first)?))
            })
            .collect()
    }

    /// Standard numbers cited as governing.
    pub fn primary_numbers(&self) -> Vec<u8> {
        self.standards
            .iter()
            .filter(|s| s.primary)
            .map(|s| s.number)
            .collect()
    }

    /// Every standard number cited, governing or related.
    pub fn cited_numbers(&self) -> Vec<u8> {
        self.standards.iter().map(|s| s.number).collect()
    }
}

/// Merges the applicable steps of the opened ladders into one plan, and
/// lists the rest with why they are left out.
fn plan(
    rules: &Rules,
    opened: &[&str],
    openers: &[AnswerRef],
    facts: &impl crate::rules::cond::FactSource,
    because: &dyn Fn(&Cond) -> Vec<AnswerRef>,
    supporting: &dyn Fn(&Cond) -> Vec<AnswerRef>,
) -> (Vec<PlanStep>, Vec<LeftOutStep>) {
    let mut applicable = Vec::new();
    let mut inapplicable = Vec::new();
    for (at, id) in opened.iter().enumerate() {
        let Some(ladder) = rules.ladders.get(id) else {
            continue;
        };
        for (index, step) in ladder.steps.iter().enumerate() {
            let entry = (rules.plan_key(id, index, step), *id, step, at);
            if step.when.as_ref().is_none_or(|c| c.holds(facts)) {
                applicable.push(entry);
            } else {
                inapplicable.push(entry);
            }
        }
    }
    applicable.sort_by_key(|(key, ..)| *key);

    let mut plan: Vec<PlanStep> = Vec::new();
    let mut merged: BTreeMap<String, usize> = BTreeMap::new();
    for (_, ladder, step, at) in &applicable {
        // The answers that decided the step's condition say most; the one
        // that opened its ladder comes after them.
        let mut reasons = step.when.as_ref().map(supporting).unwrap_or_default();
        if let Some(opener) = openers.get(*at)
            && !reasons.contains(opener)
        {
            reasons.push(opener.clone());
        }
        let id = format!("{ladder}.{}", step.id);
        let key = step.merge_key(ladder);
        if let Some(&i) = merged.get(&key) {
            let item = &mut plan[i];
            item.also.push(id);
            if let Basis::Code(n) = step.basis()
                && !item.standards.contains(&n)
            {
                item.standards.push(n);
            }
            for r in reasons {
                if !item.applies_because.contains(&r) {
                    item.applies_because.push(r);
                }
            }
            continue;
        }
        merged.insert(key, plan.len());
        plan.push(PlanStep {
            id,
            ladder: ladder.to_string(),
            step: step.id.clone(),
            shared: step.same.clone(),
            also: Vec::new(),
            text: step.text_for(facts).to_string(),
            urgency: step.urgency(),
            shown_as: step.shown_as,
            standards: match step.basis() {
                Basis::Code(n) => vec![n],
                Basis::Practice => Vec::new(),
            },
            applies_because: reasons,
        });
    }
    for item in &mut plan {
        item.standards.sort_unstable();
    }

    inapplicable.sort_by_key(|(key, ..)| *key);
    let mut left_out: Vec<LeftOutStep> = Vec::new();
    for (_, ladder, step, _) in inapplicable {
        let key = step.merge_key(ladder);
        let id = format!("{ladder}.{}", step.id);
        if merged.contains_key(&key) || left_out.iter().any(|l| l.id == id) {
            continue;
        }
        if step.same.is_some() {
            merged.insert(key, usize::MAX);
        }
        left_out.push(LeftOutStep {
            id,
            ladder: ladder.to_string(),
            text: step.text_for(facts).to_string(),
            urgency: step.urgency(),
            note: step.note.clone(),
            because: step.when.as_ref().map(because).unwrap_or_default(),
        });
    }
    (plan, left_out)
}
