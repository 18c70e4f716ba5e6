//! What a walk adds up to: the standards that apply and why, the escalation
//! ladders in order, the tensions, the facts and the path.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::code::{Catalogue, Domain};
use crate::engine::Walk;
use crate::rules::model::{Cond, Role};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Every question on the path is answered.
    pub finished: bool,
    /// The crisis condition holds: safety comes before everything else.
    pub crisis: bool,
    /// One governing standard and one ladder: the code leaves little to weigh.
    pub code_is_clear: bool,
    pub standards: Vec<CitedStandard>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepOutcome {
    pub id: String,
    pub text: String,
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
        let rules = walk.rules();
        let mut cited: BTreeMap<u8, Vec<Reason>> = BTreeMap::new();
        let mut opened: Vec<&str> = Vec::new();
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
        }

        let facts = walk.fact_source();
        let because = |cond: &Cond| {
            let mut refs: Vec<AnswerRef> = Vec::new();
            for name in cond.deciding_facts(facts) {
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
        let ladders: Vec<LadderOutcome> = opened
            .iter()
            .filter_map(|id| {
                let ladder = rules.ladders.get(id)?;
                let steps: Vec<StepOutcome> = ladder
                    .steps
                    .iter()
                    .map(|step| StepOutcome {
                        id: step.id.clone(),
                        text: step.text.clone(),
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
            code_is_clear: primaries == 1 && ladders.len() == 1 && tensions.is_empty(),
            standards,
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
