//! `view`: draws the model, and nothing else. Sizes are checked once, here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Pane, Popup, SaveState, Screen};
use super::keymap;
use super::screens::{self, browser, outcome, score, supervise, vignette};
use super::theme::Theme;
use super::{popups, wrap};
use crate::record::Phase;
use crate::rules::model::Urgency;

/// Lines of styled text, built by screens and drawn (scrolled) here.
#[derive(Debug, Default)]
pub struct Doc {
    pub lines: Vec<Line<'static>>,
}

impl Doc {
    pub fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// A one-line menu row, marked with ">" and highlighted when selected.
    pub fn row(&mut self, theme: &Theme, selected: bool, spans: Vec<Span<'static>>) {
        let mut all = vec![Span::raw(if selected { "> " } else { "  " })];
        all.extend(spans);
        let style = if selected { theme.selected } else { theme.text };
        self.lines.push(Line::from(all).style(style));
    }
}

/// The widest the body of a screen gets.
const BODY_MAX_WIDTH: u16 = 160;

/// The parts of the screen.
pub struct Areas {
    pub header: Rect,
    pub crisis: Rect,
    pub body: Rect,
    pub status: Rect,
    pub footer: Rect,
}

pub fn areas(app: &App<'_>, area: Rect) -> Areas {
    // The banner, and a blank line to set it apart from the question.
    let crisis = match crisis_lines(app, usize::from(area.width)).len() as u16 {
        0 => 0,
        n => n + 1,
    };
    let status = app.status.as_ref().map_or(0, |s| {
        wrap::lines(s, usize::from(area.width).saturating_sub(2))
            .len()
            .min(2) as u16
    });
    let [header, crisis, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(crisis),
        Constraint::Min(1),
        Constraint::Length(status),
        Constraint::Length(1),
    ])
    .areas(area);
    // One column of margin either side reads better on a projector, and
    // very wide lines are hard to follow.
    let body = body.inner(ratatui::layout::Margin::new(1, 0));
    Areas {
        header,
        crisis,
        body: Rect {
            width: body.width.min(BODY_MAX_WIDTH),
            ..body
        },
        status,
        footer,
    }
}

/// The body area for the model's idea of the terminal size.
pub fn body_rect(app: &App<'_>) -> Rect {
    areas(app, Rect::new(0, 0, app.size.0, app.size.1)).body
}

pub fn view(app: &App<'_>, frame: &mut Frame<'_>) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let parts = areas(app, area);
    header(app, frame, parts.header);
    if parts.crisis.height > 0 {
        let lines: Vec<Line> = crisis_lines(app, usize::from(area.width))
            .into_iter()
            .map(|l| {
                Line::styled(
                    format!(" {l:<width$}", width = usize::from(area.width) - 1),
                    app.theme.crisis,
                )
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), parts.crisis);
    }
    screens::draw(app, frame, parts.body);
    if let Some(status) = &app.status {
        let lines: Vec<Line> = wrap::lines(status, usize::from(area.width).saturating_sub(2))
            .into_iter()
            .take(2)
            .map(|l| Line::styled(format!(" {l}"), app.theme.warning))
            .collect();
        frame.render_widget(Paragraph::new(lines), parts.status);
    }
    footer(app, frame, parts.footer);
    popups::draw(app, frame, area);
}

fn too_small(frame: &mut Frame<'_>, area: Rect) {
    let need = format!("terminal too small: need {MIN_WIDTH}\u{d7}{MIN_HEIGHT}");
    let now = format!("(now {}\u{d7}{})", area.width, area.height);
    let lines: Vec<Line> = [need, now]
        .iter()
        .flat_map(|text| wrap::lines(text, usize::from(area.width).max(1)))
        .map(Line::from)
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(Paragraph::new(lines).centered(), rect);
}

/// The crisis banner, wrapped to `width`; empty unless the walk is in crisis.
/// On the outcome, where the first step is an emergency step, the banner
/// gives way to it (its short words), so the step and its reason fit on a
/// small screen.
pub fn crisis_lines(app: &App<'_>, width: usize) -> Vec<String> {
    let Some(crisis) = app
        .set
        .rules
        .crisis
        .as_ref()
        .filter(|_| app.walk.in_crisis())
    else {
        return Vec::new();
    };
    let words = match (&crisis.outcome, &app.screen) {
        (Some(short), Screen::Outcome { .. })
            if app
                .view
                .plan
                .first()
                .is_some_and(|step| step.urgency == Urgency::Emergency) =>
        {
            short
        }
        _ => &crisis.text,
    };
    wrap::lines(
        &format!("{}: {}", crisis.title.to_uppercase(), words),
        width.saturating_sub(2).max(1),
    )
}

