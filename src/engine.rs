//! The walk through the rule graph. Pure: answers in, state and outcome out.
//!
//! The walk keeps only the list of answers; everything else (where we are,
//! which concerns are queued, which facts hold) is derived by replaying them.
//! "Back" and "change an earlier answer" are therefore the same operation as
//! answering, and can never leave stale state behind.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::rules::cond::FactSource;
use crate::rules::model::{Kind, Question, Rules};

/// One answered question, as saved in records and answers files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub question: String,
    pub choices: Vec<String>,
}

impl Answer {
    pub fn new(question: &str, choices: &[&str]) -> Self {
        Answer {
            question: question.to_string(),
            choices: choices.iter().map(|c| c.to_string()).collect(),
        }
    }
}

/// Why an answer was not accepted. Each names the question and, where it
/// helps, what would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// Every question on the path is answered already.
    Finished {
        question: String,
    },
    UnknownQuestion {
        question: String,
    },
    /// A real question, but not the one the walk is waiting for.
    NotOnPath {
        question: String,
        expected: String,
    },
    UnknownChoice {
        question: String,
        choice: String,
        valid: Vec<String>,
    },
    NoChoice {
        question: String,
        valid: Vec<String>,
    },
    OnlyOne {
        question: String,
        given: usize,
    },
    Repeated {
        question: String,
        choice: String,
    },
    /// A "none of these" choice picked together with others.
    Exclusive {
        question: String,
        choice: String,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Finished { question } => write!(
                f,
                "\"{question}\" comes after the end of the walk: every question on this path is already answered"
            ),
            AnswerError::UnknownQuestion { question } => {
                write!(f, "there is no question \"{question}\" in these rules")
            }
            AnswerError::NotOnPath { question, expected } => write!(
                f,
                "question \"{question}\" is not on the path of the answers so far; the next question is \"{expected}\""
            ),
            AnswerError::UnknownChoice {
                question,
                choice,
                valid,
            } => write!(
                f,
                "question \"{question}\" has no choice \"{choice}\"; valid choices: {}",
                valid.join(", ")
            ),
            AnswerError::NoChoice { question, valid } => write!(
                f,
                "question \"{question}\" needs a choice; valid choices: {}",
                valid.join(", ")
            ),
            AnswerError::OnlyOne { question, given } => write!(
                f,
                "question \"{question}\" takes exactly one choice, but {given} were given"
            ),
            AnswerError::Repeated { question, choice } => {
                write!(
                    f,
                    "question \"{question}\": choice \"{choice}\" is given twice"
                )
            }
            AnswerError::Exclusive { question, choice } => write!(
                f,
                "question \"{question}\": \"{choice}\" cannot be combined with other choices"
            ),
        }
    }
}

impl std::error::Error for AnswerError {}

/// A question waiting to be asked, with the concern that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pending {
    question: String,
    topic: Option<String>,
}

/// A fact's value and the answer that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactOrigin {
    pub value: String,
    pub question: String,
    pub choice: String,
}

#[derive(Debug, Clone, Default)]
struct Facts(BTreeMap<String, FactOrigin>);

impl FactSource for Facts {
    fn fact(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|f| f.value.as_str())
    }
}

/// Where the walk is: everything here is derived from the answers.
#[derive(Debug, Clone, Default)]
struct State {
    /// The topic each answered question was asked under, parallel to the answers.
    topics: Vec<Option<String>>,
    facts: Facts,
    current: Option<Pending>,
    queue: Vec<Pending>,
    /// The questions answered, for a look-up that does not grow with the
    /// walk (a replay of many answers stays linear).
    asked: std::collections::HashSet<String>,
}

/// How far along the walk is, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// Questions answered so far.
    pub answered: usize,
    /// The concern being walked now, when it has a name.
    pub topic: Option<String>,
    /// The position of that concern among all concerns met or queued (from 1).
    pub topic_number: usize,
    pub topic_count: usize,
}

/// A walk through one set of rules.
#[derive(Debug, Clone)]
pub struct Walk<'r> {
    rules: &'r Rules,
    answers: Vec<Answer>,
    state: State,
    /// Answers kept for questions the walk has not reached again yet: those
    /// after an answer that was changed, or saved under other rules. Each is
    /// given as soon as its question comes up, if it still fits.
    pending: Vec<Answer>,
    /// Kept answers that stopped fitting, or whose question can no longer
    /// come up, since the shell last asked.
    dropped: Vec<Answer>,
}

