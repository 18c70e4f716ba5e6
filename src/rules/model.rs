//! The rule graph as authors write it in RON.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A whole rule graph: the questions, the escalation ladders they open, the
/// tensions between standards, and the crisis banner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Shown in records and exports so a reader knows which rules were used.
    pub version: String,
    /// The "this is not legal advice" line, in the authors' words.
    pub disclaimer: String,
    /// The first question of every walk.
    pub start: String,
    #[serde(default)]
    pub crisis: Option<Crisis>,
    pub questions: OrderedMap<Question>,
    #[serde(default)]
    pub ladders: OrderedMap<Ladder>,
    #[serde(default)]
    pub tensions: Vec<Tension>,
}

/// The banner that stays on screen while someone may be hurt soon.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    pub when: Cond,
    pub title: String,
    pub text: String,
    /// The ladder shown first while the crisis holds.
    #[serde(default)]
    pub ladder: Option<String>,
    #[serde(skip)]
    pub origin: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// Exactly one choice.
    One,
    /// One or more choices; each chosen choice's branch is walked in turn.
    Many,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub prompt: String,
    /// Why we ask: shown on request and in plain mode after `?`.
    pub help: String,
    pub kind: Kind,
    pub choices: Vec<Choice>,
    /// Walked after the branches this question's answer opens, whatever the answer.
    #[serde(default)]
    pub then: Option<String>,
    /// Which file this came from (the rules or an overlay), for messages.
    #[serde(skip)]
    pub origin: usize,
}

impl Question {
    pub fn choice(&self, id: &str) -> Option<&Choice> {
        self.choices.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// What picking this means, in a line; required in spirit when it sets a fact.
    #[serde(default)]
    pub hint: Option<String>,
    #[serde(default)]
    pub set: OrderedMap<String>,
    #[serde(default)]
    pub cite: Vec<Cite>,
    #[serde(default)]
    pub open: Vec<String>,
    #[serde(default)]
    pub next: Next,
    /// Names the concern this choice starts, for the progress line.
    #[serde(default)]
    pub topic: Option<String>,
    /// In a `Many` question, a choice that cannot be combined ("none of these").
    #[serde(default)]
    pub exclusive: bool,
}

/// A standard cited by a choice, with the reason in plain words.
#[derive(Debug, Clone, Deserialize)]
pub enum Cite {
    /// The standard that governs this situation.
    Primary(u8, String),
    /// Worth reading alongside.
    Related(u8, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Primary,
    Related,
}

impl Cite {
    pub fn standard(&self) -> u8 {
        match self {
            Cite::Primary(n, _) | Cite::Related(n, _) => *n,
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            Cite::Primary(_, r) | Cite::Related(_, r) => r,
        }
    }

    pub fn role(&self) -> Role {
        match self {
            Cite::Primary(..) => Role::Primary,
            Cite::Related(..) => Role::Related,
        }
    }
}

/// Where the walk goes after a choice.
#[derive(Debug, Clone, Default, Deserialize)]
pub enum Next {
    /// The branch ends here; the walk moves to the next queued concern.
    #[default]
    End,
    Goto(String),
    /// The first case whose condition holds on the facts so far; else `otherwise`.
    Branch {
        cases: Vec<Case>,
        #[serde(default)]
        otherwise: Option<String>,
    },
}

impl Next {
    /// Every question this may lead to, whatever the facts.
    pub fn targets(&self) -> Vec<&str> {
        match self {
            Next::End => Vec::new(),
            Next::Goto(id) => vec![id.as_str()],
            Next::Branch { cases, otherwise } => cases
                .iter()
                .map(|c| c.goto.as_str())
                .chain(otherwise.as_deref())
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub when: Cond,
    pub goto: String,
}

/// A test on the facts the answers have set.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub enum Cond {
    Fact(String, String),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// The ordered escalation a standard prescribes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    pub title: String,
    pub standards: Vec<u8>,
    pub steps: Vec<LadderStep>,
    #[serde(skip)]
    pub origin: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderStep {
    pub id: String,
    pub text: String,
    /// The step applies only when this holds.
    #[serde(default)]
    pub when: Option<Cond>,
    /// When the step applies, in plain words (shown beside a step that does not).
    #[serde(default)]
    pub note: Option<String>,
    /// Set when an overlay added this step to someone else's ladder.
    #[serde(skip)]
    pub origin: Option<usize>,
}

/// Standards that pull against each other, and how the code settles it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tension {
    pub id: String,
    pub title: String,
    pub standards: Vec<u8>,
    pub note: String,
    /// Shown only when this also holds (beyond all its standards being cited).
    #[serde(default)]
    pub when: Option<Cond>,
    #[serde(skip)]
    pub origin: usize,
}

/// A map that keeps the authors' order and refuses a key written twice
/// (serde's own maps would silently keep the last one).
#[derive(Debug, Clone)]
pub struct OrderedMap<V> {
    entries: Vec<(String, V)>,
    index: HashMap<String, usize>,
}

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }
}

impl<V> OrderedMap<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.index.get(key).map(|&i| &self.entries[i].1)
    }

    /// The entry with its key, borrowed from the map.
    pub fn entry(&self, key: &str) -> Option<(&str, &V)> {
        self.index.get(key).map(|&i| {
            let (k, v) = &self.entries[i];
            (k.as_str(), v)
        })
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.index.get(key).map(|&i| &mut self.entries[i].1)
    }

    pub fn contains(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    /// Adds an entry, or replaces the one with the same key in its place.
    pub fn insert(&mut self, key: String, value: V) {
        match self.index.get(&key) {
            Some(&i) => self.entries[i].1 = value,
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, value));
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&str, &mut V)> {
        self.entries.iter_mut().map(|(k, v)| (k.as_str(), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of \"id\": value entries")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = OrderedMap::default();
                while let Some((key, value)) = access.next_entry::<String, V>()? {
                    if map.contains(&key) {
                        return Err(de::Error::custom(format!(
                            "\"{key}\" is defined twice: each id must be unique"
                        )));
                    }
                    map.insert(key, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}
