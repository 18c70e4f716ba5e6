//! Validation of a rule graph against the catalogue, and its coverage summary.

mod graph;
mod steps;

use std::collections::{BTreeMap, BTreeSet};

use graph::Graph;

use super::load::RuleSet;
use super::model::{Cond, Kind, Next, Question, Rules};
use crate::code::{Catalogue, STANDARD_COUNT};
use crate::source::{Diagnostic, Place, did_you_mean};
use crate::spans::Step;

/// Everything `dilemma check` has to say about a rule set.
#[derive(Debug, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub questions: usize,
    pub choices: usize,
    /// Routes from the start to an end, taking one choice at each question;
    /// `None` when a loop makes the count meaningless.
    pub paths: Option<u128>,
    pub ladders: usize,
    pub tensions: usize,
    /// Standards some choice cites with a reason.
    pub cited: BTreeSet<u8>,
}

impl Summary {
    pub fn uncited(&self) -> Vec<u8> {
        (1..=STANDARD_COUNT)
            .filter(|n| !self.cited.contains(n))
            .collect()
    }
}

/// Checks everything a rule author can get wrong, reporting each problem at
/// its place in the file it came from.
pub fn check(set: &RuleSet, code: &Catalogue) -> Report {
    let checker = || Checker {
        set,
        rules: &set.rules,
        code,
        out: Vec::new(),
    };
    let (mut parts, mut graph) = (checker(), checker());
    // The graph's checks (its targets, reachability, loops, paths) need
    // the graph numbered and few places in the files, the rest mostly
    // places: on a rules file of many thousand questions the two take
    // about as long, so they run side by side. Messages are merged in the
    // order one thread would give them: the texts', the targets', the
    // rest of the parts', the shape's.
    let big = set.rules.questions.len() >= PARALLEL_FROM;
    let (texts, (targets, (reachable, paths))) = if big {
        std::thread::scope(|scope| {
            let thread = scope.spawn(|| graph.graph());
            let parts = parts.parts();
            let graph = thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (parts, graph)
        })
    } else {
        (parts.parts(), graph.graph())
    };
    let mut diagnostics = parts.out;
    let rest = diagnostics.split_off(texts);
    let shape = graph.out.split_off(targets);
    diagnostics.extend(graph.out);
    diagnostics.extend(rest);
    diagnostics.extend(shape);
    diagnostics.sort_by(|a, b| {
        (
            a.place.file != set.origins[0].source.name,
            &a.place.file,
            a.place.line,
            a.place.col,
        )
            .cmp(&(
                b.place.file != set.origins[0].source.name,
                &b.place.file,
                b.place.line,
                b.place.col,
            ))
    });
    diagnostics.dedup();

    let rules = &set.rules;
    let cited = rules
        .questions
        .values()
        .zip(&reachable)
        .filter(|(_, reached)| **reached)
        .flat_map(|(q, _)| q.choices.iter())
        .flat_map(|c| c.cite.iter().map(|cite| cite.standard()))
        .filter(|n| code.get(*n).is_some())
        .collect();
    Report {
        diagnostics,
        summary: Summary {
            questions: rules.questions.len(),
            choices: rules.questions.values().map(|q| q.choices.len()).sum(),
            paths,
            ladders: rules.ladders.len(),
            tensions: rules.tensions.len(),
            cited,
        },
    }
}

/// Questions from which the graph's checks get a thread of their own.
const PARALLEL_FROM: usize = 2000;

/// Choices up to which a question's are checked for a repeated id without a set.
const FEW_CHOICES: usize = 16;

