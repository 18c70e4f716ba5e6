//! Checking a scenario against the rules, with messages that tell a new
//! author what to change.

use std::collections::BTreeSet;

use super::{Loaded, key_walk};
use crate::code::{Catalogue, STANDARD_COUNT};
use crate::engine::{AnswerError, Walk};
use crate::outcome::Outcome;
use crate::rules::model::StepRef;
use crate::rules::{Citation, RuleSet, Rules};
use crate::source::{Diagnostic, did_you_mean};
use crate::spans::Step;

/// Checks a scenario against the rules: the key is a complete, valid walk
/// that cites every `must_cite`, cites nothing else as governing beyond
/// `may_cite`, starts its plan at `first_step`, and has no `must_not` step.
pub fn check(loaded: &Loaded, set: &RuleSet, code: &Catalogue) -> Vec<Diagnostic> {
    let s = &loaded.scenario;
    let rules = &set.rules;
    let mut out = Vec::new();
    let at = |path: &[Step<'_>]| loaded.place(path);

    if s.id.trim().is_empty() || s.id.chars().any(char::is_whitespace) {
        let problem = if s.id.trim().is_empty() {
            "the scenario id is empty".to_string()
        } else {
            format!("the scenario id \"{}\" has spaces", s.id)
        };
        out.push(
            Diagnostic::error(at(&[Step::Field("id")]), problem).with_hint(Some(
                "the id is typed on the command line (`dilemma train ID`): use letters, digits and dashes, e.g. \"colleague-billing\"".to_string(),
            )),
        );
    }
    if !s.has_key() {
        return check_student_copy(loaded, out);
    }
    for (field, text) in [
        ("title", &s.title),
        ("vignette", &s.vignette),
        ("debrief", &s.debrief),
    ] {
        if text.trim().is_empty() {
            out.push(Diagnostic::error(
                at(&[Step::Field(field)]),
                format!("the {field} is empty"),
            ));
        }
    }
    if s.domains.is_empty() {
        out.push(
            Diagnostic::error(at(&[Step::Field("domains")]), "the domains list is empty")
                .with_hint(Some(
                    "name at least one, e.g. domains: [Colleagues]".to_string(),
                )),
        );
    }
    if s.must_cite.is_empty() {
        out.push(
            Diagnostic::error(
                at(&[Step::Field("must_cite")]),
                "must_cite is empty: with nothing required, every walk would get the recall points",
            )
            .with_hint(Some(
                "list the standards a sound walk must bring in, e.g. must_cite: [20]".to_string(),
            )),
        );
    }
    for (field, list) in [("must_cite", &s.must_cite), ("may_cite", &s.may_cite)] {
        let mut seen = BTreeSet::new();
        for (i, &n) in list.iter().enumerate() {
            let place = at(&[Step::Field(field), Step::Nth(i)]);
            if code.get(n).is_none() {
                out.push(Diagnostic::error(
                    place,
                    format!(
                        "standard {n} does not exist: the code has standards 1 to {STANDARD_COUNT}"
                    ),
                ));
            } else if !seen.insert(n) {
                out.push(Diagnostic::warning(
                    place,
                    format!("standard {n} is listed twice in {field}"),
                ));
            } else if field == "may_cite" && s.must_cite.contains(&n) {
                out.push(Diagnostic::warning(
                    place,
                    format!("standard {n} is in must_cite already; drop it from may_cite"),
                ));
            }
        }
    }

    let walk = match key_walk(s, rules) {
        Ok(walk) => walk,
        Err((i, error)) => {
            out.push(key_answer_error(loaded, rules, i, &error));
            return out;
        }
    };
    if let Some((next, question)) = walk.current() {
        let choices: Vec<&str> = question.choices.iter().map(|c| c.id.as_str()).collect();
        out.push(
            Diagnostic::error(
                at(&[Step::Field("answers")]),
                "the key answers stop before the walk ends",
            )
            .with_hint(Some(format!(
                "the walk asks \"{next}\" next (choices: {}); add e.g. (question: \"{next}\", choices: [\"{}\"])",
                choices.join(", "),
                choices.first().copied().unwrap_or("..."),
            ))),
        );
    }
    let outcome = Outcome::of(&walk, code);

    let cited: BTreeSet<u8> = outcome.cited_numbers().into_iter().collect();
    for (i, &n) in s.must_cite.iter().enumerate() {
        if cited.contains(&n) || code.get(n).is_none() {
            continue;
        }
        let place = at(&[Step::Field("must_cite"), Step::Nth(i)]);
        let sources = citing_answers(rules, n, &walk);
        if sources.is_empty() {
            out.push(Diagnostic::error(
                place,
                format!("standard {n} is in must_cite, but no answer in the rules cites it, so no walk can find it"),
            ).with_hint(Some(format!("drop it from must_cite, or add a citation of {n} to the rules"))));
        } else {
            out.push(
                Diagnostic::error(
                    place,
                    format!("standard {n} is in must_cite, but the key answers do not cite it"),
                )
                .with_hint(Some(format!(
                    "it is cited by {}; change the key, or drop {n} from must_cite",
                    sources.join(", ")
                ))),
            );
        }
    }
    for n in outcome.primary_numbers() {
        if !s.must_cite.contains(&n) && !s.may_cite.contains(&n) {
            let why = outcome
                .standard(n)
                .and_then(|c| c.reasons.first())
                .map_or(String::new(), |r| {
                    format!(" (from the key answer {} = \"{}\")", r.question, r.choice)
                });
            let place = if loaded.place(&[Step::Field("may_cite")]) == loaded.place(&[]) {
                at(&[Step::Field("must_cite")])
            } else {
                at(&[Step::Field("may_cite")])
            };
            out.push(
                Diagnostic::error(
                    place,
                    format!("the key answers cite standard {n} as governing{why}, but it is in neither must_cite nor may_cite"),
                )
                .with_hint(Some(format!("add {n} to must_cite or may_cite, or change the key answers"))),
            );
        }
    }
    if let Some(expected) = &s.first_step {
        let place = at(&[Step::Field("first_step")]);
        match known_step(rules, expected) {
            Err(problem) => out.push(problem.at(place)),
            Ok(()) => match outcome.first() {
                Some(first) if first.is(expected) => {}
                first => out.push(
                    Diagnostic::error(
                        place,
                        format!(
                            "the plan on the key answers starts with \"{}\", not \"{expected}\"",
                            first.map_or("no step", |f| f.id.as_str())
                        ),
                    )
                    .with_hint(Some(match first {
                        Some(f) => format!(
                            "it starts with: {}; set first_step to \"{}\", or change the key answers",
                            f.text, f.id
                        ),
                        None => "no step applies to the key answers; change them so a ladder opens".to_string(),
                    })),
                ),
            },
        }
    }
    for (i, reference) in s.must_not.iter().enumerate() {
        let place = at(&[Step::Field("must_not"), Step::Nth(i)]);
        if let Err(message) = StepRef::parse(reference) {
            out.push(Diagnostic::error(place, message));
            continue;
        }
        let named: Vec<&str> = outcome
            .plan
            .iter()
            .filter(|p| super::score::names_any(rules, p, std::slice::from_ref(reference)))
            .map(|p| p.id.as_str())
            .collect();
        if !named.is_empty() {
            out.push(
                Diagnostic::error(
                    place,
                    format!(
                        "the key's own plan has \"{}\", which must_not calls a mistake",
                        named.join("\", \"")
                    ),
                )
                .with_hint(Some(
                    "drop it from must_not, or change the key answers".to_string(),
                )),
            );
        }
    }
    out
}

/// A step named `ladder.step` that the rules have; the error says what is
/// wrong, with a guess.
fn known_step(rules: &Rules, id: &str) -> Result<(), Problem> {
    let Some((ladder, step)) = id.split_once('.') else {
        return Err(Problem(
            format!("\"{id}\" is not a step: write \"ladder.step\""),
            None,
        ));
    };
    let Some(defined) = rules.ladders.get(ladder) else {
        return Err(Problem(
            format!("there is no ladder \"{ladder}\" in the rules"),
            did_you_mean(ladder, rules.ladders.keys()),
        ));
    };
    if defined.steps.iter().any(|s| s.id == step) {
        return Ok(());
    }
    let ids: Vec<&str> = defined.steps.iter().map(|s| s.id.as_str()).collect();
    Err(Problem(
        format!("ladder \"{ladder}\" has no step \"{step}\""),
        Some(
            did_you_mean(step, ids.iter().copied())
                .unwrap_or_else(|| format!("its steps are: {}", ids.join(", "))),
        ),
    ))
}

struct Problem(String, Option<String>);

impl Problem {
    fn at(self, place: crate::source::Place) -> Diagnostic {
        Diagnostic::error(place, self.0).with_hint(self.1)
    }
}

/// The message for a key answer that does not fit the rules, pointing at the
/// answer (or the choice inside it) with a hint a new author can act on.
pub(super) fn key_answer_error(
    loaded: &Loaded,
    rules: &Rules,
    index: usize,
    error: &AnswerError,
) -> Diagnostic {
    let answer = [Step::Field("answers"), Step::Nth(index)];
    let within = |step: Step<'_>| {
        let mut path = answer.to_vec();
        path.push(step);
        loaded.place(&path)
    };
    let (place, hint) = match error {
        AnswerError::UnknownQuestion { question } => (
            within(Step::Field("question")),
            Some(did_you_mean(question, rules.questions.keys()).unwrap_or_else(|| {
                "question ids are the keys under `questions` in the rules; `dilemma graph` draws them all"
                    .to_string()
            })),
        ),
        AnswerError::NotOnPath { expected, .. } => {
            let choices = rules.questions.get(expected).map_or(String::new(), |q| {
                let ids: Vec<&str> = q.choices.iter().map(|c| c.id.as_str()).collect();
                format!(" (choices: {})", ids.join(", "))
            });
            (
                within(Step::Field("question")),
                Some(format!(
                    "the key lists answers in the order the walk asks them: answer \"{expected}\"{choices} before this one"
                )),
            )
        }
        AnswerError::UnknownChoice {
            question,
            choice,
            valid,
        } => {
            let by_label = rules.questions.get(question).and_then(|q| {
                let wanted = choice.trim().to_lowercase();
                q.choices
                    .iter()
                    .filter(|_| wanted.chars().count() >= 3)
                    .find(|c| c.label.to_lowercase().starts_with(&wanted))
            });
            let hint = match by_label {
                Some(c) => Some(format!(
                    "\"{choice}\" reads like the label of choice \"{}\"; the key uses choice ids",
                    c.id
                )),
                None => did_you_mean(choice, valid.iter().map(String::as_str)),
            };
            (within(Step::Text(choice)), hint)
        }
        AnswerError::Finished { .. } => (
            loaded.place(&answer),
            Some("an earlier key answer ends the walk here; remove this answer or change the one that ends it".to_string()),
        ),
        AnswerError::OnlyOne { .. } => (
            within(Step::Field("choices")),
            Some("this question takes exactly one choice".to_string()),
        ),
        _ => (within(Step::Field("choices")), None),
    };
    Diagnostic::error(place, format!("key answer {}: {error}", index + 1)).with_hint(hint)
}

