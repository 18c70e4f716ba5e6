//! Finding where a value sits in a RON file.
//!
//! serde gives us typed values but forgets where they came from, and a rule
//! author needs "rules.ron:212:17", not "somewhere in question X". This is a
//! small, forgiving RON reader that keeps only shape and offsets; it runs only
//! after serde has accepted the file, so it never has to report syntax errors.

/// A value in the file and the byte offset where it starts.
#[derive(Debug, Clone)]
pub struct Node {
    pub start: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// A string literal, unescaped only as far as matching needs.
    Str(String),
    /// Numbers, booleans, characters and bare identifiers.
    Atom,
    /// `Name(...)`: a named struct, an enum variant, `Some(...)`.
    Named(String, Box<Node>),
    /// `(a: .., b: ..)`, each field with the offset of its name.
    Fields(Vec<(String, usize, Node)>),
    /// `(.., ..)` or `[.., ..]`.
    Items(Vec<Node>),
    /// `{k: v, ..}`.
    Map(Entries),
}

/// A map's entries in file order, with its string keys indexed so a lookup
/// does not scan a map of many thousand questions.
#[derive(Debug, Clone)]
pub struct Entries {
    pub list: Vec<(Node, Node)>,
    /// Key -> position of its first entry.
    index: std::collections::HashMap<String, usize>,
}

impl Entries {
    fn new(list: Vec<(Node, Node)>) -> Entries {
        let mut index = std::collections::HashMap::with_capacity(list.len());
        for (i, (key, _)) in list.iter().enumerate() {
            if let Kind::Str(s) = &key.kind {
                index.entry(s.clone()).or_insert(i);
            }
        }
        Entries { list, index }
    }

    fn get(&self, key: &str) -> Option<&(Node, Node)> {
        self.index.get(key).map(|&i| &self.list[i])
    }
}

