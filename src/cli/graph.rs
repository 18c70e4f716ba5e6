//! `dilemma graph`: the question graph for Graphviz (dot) or Mermaid.

use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, GraphFormat, load_rules};
use crate::code::Catalogue;
use crate::rules::{Next, Rules};

pub fn run(global: &Global, code: &Catalogue, format: GraphFormat) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let text = match format {
        GraphFormat::Dot => dot(&set.rules),
        GraphFormat::Mermaid => mermaid(&set.rules),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// An edge of the drawing: from, to, label, and whether it is a `then`.
fn edges(rules: &Rules) -> Vec<(&str, &str, String, bool)> {
    let mut out = Vec::new();
    for (id, q) in rules.questions.iter() {
        for choice in &q.choices {
            let conditional = matches!(choice.next, Next::Branch { .. });
            for target in choice.next.targets() {
                let label = if conditional {
                    format!("{} (if ...)", choice.id)
                } else {
                    choice.id.clone()
                };
                out.push((id, target, label, false));
            }
        }
        if let Some(then) = &q.then {
            out.push((id, then.as_str(), "then".to_string(), true));
        }
    }
    out
}

fn short(text: &str) -> String {
    let mut words = text.split_whitespace();
    let head: Vec<&str> = words.by_ref().take(8).collect();
    let mut out = head.join(" ");
    if words.next().is_some() {
        out.push_str(" ...");
    }
    out
}

pub fn dot(rules: &Rules) -> String {
    let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::from(
        "digraph dilemma {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
    );
    for (id, q) in rules.questions.iter() {
        let shape = if id == rules.start {
            ", style=bold"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\\n{}\"{shape}];",
            esc(id),
            esc(id),
            esc(&short(&q.prompt))
        );
    }
    for (from, to, label, then) in edges(rules) {
        let style = if then { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
            esc(from),
            esc(to),
            esc(&label)
        );
    }
    out.push_str("}\n");
    out
}

pub fn mermaid(rules: &Rules) -> String {
    // Mermaid node ids must be plain words, so questions are numbered.
    let ids: Vec<&str> = rules.questions.keys().collect();
    let node = |id: &str| format!("q{}", ids.iter().position(|x| *x == id).unwrap_or(0));
    let esc = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart TD\n");
    for (id, q) in rules.questions.iter() {
        let _ = writeln!(
            out,
            "  {}[\"{}: {}\"]",
            node(id),
            esc(id),
            esc(&short(&q.prompt))
        );
    }
    for (from, to, label, then) in edges(rules) {
        let arrow = if then { "-.->" } else { "-->" };
        let _ = writeln!(
            out,
            "  {} {arrow}|{}| {}",
            node(from),
            esc(&label),
            node(to)
        );
    }
    out
}
