//! The NOHS standards catalogue: numbers, domains, principles and our own
//! summaries, loaded from `assets/standards.ron`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::source::{Diagnostic, Place, Source};
use crate::spans::{Node, Step};

/// The catalogue shipped inside the binary.
pub const EMBEDDED: &str = include_str!("../assets/standards.ron");
pub const EMBEDDED_NAME: &str = "assets/standards.ron";
const SYNONYMS: &str = include_str!("../assets/synonyms.ron");
const SYNONYMS_NAME: &str = "assets/synonyms.ron";

/// The synonym groups, lower case, read once. The file is compiled in and
/// parsed by the tests; should it ever fail, search still works word by word.
fn synonyms() -> &'static [Vec<String>] {
    static GROUPS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    GROUPS.get_or_init(|| {
        Source::new(SYNONYMS_NAME, SYNONYMS)
            .parse::<Vec<Vec<String>>>()
            .map(|groups| {
                groups
                    .into_iter()
                    .map(|g| g.into_iter().map(|w| w.to_lowercase()).collect())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The highest standard number in the 2024 code.
pub const STANDARD_COUNT: u8 = 44;

/// The seven groups the code sorts its standards into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Domain {
    Clients,
    Society,
    Colleagues,
    Employers,
    Profession,
    Oneself,
    Students,
}

impl Domain {
    pub const ALL: [Domain; 7] = [
        Domain::Clients,
        Domain::Society,
        Domain::Colleagues,
        Domain::Employers,
        Domain::Profession,
        Domain::Oneself,
        Domain::Students,
    ];

    /// The short lowercase name used on the command line (`--domain self`).
    pub fn slug(self) -> &'static str {
        match self {
            Domain::Clients => "clients",
            Domain::Society => "society",
            Domain::Colleagues => "colleagues",
            Domain::Employers => "employers",
            Domain::Profession => "profession",
            Domain::Oneself => "self",
            Domain::Students => "students",
        }
    }

    /// Accepts the slug, the RON name, or a leading part of either ("coll").
    pub fn parse(text: &str) -> Option<Domain> {
        let wanted = text.trim().to_lowercase();
        if wanted.is_empty() {
            return None;
        }
        Domain::ALL.into_iter().find(|d| {
            let name = format!("{d:?}").to_lowercase();
            d.slug() == wanted || name == wanted || d.slug().starts_with(&wanted)
        })
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// The ethical principles standards serve; options are weighed in these terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Principle {
    Autonomy,
    Nonmaleficence,
    Beneficence,
    Justice,
    Fidelity,
    Veracity,
}

impl Principle {
    pub const ALL: [Principle; 6] = [
        Principle::Autonomy,
        Principle::Nonmaleficence,
        Principle::Beneficence,
        Principle::Justice,
        Principle::Fidelity,
        Principle::Veracity,
    ];
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainInfo {
    pub id: Domain,
    pub title: String,
    pub blurb: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrincipleInfo {
    pub id: Principle,
    pub name: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub number: u8,
    pub domain: Domain,
    pub title: String,
    pub summary: String,
    pub principles: Vec<Principle>,
    pub keywords: Vec<String>,
}

impl Standard {
    /// How well the standard matches a search: 0 means not at all. Title hits
    /// rank above keyword hits, which rank above summary hits.
    pub fn search_score(&self, query: &str) -> u32 {
        let words: Vec<Vec<String>> = query
            .split_whitespace()
            .map(|w| vec![w.to_lowercase()])
            .collect();
        self.score_words(query, &words)
    }

    /// As `search_score`, each query word given with the words that may
    /// stand for it (itself first): a word matches if any of them does.
    fn score_words(&self, query: &str, words: &[Vec<String>]) -> u32 {
        if words.is_empty() {
            return 1;
        }
        if let Ok(number) = query.trim().parse::<u8>() {
            return u32::from(number == self.number) * 100;
        }
        let title = self.title.to_lowercase();
        let summary = self.summary.to_lowercase();
        let mut score = 0;
        for alternatives in words {
            // The word itself counts double a word of its group, so a
            // standard that uses the searcher's own word comes first.
            let best = alternatives
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    let in_title = title.contains(word.as_str());
                    let in_keywords = self.keywords.iter().any(|k| k.contains(word.as_str()));
                    let in_summary = summary.contains(word.as_str());
                    let hit = u32::from(in_title) * 4
                        + u32::from(in_keywords) * 2
                        + u32::from(in_summary);
                    if i == 0 { hit * 2 } else { hit }
                })
                .max()
                .unwrap_or(0);
            if best == 0 {
                return 0;
            }
            score += best;
        }
        score
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueFile {
    domains: Vec<DomainInfo>,
    principles: Vec<PrincipleInfo>,
    standards: Vec<Standard>,
}

/// All 44 standards, indexed by number, with domain and principle names.
#[derive(Debug, Clone)]
pub struct Catalogue {
    domains: Vec<DomainInfo>,
    principles: Vec<PrincipleInfo>,
    standards: Vec<Standard>,
}

impl Catalogue {
    /// The catalogue compiled into the binary. It is checked by the test suite,
    /// so failing here means the build itself is broken.
    pub fn embedded() -> Catalogue {
        Catalogue::load(&Source::new(EMBEDDED_NAME, EMBEDDED))
            .unwrap_or_else(|errors| panic!("embedded catalogue is invalid: {}", errors[0]))
    }

    /// Loads a catalogue and insists on exactly standards 1..=44, each with a
    /// known domain, and one entry for every domain and principle.
    pub fn load(source: &Source) -> Result<Catalogue, Vec<Diagnostic>> {
        let file: CatalogueFile = source.parse().map_err(|d| vec![d])?;
        // The layout of the file is only needed to place an error.
        let tree = std::cell::OnceCell::new();
        let place = |path: &[Step<'_>]| match tree.get_or_init(|| Node::parse(&source.text)) {
            Some(tree) => source.place_at(tree.locate(&source.text, path)),
            None => Place::file(&source.name),
        };
        let mut errors = Vec::new();
        let mut seen = [false; STANDARD_COUNT as usize + 1];
        for (i, standard) in file.standards.iter().enumerate() {
            let at = || place(&[Step::Field("standards"), Step::Nth(i)]);
            match seen.get_mut(usize::from(standard.number)) {
                Some(slot) if standard.number > 0 && !*slot => *slot = true,
                Some(_) if standard.number > 0 => errors.push(Diagnostic::error(
                    at(),
                    format!("standard {} is listed twice", standard.number),
                )),
                _ => errors.push(Diagnostic::error(
                    at(),
                    format!(
                        "standard {} does not exist: the code has standards 1 to {STANDARD_COUNT}",
                        standard.number
                    ),
                )),
            }
        }
        for missing in (1..=STANDARD_COUNT).filter(|n| !seen[usize::from(*n)]) {
            errors.push(Diagnostic::error(
                place(&[Step::Field("standards")]),
                format!("standard {missing} is missing"),
            ));
        }
        for domain in Domain::ALL {
            if !file.domains.iter().any(|d| d.id == domain) {
                errors.push(Diagnostic::error(
                    place(&[Step::Field("domains")]),
                    format!("domain {domain:?} has no title"),
                ));
            }
        }
        for principle in Principle::ALL {
            if !file.principles.iter().any(|p| p.id == principle) {
                errors.push(Diagnostic::error(
                    place(&[Step::Field("principles")]),
                    format!("principle {principle:?} has no name"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut standards = file.standards;
        standards.sort_by_key(|s| s.number);
        Ok(Catalogue {
            domains: file.domains,
            principles: file.principles,
            standards,
        })
    }

    pub fn get(&self, number: u8) -> Option<&Standard> {
        let index = usize::from(number).checked_sub(1)?;
        self.standards.get(index)
    }

    pub fn all(&self) -> &[Standard] {
        &self.standards
    }

    pub fn domain(&self, domain: Domain) -> &DomainInfo {
        self.domains
            .iter()
            .find(|d| d.id == domain)
            .expect("load() guarantees every domain")
    }

    pub fn principle(&self, principle: Principle) -> &PrincipleInfo {
        self.principles
            .iter()
            .find(|p| p.id == principle)
            .expect("load() guarantees every principle")
    }

    pub fn principles(&self) -> &[PrincipleInfo] {
        &self.principles
    }

    /// Standards matching every word of `query` (in title, keywords or
    /// summary, or through a word of its group in `assets/synonyms.ron`),
    /// best match first; an empty query matches all in order.
    pub fn search(&self, query: &str) -> Vec<&Standard> {
        let groups = synonyms();
        let with_group = |word: String| {
            let mut alternatives = vec![word.clone()];
            for group in groups.iter().filter(|g| g.contains(&word)) {
                alternatives.extend(group.iter().filter(|s| **s != word).cloned());
            }
            alternatives
        };
        // A phrase the synonym file knows ("court order") is one search
        // term, not two words that must each be found.
        let phrase = query
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let words: Vec<Vec<String>> =
            if phrase.contains(' ') && groups.iter().any(|g| g.contains(&phrase)) {
                vec![with_group(phrase)]
            } else {
                query
                    .split_whitespace()
                    .map(|w| with_group(w.to_lowercase()))
                    .collect()
            };
        let mut hits: Vec<(u32, &Standard)> = self
            .standards
            .iter()
            .map(|s| (s.score_words(query, &words), s))
            .filter(|(score, _)| *score > 0)
            .collect();
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.number.cmp(&b.1.number)));
        hits.into_iter().map(|(_, s)| s).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_catalogue_holds_all_44_in_their_domains() {
        let code = Catalogue::embedded();
        assert_eq!(code.all().len(), 44);
        let domain_of = |n| code.get(n).unwrap().domain;
        assert_eq!(domain_of(1), Domain::Clients);
        assert_eq!(domain_of(9), Domain::Clients);
        assert_eq!(domain_of(10), Domain::Society);
        assert_eq!(domain_of(18), Domain::Colleagues);
        assert_eq!(domain_of(22), Domain::Employers);
        assert_eq!(domain_of(25), Domain::Profession);
        assert_eq!(domain_of(34), Domain::Oneself);
        assert_eq!(domain_of(44), Domain::Students);
        assert!(code.get(0).is_none() && code.get(45).is_none());
        for s in code.all() {
            assert!(
                !s.principles.is_empty(),
                "standard {} has no principle",
                s.number
            );
            assert!(
                !s.keywords.is_empty(),
                "standard {} has no keyword",
                s.number
            );
        }
    }

    #[test]
    fn search_finds_by_everyday_words_through_the_synonym_groups() {
        assert!(
            Source::new(SYNONYMS_NAME, SYNONYMS)
                .parse::<Vec<Vec<String>>>()
                .is_ok()
        );
        let code = Catalogue::embedded();
        let first = |q: &str| code.search(q).first().map(|s| s.number);
        assert_eq!(
            first("gift"),
            Some(5),
            "a gift is a question of dual relationships"
        );
        assert!(code.search("dating").iter().any(|s| s.number == 6));
        let social = code.search("facebook");
        assert!(
            social.iter().any(|s| s.number == 33),
            "public conduct online"
        );
    }

    #[test]
    fn search_finds_by_keyword_and_ranks_title_hits_first() {
        let code = Catalogue::embedded();
        let hits = code.search("suicide");
        assert_eq!(hits.first().map(|s| s.number), Some(4));
        assert!(code.search("social media").iter().any(|s| s.number == 33));
        assert_eq!(code.search("20").len(), 1);
        assert!(code.search("zzzz-nothing").is_empty());
        assert_eq!(code.search("").len(), 44);
    }

    #[test]
    fn domains_parse_from_what_people_type() {
        assert_eq!(Domain::parse("self"), Some(Domain::Oneself));
        assert_eq!(Domain::parse("Colleagues"), Some(Domain::Colleagues));
        assert_eq!(Domain::parse("emp"), Some(Domain::Employers));
        assert_eq!(Domain::parse("nobody"), None);
    }

    #[test]
    fn a_catalogue_with_a_gap_or_a_repeat_is_refused_with_places() {
        let text = EMBEDDED.replacen("number: 7,", "number: 6,", 1);
        let errors = Catalogue::load(&Source::new("s.ron", text)).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("standard 6 is listed twice"))
        );
        assert!(messages.iter().any(|m| m.contains("standard 7 is missing")));
        assert!(messages.iter().all(|m| m.starts_with("s.ron:")));
    }
}