impl<'r> Walk<'r> {
    /// A fresh walk, waiting at the start question.
    pub fn new(rules: &'r Rules) -> Self {
        let mut state = State {
            queue: vec![Pending {
                question: rules.start.clone(),
                topic: None,
            }],
            ..State::default()
        };
        advance(rules, &mut state);
        Walk {
            rules,
            answers: Vec::new(),
            state,
            pending: Vec::new(),
            dropped: Vec::new(),
        }
    }

    /// Replays answers strictly: the first one that does not fit is an error,
    /// with its position in the list.
    pub fn replay(rules: &'r Rules, answers: &[Answer]) -> Result<Self, (usize, AnswerError)> {
        let mut walk = Walk::new(rules);
        for (i, answer) in answers.iter().enumerate() {
            walk.apply(answer.clone()).map_err(|e| (i, e))?;
        }
        Ok(walk)
    }

    /// Replays answers forgivingly, as when rules changed under a saved
    /// record: each question on the new path takes its saved answer if it
    /// still fits. A question the saved answers never reached (one the
    /// rules added) stops the walk there; the answers after it wait, and
    /// are given once it is answered. Returns the walk and the answers that
    /// can no longer be used.
    pub fn replay_keeping_what_fits(rules: &'r Rules, answers: &[Answer]) -> (Self, Vec<Answer>) {
        let mut walk = Walk::new(rules);
        walk.pending = answers.to_vec();
        walk.absorb();
        let dropped = walk.take_dropped();
        (walk, dropped)
    }

