//! Conditions on facts: evaluation, and the facts a condition looks at.

use std::collections::BTreeMap;

use super::model::Cond;

/// Anything that can say what value a fact has, if any.
pub trait FactSource {
    fn fact(&self, name: &str) -> Option<&str>;
}

impl FactSource for BTreeMap<String, String> {
    fn fact(&self, name: &str) -> Option<&str> {
        self.get(name).map(String::as_str)
    }
}

impl Cond {
    /// Whether the condition holds. A fact nobody set equals no value.
    pub fn holds(&self, facts: &impl FactSource) -> bool {
        match self {
            Cond::Fact(name, value) => facts.fact(name) == Some(value.as_str()),
            Cond::All(all) => all.iter().all(|c| c.holds(facts)),
            Cond::Any(any) => any.iter().any(|c| c.holds(facts)),
            Cond::Not(inner) => !inner.holds(facts),
        }
    }

    /// The facts that decide the condition's present value: for a condition
    /// that fails, the tests that made it fail; for one that holds, those that
    /// made it hold. Used to say "does not apply because you answered ...".
    pub fn deciding_facts(&self, facts: &impl FactSource) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_deciding(facts, &mut out);
        out.dedup();
        out
    }

    fn collect_deciding<'a>(&'a self, facts: &impl FactSource, out: &mut Vec<&'a str>) {
        match self {
            Cond::Fact(name, _) => out.push(name),
            Cond::Not(inner) => inner.collect_deciding(facts, out),
            Cond::All(list) | Cond::Any(list) => {
                // All fails on its failing parts; Any holds on its holding parts.
                // Otherwise every part counted.
                let value = self.holds(facts);
                let picky = matches!(self, Cond::All(_)) != value;
                for child in list {
                    if !picky || child.holds(facts) == value {
                        child.collect_deciding(facts, out);
                    }
                }
            }
        }
    }

    /// The facts that make a condition that holds hold, the telling ones
    /// first: a fact that has a value the condition asks for says more
    /// than one that only is not some other value. Without any of the
    /// first kind, the second.
    pub fn supporting_facts(&self, facts: &impl FactSource) -> Vec<&str> {
        let (mut positive, mut negative) = (Vec::new(), Vec::new());
        self.collect_support(facts, true, &mut positive, &mut negative);
        let mut out = if positive.is_empty() {
            negative
        } else {
            positive
        };
        out.dedup();
        out
    }

    fn collect_support<'a>(
        &'a self,
        facts: &impl FactSource,
        polarity: bool,
        positive: &mut Vec<&'a str>,
        negative: &mut Vec<&'a str>,
    ) {
        match self {
            Cond::Fact(name, _) => {
                if self.holds(facts) == polarity {
                    if polarity {
                        positive.push(name);
                    } else if facts.fact(name).is_some() {
                        negative.push(name);
                    }
                }
            }
            Cond::Not(inner) => inner.collect_support(facts, !polarity, positive, negative),
            Cond::All(list) | Cond::Any(list) => {
                for child in list {
                    if child.holds(facts) == polarity {
                        child.collect_support(facts, polarity, positive, negative);
                    }
                }
            }
        }
    }

    /// Every `Fact(name, value)` test inside, in order.
    pub fn tests(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        self.collect_tests(&mut out);
        out
    }

    fn collect_tests<'a>(&'a self, out: &mut Vec<(&'a str, &'a str)>) {
        match self {
            Cond::Fact(name, value) => out.push((name, value)),
            Cond::All(list) | Cond::Any(list) => {
                list.iter().for_each(|c| c.collect_tests(out));
            }
            Cond::Not(inner) => inner.collect_tests(out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn fact(name: &str, value: &str) -> Cond {
        Cond::Fact(name.into(), value.into())
    }

    #[test]
    fn facts_all_any_and_not_combine_as_expected() {
        let f = facts(&[("power", "yes"), ("severity", "egregious")]);
        assert!(fact("power", "yes").holds(&f));
        assert!(!fact("power", "no").holds(&f));
        assert!(
            !fact("unset", "yes").holds(&f),
            "an unset fact matches nothing"
        );
        assert!(Cond::Not(Box::new(fact("unset", "yes"))).holds(&f));
        assert!(Cond::All(vec![fact("power", "yes"), fact("severity", "egregious")]).holds(&f));
        assert!(!Cond::All(vec![fact("power", "yes"), fact("severity", "minor")]).holds(&f));
        assert!(Cond::Any(vec![fact("power", "no"), fact("severity", "egregious")]).holds(&f));
        assert!(Cond::All(vec![]).holds(&f) && !Cond::Any(vec![]).holds(&f));
    }

    #[test]
    fn names_only_the_facts_that_decide_the_result() {
        let talk_first = Cond::All(vec![
            Cond::Not(Box::new(fact("power", "yes"))),
            Cond::Not(Box::new(fact("talked", "resolved"))),
        ]);
        let f = facts(&[("power", "yes"), ("talked", "no")]);
        assert!(!talk_first.holds(&f));
        assert_eq!(talk_first.deciding_facts(&f), ["power"]);
        let f = facts(&[("power", "no"), ("talked", "no")]);
        assert_eq!(talk_first.deciding_facts(&f), ["power", "talked"]);

        let either = Cond::Any(vec![fact("power", "yes"), fact("talked", "unresolved")]);
        let f = facts(&[("power", "no"), ("talked", "unresolved")]);
        assert_eq!(either.deciding_facts(&f), ["talked"]);
        let f = facts(&[("power", "no"), ("talked", "no")]);
        assert_eq!(either.deciding_facts(&f), ["power", "talked"]);
    }

    #[test]
    fn lists_every_fact_test_inside_nested_conditions() {
        let c = Cond::Any(vec![
            fact("a", "1"),
            Cond::Not(Box::new(Cond::All(vec![fact("b", "2"), fact("c", "3")]))),
        ]);
        assert_eq!(c.tests(), [("a", "1"), ("b", "2"), ("c", "3")]);
    }
}
