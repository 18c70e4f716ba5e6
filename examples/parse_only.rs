//! The floor for `dilemma walk`'s speed: a process that only parses a rules
//! file with `ron` into an untyped value. Compare the two with
//! `hyperfine 'target/release/examples/parse_only assets/rules.ron'
//!  'target/release/dilemma walk --answers tests/fixtures/answers/colleague-power.ron'`.

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "assets/rules.ron".to_string());
    let text = std::fs::read_to_string(&path).expect("readable rules file");
    let value: ron::Value = ron::from_str(&text).expect("valid RON");
    std::hint::black_box(value);
}
