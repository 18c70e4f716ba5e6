//! A class at a glance: for each scenario graded, how the scores spread,
//! how often each standard the key requires was found, which first steps
//! the class took instead of the key's, which errors it made, and who did
//! not finish.

use std::collections::BTreeMap;

use serde::Serialize;

use super::grade::Row;

/// The score bands shown, lowest first, as (label, lowest score in band).
pub const BANDS: [(&str, u8); 5] = [
    ("0-39", 0),
    ("40-59", 40),
    ("60-79", 60),
    ("80-89", 80),
    ("90-100", 90),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioResults {
    pub scenario: String,
    pub graded: usize,
    pub mean: f64,
    /// How many scores fall in each of `BANDS`, in the same order.
    pub bands: Vec<Band>,
    /// Each standard the key requires, with how many found it.
    pub must_cite: Vec<Hit>,
    /// The key's first step, when it names one, and how many started there.
    pub first_step: Option<Hit<String>>,
    /// First steps taken instead of the key's, most common first.
    pub wrong_first_steps: Vec<Count>,
    /// Steps the key calls an error that showed in plans, most common first.
    pub errors_taken: Vec<Count>,
    /// Who stopped before the end of the walk.
    pub unfinished: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Band {
    pub label: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit<T = u8> {
    pub item: T,
    pub by: usize,
    pub of: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    /// A step as `ladder.step`; "no step" when a plan was empty.
    pub step: String,
    pub count: usize,
}

/// The graded rows grouped by scenario, in scenario order; rows that could
/// not be graded are left to the rows themselves.
pub fn by_scenario(rows: &[Row], must_cite: impl Fn(&str) -> Vec<u8>) -> Vec<ScenarioResults> {
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.result.is_ok()) {
        if let Some(id) = row.scenario.as_deref() {
            groups.entry(id).or_default().push(row);
        }
    }
    groups
        .into_iter()
        .map(|(id, rows)| results(id, &rows, &must_cite(id)))
        .collect()
}

fn results(scenario: &str, rows: &[&Row], must: &[u8]) -> ScenarioResults {
    let graded: Vec<_> = rows
        .iter()
        .filter_map(|r| r.result.as_ref().ok().map(|g| (*r, g)))
        .collect();
    let of = graded.len();
    let totals: Vec<u8> = graded.iter().map(|(_, g)| g.score.total).collect();
    let bands = BANDS
        .iter()
        .enumerate()
        .map(|(i, (label, low))| {
            let high = BANDS.get(i + 1).map_or(u8::MAX, |(_, next)| next - 1);
            Band {
                label,
                count: totals.iter().filter(|t| (*low..=high).contains(*t)).count(),
            }
        })
        .collect();
    let must_cite = must
        .iter()
        .map(|&n| Hit {
            item: n,
            by: graded
                .iter()
                .filter(|(_, g)| g.score.found.contains(&n))
                .count(),
            of,
        })
        .collect();
    let keyed: Vec<_> = graded
        .iter()
        .filter_map(|(_, g)| g.score.first_step.as_ref())
        .collect();
    let first_step = keyed.first().map(|f| Hit {
        item: f.expected.clone(),
        by: keyed.iter().filter(|f| f.right).count(),
        of: keyed.len(),
    });
    let wrong_first_steps = most_common(
        keyed
            .iter()
            .filter(|f| !f.right)
            .map(|f| f.chosen.clone().unwrap_or_else(|| "no step".to_string())),
    );
    let errors_taken = most_common(
        graded
            .iter()
            .flat_map(|(_, g)| g.score.must_not_taken.iter().cloned()),
    );
    let unfinished = graded
        .iter()
        .filter(|(_, g)| !g.finished)
        .map(|(r, _)| r.who().to_string())
        .collect();
    ScenarioResults {
        scenario: scenario.to_string(),
        graded: of,
        mean: if of == 0 {
            0.0
        } else {
            totals.iter().map(|t| f64::from(*t)).sum::<f64>() / of as f64
        },
        bands,
        must_cite,
        first_step,
        wrong_first_steps,
        errors_taken,
        unfinished,
    }
}

fn most_common(items: impl Iterator<Item = String>) -> Vec<Count> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for item in items {
        *counts.entry(item).or_default() += 1;
    }
    let mut out: Vec<Count> = counts
        .into_iter()
        .map(|(step, count)| Count { step, count })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.step.cmp(&b.step)));
    out
}
