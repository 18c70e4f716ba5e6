//! `dilemma grade --summary`: the class at a glance, as plain text bars that
//! read the same in a terminal, a pipe or a screen reader, within 80 columns.

use super::grade::records;
use crate::code::Catalogue;
use crate::rules::Rules;
use crate::training::class::{Count, ScenarioResults};
use crate::training::grade::Summary;

/// Widest bar, in characters.
const BAR: usize = 20;
/// Widest label before a bar.
const LABEL: usize = 34;

pub fn class_text(
    results: &[ScenarioResults],
    summary: &Summary,
    rules: &Rules,
    code: &Catalogue,
) -> String {
    let mut out = String::new();
    if results.is_empty() {
        out.push_str("No record could be graded.\n");
    }
    for r in results {
        out.push_str(&format!(
            "{}: {} graded, mean {:.1}\n\nScores\n",
            r.scenario, r.graded, r.mean
        ));
        let widest = r.bands.iter().map(|b| b.count).max().unwrap_or(0);
        for band in &r.bands {
            out.push_str(&row(
                band.label,
                band.count,
                widest,
                &band.count.to_string(),
            ));
        }
        if !r.must_cite.is_empty() {
            out.push_str("\nStandards the key requires: how many found each\n");
            for hit in &r.must_cite {
                let title = code.get(hit.item).map_or("", |s| s.title.as_str());
                let label = format!("{} {title}", hit.item);
                out.push_str(&row(
                    &label,
                    hit.by,
                    hit.of,
                    &format!("{} of {}", hit.by, hit.of),
                ));
            }
        }
        if let Some(first) = &r.first_step {
            out.push_str(&format!(
                "\nFirst step: {} of {} started where the key does\n  key: {}\n",
                first.by,
                first.of,
                cut(&step_words(rules, &first.item), 72)
            ));
            out.push_str(&counts("Started instead with", &r.wrong_first_steps, rules));
        }
        out.push_str(&counts(
            "Steps the key calls an error, in plans",
            &r.errors_taken,
            rules,
        ));
        if !r.unfinished.is_empty() {
            out.push_str(&format!("\nDid not finish: {}\n", r.unfinished.join("; ")));
        }
        out.push('\n');
    }
    if summary.failed > 0 {
        out.push_str(&format!(
            "{} could not be graded: the rows (without --summary) say why.\n",
            records(summary.failed)
        ));
    }
    out
}

fn row(label: &str, value: usize, of: usize, figure: &str) -> String {
    let filled = (value * BAR).checked_div(of).unwrap_or(0);
    format!(
        "  {:<LABEL$} {:<BAR$} {figure}\n",
        cut(label, LABEL),
        "#".repeat(filled)
    )
}

fn counts(heading: &str, counts: &[Count], rules: &Rules) -> String {
    if counts.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{heading}\n");
    for c in counts.iter().take(5) {
        out.push_str(&format!(
            "  {:>3} x {}\n",
            c.count,
            cut(&step_words(rules, &c.step), 72)
        ));
    }
    out
}

/// A step as its id, so the instructor can find it, then the start of its
/// text.
fn step_words(rules: &Rules, id: &str) -> String {
    let text = id
        .split_once('.')
        .and_then(|(ladder, step)| rules.step_text(ladder, step));
    match text {
        Some(text) => format!("{id}: {text}"),
        None => id.to_string(),
    }
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width - 1).collect();
    format!("{kept}…")
}