struct Checker<'a> {
    set: &'a RuleSet,
    rules: &'a Rules,
    code: &'a Catalogue,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Everything but the graph's checks. Returns how many messages the
    /// texts gave, the first of them.
    fn parts(&mut self) -> usize {
        self.texts();
        let texts = self.out.len();
        self.choices();
        self.standards_and_ladders();
        self.conditions();
        self.plan_parts();
        texts
    }

    /// The graph's checks: every target exists; the questions reached from
    /// the start, whether there is a loop, and the routes through the graph
    /// when there is none. Returns how many messages the targets gave, the
    /// first of them, and which questions are reached, by number.
    fn graph(&mut self) -> (usize, (Vec<bool>, Option<u128>)) {
        let graph = Graph::new(self.rules);
        self.targets(&graph);
        let targets = self.out.len();
        let reachable = self.reachability(&graph);
        let has_cycle = self.cycles(&graph);
        let paths = (!has_cycle && graph.start.is_some()).then(|| graph.count_paths());
        (targets, (reachable, paths))
    }

    fn error(&mut self, place: Place, message: String, hint: Option<String>) {
        self.out
            .push(Diagnostic::error(place, message).with_hint(hint));
    }

    fn warn(&mut self, place: Place, message: String) {
        self.out.push(Diagnostic::warning(place, message));
    }

    /// A place in question `id`, the `index`-th of the rules. Questions
    /// stand in the main file in the order of the rules, so the question
    /// is looked for first at that place among the file's questions,
    /// which spares indexing them all by id.
    fn at_question(&self, index: usize, id: &str, question: &Question, rest: &[Step<'_>]) -> Place {
        let mut path = vec![Step::Field("questions"), Step::KeyAt(id, index)];
        path.extend_from_slice(rest);
        self.set.origin(question.origin).place(&path)
    }

    fn at_ladder(&self, id: &str, rest: &[Step<'_>]) -> Place {
        let origin = self.rules.ladders.get(id).map_or(0, |l| l.origin);
        let mut path = vec![Step::Field("ladders"), Step::Key(id)];
        path.extend_from_slice(rest);
        self.set.origin(origin).place(&path)
    }

    fn at_step(&self, ladder: &str, step: &super::model::LadderStep, rest: &[Step<'_>]) -> Place {
        match step.origin {
            Some(origin) => {
                let mut path = vec![Step::Field("steps"), Step::Key(ladder), Step::Id(&step.id)];
                path.extend_from_slice(rest);
                self.set.origin(origin).place(&path)
            }
            None => {
                let mut path = vec![Step::Field("steps"), Step::Id(&step.id)];
                path.extend_from_slice(rest);
                self.at_ladder(ladder, &path)
            }
        }
    }

    fn at_tension(&self, tension: &super::model::Tension, rest: &[Step<'_>]) -> Place {
        let mut path = vec![Step::Field("tensions"), Step::Id(&tension.id)];
        path.extend_from_slice(rest);
        self.set.origin(tension.origin).place(&path)
    }

    fn at_crisis(&self, rest: &[Step<'_>]) -> Place {
        let origin = self.rules.crisis.as_ref().map_or(0, |c| c.origin);
        let mut path = vec![Step::Field("crisis")];
        path.extend_from_slice(rest);
        self.set.origin(origin).place(&path)
    }

    /// Every text a person reads must say something.
    fn texts(&mut self) {
        let rules = self.rules;
        for (qi, (qid, q)) in rules.questions.iter().enumerate() {
            for (field, text) in [("prompt", &q.prompt), ("help", &q.help)] {
                if text.trim().is_empty() {
                    let place = self.at_question(qi, qid, q, &[Step::Field(field)]);
                    self.error(
                        place,
                        format!("question \"{qid}\" has an empty {field}"),
                        None,
                    );
                }
            }
            for choice in &q.choices {
                let at = [Step::Field("choices"), Step::Id(&choice.id)];
                if choice.label.trim().is_empty() {
                    let place = self.at_question(qi, qid, q, &at);
                    self.error(
                        place,
                        format!("choice \"{}\" of \"{qid}\" has an empty label", choice.id),
                        None,
                    );
                }
                for (i, cite) in choice.cite.iter().enumerate() {
                    if cite.reason().trim().is_empty() {
                        let place = self.at_question(
                            qi,
                            qid,
                            q,
                            &[at[0], at[1], Step::Field("cite"), Step::Nth(i)],
                        );
                        self.error(
                            place,
                            format!("standard {} is cited without a reason", cite.standard()),
                            Some("say in a sentence why this answer brings the standard in".into()),
                        );
                    }
                }
                let says_little = choice.label.split_whitespace().count() <= 2;
                if !choice.set.is_empty() && choice.hint.is_none() && says_little {
                    let place = self.at_question(qi, qid, q, &at);
                    self.warn(
                        place,
                        format!(
                            "choice \"{}\" of \"{qid}\" sets a fact but its short label does not say what it means: add a hint",
                            choice.id
                        ),
                    );
                }
            }
        }
        for (lid, ladder) in rules.ladders.iter() {
            if ladder.title.trim().is_empty() {
                let place = self.at_ladder(lid, &[Step::Field("title")]);
                self.error(place, format!("ladder \"{lid}\" has an empty title"), None);
            }
            for step in &ladder.steps {
                if step.text.trim().is_empty() {
                    let place = self.at_step(lid, step, &[]);
                    self.error(
                        place,
                        format!("step \"{}\" of ladder \"{lid}\" has no text", step.id),
                        None,
                    );
                }
                // A shared step's wordings are checked once, where they are written.
                if step.same.is_some() {
                    continue;
                }
                for (i, variant) in step.variants.iter().enumerate() {
                    if !variant.is_worded() {
                        let at = [Step::Field("variants"), Step::Nth(i)];
                        let place = self.at_step(lid, step, &at);
                        self.error(
                            place,
                            format!(
                                "a wording of step \"{}\" of ladder \"{lid}\" needs either a text or a lead, not both",
                                step.id
                            ),
                            None,
                        );
                    }
                }
            }
        }
        for (id, shared) in rules.shared_steps.iter() {
            for (i, variant) in shared.variants.iter().enumerate() {
                if !variant.is_worded() {
                    let place = self.set.origin(shared.origin).place(&[
                        Step::Field("shared_steps"),
                        Step::Key(id),
                        Step::Field("variants"),
                        Step::Nth(i),
                    ]);
                    self.error(
                        place,
                        format!("a wording of shared step \"{id}\" needs either a text or a lead, not both"),
                        None,
                    );
                }
            }
        }
        for tension in &rules.tensions {
            if tension.note.trim().is_empty() {
                let place = self.at_tension(tension, &[Step::Field("note")]);
                self.error(
                    place,
                    format!("tension \"{}\" has an empty note", tension.id),
                    None,
                );
            }
        }
    }

    /// Every `next`, branch and `then` leads to a question that exists.
    fn targets(&mut self, graph: &Graph<'_>) {
        let rules = self.rules;
        let known = || rules.questions.keys();
        if graph.start.is_none() {
            let place = self.set.origins[0].place(&[Step::Field("start")]);
            self.error(
                place,
                format!("the start question \"{}\" does not exist", rules.start),
                did_you_mean(&rules.start, known()),
            );
        }
        for (qi, (qid, q)) in rules.questions.iter().enumerate() {
            // A choice's targets, then `then`, each looked up once already.
            let mut edges = graph.edges(qi).iter().peekable();
            if let Some(then) = &q.then
                && graph.edges(qi).last().is_some_and(|e| e.to().is_none())
            {
                let place = self.at_question(qi, qid, q, &[Step::Field("then")]);
                self.error(
                    place,
                    format!("question \"{qid}\" continues to \"{then}\", which does not exist"),
                    did_you_mean(then, known()),
                );
            }
            for (c, choice) in q.choices.iter().enumerate() {
                if let Next::Branch { cases, .. } = &choice.next
                    && cases.is_empty()
                {
                    let place = self.at_question(
                        qi,
                        qid,
                        q,
                        &[
                            Step::Field("choices"),
                            Step::Id(&choice.id),
                            Step::Field("next"),
                        ],
                    );
                    self.error(
                        place,
                        "a branch needs at least one case".into(),
                        Some("use Goto(\"id\") for a plain jump".into()),
                    );
                }
                for target in choice.next.targets() {
                    let Some(edge) = edges.next_if(|e| e.choice() == Some(c)) else {
                        break;
                    };
                    if edge.to().is_none() {
                        let place = self.at_question(
                            qi,
                            qid,
                            q,
                            &[
                                Step::Field("choices"),
                                Step::Id(&choice.id),
                                Step::Field("next"),
                                Step::Text(target),
                            ],
                        );
                        self.error(
                            place,
                            format!("choice \"{}\" of \"{qid}\" leads to \"{target}\", which does not exist", choice.id),
                            did_you_mean(target, known()),
                        );
                    }
                }
            }
        }
    }

    /// Each question offers choices, and no choice id twice.
    fn choices(&mut self) {
        let rules = self.rules;
        for (qi, (qid, q)) in rules.questions.iter().enumerate() {
            if q.choices.is_empty() {
                let place = self.at_question(qi, qid, q, &[Step::Field("choices")]);
                self.error(place, format!("question \"{qid}\" has no choices"), None);
            } else if q.kind == Kind::One && q.choices.len() == 1 {
                let place = self.at_question(qi, qid, q, &[Step::Field("choices")]);
                self.warn(place, format!("question \"{qid}\" offers only one choice"));
            }
            let mut seen = BTreeSet::new();
            for (i, choice) in q.choices.iter().enumerate() {
                // A question has a few choices: looking back over them
                // costs less than a set, which allocates for each question.
                let twice = if q.choices.len() <= FEW_CHOICES {
                    q.choices[..i].iter().any(|c| c.id == choice.id)
                } else {
                    !seen.insert(choice.id.as_str())
                };
                if twice {
                    let place =
                        self.at_question(qi, qid, q, &[Step::Field("choices"), Step::Nth(i)]);
                    self.error(
                        place,
                        format!(
                            "question \"{qid}\" has two choices with id \"{}\"",
                            choice.id
                        ),
                        None,
                    );
                }
            }
        }
    }

    /// Cited standards exist; opened ladders exist; ladders and tensions are sound.
    fn standards_and_ladders(&mut self) {
        let rules = self.rules;
        let unknown = |n: u8| {
            format!("standard {n} does not exist: the code has standards 1 to {STANDARD_COUNT}")
        };
        for (qi, (qid, q)) in rules.questions.iter().enumerate() {
            for choice in &q.choices {
                for (i, cite) in choice.cite.iter().enumerate() {
                    if self.code.get(cite.standard()).is_none() {
                        let place = self.at_question(
                            qi,
                            qid,
                            q,
                            &[
                                Step::Field("choices"),
                                Step::Id(&choice.id),
                                Step::Field("cite"),
                                Step::Nth(i),
                            ],
                        );
                        self.error(place, unknown(cite.standard()), None);
                    }
                }
                for ladder in &choice.open {
                    if !rules.ladders.contains(ladder) {
                        let place = self.at_question(
                            qi,
                            qid,
                            q,
                            &[
                                Step::Field("choices"),
                                Step::Id(&choice.id),
                                Step::Field("open"),
                                Step::Text(ladder),
                            ],
                        );
                        self.error(
                            place,
                            format!(
                                "choice \"{}\" opens ladder \"{ladder}\", which does not exist",
                                choice.id
                            ),
                            did_you_mean(ladder, rules.ladders.keys()),
                        );
                    }
                }
            }
        }
        let opened: BTreeSet<&str> = rules
            .questions
            .values()
            .flat_map(|q| q.choices.iter())
            .flat_map(|c| c.open.iter().map(String::as_str))
            .collect();
        for (lid, ladder) in rules.ladders.iter() {
            for &n in &ladder.standards {
                if self.code.get(n).is_none() {
                    let place = self.at_ladder(lid, &[Step::Field("standards")]);
                    self.error(place, unknown(n), None);
                }
            }
            if ladder.steps.is_empty() {
                let place = self.at_ladder(lid, &[Step::Field("steps")]);
                self.error(place, format!("ladder \"{lid}\" has no steps"), None);
            }
            let mut seen = BTreeSet::new();
            for step in &ladder.steps {
                if !seen.insert(step.id.as_str()) {
                    let place = self.at_step(lid, step, &[]);
                    self.error(
                        place,
                        format!("ladder \"{lid}\" has two steps with id \"{}\"", step.id),
                        None,
                    );
                }
            }
            if !opened.contains(lid) {
                let place = self.at_ladder(lid, &[]);
                self.warn(
                    place,
                    format!("ladder \"{lid}\" is never opened by any choice"),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for tension in &rules.tensions {
            if !seen.insert(tension.id.as_str()) {
                let place = self.at_tension(tension, &[]);
                self.error(
                    place,
                    format!("two tensions have the id \"{}\"", tension.id),
                    None,
                );
            }
            let distinct: BTreeSet<u8> = tension.standards.iter().copied().collect();
            if distinct.len() < tension.standards.len() {
                let place = self.at_tension(tension, &[Step::Field("standards")]);
                self.error(
                    place,
                    format!("tension \"{}\" lists a standard twice", tension.id),
                    None,
                );
            } else if tension.standards.len() < 2 {
                let place = self.at_tension(tension, &[Step::Field("standards")]);
                self.error(
                    place,
                    format!("tension \"{}\" needs at least two standards", tension.id),
                    None,
                );
            }
            for &n in &tension.standards {
                if self.code.get(n).is_none() {
                    let place = self.at_tension(tension, &[Step::Field("standards")]);
                    self.error(place, unknown(n), None);
                }
            }
        }
        if let Some(crisis) = &rules.crisis
            && let Some(ladder) = &crisis.ladder
            && !rules.ladders.contains(ladder)
        {
            let place = self.at_crisis(&[Step::Field("ladder")]);
            self.error(
                place,
                format!("the crisis banner names ladder \"{ladder}\", which does not exist"),
                did_you_mean(ladder, rules.ladders.keys()),
            );
        }
    }

    /// Every value some choice gives each fact.
    fn given(&self) -> BTreeMap<&str, BTreeSet<&str>> {
        let mut given: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for choice in self.rules.questions.values().flat_map(|q| q.choices.iter()) {
            for (name, value) in choice.set.iter() {
                given.entry(name).or_default().insert(value);
            }
        }
        given
    }

    /// Reports each fact test in `cond` on a fact no choice sets, or for a
    /// value no choice gives.
    fn known_facts(&mut self, cond: &Cond, place: &dyn Fn(&str) -> Place) {
        let given = self.given();
        let mut problems = Vec::new();
        fact_problems(&given, cond, place, &mut problems);
        for (place, message, hint) in problems {
            self.error(place, message, hint);
        }
    }

    /// Every condition tests a fact some choice sets, for a value some choice gives.
    fn conditions(&mut self) {
        let rules = self.rules;
        let given = self.given();
        let mut problems: Vec<(Place, String, Option<String>)> = Vec::new();
        let mut test = |cond: &Cond, place: &dyn Fn(&str) -> Place| {
            fact_problems(&given, cond, place, &mut problems);
        };
        for (qi, (qid, q)) in rules.questions.iter().enumerate() {
            for choice in &q.choices {
                if let Next::Branch { cases, .. } = &choice.next {
                    for case in cases {
                        test(&case.when, &|name| {
                            self.at_question(
                                qi,
                                qid,
                                q,
                                &[
                                    Step::Field("choices"),
                                    Step::Id(&choice.id),
                                    Step::Field("next"),
                                    Step::Text(name),
                                ],
                            )
                        });
                    }
                }
            }
        }
        for (lid, ladder) in rules.ladders.iter() {
            for step in &ladder.steps {
                if let Some(when) = &step.when {
                    test(when, &|name| {
                        self.at_step(lid, step, &[Step::Field("when"), Step::Text(name)])
                    });
                }
                // A shared step's variants are checked once, where they are written.
                if step.same.is_none() {
                    for (i, variant) in step.variants.iter().enumerate() {
                        test(&variant.when, &|name| {
                            self.at_step(
                                lid,
                                step,
                                &[Step::Field("variants"), Step::Nth(i), Step::Text(name)],
                            )
                        });
                    }
                }
            }
        }
        for (id, shared) in rules.shared_steps.iter() {
            let origin = self.set.origin(shared.origin);
            for (i, variant) in shared.variants.iter().enumerate() {
                test(&variant.when, &|name| {
                    origin.place(&[
                        Step::Field("shared_steps"),
                        Step::Key(id),
                        Step::Field("variants"),
                        Step::Nth(i),
                        Step::Text(name),
                    ])
                });
            }
        }
        for tension in &rules.tensions {
            if let Some(when) = &tension.when {
                test(when, &|name| {
                    self.at_tension(tension, &[Step::Field("when"), Step::Text(name)])
                });
            }
        }
        if let Some(crisis) = &rules.crisis {
            test(&crisis.when, &|name| {
                self.at_crisis(&[Step::Field("when"), Step::Text(name)])
            });
        }
        for (place, message, hint) in problems {
            self.error(place, message, hint);
        }
    }

    /// Every question can be reached from the start. Returns, by number,
    /// those that can.
    fn reachability(&mut self, graph: &Graph<'_>) -> Vec<bool> {
        let rules = self.rules;
        let reached = graph.reachable();
        if graph.start.is_some() {
            for (qi, (qid, q)) in rules.questions.iter().enumerate() {
                if !reached[qi] {
                    let place = self.at_question(qi, qid, q, &[]);
                    self.error(
                        place,
                        format!(
                            "question \"{qid}\" cannot be reached from the start \"{}\"",
                            rules.start
                        ),
                        None,
                    );
                }
            }
        }
        reached
    }

    /// The graph has no loops: every walk ends. Reports each edge that closes one.
    fn cycles(&mut self, graph: &Graph<'_>) -> bool {
        let rules = self.rules;
        let found = graph.loops();
        let any = !found.is_empty();
        let id = |i: usize| rules.questions.get_index(i).map_or("", |(id, _)| id);
        let names = if any { graph.names() } else { Vec::new() };
        for (from, e, trail) in found {
            // Edges start at real questions.
            let Some((from_id, q)) = rules.questions.get_index(from) else {
                continue;
            };
            let to = names.get(e).copied().unwrap_or_default();
            let edge = graph.edge(e);
            let place = match edge.choice().and_then(|c| q.choices.get(c)) {
                Some(choice) => self.at_question(
                    from,
                    from_id,
                    q,
                    &[
                        Step::Field("choices"),
                        Step::Id(&choice.id),
                        Step::Field("next"),
                        Step::Text(to),
                    ],
                ),
                None => self.at_question(from, from_id, q, &[Step::Field("then")]),
            };
            let trail: Vec<&str> = trail.into_iter().map(id).collect();
            self.error(
                place,
                format!(
                    "this leads back to \"{to}\", making a loop: {}",
                    trail.join(" -> ")
                ),
                Some("questions must form a graph without loops so every walk ends".into()),
            );
        }
        any
    }
}

type Problem = (Place, String, Option<String>);

fn fact_problems(
    given: &BTreeMap<&str, BTreeSet<&str>>,
    cond: &Cond,
    place: &dyn Fn(&str) -> Place,
    out: &mut Vec<Problem>,
) {
    for (name, value) in cond.tests() {
        match given.get(name) {
            None => out.push((
                place(name),
                format!("the condition tests fact \"{name}\", which no choice sets"),
                did_you_mean(name, given.keys().copied()),
            )),
            Some(values) if !values.contains(value) => out.push((
                place(name),
                format!("fact \"{name}\" is never set to \"{value}\""),
                Some(format!(
                    "choices set it to: {}",
                    values.iter().copied().collect::<Vec<_>>().join(", ")
                )),
            )),
            Some(_) => {}
        }
    }
}
