//! Drawing the review screen: a pure function of the model. No colour is
//! needed to read it: the selection is marked with a symbol and reverse
//! video, so it works the same under `NO_COLOR` and on monochrome terminals.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::app::{App, Form, Mode, Purpose};
use super::keys::{self, Action, Binding};

/// Below this the layout cannot show a list and its text side by side.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 14;

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(4),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(app, frame, header);
    let [list, detail] =
        Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(body);
    draw_list(app, frame, list);
    draw_detail(app, frame, detail);
    if let Some(s) = &app.status {
        let style = if s.error {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        frame.render_widget(Paragraph::new(Line::styled(s.text.as_str(), style)), status);
    }
    frame.render_widget(
        Paragraph::new(keys::footer(app.keymap())).style(Style::new().add_modifier(Modifier::DIM)),
        footer,
    );
    match &app.mode {
        Mode::Browse => {}
        Mode::Help => draw_help(frame, area),
        Mode::Form(form) => draw_form(frame, area, form),
        Mode::Confirm { findings, .. } => {
            let mut lines = vec![
                Line::from("This may identify someone. Records should hold roles and facts,"),
                Line::from("not names or numbers:"),
                Line::from(""),
            ];
            for f in findings {
                lines.push(Line::from(format!(
                    "  \"{}\": {}",
                    f.text,
                    f.kind.describe()
                )));
            }
            lines.push(Line::from(""));
            lines.push(Line::from(keys::footer(keys::CONFIRM)));
            popup(frame, area, "Check before saving", lines, 70);
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "This window is too small for the review ({}x{}). Make it at least {MIN_WIDTH}x{MIN_HEIGHT}, or press q and run `dilemma review FILE --plain`.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let review = &app.review;
    let second = if review.read_only {
        "Read only: --no-save is set.".to_string()
    } else if let Some(first) = review.changes.first() {
        format!("{first} See the first item for details.")
    } else {
        "Add comments and a sign-off; the practitioner's own text is not changed.".to_string()
    };
    let lines = vec![
        Line::styled(
            format!("Review: {}", review.heading),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(second),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_list(app: &App, frame: &mut Frame, area: Rect) {
    let items: Vec<ListItem<'_>> = app
        .review
        .items
        .iter()
        .map(|item| {
            let count = app.review.comments_on(&item.on).len();
            let mut spans = vec![Span::raw(item.label.clone())];
            if count > 0 {
                spans.push(Span::styled(
                    format!(" [{count}]"),
                    Style::new().add_modifier(Modifier::BOLD),
                ));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let signed = match &app.review.record.signoff {
        Some(s) => format!(" signed off {} ", crate::record::ymd_text(s.date)),
        None => " not signed off ".to_string(),
    };
    let list = List::new(items)
        .block(
            Block::bordered()
                .title(Line::from(" Items "))
                .title_bottom(Line::from(signed)),
        )
        .highlight_symbol("> ")
        .highlight_style(Style::new().add_modifier(Modifier::REVERSED));
    let mut state = ListState::default().with_selected(Some(app.selected));
    frame.render_stateful_widget(list, area, &mut state);
}

fn draw_detail(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines: Vec<Line<'_>> = app
        .review
        .item_text(app.selected)
        .into_iter()
        .map(Line::from)
        .collect();
    if app.selected == 0 && !app.review.changes.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled(
            "Changes to the rules:",
            Style::new().add_modifier(Modifier::BOLD),
        ));
        lines.extend(
            app.review
                .changes
                .iter()
                .map(|l| Line::from(format!("- {l}"))),
        );
    }
    let title = format!(" Item {} of {} ", app.selected + 1, app.review.items.len());
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(Line::from(title)))
            .wrap(Wrap { trim: false })
            .scroll((app.scroll, 0)),
        area,
    );
}

fn draw_help(frame: &mut Frame, area: Rect) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    // Moving keys and the other tables in full but compact, so help fits
    // a 24-row terminal.
    let compact = |bindings: &mut dyn Iterator<Item = &Binding>| {
        bindings
            .map(|b| format!("{} {}", b.shown, b.does))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let moves = |b: &&Binding| {
        matches!(
            b.action,
            Action::Up
                | Action::Down
                | Action::Top
                | Action::Bottom
                | Action::ScrollUp
                | Action::ScrollDown
        )
    };
    let mut lines = vec![Line::styled("Reading", bold)];
    lines.push(Line::from(compact(&mut keys::BROWSE.iter().filter(moves))));
    for b in keys::BROWSE.iter().filter(|b| !moves(b)) {
        lines.push(Line::from(format!("  {:<12} {}", b.shown, b.does)));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled("Writing a comment or sign-off", bold));
    lines.push(Line::from(compact(&mut keys::FORM.iter())));
    lines.push(Line::from(""));
    lines.push(Line::styled("When a name or number is found", bold));
    lines.push(Line::from(compact(&mut keys::CONFIRM.iter())));
    lines.push(Line::from(""));
    lines.push(Line::from(format!(
        "Anywhere: {}. Esc closes this help.",
        compact(&mut keys::ANYWHERE.iter())
    )));
    popup(frame, area, "Keys", lines, 80);
}

fn draw_form(frame: &mut Frame, area: Rect, form: &Form) {
    let title = match &form.purpose {
        Purpose::Comment { title, .. } => format!("Comment on: {title}"),
        Purpose::SignOff => "Sign the record off".to_string(),
        Purpose::Edit { title, .. } => format!("Change your comment on: {title}"),
    };
    let width = popup_width(area, FORM_WIDTH_PCT);
    // Room for the text inside the border, after a two-space indent.
    let room = usize::from(width.saturating_sub(5)).max(1);
    let mut lines = Vec::new();
    let mut cursor = (0, 0);
    for (i, field) in form.fields.iter().enumerate() {
        let marker = if i == form.focus { "> " } else { "  " };
        let style = if i == form.focus {
            Style::new().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        lines.push(Line::styled(format!("{marker}{}:", field.label), style));
        // A long value scrolls sideways so the cursor stays in view.
        let skip = (field.cursor + 1).saturating_sub(room);
        let shown: String = field.value.chars().skip(skip).take(room).collect();
        if i == form.focus {
            cursor = (field.cursor - skip, lines.len());
        }
        lines.push(Line::from(format!("  {shown}")));
    }
    lines.push(Line::from(""));
    if let Some(error) = &form.error {
        lines.push(Line::styled(
            error.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    lines.push(Line::from(keys::footer(keys::FORM)));
    let inner = popup(frame, area, &title, lines, FORM_WIDTH_PCT);
    let x = inner
        .x
        .saturating_add(2 + u16::try_from(cursor.0).unwrap_or(u16::MAX));
    let y = inner
        .y
        .saturating_add(u16::try_from(cursor.1).unwrap_or(u16::MAX));
    if x < inner.right() && y < inner.bottom() {
        frame.set_cursor_position(Position::new(x, y));
    }
}

const FORM_WIDTH_PCT: u16 = 80;

fn popup_width(area: Rect, width_pct: u16) -> u16 {
    (area.width * width_pct / 100).max(20).min(area.width)
}

/// A bordered popup centred in `area`, sized to its text; returns its inside.
fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'_>>, width_pct: u16) -> Rect {
    let width = popup_width(area, width_pct);
    // Long lines wrap: count the rows they take, plus the border and one
    // spare because words wrap earlier than characters.
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(rows + 3).unwrap_or(u16::MAX).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let block = Block::bordered().title(Line::from(format!(" {title} ")));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
    inner
}
