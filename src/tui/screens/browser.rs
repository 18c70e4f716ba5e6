//! All 44 standards by domain, with search and a detail pane: the summary,
//! the principles and where the rules cite each one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::{nav, scroll};
use crate::code::Domain;
use crate::rules::{Citation, Role};
use crate::tui::app::{App, Browser, Effect, Screen};
use crate::tui::keymap::Action;
use crate::tui::view::{self, Doc};
use crate::tui::wrap;

/// Wide enough for the list and the detail side by side.
pub const TWO_PANES_MIN_WIDTH: u16 = 100;

pub fn on_action(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let count = match &app.screen {
        Screen::Browser(b) => app.browser_hits(b).len(),
        _ => return None,
    };
    let Screen::Browser(b) = &mut app.screen else {
        return None;
    };
    if b.searching {
        match action {
            Action::Confirm => b.searching = false,
            Action::Cancel => {
                b.query = Default::default();
                b.searching = false;
                b.cursor = 0;
            }
            _ => {}
        }
        return None;
    }
    if b.detail {
        if scroll(&mut b.scroll, action, 10) {
            return None;
        }
        if matches!(action, Action::NextPane | Action::PrevPane | Action::Back) {
            b.detail = false;
        }
        return None;
    }
    if nav(&mut b.cursor, count, action, 10) {
        b.scroll = 0;
        return None;
    }
    match action {
        Action::Search => b.searching = true,
        Action::NextPane | Action::PrevPane => {
            b.detail = true;
            b.scroll = 0;
        }
        Action::Back => {
            let back = std::mem::replace(&mut b.back, Box::new(Screen::Home { cursor: 0 }));
            app.screen = *back;
        }
        _ => {}
    }
    None
}

/// The list of hits, with domain headings when nothing is searched.
fn list_doc(app: &App<'_>, b: &Browser, width: usize) -> (Doc, Option<(usize, usize)>) {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let hits = app.browser_hits(b);
    let mut focus = None;
    let grouped = b.query.text().trim().is_empty();
    let mut domain: Option<Domain> = None;
    if hits.is_empty() {
        doc.push(Line::styled("No standard matches.", theme.dim));
    }
    for (i, n) in hits.iter().enumerate() {
        let Some(standard) = app.code.get(*n) else {
            continue;
        };
        if grouped && domain != Some(standard.domain) {
            domain = Some(standard.domain);
            if i > 0 {
                doc.blank();
            }
            doc.push(Line::styled(
                wrap::truncate(&app.code.domain(standard.domain).title, width),
                theme.heading,
            ));
        }
        let here = i == b.cursor;
        if here {
            focus = Some((doc.len(), doc.len() + 1));
        }
        let lead = format!("{} {:>2} ", if here { ">" } else { " " }, n);
        let text = wrap::truncate(&standard.title, width.saturating_sub(lead.len()));
        let style = if here && !b.detail && !b.searching {
            theme.selected
        } else if here {
            theme.heading
        } else {
            theme.text
        };
        doc.push(Line::styled(format!("{lead}{text}"), style));
    }
    (doc, focus)
}

/// Everything about the selected standard.
/// How the official wording from the user's copy is marked.
pub const OFFICIAL: &str = "Official wording (your copy)";