    pub fn rules(&self) -> &'r Rules {
        self.rules
    }

    pub fn answers(&self) -> &[Answer] {
        &self.answers
    }

    /// The saved answer to a question, if it was answered on this path.
    pub fn answer_to(&self, question: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.question == question)
    }

    /// The question waiting for an answer; `None` once the walk is complete.
    pub fn current(&self) -> Option<(&'r str, &'r Question)> {
        let id = &self.state.current.as_ref()?.question;
        self.rules.questions.entry(id)
    }

    pub fn is_finished(&self) -> bool {
        self.state.current.is_none()
    }

    /// Answers the current question.
    pub fn answer(&mut self, choices: Vec<String>) -> Result<(), AnswerError> {
        let Some((question, _)) = self.current() else {
            return Err(AnswerError::Finished {
                question: String::new(),
            });
        };
        self.answer_as(Answer {
            question: question.to_string(),
            choices,
        })
    }

    /// Applies an answer that names its question; it must be the current one.
    /// Kept answers for the questions that follow are then given in turn.
    pub fn answer_as(&mut self, answer: Answer) -> Result<(), AnswerError> {
        self.pending.retain(|p| p.question != answer.question);
        self.apply(answer)?;
        self.absorb();
        Ok(())
    }

    /// Answers kept for questions still to come.
    pub fn pending(&self) -> &[Answer] {
        &self.pending
    }

    /// The kept answers that were dropped since this was last called: they
    /// no longer fit their question, or their question can no longer come up.
    pub fn take_dropped(&mut self) -> Vec<Answer> {
        std::mem::take(&mut self.dropped)
    }

    /// Gives kept answers to the questions they answer, as long as the
    /// current question has one that fits; then drops kept answers whose
    /// question can no longer be reached.
    fn absorb(&mut self) {
        // Kept answers usually come up in the order they were kept, so the
        // one wanted is at the front: taking it from a deque is constant.
        let mut kept: std::collections::VecDeque<Answer> = std::mem::take(&mut self.pending).into();
        while let Some((current, _)) = self.current() {
            let Some(i) = kept.iter().position(|a| a.question == current) else {
                break;
            };
            let candidate = kept.remove(i).expect("the position was just found");
            if self.apply(candidate.clone()).is_err() {
                self.dropped.push(candidate);
                break;
            }
        }
        self.pending = kept.into();
        let reachable = self.reachable();
        let asked = |q: &str| self.state.asked.contains(q);
        let (live, gone): (Vec<Answer>, Vec<Answer>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|a| reachable.contains(a.question.as_str()) && !asked(&a.question));
        let mut seen = std::collections::BTreeSet::new();
        for answer in live {
            if seen.insert(answer.question.clone()) {
                self.pending.push(answer);
            } else {
                self.dropped.push(answer);
            }
        }
        self.dropped.extend(gone);
    }

    /// Every question that may still be asked, whatever the answers to come.
    fn reachable(&self) -> std::collections::BTreeSet<&'r str> {
        let rules = self.rules;
        let mut found = std::collections::BTreeSet::new();
        let mut stack: Vec<&str> = self
            .state
            .current
            .iter()
            .chain(&self.state.queue)
            .map(|p| p.question.as_str())
            .collect();
        while let Some(id) = stack.pop() {
            let Some((id, question)) = rules.questions.entry(id) else {
                continue;
            };
            if !found.insert(id) {
                continue;
            }
            for choice in &question.choices {
                stack.extend(choice.next.targets());
            }
            stack.extend(question.then.as_deref());
        }
        found
    }

    /// Applies one answer to the current question, and nothing more.
    fn apply(&mut self, answer: Answer) -> Result<(), AnswerError> {
        let rules = self.rules;
        let question =
            rules
                .questions
                .get(&answer.question)
                .ok_or_else(|| AnswerError::UnknownQuestion {
                    question: answer.question.clone(),
                })?;
        let current = match &self.state.current {
            None => {
                return Err(AnswerError::Finished {
                    question: answer.question,
                });
            }
            Some(current) if current.question != answer.question => {
                return Err(AnswerError::NotOnPath {
                    question: answer.question,
                    expected: current.question.clone(),
                });
            }
            Some(current) => current.clone(),
        };
        validate(&answer, question)?;

        let mut branches = Vec::new();
        // Definition order, not the order picked: authors put safety first.
        for choice in question
            .choices
            .iter()
            .filter(|c| answer.choices.contains(&c.id))
        {
            for (name, value) in choice.set.iter() {
                self.state.facts.0.insert(
                    name.to_string(),
                    FactOrigin {
                        value: value.clone(),
                        question: answer.question.clone(),
                        choice: choice.id.clone(),
                    },
                );
            }
        }
        for choice in question
            .choices
            .iter()
            .filter(|c| answer.choices.contains(&c.id))
        {
            if let Some(target) = resolve(&choice.next, &self.state.facts) {
                branches.push(Pending {
                    question: target,
                    topic: choice.topic.clone().or_else(|| current.topic.clone()),
                });
            }
        }
        if let Some(then) = &question.then {
            branches.push(Pending {
                question: then.clone(),
                topic: current.topic.clone(),
            });
        }
        branches.dedup_by(|a, b| a.question == b.question);
        branches.append(&mut self.state.queue);
        self.state.queue = branches;
        self.state.topics.push(current.topic);
        self.state.asked.insert(answer.question.clone());
        self.answers.push(answer);
        advance(rules, &mut self.state);
        Ok(())
    }

    /// Undoes the last answer and returns it (so a screen can pre-select it).
    /// Answers kept for later questions stay kept.
    pub fn back(&mut self) -> Option<Answer> {
        let last = self.answers.last()?.clone();
        let keep = self.answers[..self.answers.len() - 1].to_vec();
        let pending = std::mem::take(&mut self.pending);
        let mut walk =
            Walk::replay(self.rules, &keep).expect("a prefix of valid answers stays valid");
        walk.pending = pending;
        *self = walk;
        Some(last)
    }

    /// Changes the answer to an earlier question. Every later answer whose
    /// question may still come up is kept, wherever it now falls, and given
    /// when its question is asked; the answers that can no longer be used
    /// are returned.
    pub fn change(&mut self, answer: Answer) -> Result<Vec<Answer>, AnswerError> {
        let Some(index) = self
            .answers
            .iter()
            .position(|a| a.question == answer.question)
        else {
            return match self.current() {
                Some((id, _)) if id == answer.question => {
                    self.answer_as(answer).map(|()| self.take_dropped())
                }
                _ if self.rules.questions.contains(&answer.question) => {
                    Err(AnswerError::NotOnPath {
                        question: answer.question,
                        expected: self
                            .current()
                            .map_or(String::new(), |(id, _)| id.to_string()),
                    })
                }
                _ => Err(AnswerError::UnknownQuestion {
                    question: answer.question,
                }),
            };
        };
        let mut walk = Walk::replay(self.rules, &self.answers[..index])
            .expect("a prefix of valid answers stays valid");
        walk.apply(answer)?;
        walk.pending = self.answers[index + 1..].to_vec();
        walk.pending.extend(self.pending.iter().cloned());
        walk.absorb();
        let dropped = walk.take_dropped();
        *self = walk;
        Ok(dropped)
    }

    /// Facts as set by the answers so far.
    pub fn facts(&self) -> BTreeMap<String, String> {
        self.state
            .facts
            .0
            .iter()
            .map(|(k, v)| (k.clone(), v.value.clone()))
            .collect()
    }

    /// Which answer set a fact, if any did.
    pub fn fact_origin(&self, name: &str) -> Option<&FactOrigin> {
        self.state.facts.0.get(name)
    }

    /// Whether the rules' crisis condition holds now.
    pub fn in_crisis(&self) -> bool {
        self.rules
            .crisis
            .as_ref()
            .is_some_and(|c| c.when.holds(&self.state.facts))
    }

    pub(crate) fn fact_source(&self) -> &impl FactSource {
        &self.state.facts
    }

    /// The topic each answer was given under, parallel to `answers()`.
    pub fn answer_topics(&self) -> &[Option<String>] {
        &self.state.topics
    }

    pub fn progress(&self) -> Progress {
        let current = self.state.current.as_ref();
        let mut topics: Vec<&str> = Vec::new();
        let met = self.state.topics.iter().map(Option::as_deref);
        let ahead = current
            .into_iter()
            .chain(&self.state.queue)
            .map(|p| p.topic.as_deref());
        for topic in met.chain(ahead).flatten() {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        let topic = current
            .and_then(|p| p.topic.clone())
            .or_else(|| self.state.topics.last().cloned().flatten());
        let topic_number = topic
            .as_deref()
            .and_then(|t| topics.iter().position(|x| *x == t))
            .map_or(0, |i| i + 1);
        Progress {
            answered: self.answers.len(),
            topic,
            topic_number,
            topic_count: topics.len(),
        }
    }
}

