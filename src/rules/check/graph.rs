//! The rule graph numbered once: each question by its place in the rules,
//! each edge's target looked up once. The graph's checks then walk it with
//! vectors indexed by number, rather than looking every question up by
//! its id in a hash map at every step (on a graph of 100,000 questions,
//! those lookups were most of the checks' time).

use crate::rules::model::{Next, Rules};

/// A way from one question to another, or to an id no question has.
/// Eight bytes: a graph of 100,000 questions has hundreds of thousands
/// of edges, and fresh memory is much of what checking it costs.
#[derive(Debug, Clone, Copy)]
pub(super) struct Edge {
    /// The question led to, or `NONE` when no question has the id.
    to: u32,
    /// The choice it is taken by, or `THEN` for the question's `then`.
    by: u32,
}

/// For `Edge::to` and `Edge::by`: no question, and the question's `then`.
const NONE: u32 = u32::MAX;
const THEN: u32 = u32::MAX;

/// A number in 32 bits. Questions, choices and edges each take far more
/// than a byte of memory, so none is ever counted past `u32::MAX`.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Edge {
    pub fn to(&self) -> Option<usize> {
        (self.to != NONE).then_some(self.to as usize)
    }

    /// The index of the choice it is taken by; `None` for `then`.
    pub fn choice(&self) -> Option<usize> {
        (self.by != THEN).then_some(self.by as usize)
    }
}

pub(super) struct Graph<'a> {
    rules: &'a Rules,
    /// The start question, if it exists.
    pub start: Option<usize>,
    /// Question `i`'s edges are `edges[first[i]..first[i + 1]]`: each
    /// choice's targets in the order `Next::targets` gives them, in the
    /// choices' order, then its `then`.
    first: Vec<u32>,
    edges: Vec<Edge>,
}

impl<'a> Graph<'a> {
    pub fn new(rules: &'a Rules) -> Graph<'a> {
        let number = |id: &str| rules.questions.position(id).map_or(NONE, small);
        let mut first = Vec::with_capacity(rules.questions.len() + 1);
        // Room for two edges a question, a guess: counting them first
        // would be one more pass over every choice in memory.
        let mut edges = Vec::with_capacity(2 * rules.questions.len());
        for q in rules.questions.values() {
            first.push(small(edges.len()));
            for (by, choice) in q.choices.iter().enumerate() {
                for name in choice.next.targets() {
                    edges.push(Edge {
                        to: number(name),
                        by: small(by),
                    });
                }
            }
            if let Some(name) = q.then.as_deref() {
                edges.push(Edge {
                    to: number(name),
                    by: THEN,
                });
            }
        }
        first.push(small(edges.len()));
        Graph {
            rules,
            start: rules.questions.position(&rules.start),
            first,
            edges,
        }
    }

    /// The ids every edge names, as written, in the order of the edges.
    pub fn names(&self) -> Vec<&'a str> {
        let mut names = Vec::with_capacity(self.edges.len());
        for q in self.rules.questions.values() {
            names.extend(q.choices.iter().flat_map(|c| c.next.targets()));
            names.extend(q.then.as_deref());
        }
        names
    }

    pub fn edge(&self, index: usize) -> Edge {
        self.edges[index]
    }

    pub fn len(&self) -> usize {
        self.first.len() - 1
    }

    pub fn edges(&self, question: usize) -> &[Edge] {
        &self.edges[self.first[question] as usize..self.first[question + 1] as usize]
    }

    /// The questions reached from the start, marked by number.
    pub fn reachable(&self) -> Vec<bool> {
        let mut reached = vec![false; self.len()];
        let mut stack: Vec<usize> = self.start.into_iter().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut reached[i], true) {
                continue;
            }
            stack.extend(self.edges(i).iter().filter_map(Edge::to));
        }
        reached
    }

    /// Each edge that closes a loop, found by a depth-first search from
    /// every question in turn: the question it leaves, the edge (its index
    /// among all edges), and the questions around the loop, ending where
    /// it started.
    pub fn loops(&self) -> Vec<(usize, usize, Vec<usize>)> {
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let mut marks = vec![NEW; self.len()];
        let mut found = Vec::new();
        // Questions being explored, each with the next edge to follow.
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for root in 0..self.len() {
            if marks[root] != NEW {
                continue;
            }
            marks[root] = OPEN;
            stack.push((root, 0));
            while let Some((id, next)) = stack.last_mut() {
                let id = *id;
                let k = *next;
                let Some(&edge) = self.edges(id).get(k) else {
                    marks[id] = DONE;
                    stack.pop();
                    continue;
                };
                *next += 1;
                let Some(to) = edge.to() else {
                    continue;
                };
                match marks[to] {
                    OPEN => {
                        let from = stack.iter().position(|&(q, _)| q == to).unwrap_or(0);
                        let mut trail: Vec<usize> = stack[from..].iter().map(|&(q, _)| q).collect();
                        trail.push(to);
                        found.push((id, self.first[id] as usize + k, trail));
                    }
                    NEW => {
                        marks[to] = OPEN;
                        stack.push((to, 0));
                    }
                    _ => {}
                }
            }
        }
        found
    }

    /// Counts routes from the start, one choice at each question, in a
    /// graph without loops. A choice's own branch is walked before the
    /// question's `then`, so the two multiply; an id no question has
    /// counts as one route. Each question is counted once, after the
    /// questions it leads to, without recursion, so a graph of any depth
    /// is counted in linear time. Counts saturate at `u128::MAX`.
    pub fn count_paths(&self) -> u128 {
        let rules = self.rules;
        let Some(start) = self.start else {
            return 1;
        };
        // 0 for not counted yet: every count is at least 1.
        let mut memo = vec![0u128; self.len()];
        let mut stack = vec![(start, false)];
        while let Some(top) = stack.last_mut() {
            let id = top.0;
            if memo[id] != 0 {
                stack.pop();
                continue;
            }
            if !std::mem::replace(&mut top.1, true) {
                let waiting = self
                    .edges(id)
                    .iter()
                    .filter_map(Edge::to)
                    .filter(|&t| memo[t] == 0);
                let before = stack.len();
                stack.extend(waiting.map(|t| (t, false)));
                if stack.len() > before {
                    continue;
                }
            }
            let known = |edge: &Edge| edge.to().map_or(1, |t| memo[t].max(1));
            let Some((_, q)) = rules.questions.get_index(id) else {
                memo[id] = 1;
                stack.pop();
                continue;
            };
            let edges = self.edges(id);
            let mut via_choices: u128 = 0;
            let mut cursor = 0;
            for (c, choice) in q.choices.iter().enumerate() {
                let mut n: u128 = u128::from(matches!(
                    &choice.next,
                    Next::End
                        | Next::Branch {
                            otherwise: None,
                            ..
                        }
                ));
                while let Some(edge) = edges.get(cursor).filter(|e| e.choice() == Some(c)) {
                    n = n.saturating_add(known(edge));
                    cursor += 1;
                }
                via_choices = via_choices.saturating_add(n.max(1));
            }
            let after = edges
                .last()
                .filter(|e| e.choice().is_none())
                .map_or(1, known);
            memo[id] = via_choices.max(1).saturating_mul(after);
            stack.pop();
        }
        memo[start]
    }
}
