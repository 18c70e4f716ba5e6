//! The score screen as text: plain mode prints it, and it is what a trainee
//! reads after a walk.

use std::fmt::Write;

use super::{Scenario, Score, key_walk};
use crate::code::Catalogue;
use crate::outcome::{Outcome, Reason};
use crate::rules::{RuleSet, Rules};

/// The score and its parts, what was found and missed (each missed standard
/// with the reason the key walk gives for it), first steps, where the
/// answers left the key, the debrief and the defensible alternatives.
pub fn score_report(scenario: &Scenario, score: &Score, set: &RuleSet, code: &Catalogue) -> String {
    let rules = &set.rules;
    let key = key_walk(scenario, rules)
        .ok()
        .map(|walk| Outcome::of(&walk, code));
    let title = |n: u8| code.get(n).map_or(String::new(), |s| s.title.clone());
    let mut out = String::new();

    let _ = writeln!(out, "Score: {}/100", score.total);
    let must = score.found.len() + score.missed.len();
    let mut parts = vec![(
        "Standards the case turns on",
        score.recall_points,
        score.recall_max(),
        format!("found {} of {must}", score.found.len()),
    )];
    if let Some(first) = &score.first_step {
        parts.push((
            "First step",
            score.first_step_points,
            score.first_step_max(),
            if first.right {
                "the plan starts where the key's does".to_string()
            } else {
                "the plan starts elsewhere".to_string()
            },
        ));
    }
    let mut strays = Vec::new();
    if !score.extras.is_empty() {
        strays.push(format!(
            "{} cited as governing outside the key",
            score.extras.len()
        ));
    }
    if !score.must_not_taken.is_empty() {
        strays.push(format!(
            "{} step(s) the key calls a mistake",
            score.must_not_taken.len()
        ));
    }
    parts.push((
        "No strays",
        score.precision_points,
        score.precision_max(),
        if strays.is_empty() {
            "nothing cited or planned outside the key".to_string()
        } else {
            strays.join("; ")
        },
    ));
    for (name, got, max, detail) in parts {
        let _ = writeln!(out, "  {name:<28} {got:>3} of {max:<3}  {detail}");
    }
    if score.penalty_points > 0 {
        let _ = writeln!(
            out,
            "  {:<28} {:>3}         strays past the precision share",
            "Too many stray standards",
            format!("-{}", score.penalty_points)
        );
    }

    if !score.found.is_empty() {
        let _ = writeln!(out, "\nFound");
        for n in &score.found {
            let _ = writeln!(out, "  {n:>2}. {}", title(*n));
        }
    }
    if !score.missed.is_empty() {
        let _ = writeln!(out, "\nMissed");
        for n in &score.missed {
            let _ = writeln!(out, "  {n:>2}. {}", title(*n));
            let reasons = key
                .as_ref()
                .and_then(|k| k.standard(*n))
                .map(|s| distinct(&s.reasons))
                .unwrap_or_default();
            if reasons.is_empty() {
                let summary = code.get(*n).map_or("", |s| s.summary.as_str());
                let _ = writeln!(out, "      Why it applies: {summary}");
            }
            for reason in reasons {
                let _ = writeln!(out, "      Why it applies here: {}", reason.reason);
                let _ = writeln!(
                    out,
                    "      (the key answers \"{}\" with \"{}\")",
                    rules.prompt_of(&reason.question),
                    reason.answer
                );
            }
        }
    }
    if !score.extras.is_empty() {
        let _ = writeln!(out, "\nCited as governing, but not part of this case");
        for n in &score.extras {
            let _ = writeln!(out, "  {n:>2}. {}", title(*n));
        }
    }

    let text = |id: &str| score.text_of(id);
    if let Some(step) = &score.first_step {
        if step.right {
            let _ = writeln!(out, "\nFirst step: right. {}", text(&step.expected));
        } else {
            let _ = writeln!(out, "\nFirst step: different.");
            let _ = writeln!(out, "  The key starts with: {}", text(&step.expected));
            let yours = step
                .chosen
                .as_deref()
                .map_or("no step applies to your answers".to_string(), text);
            let _ = writeln!(out, "  Your plan starts with: {yours}");
        }
    }
    if !score.must_not_taken.is_empty() {
        let _ = writeln!(out, "\nSteps the key calls a mistake here");
        for id in &score.must_not_taken {
            let _ = writeln!(out, "  {}", text(id));
        }
    }

    if !score.divergences.is_empty() {
        let _ = writeln!(out, "\nWhere your answers left the key");
        for d in &score.divergences {
            let _ = writeln!(out, "  {}", rules.prompt_of(&d.question));
            let _ = writeln!(out, "    key: {}", labels(rules, &d.question, &d.key));
            let yours = d.given.as_ref().map_or_else(
                || "not asked on your path".to_string(),
                |given| labels(rules, &d.question, given),
            );
            let _ = writeln!(out, "    you: {yours}");
        }
    }

    let _ = writeln!(out, "\nDebrief\n{}", scenario.debrief.trim_end());
    if let Some(alternatives) = &scenario.alternatives {
        let _ = writeln!(
            out,
            "\nWhere sound practitioners may differ\n{}",
            alternatives.trim_end()
        );
    }
    out
}

/// The reasons with distinct wording, governing ones first.
fn distinct(reasons: &[Reason]) -> Vec<&Reason> {
    let mut out: Vec<&Reason> = Vec::new();
    for reason in reasons {
        if !out.iter().any(|r| r.reason == reason.reason) {
            out.push(reason);
        }
    }
    out
}