pub fn detail_doc(app: &App<'_>, b: &Browser, width: usize) -> Doc {
    let theme = &app.theme;
    let mut doc = Doc::default();
    let Some(standard) = app
        .browser_hits(b)
        .get(b.cursor)
        .and_then(|n| app.code.get(*n))
    else {
        return doc;
    };
    let text = |doc: &mut Doc, s: &str, style: Style, indent: &str| {
        for line in wrap::hanging(indent, s, width) {
            doc.push(Line::styled(line, style));
        }
    };
    text(
        &mut doc,
        &format!("Standard {}: {}", standard.number, standard.title),
        theme.heading,
        "",
    );
    text(
        &mut doc,
        &app.code.domain(standard.domain).title,
        theme.dim,
        "",
    );
    doc.blank();
    text(&mut doc, &standard.summary, theme.text, "");
    doc.blank();
    if let Some(words) = app.official_text(standard.number) {
        text(&mut doc, OFFICIAL, theme.heading, "");
        text(&mut doc, words, theme.text, "");
        doc.blank();
    }
    let principles: Vec<String> = standard
        .principles
        .iter()
        .map(|p| app.code.principle(*p).name.clone())
        .collect();
    text(
        &mut doc,
        &format!("Principles: {}", principles.join(", ")),
        theme.text,
        "",
    );
    doc.blank();
    text(&mut doc, "Where the rules cite it", theme.heading, "");
    let citations = app.set.rules.citations_of(standard.number);
    if citations.is_empty() {
        text(&mut doc, "These rules do not cite it.", theme.dim, "");
    }
    for citation in citations {
        let line = match citation {
            Citation::Choice {
                prompt,
                label,
                role,
                reason,
                ..
            } => {
                let role = if role == Role::Primary {
                    "governs"
                } else {
                    "related"
                };
                format!("Answering \"{label}\" to \"{prompt}\" ({role}): {reason}")
            }
            Citation::Ladder { title, .. } => format!("Steps: {title}"),
            Citation::Tension { title, .. } => format!("Tension: {title}"),
        };
        text(&mut doc, &line, theme.text, "- ");
    }
    doc
}

pub fn draw(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let Screen::Browser(b) = &app.screen else {
        return;
    };
    let theme = &app.theme;
    let [search, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let query = b.query.text();
    if b.searching || !query.is_empty() {
        let label = "Search: ";
        let (lines, (col, _)) = b.query.layout(
            usize::from(search.width)
                .saturating_sub(label.len() + 1)
                .max(1),
        );
        let shown = lines.last().cloned().unwrap_or_default();
        frame.render_widget(
            Line::from(vec![
                Span::styled(label, theme.heading),
                Span::styled(shown, theme.input),
                Span::styled(
                    if b.searching {
                        "   Enter: go to the list"
                    } else {
                        ""
                    },
                    theme.dim,
                ),
            ]),
            search,
        );
        if b.searching {
            let x = search.x + (label.len() + col) as u16;
            frame.set_cursor_position(Position::new(
                x.min(search.right().saturating_sub(1)),
                search.y,
            ));
        }
    } else {
        frame.render_widget(
            Line::styled(
                format!(
                    "The {} standards, by domain. Press / to search.",
                    app.code.all().len()
                ),
                theme.dim,
            ),
            search,
        );
    }
    let wide = body.width >= TWO_PANES_MIN_WIDTH;
    let (list, detail) = if wide {
        let [list, detail] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .spacing(1)
                .areas(body);
        (Some(list), Some(detail))
    } else if b.detail {
        (None, Some(body))
    } else {
        (Some(body), None)
    };
    if let Some(list) = list {
        let (doc, focus) = list_doc(app, b, usize::from(list.width.saturating_sub(2)));
        view::draw_doc(frame, list, &doc, focus);
    }
    if let Some(detail) = detail {
        let inner = if wide {
            let block = Block::new()
                .borders(Borders::LEFT)
                .border_style(theme.border);
            let inner = block.inner(detail);
            frame.render_widget(block, detail);
            inner.inner(ratatui::layout::Margin::new(1, 0))
        } else {
            detail
        };
        let doc = detail_doc(app, b, usize::from(inner.width.saturating_sub(2)));
        view::draw_doc_at(frame, inner, &doc, b.scroll);
    }
}

/// The detail pane's size, for keeping its scroll in range.
pub fn detail_area(area: Rect, b: &Browser) -> Option<Rect> {
    let [_, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    if body.width >= TWO_PANES_MIN_WIDTH {
        let [_, detail] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Percentage(60)])
                .spacing(1)
                .areas(body);
        Some(Rect {
            x: detail.x + 2,
            width: detail.width.saturating_sub(3),
            ..detail
        })
    } else if b.detail {
        Some(body)
    } else {
        None
    }
}
