//! `dilemma graph`: the question graph for Graphviz (dot), Mermaid, or as a
//! picture (SVG, laid out here, with no Graphviz needed).

use std::collections::BTreeSet;
use std::fmt::Write;
use std::process::ExitCode;

use super::{Global, GraphFormat, load_rules};
use crate::code::Catalogue;
use crate::rules::{Next, Rules};
use layout::core::format::ClipHandle;
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;

/// How wide a question's wrapped prompt is, in characters.
const WRAP: usize = 36;

pub fn run(
    global: &Global,
    code: &Catalogue,
    format: GraphFormat,
    family: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let set = match load_rules(global, code) {
        Ok(set) => set,
        Err(exit) => return Ok(exit),
    };
    let graph = match family {
        None => Graph::whole(&set.rules),
        Some(name) => match Graph::family(&set.rules, name) {
            Ok(graph) => graph,
            Err(message) => {
                eprintln!("dilemma: {message}");
                return Ok(ExitCode::from(1));
            }
        },
    };
    let text = match format {
        GraphFormat::Dot => graph.dot(),
        GraphFormat::Mermaid => graph.mermaid(),
        GraphFormat::Svg => graph.svg(),
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

/// The part of the question graph being drawn.
pub struct Graph {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

struct Node {
    id: String,
    /// The prompt, wrapped.
    lines: Vec<String>,
    start: bool,
    /// Drawn only because an edge comes in from it (outside the family).
    entry: bool,
}

struct Edge {
    from: String,
    to: String,
    label: String,
    /// A `then` edge: where the walk goes after a question's own branch.
    then: bool,
}

impl Graph {
    /// Every question and every edge.
    pub fn whole(rules: &Rules) -> Graph {
        let all: BTreeSet<&str> = rules.questions.keys().collect();
        Graph::of(rules, &all)
    }

    /// One concern's questions, and the questions that lead into them.
    /// `name` is a question group (`colleague`, the part of the ids before
    /// the dot) or a ladder (`colleague-conduct`), which stands for the
    /// groups its opening choices lead to.
    pub fn family(rules: &Rules, name: &str) -> Result<Graph, String> {
        let groups = groups_for(rules, name).ok_or_else(|| unknown_family(rules, name))?;
        let members: BTreeSet<&str> = rules
            .questions
            .keys()
            .filter(|id| groups.contains(group(id)))
            .collect();
        Ok(Graph::of(rules, &members))
    }

    fn of(rules: &Rules, members: &BTreeSet<&str>) -> Graph {
        let edges: Vec<Edge> = all_edges(rules)
            .into_iter()
            .filter(|e| members.contains(e.to.as_str()))
            .collect();
        let entries: BTreeSet<&str> = edges
            .iter()
            .map(|e| e.from.as_str())
            .filter(|from| !members.contains(from))
            .collect();
        let nodes = rules
            .questions
            .iter()
            .filter(|(id, _)| members.contains(id) || entries.contains(id))
            .map(|(id, q)| Node {
                id: id.to_string(),
                lines: wrap(&q.prompt, WRAP),
                start: id == rules.start,
                entry: !members.contains(id),
            })
            .collect();
        Graph { nodes, edges }
    }

    fn label(node: &Node, newline: &str) -> String {
        let mut label = node.id.clone();
        for line in &node.lines {
            label.push_str(newline);
            label.push_str(line);
        }
        label
    }

    pub fn dot(&self) -> String {
        let esc = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut out = String::from(
            "digraph dilemma {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n",
        );
        for node in &self.nodes {
            let style = match (node.start, node.entry) {
                (true, _) => ", style=bold",
                (false, true) => ", style=dashed",
                _ => "",
            };
            let label = esc(&Graph::label(node, "\n")).replace('\n', "\\n");
            let _ = writeln!(out, "  \"{}\" [label=\"{label}\"{style}];", esc(&node.id));
        }
        for edge in &self.edges {
            let style = if edge.then { ", style=dashed" } else { "" };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{}\"{style}];",
                esc(&edge.from),
                esc(&edge.to),
                esc(&edge.label)
            );
        }
        out.push_str("}\n");
        out
    }

    pub fn mermaid(&self) -> String {
        // Mermaid node ids must be plain words, so questions are numbered.
        let node = |id: &str| {
            format!(
                "q{}",
                self.nodes.iter().position(|n| n.id == id).unwrap_or(0)
            )
        };
        let esc = |s: &str| s.replace('"', "#quot;");
        let mut out = String::from("flowchart TD\n");
        for n in &self.nodes {
            let _ = writeln!(
                out,
                "  {}[\"{}\"]",
                node(&n.id),
                esc(&Graph::label(n, "<br/>"))
            );
        }
        for edge in &self.edges {
            let arrow = if edge.then { "-.->" } else { "-->" };
            let _ = writeln!(
                out,
                "  {} {arrow}|{}| {}",
                node(&edge.from),
                esc(&edge.label),
                node(&edge.to)
            );
        }
        out
    }

    /// The graph laid out and drawn as SVG by `layout-rs`, top to bottom,
    /// since wrapped prompts make tall boxes.
    pub fn svg(&self) -> String {
        use layout::backends::svg::SVGWriter;
        use layout::core::base::Orientation;
        use layout::core::geometry::{get_size_for_str, pad_shape_scalar};
        use layout::core::style::LineStyleKind;
        use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
        use layout::topo::layout::VisualGraph;

        const FONT: usize = 14;
        let mut graph = VisualGraph::new(Orientation::TopToBottom);
        let handles: Vec<_> = self
            .nodes
            .iter()
            .map(|node| {
                let label = Graph::label(node, "\n");
                let size = pad_shape_scalar(get_size_for_str(&label, FONT), 16.);
                let mut look = StyleAttr::simple();
                look.font_size = FONT;
                if node.start {
                    look.line_width = 3;
                }
                let shape = ShapeKind::new_box(&label);
                graph.add_node(Element::create(
                    shape,
                    look,
                    Orientation::TopToBottom,
                    Point::new(size.x, size.y),
                ))
            })
            .collect();
        let handle = |id: &str| {
            self.nodes
                .iter()
                .position(|n| n.id == id)
                .map(|index| handles[index])
        };
        for edge in &self.edges {
            let (Some(from), Some(to)) = (handle(&edge.from), handle(&edge.to)) else {
                continue;
            };
            let line = if edge.then {
                LineStyleKind::Dashed
            } else {
                LineStyleKind::Normal
            };
            let arrow = Arrow::new(
                LineEndKind::None,
                LineEndKind::Arrow,
                line,
                &edge.label,
                &StyleAttr::simple(),
                &None,
                &None,
            );
            graph.add_edge(arrow, from, to);
        }
        let mut svg = Bounded {
            svg: SVGWriter::new(),
            right: 0.,
            bottom: 0.,
        };
        if !self.nodes.is_empty() {
            graph.do_it(false, false, false, &mut svg);
        }
        svg.finish()
    }
}

/// Passes drawing to `layout-rs`'s SVG writer and keeps the true extent of
/// what is drawn: the writer sizes the picture by a text's length in
/// characters, which leaves a page of blank space under a long prompt.
struct Bounded {
    svg: layout::backends::svg::SVGWriter,
    right: f64,
    bottom: f64,
}

impl Bounded {
    fn reach(&mut self, x: f64, y: f64) {
        self.right = self.right.max(x);
        self.bottom = self.bottom.max(y);
    }

    /// The SVG, its size and view box set to what was drawn.
    fn finish(self) -> String {
        let text = self.svg.finalize();
        let (width, height) = (self.right.ceil() + 10., self.bottom.ceil() + 10.);
        let Some(start) = text.find("<svg ") else {
            return text;
        };
        let Some(end) = text[start..].find('>').map(|e| start + e) else {
            return text;
        };
        format!(
            "{}<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">{}",
            &text[..start],
            &text[end + 1..]
        )
    }
}

impl layout::core::format::RenderBackend for Bounded {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.reach(xy.x + size.x, xy.y + size.y);
        self.svg.draw_rect(xy, size, look, properties, clip);
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.reach(start.x, start.y);
        self.reach(stop.x, stop.y);
        self.svg.draw_line(start, stop, look, properties);
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.reach(xy.x + size.x / 2., xy.y + size.y / 2.);
        self.svg.draw_circle(xy, size, look, properties);
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // Centred on `xy.x`, one line of the font's size each, below `xy.y`.
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        let font = look.font_size as f64;
        self.reach(
            xy.x + widest as f64 * font * 0.3,
            xy.y + (text.lines().count() + 1) as f64 * font,
        );
        self.svg.draw_text(xy, text, look);
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        for (a, b) in path {
            self.reach(a.x, a.y);
            self.reach(b.x, b.y);
        }
        self.svg
            .draw_arrow(path, dashed, head, look, properties, text);
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.svg.create_clip(xy, size, rounded_px)
    }
}

fn all_edges(rules: &Rules) -> Vec<Edge> {
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
                out.push(Edge {
                    from: id.to_string(),
                    to: target.to_string(),
                    label,
                    then: false,
                });
            }
        }
        if let Some(then) = &q.then {
            out.push(Edge {
                from: id.to_string(),
                to: then.clone(),
                label: "then".to_string(),
                then: true,
            });
        }
    }
    out
}

