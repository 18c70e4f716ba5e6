//! Validation of a rule graph against the catalogue, and its coverage summary.

mod steps;

// The std hash, not a faster one: ids come from the rules file, and a
// hostile file could choose ids that all collide under a hash without a key.
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    // The graph's shape (reachability, loops, paths) needs no places in
    // the files, the rest mostly places: on a rules file of many thousand
    // questions the two take about as long, so they run side by side.
    // Messages are merged in the order one thread would give them.
    let big = set.rules.questions.len() >= PARALLEL_FROM;
    let (reachable, paths) = if big {
        std::thread::scope(|scope| {
            let shape = scope.spawn(|| graph.shape());
            parts.parts();
            shape
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    } else {
        parts.parts();
        graph.shape()
    };
    let mut checker = parts;
    checker.out.append(&mut graph.out);
    let mut diagnostics = checker.out;
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
        .iter()
        .filter(|(id, _)| reachable.contains(*id))
        .flat_map(|(_, q)| q.choices.iter())
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

struct Checker<'a> {
    set: &'a RuleSet,
    rules: &'a Rules,
    code: &'a Catalogue,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    /// Everything but the graph's shape.
    fn parts(&mut self) {
        self.texts();
        self.targets();
        self.choices();
        self.standards_and_ladders();
        self.conditions();
        self.plan_parts();
    }

    /// The questions reached from the start, whether there is a loop, and
    /// the routes through the graph when there is none.
    fn shape(&mut self) -> (HashSet<&'a str>, Option<u128>) {
        let reachable = self.reachability();
        let has_cycle = self.cycles();
        let rules = self.rules;
        let paths =
            (!has_cycle && rules.questions.contains(&rules.start)).then(|| count_paths(rules));
        (reachable, paths)
    }

    fn error(&mut self, place: Place, message: String, hint: Option<String>) {
        self.out
            .push(Diagnostic::error(place, message).with_hint(hint));
    }

    fn warn(&mut self, place: Place, message: String) {
        self.out.push(Diagnostic::warning(place, message));
    }

    fn at_question(&self, id: &str, question: &Question, rest: &[Step<'_>]) -> Place {
        let mut path = vec![Step::Field("questions"), Step::Key(id)];
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
        for (qid, q) in rules.questions.iter() {
            for (field, text) in [("prompt", &q.prompt), ("help", &q.help)] {
                if text.trim().is_empty() {
                    let place = self.at_question(qid, q, &[Step::Field(field)]);
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
                    let place = self.at_question(qid, q, &at);
                    self.error(
                        place,
                        format!("choice \"{}\" of \"{qid}\" has an empty label", choice.id),
                        None,
                    );
                }
                for (i, cite) in choice.cite.iter().enumerate() {
                    if cite.reason().trim().is_empty() {
                        let place = self.at_question(
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
                    let place = self.at_question(qid, q, &at);
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
    fn targets(&mut self) {
        let rules = self.rules;
        let known = || rules.questions.keys();
        if !rules.questions.contains(&rules.start) {
            let place = self.set.origins[0].place(&[Step::Field("start")]);
            self.error(
                place,
                format!("the start question \"{}\" does not exist", rules.start),
                did_you_mean(&rules.start, known()),
            );
        }
        for (qid, q) in rules.questions.iter() {
            if let Some(then) = &q.then
                && !rules.questions.contains(then)
            {
                let place = self.at_question(qid, q, &[Step::Field("then")]);
                self.error(
                    place,
                    format!("question \"{qid}\" continues to \"{then}\", which does not exist"),
                    did_you_mean(then, known()),
                );
            }
            for choice in &q.choices {
                if let Next::Branch { cases, .. } = &choice.next
                    && cases.is_empty()
                {
                    let place = self.at_question(
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
                    if !rules.questions.contains(target) {
                        let place = self.at_question(
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
        for (qid, q) in rules.questions.iter() {
            if q.choices.is_empty() {
                let place = self.at_question(qid, q, &[Step::Field("choices")]);
                self.error(place, format!("question \"{qid}\" has no choices"), None);
            } else if q.kind == Kind::One && q.choices.len() == 1 {
                let place = self.at_question(qid, q, &[Step::Field("choices")]);
                self.warn(place, format!("question \"{qid}\" offers only one choice"));
            }
            let mut seen = BTreeSet::new();
            for (i, choice) in q.choices.iter().enumerate() {
                if !seen.insert(choice.id.as_str()) {
                    let place = self.at_question(qid, q, &[Step::Field("choices"), Step::Nth(i)]);
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
        for (qid, q) in rules.questions.iter() {
            for choice in &q.choices {
                for (i, cite) in choice.cite.iter().enumerate() {
                    if self.code.get(cite.standard()).is_none() {
                        let place = self.at_question(
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
        for (qid, q) in rules.questions.iter() {
            for choice in &q.choices {
                if let Next::Branch { cases, .. } = &choice.next {
                    for case in cases {
                        test(&case.when, &|name| {
                            self.at_question(
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

    /// Every question can be reached from the start. Returns those that can.
    fn reachability(&mut self) -> HashSet<&'a str> {
        let rules = self.rules;
        let mut reached = HashSet::default();
        let mut stack = vec![rules.start.as_str()];
        while let Some(id) = stack.pop() {
            if !rules.questions.contains(id) || !reached.insert(id) {
                continue;
            }
            stack.extend(successors(rules, id).into_iter().map(|(to, _)| to));
        }
        if rules.questions.contains(&rules.start) {
            for (qid, q) in rules.questions.iter() {
                if !reached.contains(qid) {
                    let place = self.at_question(qid, q, &[]);
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
    fn cycles(&mut self) -> bool {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Open,
            Done,
        }
        let rules = self.rules;
        let mut marks: HashMap<&str, Mark> = HashMap::default();
        let mut found: Vec<(&str, Edge<'_>, &str, Vec<&str>)> = Vec::new();
        for root in rules.questions.keys() {
            if marks.contains_key(root) {
                continue;
            }
            // Iterative depth-first search: (question, its successors, next index).
            let mut stack: Vec<Frame<'_>> = vec![(root, successors(rules, root), 0)];
            marks.insert(root, Mark::Open);
            while let Some((id, next, i)) = stack.last_mut() {
                let Some((to, edge)) = next.get(*i).cloned() else {
                    marks.insert(id, Mark::Done);
                    stack.pop();
                    continue;
                };
                *i += 1;
                let from = *id;
                match marks.get(to) {
                    Some(Mark::Open) => {
                        let mut trail: Vec<&str> = stack.iter().map(|(q, _, _)| *q).collect();
                        let start = trail.iter().position(|q| *q == to).unwrap_or(0);
                        trail.drain(..start);
                        trail.push(to);
                        found.push((from, edge, to, trail));
                    }
                    Some(Mark::Done) => {}
                    None if rules.questions.contains(to) => {
                        marks.insert(to, Mark::Open);
                        stack.push((to, successors(rules, to), 0));
                    }
                    None => {}
                }
            }
        }
        let any = !found.is_empty();
        for (from, edge, to, trail) in found {
            // Edges start at real questions.
            let Some(q) = rules.questions.get(from) else {
                continue;
            };
            let place = match edge {
                Edge::Choice(choice) => self.at_question(
                    from,
                    q,
                    &[
                        Step::Field("choices"),
                        Step::Id(choice),
                        Step::Field("next"),
                        Step::Text(to),
                    ],
                ),
                Edge::Then => self.at_question(from, q, &[Step::Field("then")]),
            };
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

/// A question being explored, its successors, and how many were followed.
type Frame<'a> = (&'a str, Vec<(&'a str, Edge<'a>)>, usize);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Edge<'a> {
    Choice(&'a str),
    Then,
}

/// The questions a question can lead to, and by which edge.
fn successors<'a>(rules: &'a Rules, id: &str) -> Vec<(&'a str, Edge<'a>)> {
    let Some(q) = rules.questions.get(id) else {
        return Vec::new();
    };
    let mut out: Vec<(&str, Edge<'_>)> = q
        .choices
        .iter()
        .flat_map(|c| c.next.targets().map(|t| (t, Edge::Choice(c.id.as_str()))))
        .collect();
    if let Some(then) = &q.then {
        out.push((then, Edge::Then));
    }
    out
}

/// Counts routes from the start, one choice at each question. A choice's own
/// branch is walked before the question's `then`, so the two multiply.
/// Iterative, with each question counted once, so a graph of any depth is
/// counted in linear time without exhausting the stack; a route back to a
/// question still being counted (a loop) counts as one.
fn count_paths(rules: &Rules) -> u128 {
    let mut memo: HashMap<&str, u128> = HashMap::default();
    let mut open: HashSet<&str> = HashSet::default();
    let mut stack: Vec<&str> = vec![rules.start.as_str()];
    while let Some(&id) = stack.last() {
        if memo.contains_key(id) {
            stack.pop();
            continue;
        }
        let Some(q) = rules.questions.get(id) else {
            memo.insert(id, 1);
            stack.pop();
            continue;
        };
        let next = q
            .choices
            .iter()
            .flat_map(|c| c.next.targets())
            .chain(q.then.as_deref())
            .filter(|t| !memo.contains_key(t) && !open.contains(t));
        let waiting: Vec<&str> = next.collect();
        if !waiting.is_empty() && open.insert(id) {
            stack.extend(waiting);
            continue;
        }
        open.remove(id);
        let known = |t: &str| memo.get(t).copied().unwrap_or(1);
        let mut via_choices: u128 = 0;
        for choice in &q.choices {
            let mut n: u128 = u128::from(matches!(
                &choice.next,
                Next::End
                    | Next::Branch {
                        otherwise: None,
                        ..
                    }
            ));
            for target in choice.next.targets() {
                n = n.saturating_add(known(target));
            }
            via_choices = via_choices.saturating_add(n.max(1));
        }
        let after = q.then.as_deref().map_or(1, known);
        memo.insert(id, via_choices.max(1).saturating_mul(after));
        stack.pop();
    }
    memo.get(rules.start.as_str()).copied().unwrap_or(1)
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
