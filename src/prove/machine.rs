//! The rules compiled to indexes, so that states are small and hash fast.

use rustc_hash::FxHashMap as HashMap;

use super::bits::{Bits, bits, has, put};
use crate::rules::model::{Cond, Kind, Next, PlanKey, Role, Rules, StepRef, Urgency};

/// The rules compiled to indexes, so states are small and hash fast.
pub(super) struct Machine<'r> {
    pub(super) rules: &'r Rules,
    pub(super) questions: Vec<Q>,
    pub(super) start: usize,
    pub(super) concerns: Option<usize>,
    /// Fact names, and each fact's values (value ids count from 1).
    pub(super) facts: Vec<(String, Vec<String>)>,
    /// Facts some branch reads: always tracked, since they steer the walk.
    pub(super) steering: Vec<usize>,
    pub(super) steps: Vec<StepInfo>,
    /// For each question, the questions it can lead to, itself included.
    pub(super) reach: Vec<Bits>,
}

pub(super) struct Q {
    pub(super) id: String,
    pub(super) many: bool,
    pub(super) choices: Vec<C>,
    pub(super) then: Option<usize>,
    /// Facts some choice of this question sets.
    pub(super) sets: Bits,
    /// Ladders some choice of this question opens.
    pub(super) opens: Bits,
    /// Some choice cites a governing standard.
    pub(super) primary: bool,
    /// Facts this question's branches read.
    pub(super) reads: Bits,
}

pub(super) struct C {
    pub(super) id: String,
    pub(super) sets: Vec<(usize, u8)>,
    pub(super) opens: Vec<usize>,
    pub(super) primary: bool,
    pub(super) next: N,
    pub(super) exclusive: bool,
}

pub(super) enum N {
    End,
    Goto(usize),
    Branch(Vec<(Test, usize)>, Option<usize>),
}

pub(super) struct StepInfo {
    pub(super) ladder: usize,
    pub(super) key: PlanKey,
    /// Steps that merge into one plan entry share a group number.
    pub(super) group: u32,
    pub(super) when: Option<Test>,
    pub(super) urgency: Urgency,
}

/// A condition with its facts and values turned into indexes.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Test {
    /// Fact index and value id; a fact or value no choice sets never matches.
    Is(usize, u8),
    All(Vec<Test>),
    Any(Vec<Test>),
    Not(Box<Test>),
}

impl Test {
    const NEVER: u8 = u8::MAX;

    /// The value on facts some of which may still change: `None` when the
    /// answer depends on one that may.
    pub(super) fn eval(&self, view: &View<'_>) -> Option<bool> {
        match self {
            Test::Is(fact, value) => view.fact(*fact).map(|seen| seen == *value),
            Test::All(all) => {
                let mut known = true;
                for t in all {
                    match t.eval(view) {
                        Some(false) => return Some(false),
                        Some(true) => {}
                        None => known = false,
                    }
                }
                known.then_some(true)
            }
            Test::Any(any) => {
                let mut known = true;
                for t in any {
                    match t.eval(view) {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => known = false,
                    }
                }
                known.then_some(false)
            }
            Test::Not(inner) => inner.eval(view).map(|v| !v),
        }
    }

    pub(super) fn facts(&self, out: &mut Vec<usize>) {
        match self {
            Test::Is(fact, _) => {
                if *fact != usize::MAX && !out.contains(fact) {
                    out.push(*fact);
                }
            }
            Test::All(list) | Test::Any(list) => list.iter().for_each(|t| t.facts(out)),
            Test::Not(inner) => inner.facts(out),
        }
    }
}

/// The facts of a state as one goal sees them, with which may still change.
pub(super) struct View<'a> {
    pub(super) slots: &'a [Option<usize>],
    pub(super) values: &'a [u8],
    /// Facts a question still to come may set; `None` once the walk is over.
    pub(super) live: Option<&'a [u64]>,
}

impl View<'_> {
    pub(super) fn fact(&self, fact: usize) -> Option<u8> {
        if fact == usize::MAX {
            return Some(0);
        }
        if self.live.is_some_and(|live| has(live, fact)) {
            return None;
        }
        Some(self.slots[fact].map_or(0, |slot| self.values[slot]))
    }
}