/// Where the user is: the phase, the concern and the step. `short` leaves
/// out the phase's number, for narrow screens.
pub fn progress(app: &App<'_>, short: bool) -> String {
    let phase = |p: Phase| {
        let at = [
            Phase::Situation,
            Phase::Safety,
            Phase::Code,
            Phase::Outcome,
            Phase::Options,
            Phase::Consult,
            Phase::Decide,
        ]
        .iter()
        .position(|x| *x == p)
        .unwrap_or(0);
        if short {
            p.name().to_string()
        } else {
            format!("{} ({} of 7)", p.name(), at + 1)
        }
    };
    let mut parts: Vec<String> = Vec::new();
    match &app.screen {
        Screen::Home { .. } => parts.push("Start".to_string()),
        Screen::Sessions { .. } => parts.push("Resume a saved dilemma".to_string()),
        Screen::Browser(_) => parts.push("The standards".to_string()),
        Screen::Vignette { .. } => parts.push("Training case".to_string()),
        Screen::Review { .. } => {
            parts.push(phase(Phase::Code));
            parts.push("review your answers".to_string());
        }
        Screen::Score { .. } => parts.push("Training score".to_string()),
        Screen::Supervise(_) => parts.push("Supervisor review".to_string()),
        Screen::Question(asking) => {
            let p = app.phase().unwrap_or(Phase::Code);
            parts.push(phase(p));
            let progress = app.walk.progress();
            let picker = app
                .set
                .rules
                .questions
                .get(&asking.question)
                .is_some_and(|q| q.choices.iter().any(|c| c.topic.is_some()));
            if p == Phase::Code
                && !picker
                && !asking.change
                && let Some(topic) = &progress.topic
            {
                parts.push(topic.clone());
                if progress.topic_count > 1 {
                    parts.push(format!(
                        "{} of {} concerns",
                        progress.topic_number, progress.topic_count
                    ));
                }
            }
            if asking.change {
                parts.push("changing an earlier answer".to_string());
            } else {
                parts.push(format!("question {}", progress.answered + 1));
            }
        }
        _ => parts.extend(app.phase().map(phase)),
    }
    parts.join(" \u{b7} ")
}

fn header(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    let save = match &app.save {
        SaveState::Off => "Not saving (--no-save)".to_string(),
        SaveState::NotYet => "Autosave on".to_string(),
        SaveState::Saved(at) => {
            let at = crate::local_time::local(*at);
            // On UTC the reader may not know it is UTC: say so.
            let zone = if at.offset().is_utc() { " UTC" } else { "" };
            format!("Saved {:02}:{:02}{zone}", at.hour(), at.minute())
        }
        SaveState::Failed(_) => "Save failed".to_string(),
    };
    let save_style = match &app.save {
        SaveState::Off | SaveState::Failed(_) => theme.warning,
        _ => theme.dim,
    };
    let width = usize::from(area.width);
    // Three spaces at least between the progress and the save state, so a
    // long progress line never reads as running into "Saved".
    let room = width.saturating_sub(wrap::width(&save) + 4);
    // The longest form that fits: with the name, then without, then short.
    let full = progress(app, false);
    let (name, left) = if wrap::width(&full) + 11 <= room {
        (" dilemma | ", full)
    } else if wrap::width(&full) < room {
        (" ", full)
    } else {
        (
            " ",
            wrap::truncate(&progress(app, true), room.saturating_sub(1)),
        )
    };
    let pad = width.saturating_sub(wrap::width(name) + wrap::width(&left) + wrap::width(&save) + 1);
    let line = Line::from(vec![
        Span::styled(name, theme.heading),
        Span::styled(left, theme.text),
        Span::raw(" ".repeat(pad)),
        Span::styled(save, save_style),
    ]);
    frame.render_widget(
        Paragraph::new(line).block(
            Block::new()
                .borders(Borders::BOTTOM)
                .border_style(theme.border),
        ),
        area,
    );
}

