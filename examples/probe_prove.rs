use dilemma::rules::RuleSet;
use dilemma::prove::{prove, Scope};
fn main() {
    let set = RuleSet::embedded().unwrap();
    let scope = if std::env::args().nth(1).as_deref() == Some("pairs") { Scope::Pairs } else { Scope::Single };
    let only: Option<i64> = std::env::args().nth(2).and_then(|s| s.parse().ok());
    let mut one = set.rules.clone();
    match only { Some(-1) => one.invariants.clear(), Some(i) => one.invariants = vec![set.rules.invariants[i as usize].clone()], None => {} }
    let t = std::time::Instant::now();
    let p = prove(&one, scope);
    println!("{:?} paths={} held={} broken={}", t.elapsed(), p.paths, p.held, p.broken.len());
    for b in &p.broken { println!("  {} : {:?}", b.name, b.answers.iter().map(|a| format!("{}={}", a.question, a.choices.join("+"))).collect::<Vec<_>>()); }
}
