//! `dilemma check` on very large generated rule graphs, against the floor
//! of a typed parse of the same file. Run with `cargo bench --bench scale`;
//! the figures and the whole-command timings are in BENCHMARKS.md.
//!
//! Each graph is `tests/fixtures/rules-small.ron` with generated questions
//! put in front of its own: a chain with one choice each (one warning a
//! question), a chain with two choices each, a binary tree, and 40,000
//! questions with three or four messages each, with a newline after each
//! question and all on one line (a minified file).

use std::io::Write;
use std::sync::OnceLock;

use dilemma::code::Catalogue;
use dilemma::rules::{RuleSet, check::check};
use dilemma::source::Source;

fn main() {
    divan::main();
}

const SHAPES: &[&str] = &[
    "chain-100k-warnings",
    "chain-100k-two-choices",
    "tree-100k",
    "lines-40k-messages",
    "one-line-40k-messages",
];

fn name(i: usize) -> String {
    format!("q{i:x}")
}

fn build(questions: &str) -> String {
    let small = include_str!("../tests/fixtures/rules-small.ron");
    small
        .replace("start: \"safety\"", "start: \"q0\"")
        .replacen(
            "    questions: {\n",
            &format!("    questions: {{\n{questions}"),
            1,
        )
}

fn generate(shape: &str) -> String {
    let n = if shape.contains("40k") {
        40_000
    } else {
        100_000
    };
    let to = |i: usize| if i < n { name(i) } else { "safety".to_string() };
    let question = |i: usize| match shape {
        "chain-100k-warnings" => format!(
            "    \"{}\": (prompt: \"P{i}\", help: \"H\", kind: One, choices: [(id: \"a\", label: \"On\", next: Goto(\"{}\"))]),\n",
            name(i),
            to(i + 1)
        ),
        "chain-100k-two-choices" => format!(
            "    \"{}\": (prompt: \"P{i}\", help: \"H\", kind: One, choices: [(id: \"a\", label: \"On\", next: Goto(\"{next}\")), (id: \"b\", label: \"Off\", next: Goto(\"{next}\"))]),\n",
            name(i),
            next = to(i + 1)
        ),
        "tree-100k" => format!(
            "    \"{}\": (prompt: \"P{i}\", help: \"H\", kind: One, choices: [(id: \"a\", label: \"L\", next: Goto(\"{}\")), (id: \"b\", label: \"R\", next: Goto(\"{}\"))]),\n",
            name(i),
            to(2 * i + 1),
            to(2 * i + 2)
        ),
        _ => format!(
            "\"{}\":(prompt:\"\",help:\"\",kind:One,choices:[(id:\"a\",label:\"\",next:Goto(\"{}\"))]),{}",
            name(i),
            to(i + 1),
            if shape.starts_with("one-line") {
                ""
            } else {
                "\n"
            }
        ),
    };
    build(&(0..n).map(question).collect::<String>())
}

fn text(shape: &str) -> &'static str {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| SHAPES.iter().map(|s| generate(s)).collect());
    let i = SHAPES.iter().position(|s| *s == shape).unwrap_or(0);
    &texts[i]
}

/// The floor: the file read into the typed rules, then refused for one
/// stray character at its end, as `dilemma check` would read it.
#[divan::bench(args = SHAPES, sample_count = 5)]
fn typed_parse_floor(bencher: divan::Bencher, shape: &str) {
    let floored = format!("{}x", text(shape));
    bencher.bench_local(|| {
        RuleSet::parse(Source::new("floor.ron", floored.as_str()), Vec::new()).is_err()
    });
}

/// What `dilemma check` does but start and prove: read, check, and write
/// every message.
#[divan::bench(args = SHAPES, sample_count = 5)]
fn parse_and_check(bencher: divan::Bencher, shape: &str) {
    let code = Catalogue::embedded();
    let text = text(shape);
    bencher.bench_local(|| {
        let Ok(set) = RuleSet::parse(Source::new("graph.ron", text), Vec::new()) else {
            return 0;
        };
        let report = check(&set, &code);
        let mut out = std::io::BufWriter::new(std::io::sink());
        for d in &report.diagnostics {
            let _ = writeln!(out, "{d}");
        }
        report.diagnostics.len()
    });
}