fn footer(app: &App<'_>, frame: &mut Frame<'_>, area: Rect) {
    let theme = &app.theme;
    // The keys that matter here, in fewer words when room is short; `? more`
    // at the end when some had to be left out.
    let line = keymap::footer_line(app.context(), usize::from(area.width));
    let mut spans = vec![Span::raw(" ")];
    for (keys, hint) in line.hints {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(
            format!(" {hint}{:gap$}", "", gap = line.gap),
            theme.text,
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The first line to show so that the rows `focus` covers are visible.
pub fn offset_for(total: usize, height: usize, focus: Option<(usize, usize)>) -> usize {
    let Some((start, end)) = focus else {
        return 0;
    };
    if end <= height || total <= height {
        0
    } else {
        (end - height).min(start)
    }
}

/// Draws a document scrolled to show `focus`.
pub fn draw_doc(frame: &mut Frame<'_>, area: Rect, doc: &Doc, focus: Option<(usize, usize)>) {
    let offset = offset_for(doc.len(), usize::from(area.height), focus);
    draw_doc_at(frame, area, doc, offset);
}

/// Draws a document from line `offset`, with a scrollbar when it overflows.
pub fn draw_doc_at(frame: &mut Frame<'_>, area: Rect, doc: &Doc, offset: usize) {
    draw_doc_with_bar(frame, area, doc, offset, area);
}

/// As `draw_doc_at`, with the scrollbar drawn down the right edge of `bar`
/// (a pane's border, say).
pub fn draw_doc_with_bar(frame: &mut Frame<'_>, area: Rect, doc: &Doc, offset: usize, bar: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let height = usize::from(area.height);
    let offset = offset.min(doc.len().saturating_sub(height));
    let shown: Vec<Line> = doc
        .lines
        .iter()
        .skip(offset)
        .take(height)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    if doc.len() > height {
        let mut state = ScrollbarState::new(doc.len().saturating_sub(height)).position(offset);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .track_symbol(Some("\u{2502}")),
            bar,
            &mut state,
        );
    }
}

/// The largest useful scroll offset for a document in `area`.
fn max_offset(lines: usize, area: Rect) -> usize {
    lines.saturating_sub(usize::from(area.height))
}

/// Keeps scroll offsets where there is something to see, using the same
/// layout as `view` at the model's terminal size.
pub fn clamp_scroll(app: &mut App<'_>) {
    let body = body_rect(app);
    let full = Rect::new(0, 0, app.size.0, app.size.1);
    let top = app.popups.last().map(|p| popups::max_scroll(app, p, full));
    if let (
        Some(max),
        Some(
            Popup::Help { scroll, .. }
            | Popup::Notice { scroll, .. }
            | Popup::Panel { scroll }
            | Popup::Why { scroll },
        ),
    ) = (top, app.popups.last_mut())
    {
        *scroll = (*scroll).min(max);
    }
    let max = match &app.screen {
        Screen::Vignette { .. } => {
            let [text, _] = vignette::areas(body);
            max_offset(
                vignette::doc(app, usize::from(text.width.saturating_sub(2))).len(),
                text,
            )
        }
        Screen::Score { .. } => max_offset(
            score::doc(app, usize::from(body.width.saturating_sub(2))).len(),
            body,
        ),
        Screen::Outcome { pane, .. } => {
            let (_, standards, tabs) = outcome::panes(body, *pane);
            standards.map_or(0, |area| {
                let wide = tabs.is_none();
                let inner = outcome::inner(area, wide);
                let width = if wide {
                    inner.width
                } else {
                    inner.width.saturating_sub(2)
                };
                max_offset(outcome::standards_doc(app, usize::from(width)).len(), inner)
            })
        }
        Screen::Browser(b) => browser::detail_area(body, b).map_or(0, |area| {
            max_offset(
                browser::detail_doc(app, b, usize::from(area.width.saturating_sub(2))).len(),
                area,
            )
        }),
        Screen::Supervise(_) => supervise::max_scroll(app, body),
        _ => 0,
    };
    match &mut app.screen {
        Screen::Vignette { scroll, .. } | Screen::Score { scroll } => *scroll = (*scroll).min(max),
        Screen::Outcome {
            scroll,
            pane: Pane::Standards | Pane::Steps,
            ..
        } => *scroll = (*scroll).min(max),
        Screen::Browser(b) => b.scroll = b.scroll.min(max),
        Screen::Supervise(s) => s.scroll = s.scroll.min(max),
        _ => {}
    }
}