fn validate(answer: &Answer, question: &Question) -> Result<(), AnswerError> {
    let valid = || question.choices.iter().map(|c| c.id.clone()).collect();
    let id = || answer.question.clone();
    if answer.choices.is_empty() {
        return Err(AnswerError::NoChoice {
            question: id(),
            valid: valid(),
        });
    }
    if question.kind == Kind::One && answer.choices.len() > 1 {
        return Err(AnswerError::OnlyOne {
            question: id(),
            given: answer.choices.len(),
        });
    }
    for (i, choice_id) in answer.choices.iter().enumerate() {
        let Some(choice) = question.choice(choice_id) else {
            return Err(AnswerError::UnknownChoice {
                question: id(),
                choice: choice_id.clone(),
                valid: valid(),
            });
        };
        if answer.choices[..i].contains(choice_id) {
            return Err(AnswerError::Repeated {
                question: id(),
                choice: choice_id.clone(),
            });
        }
        if choice.exclusive && answer.choices.len() > 1 {
            return Err(AnswerError::Exclusive {
                question: id(),
                choice: choice_id.clone(),
            });
        }
    }
    Ok(())
}

fn resolve(next: &crate::rules::model::Next, facts: &Facts) -> Option<String> {
    use crate::rules::model::Next;
    match next {
        Next::End => None,
        Next::Goto(id) => Some(id.clone()),
        Next::Branch { cases, otherwise } => cases
            .iter()
            .find(|case| case.when.holds(facts))
            .map(|case| case.goto.clone())
            .or_else(|| otherwise.clone()),
    }
}

/// Moves to the next queued question not yet asked. A question reached a
/// second time by another concern was already answered, and asking it again
/// would only repeat what the record holds.
///
/// When a concern still queued starts at the question reached now, the two
/// meet here: the question is asked once, under that concern's name (it is
/// the question that concern was picked for), and the concern is not
/// counted again.
fn advance(rules: &Rules, state: &mut State) {
    state.current = None;
    while !state.queue.is_empty() {
        let mut next = state.queue.remove(0);
        let asked = state.asked.contains(&next.question);
        if asked || !rules.questions.contains(&next.question) {
            continue;
        }
        let mut merged = Vec::new();
        state.queue.retain(|p| {
            let same = p.question == next.question;
            if same {
                merged.push(p.topic.clone());
            }
            !same
        });
        if let Some(topic) = merged.into_iter().flatten().next() {
            next.topic = Some(topic);
        }
        state.current = Some(next);
        break;
    }
}