/// One step of a path from the top of the file down to a value.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A named field of a struct.
    Field(&'a str),
    /// The entry of a map whose key is this string.
    Key(&'a str),
    /// The item of a list whose `id` field is this string.
    Id(&'a str),
    /// The n-th item of a list (from 0).
    Nth(usize),
    /// The first string equal to this one anywhere below.
    Text(&'a str),
}

impl Node {
    /// Reads a whole file; `None` only for a file with no value in it.
    pub fn parse(text: &str) -> Option<Node> {
        let mut reader = Reader { text, pos: 0 };
        reader.skip_trivia();
        reader.value()
    }

    /// Follows `path` and returns the offset of the deepest step that could be
    /// found, so a message still points near the right place when a step is missing.
    pub fn locate(&self, path: &[Step<'_>]) -> usize {
        let mut node = self;
        let mut offset = self.start;
        for step in path {
            match node.step(*step) {
                Some((at, next)) => {
                    offset = at;
                    node = next;
                }
                None => break,
            }
        }
        offset
    }

    fn step(&self, step: Step<'_>) -> Option<(usize, &Node)> {
        let node = self.unwrap_named();
        match step {
            Step::Field(name) => match &node.kind {
                Kind::Fields(fields) => fields
                    .iter()
                    .find(|(field, _, _)| field == name)
                    .map(|(_, at, value)| (*at, value)),
                _ => None,
            },
            Step::Key(key) => match &node.kind {
                Kind::Map(entries) => entries.get(key).map(|(k, v)| (k.start, v)),
                _ => None,
            },
            Step::Id(id) => node.items()?.iter().find_map(|item| {
                let is_it = matches!(item.step(Step::Field("id")),
                    Some((_, value)) if matches!(&value.kind, Kind::Str(s) if s == id));
                is_it.then_some((item.start, item))
            }),
            Step::Nth(n) => node.items()?.get(n).map(|item| (item.start, item)),
            Step::Text(text) => self.find_text(text).map(|found| (found.start, found)),
        }
    }

    fn unwrap_named(&self) -> &Node {
        let mut node = self;
        while let Kind::Named(_, body) = &node.kind {
            node = match &body.kind {
                Kind::Items(items) if items.len() == 1 => &items[0],
                _ => body,
            };
        }
        node
    }

    fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Items(items) => Some(items),
            _ => None,
        }
    }

    fn find_text(&self, text: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Str(s) if s == text => Some(self),
            Kind::Str(_) | Kind::Atom => None,
            Kind::Named(_, body) => body.find_text(text),
            Kind::Fields(fields) => fields.iter().find_map(|(_, _, v)| v.find_text(text)),
            Kind::Items(items) => items.iter().find_map(|v| v.find_text(text)),
            Kind::Map(entries) => entries
                .list
                .iter()
                .find_map(|(k, v)| k.find_text(text).or_else(|| v.find_text(text))),
        }
    }

    /// The keys of a map at `path`, with their offsets, in file order
    /// (duplicates included, which serde would silently merge).
    pub fn keys_at(&self, path: &[Step<'_>]) -> Vec<(String, usize)> {
        let mut node = self;
        for step in path {
            match node.step(*step) {
                Some((_, next)) => node = next,
                None => return Vec::new(),
            }
        }
        match &node.unwrap_named().kind {
            Kind::Map(entries) => entries
                .list
                .iter()
                .filter_map(|(k, _)| match &k.kind {
                    Kind::Str(s) => Some((s.clone(), k.start)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            if rest.starts_with("//") {
                self.pos += rest.find('\n').unwrap_or(rest.len());
            } else if rest.starts_with("/*") {
                self.skip_block_comment();
            } else if rest.starts_with("#!") || rest.starts_with("#[") {
                // Attributes such as #![enable(implicit_some)].
                self.pos += rest.find(']').map_or(rest.len(), |i| i + 1);
            } else if self.peek().is_some_and(char::is_whitespace) {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn skip_block_comment(&mut self) {
        let mut depth = 0usize;
        while !self.rest().is_empty() {
            if self.rest().starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if self.rest().starts_with("*/") {
                depth -= 1;
                self.pos += 2;
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    fn value(&mut self) -> Option<Node> {
        let start = self.pos;
        let kind = match self.peek()? {
            '"' => Kind::Str(self.string()),
            'r' if self.rest().starts_with("r\"") || self.rest().starts_with("r#") => {
                Kind::Str(self.raw_string())
            }
            '[' => {
                self.bump();
                Kind::Items(self.items(']'))
            }
            '{' => {
                self.bump();
                Kind::Map(Entries::new(self.map()))
            }
            '(' => self.group(),
            '\'' => {
                self.char_literal();
                Kind::Atom
            }
            c if c.is_alphabetic() || c == '_' => {
                let name = self.word();
                self.skip_trivia();
                if self.peek() == Some('(') {
                    let body_start = self.pos;
                    let body = self.group();
                    Kind::Named(
                        name,
                        Box::new(Node {
                            start: body_start,
                            kind: body,
                        }),
                    )
                } else {
                    Kind::Atom
                }
            }
            _ => {
                self.word();
                if self.pos == start {
                    self.bump();
                }
                Kind::Atom
            }
        };
        Some(Node { start, kind })
    }

    fn word(&mut self) -> String {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+'))
        {
            self.bump();
        }
        self.text[start..self.pos].to_string()
    }

    fn string(&mut self) -> String {
        self.bump();
        let mut out = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(escaped) = self.bump() {
                        out.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                }
                other => out.push(other),
            }
        }
        out
    }

    fn raw_string(&mut self) -> String {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some('#') {
            hashes += 1;
            self.bump();
        }
        self.bump();
        let end = format!("\"{}", "#".repeat(hashes));
        let rest = self.rest();
        let len = rest.find(&end).unwrap_or(rest.len());
        let out = rest[..len].to_string();
        self.pos += (len + end.len()).min(rest.len());
        out
    }

    fn char_literal(&mut self) {
        self.bump();
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '\'' => return,
                _ => {}
            }
        }
    }

    fn group(&mut self) -> Kind {
        self.bump();
        self.skip_trivia();
        if self.is_field_start() {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia();
                if self.peek().is_none_or(|c| c == ')') {
                    self.bump();
                    break;
                }
                let at = self.pos;
                let name = self.word();
                self.skip_trivia();
                if self.peek() == Some(':') {
                    self.bump();
                }
                self.skip_trivia();
                if let Some(value) = self.value() {
                    fields.push((name, at, value));
                }
                self.separator();
            }
            Kind::Fields(fields)
        } else {
            Kind::Items(self.items(')'))
        }
    }

    fn is_field_start(&self) -> bool {
        let rest = self.rest();
        let word_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        word_len > 0
            && rest.starts_with(|c: char| c.is_alphabetic() || c == '_')
            && rest[word_len..].trim_start().starts_with(':')
    }

    fn items(&mut self, close: char) -> Vec<Node> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some(c) if c == close => {
                    self.bump();
                    break;
                }
                _ => {}
            }
            if let Some(value) = self.value() {
                items.push(value);
            }
            self.separator();
        }
        items
    }

    fn map(&mut self) -> Vec<(Node, Node)> {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            match self.peek() {
                None => break,
                Some('}') => {
                    self.bump();
                    break;
                }
                _ => {}
            }
            let Some(key) = self.value() else { break };
            self.skip_trivia();
            if self.peek() == Some(':') {
                self.bump();
            }
            self.skip_trivia();
            if let Some(value) = self.value() {
                entries.push((key, value));
            }
            self.separator();
        }
        entries
    }

    fn separator(&mut self) {
        self.skip_trivia();
        if self.peek() == Some(',') {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"#![enable(implicit_some)]
// a comment with "quotes"
(
    start: "a",
    questions: {
        "a": (
            prompt: "First?",
            choices: [
                (id: "x", label: "X", next: Goto("b")),
                (id: "y", label: "Y", next: Branch(cases: [(when: Fact("f", "v"), goto: "c")])),
            ],
        ),
        /* block /* nested */ */
        "b": (prompt: "Second", choices: []),
    },
)"#;

    fn position(path: &[Step<'_>]) -> (usize, usize) {
        let tree = Node::parse(SAMPLE).unwrap();
        let at = tree.locate(path);
        let before = &SAMPLE[..at];
        let line = before.matches('\n').count() + 1;
        let col = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        (line, col)
    }

    #[test]
    fn finds_fields_keys_items_and_strings() {
        assert_eq!(position(&[Step::Field("start")]), (4, 5));
        assert_eq!(
            position(&[Step::Field("questions"), Step::Key("b")]),
            (14, 9)
        );
        let target = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("choices"),
            Step::Id("x"),
            Step::Field("next"),
            Step::Text("b"),
        ];
        assert_eq!(position(&target), (9, 50));
        let fact = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("choices"),
            Step::Id("y"),
            Step::Text("f"),
        ];
        assert_eq!(position(&fact), (10, 72));
    }

    #[test]
    fn a_missing_step_points_at_the_deepest_step_found() {
        let path = [
            Step::Field("questions"),
            Step::Key("a"),
            Step::Field("nope"),
        ];
        assert_eq!(position(&path), (6, 9));
    }

    #[test]
    fn lists_map_keys_in_file_order() {
        let tree = Node::parse(SAMPLE).unwrap();
        let keys: Vec<String> = tree
            .keys_at(&[Step::Field("questions")])
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["a", "b"]);
    }
}