/// "question = choice" for each answer in the rules that cites `number`.
/// Up to four answers that cite `number`, those to questions the key's walk
/// asked first: changing one of them is the likeliest fix.
fn citing_answers(rules: &Rules, number: u8, walk: &Walk) -> Vec<String> {
    let mut found: Vec<(bool, String)> = rules
        .citations_of(number)
        .into_iter()
        .filter_map(|c| match c {
            Citation::Choice {
                question, choice, ..
            } => Some((
                walk.answer_to(&question).is_none(),
                format!("{question} = \"{choice}\""),
            )),
            _ => None,
        })
        .collect();
    found.sort_by_key(|(unasked, _)| *unasked);
    found.into_iter().take(4).map(|(_, text)| text).collect()
}

/// A student's copy: the vignette only. Any part of a key without its
/// answers is a mistake (a half-stripped key would leak, and score nothing).
fn check_student_copy(loaded: &Loaded, mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let s = &loaded.scenario;
    let at = |field: &str| loaded.place(&[Step::Field(field)]);
    for (field, text) in [("title", &s.title), ("vignette", &s.vignette)] {
        if text.trim().is_empty() {
            out.push(Diagnostic::error(
                at(field),
                format!("the {field} is empty"),
            ));
        }
    }
    if s.domains.is_empty() {
        out.push(Diagnostic::error(
            at("domains"),
            "the domains list is empty",
        ));
    }
    let leftovers = [
        ("must_cite", !s.must_cite.is_empty()),
        ("may_cite", !s.may_cite.is_empty()),
        ("first_step", s.first_step.is_some()),
        ("must_not", !s.must_not.is_empty()),
        ("debrief", !s.debrief.is_empty()),
        ("alternatives", s.alternatives.is_some()),
    ];
    for (field, present) in leftovers {
        if present {
            out.push(
                Diagnostic::error(
                    at(field),
                    format!("`{field}` is part of a key, but the file has no key answers"),
                )
                .with_hint(Some(
                    "a student's copy carries the vignette only (`dilemma scenarios export ID --student`); an instructor's key needs its `answers` too".to_string(),
                )),
            );
        }
    }
    out
}