/// Choice labels, so the trainee reads words rather than ids.
fn labels(rules: &Rules, question: &str, choices: &[String]) -> String {
    rules.labels_of(question, choices).join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Answer, Walk};
    use crate::training::score;

    fn billing(client_info: &str) -> Vec<Answer> {
        vec![
            Answer::new("safety", &["no"]),
            Answer::new("role", &["worker"]),
            Answer::new("triage", &["conduct"]),
            Answer::new("colleague.severity", &["harm"]),
            Answer::new("colleague.power", &["yes"]),
            Answer::new("colleague.talked", &["not-yet"]),
            Answer::new("colleague.wish", &["unknown"]),
            Answer::new("colleague.client-info", &[client_info]),
        ]
    }

    fn scenario() -> Scenario {
        Scenario {
            id: "billing".into(),
            title: "Billing".into(),
            domains: vec![crate::code::Domain::Colleagues],
            difficulty: Default::default(),
            vignette: "The vignette.".into(),
            answers: billing("yes"),
            must_cite: vec![20, 21],
            may_cite: vec![],
            first_step: Some("colleague-conduct.report-now".into()),
            must_not: vec![],
            debrief: "The panel's debrief.".into(),
            alternatives: Some("Another sound view.".into()),
        }
    }

    fn report_for(scenario: &Scenario, answers: &[Answer]) -> String {
        let set = RuleSet::embedded().unwrap();
        let code = Catalogue::embedded();
        let walk = Walk::replay(&set.rules, answers).unwrap();
        let s = score(
            scenario,
            &set.rules,
            &Outcome::of(&walk, &code),
            walk.answers(),
        );
        score_report(scenario, &s, &set, &code)
    }

    #[test]
    fn the_first_step_reads_in_the_wording_the_trainees_walk_had() {
        let mut answers = billing("yes");
        answers[1] = Answer::new("role", &["supervisor"]);
        let set = RuleSet::embedded().unwrap();
        let walk = Walk::replay(&set.rules, &answers).unwrap();
        let facts = Outcome::of(&walk, &Catalogue::embedded()).facts;
        let worded = set
            .rules
            .step_text_for("colleague-conduct.report-now", &facts)
            .unwrap();
        let base = set
            .rules
            .step_text("colleague-conduct", "report-now")
            .unwrap();
        assert_ne!(worded, base, "the supervisor's walk has its own wording");

        let text = report_for(&scenario(), &answers);
        assert!(
            text.contains(&format!("First step: right. {worded}")),
            "{text}"
        );
        assert!(!text.contains(base), "{text}");
    }

    #[test]
    fn a_missed_standard_is_explained_with_the_key_walks_reason() {
        let set = RuleSet::embedded().unwrap();
        let question = set.rules.questions.get("colleague.client-info").unwrap();
        let key_choice = question.choice("yes").unwrap();
        let reason = key_choice.cite[0].reason();

        let text = report_for(&scenario(), &billing("no"));
        assert!(text.starts_with("Score: 65/100\n"), "{text}");
        let missed = text.split("\nMissed\n").nth(1).expect("a Missed section");
        assert!(missed.contains("21. "), "{text}");
        assert!(
            missed.contains(&format!("Why it applies here: {reason}")),
            "{text}"
        );
        assert!(
            missed.contains(&key_choice.label),
            "the key answer is named: {text}"
        );
        // Where the answers left the key reads in labels, not ids.
        let left = text
            .split("Where your answers left the key")
            .nth(1)
            .unwrap();
        assert!(left.contains(&question.prompt), "{text}");
        assert!(left.contains(&format!("you: {}", question.choice("no").unwrap().label)));
        assert!(text.contains("The panel's debrief."));
        assert!(text.contains("Another sound view."));
    }

    #[test]
    fn without_a_reason_in_the_key_the_catalogue_summary_explains_it() {
        let mut scenario = scenario();
        scenario.must_cite.push(44);
        let code = Catalogue::embedded();
        let text = report_for(&scenario, &billing("yes"));
        let summary = &code.get(44).unwrap().summary;
        assert!(
            text.contains(&format!("Why it applies: {summary}")),
            "{text}"
        );
    }

    #[test]
    fn the_parts_shown_add_up_to_the_total() {
        let text = report_for(&scenario(), &billing("no"));
        let points: Vec<i32> = text
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| {
                let before = l.split(" of ").next().unwrap();
                before.split_whitespace().last().unwrap().parse().unwrap()
            })
            .collect();
        assert_eq!(points, [35, 20, 10]);
        assert!(text.contains("found 1 of 2"));
        assert!(text.contains("the plan starts where the key's does"));
    }

    #[test]
    fn a_wrong_first_step_shows_both_steps_in_words() {
        let mut answers = billing("yes");
        answers[3] = Answer::new("colleague.severity", &["lapse"]);
        answers[4] = Answer::new("colleague.power", &["no"]);
        let text = report_for(&scenario(), &answers);
        let set = RuleSet::embedded().unwrap();
        let step = |id: &str| set.rules.step_text("colleague-conduct", id).unwrap();
        assert!(text.contains("First step: different."), "{text}");
        assert!(text.contains(&format!("The key starts with: {}", step("report-now"))));
        assert!(text.contains(&format!("Your plan starts with: {}", step("talk"))));
    }
}