impl<'r> Machine<'r> {
    pub(super) fn new(rules: &'r Rules) -> Machine<'r> {
        let index: HashMap<&str, usize> = rules
            .questions
            .keys()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let mut facts: Vec<(String, Vec<String>)> = Vec::new();
        for q in rules.questions.values() {
            for c in &q.choices {
                for (name, value) in c.set.iter() {
                    let f = match facts.iter().position(|(n, _)| n == name) {
                        Some(f) => f,
                        None => {
                            facts.push((name.to_string(), Vec::new()));
                            facts.len() - 1
                        }
                    };
                    if !facts[f].1.iter().any(|v| v == value) {
                        facts[f].1.push(value.clone());
                    }
                }
            }
        }
        let ladder_count = rules.ladders.len();
        let questions: Vec<Q> = rules
            .questions
            .iter()
            .map(|(id, q)| {
                let choices: Vec<C> = q
                    .choices
                    .iter()
                    .map(|c| C {
                        id: c.id.clone(),
                        sets: c.set.iter().map(|(n, v)| lookup(&facts, n, v)).collect(),
                        opens: c
                            .open
                            .iter()
                            .filter_map(|l| rules.ladders.position(l))
                            .collect(),
                        primary: c.cite.iter().any(|cite| cite.role() == Role::Primary),
                        next: match &c.next {
                            Next::End => N::End,
                            Next::Goto(t) => index.get(t.as_str()).map_or(N::End, |&i| N::Goto(i)),
                            Next::Branch { cases, otherwise } => N::Branch(
                                cases
                                    .iter()
                                    .filter_map(|case| {
                                        let to = *index.get(case.goto.as_str())?;
                                        Some((compile(&case.when, &facts), to))
                                    })
                                    .collect(),
                                otherwise.as_deref().and_then(|o| index.get(o).copied()),
                            ),
                        },
                        exclusive: c.exclusive,
                    })
                    .collect();
                let mut sets = bits(facts.len());
                let mut opens = bits(ladder_count);
                let mut reads = bits(facts.len());
                for c in &choices {
                    for &(f, _) in &c.sets {
                        put(&mut sets, f);
                    }
                    for &l in &c.opens {
                        put(&mut opens, l);
                    }
                    if let N::Branch(cases, _) = &c.next {
                        let mut read = Vec::new();
                        for (test, _) in cases {
                            test.facts(&mut read);
                        }
                        read.into_iter().for_each(|f| put(&mut reads, f));
                    }
                }
                Q {
                    id: id.to_string(),
                    many: q.kind == Kind::Many,
                    then: q.then.as_deref().and_then(|t| index.get(t).copied()),
                    primary: choices.iter().any(|c| c.primary),
                    choices,
                    sets,
                    opens,
                    reads,
                }
            })
            .collect();
        let steering: Vec<usize> = (0..facts.len())
            .filter(|&f| questions.iter().any(|q| has(&q.reads, f)))
            .collect();
        let mut steps = Vec::new();
        let mut groups: HashMap<String, u32> = HashMap::default();
        for (l, (lid, ladder)) in rules.ladders.iter().enumerate() {
            for (s, step) in ladder.steps.iter().enumerate() {
                let fresh = groups.len() as u32;
                steps.push(StepInfo {
                    ladder: l,
                    key: rules.plan_key(lid, s, step),
                    group: *groups.entry(step.merge_key(lid)).or_insert(fresh),
                    when: step.when.as_ref().map(|w| compile(w, &facts)),
                    urgency: step.urgency(),
                });
            }
        }
        let reach = reach(&questions);
        Machine {
            rules,
            start: index.get(rules.start.as_str()).copied().unwrap_or(0),
            concerns: rules
                .concerns
                .as_deref()
                .and_then(|c| index.get(c).copied()),
            questions,
            facts,
            steering,
            steps,
            reach,
        }
    }

    /// The steps a reference names.
    pub(super) fn matching(&self, reference: &StepRef) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        for (lid, ladder) in self.rules.ladders.iter() {
            for step in &ladder.steps {
                if reference.matches(lid, step) {
                    out.push(i);
                }
                i += 1;
            }
        }
        out
    }

    pub(super) fn refs(&self, texts: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = texts
            .iter()
            .filter_map(|t| StepRef::parse(t).ok())
            .flat_map(|r| self.matching(&r))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `steps`, with every step that shares a group with one of them.
    pub(super) fn with_group_mates(&self, mut steps: Vec<usize>) -> Vec<usize> {
        let groups: Vec<u32> = steps.iter().map(|&s| self.steps[s].group).collect();
        steps.extend((0..self.steps.len()).filter(|i| groups.contains(&self.steps[*i].group)));
        steps.sort_unstable();
        steps.dedup();
        steps
    }
}

/// For each question, every question it can lead to (itself included).
pub(super) fn reach(questions: &[Q]) -> Vec<Bits> {
    let successors = |q: &Q| -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in &q.choices {
            match &c.next {
                N::End => {}
                N::Goto(t) => out.push(*t),
                N::Branch(cases, otherwise) => {
                    out.extend(cases.iter().map(|(_, t)| *t));
                    out.extend(*otherwise);
                }
            }
        }
        out.extend(q.then);
        out
    };
    (0..questions.len())
        .map(|from| {
            let mut seen = bits(questions.len());
            let mut stack = vec![from];
            while let Some(q) = stack.pop() {
                if has(&seen, q) {
                    continue;
                }
                put(&mut seen, q);
                stack.extend(successors(&questions[q]));
            }
            seen
        })
        .collect()
}

pub(super) fn lookup(facts: &[(String, Vec<String>)], name: &str, value: &str) -> (usize, u8) {
    let Some(f) = facts.iter().position(|(n, _)| n == name) else {
        return (usize::MAX, Test::NEVER);
    };
    let v = facts[f]
        .1
        .iter()
        .position(|v| v == value)
        .and_then(|v| u8::try_from(v + 1).ok())
        .unwrap_or(Test::NEVER);
    (f, v)
}

pub(super) fn compile(cond: &Cond, facts: &[(String, Vec<String>)]) -> Test {
    match cond {
        Cond::Fact(name, value) => {
            let (f, v) = lookup(facts, name, value);
            Test::Is(f, v)
        }
        Cond::All(list) => Test::All(list.iter().map(|c| compile(c, facts)).collect()),
        Cond::Any(list) => Test::Any(list.iter().map(|c| compile(c, facts)).collect()),
        Cond::Not(inner) => Test::Not(Box::new(compile(inner, facts))),
    }
}
