//! The panel's building blocks: a labelled row with its tooltip, a choice among an enum's
//! values (named and explained as the command line names them), and lists edited as text,
//! refused line by line.

use clap::ValueEnum;

use crate::settings::Settings;

/// A grid of labelled controls.
pub fn grid(ui: &mut egui::Ui, id: &str, rows: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([24.0, 8.0])
        .min_col_width(170.0)
        .show(ui, rows);
}

/// One row: `label` and the control `add` makes, both explained by `tip` on hover.
pub fn row(
    ui: &mut egui::Ui,
    label: &str,
    tip: &str,
    add: impl FnOnce(&mut egui::Ui) -> egui::Response,
) {
    let label = ui.label(label).on_hover_text(tip);
    // Named by its label, for screen readers (and the tests, which find controls so).
    add(ui).labelled_by(label.id).on_hover_text(tip);
    ui.end_row();
}

/// A drop-down of every value of `T`, each named as the settings file names it and explained
/// by its own doc line.
pub fn choice<T: ValueEnum + PartialEq + Clone>(
    ui: &mut egui::Ui,
    id: &str,
    value: &mut T,
) -> egui::Response {
    let name = |value: &T| {
        value
            .to_possible_value()
            .map(|v| v.get_name().replace('-', " "))
            .unwrap_or_default()
    };
    egui::ComboBox::from_id_salt(id)
        .selected_text(name(value))
        .width(200.0)
        .show_ui(ui, |ui| {
            for option in T::value_variants() {
                let help = option
                    .to_possible_value()
                    .and_then(|v| v.get_help().map(ToString::to_string))
                    .unwrap_or_default();
                let item = ui.selectable_value(value, option.clone(), name(option));
                if !help.is_empty() {
                    item.on_hover_text(help);
                }
            }
        })
        .response
}

/// A slider over `range` that leaves a value from the file outside it as it is (only what the
/// user moves is kept in range): looking at a tab never changes a setting.
pub fn slider<Num: egui::emath::Numeric>(
    value: &mut Num,
    range: std::ops::RangeInclusive<Num>,
) -> egui::Slider<'_> {
    egui::Slider::new(value, range).clamping(egui::SliderClamping::Edits)
}

/// A number dragged or typed within `range`, leaving a value from the file as it is.
pub fn number<Num: egui::emath::Numeric>(
    value: &mut Num,
    range: std::ops::RangeInclusive<Num>,
) -> egui::DragValue<'_> {
    egui::DragValue::new(value)
        .range(range)
        .clamp_existing_to_range(false)
}

/// Seconds, dragged or typed, within `range`.
pub fn seconds(value: &mut f64, range: std::ops::RangeInclusive<f64>) -> egui::DragValue<'_> {
    number(value, range).speed(0.1).max_decimals(1).suffix(" s")
}

/// What the panel edits as text (lists one item a line, names, paths), and why a text was
/// refused. A text is taken when the field is left (Enter or a click elsewhere), not at each
/// key: half a pattern or half a device name is never applied.
#[derive(Debug, Default)]
pub struct TextLists {
    pub include: String,
    pub exclude: String,
    pub monitors: String,
    pub audio_device: String,
    pub audio_file: String,
    pub transitions_dir: String,
    /// By list: the message shown under it while its text is refused.
    pub refused: std::collections::BTreeMap<&'static str, String>,
}

impl From<&Settings> for TextLists {
    fn from(settings: &Settings) -> Self {
        Self {
            include: settings.include.join("\n"),
            exclude: settings.exclude.join("\n"),
            monitors: settings
                .monitors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            audio_device: settings.audio_device.clone(),
            audio_file: settings.audio_file.display().to_string(),
            transitions_dir: settings.transitions_dir.display().to_string(),
            refused: Default::default(),
        }
    }
}

/// A line of text, taken into `target` when the field is left.
pub fn line_of_text(
    ui: &mut egui::Ui,
    text: &mut String,
    hint: &str,
    mut take: impl FnMut(&str),
) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(280.0)
            .hint_text(hint),
    );
    if response.lost_focus() {
        take(text.trim());
    }
    response
}

/// Glob patterns, one a line: checked as they are typed (a message under the field while one
/// is not a pattern), taken when the field is left and every line is a valid pattern.
pub fn patterns(
    ui: &mut egui::Ui,
    key: &'static str,
    text: &mut String,
    refused: &mut std::collections::BTreeMap<&'static str, String>,
    target: &mut Vec<String>,
) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(2)
            .desired_width(280.0)
            .hint_text("e.g. **/*.jpg"),
    );
    if response.changed() || response.lost_focus() {
        match parse_patterns(text) {
            Ok(list) => {
                refused.remove(key);
                if response.lost_focus() {
                    *target = list;
                }
            }
            Err(why) => {
                refused.insert(key, why);
            }
        }
    }
    response
}

/// Each non-empty line, checked as a glob.
pub fn parse_patterns(text: &str) -> Result<Vec<String>, String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            globset::Glob::new(line)
                .map(|_| line.to_owned())
                .map_err(|e| format!("\"{line}\" is not a pattern: {}", e.kind()))
        })
        .collect()
}

/// Monitor numbers, separated by commas or spaces (empty: all of them).
pub fn parse_monitors(text: &str) -> Result<Vec<usize>, String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<usize>()
                .map_err(|_| format!("\"{item}\" is not a monitor number (0, 1, 2, ...)"))
        })
        .collect()
}

/// The message under a refused control, in the theme's error colour.
pub fn refusal(
    ui: &mut egui::Ui,
    refused: &std::collections::BTreeMap<&'static str, String>,
    key: &str,
) {
    if let Some(why) = refused.get(key) {
        ui.label("");
        ui.colored_label(ui.visuals().error_fg_color, why);
        ui.end_row();
    }
}