/// `colleague` for `colleague.severity`.
fn group(id: &str) -> &str {
    id.split_once('.').map_or(id, |(group, _)| group)
}

/// The question groups `name` stands for, if it names any.
fn groups_for<'a>(rules: &'a Rules, name: &str) -> Option<BTreeSet<&'a str>> {
    let as_group: BTreeSet<&str> = rules
        .questions
        .keys()
        .map(group)
        .filter(|g| *g == name)
        .collect();
    if !as_group.is_empty() {
        return Some(as_group);
    }
    rules.ladders.get(name)?;
    // The questions whose choices open the ladder, and the groups those
    // choices lead on to (triage leads on to the concern's own group).
    let openers: Vec<(&str, &crate::rules::Choice)> = rules
        .questions
        .iter()
        .flat_map(|(id, q)| q.choices.iter().map(move |c| (id, c)))
        .filter(|(_, c)| c.open.iter().any(|o| o == name))
        .collect();
    let mut groups: BTreeSet<&str> = openers
        .iter()
        .flat_map(|(id, c)| {
            c.next
                .targets()
                .filter(move |t| group(t) != group(id) && rules.questions.get(t).is_some())
                .map(group)
        })
        .collect();
    // A ladder opened only from within one group is drawn as that group.
    if groups.is_empty() {
        groups = openers.iter().map(|(id, _)| group(id)).collect();
    }
    (!groups.is_empty()).then_some(groups)
}

fn unknown_family(rules: &Rules, name: &str) -> String {
    let groups: BTreeSet<&str> = rules.questions.keys().map(group).collect();
    let shown: String = name.chars().take(60).collect();
    let cut = if name.chars().count() > 60 { "…" } else { "" };
    format!(
        "no question group or ladder is called \"{shown}{cut}\"; groups: {}; or a ladder, as `dilemma check` lists them",
        groups.into_iter().collect::<Vec<_>>().join(", ")
    )
}

/// Greedy word wrap; a word longer than `width` gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_the_width() {
        let text = "Which of these are part of your situation? Pick all that apply.";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }
}
