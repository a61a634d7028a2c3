//! The Photos tab (where photos come from) and the Display tab (how each is shown).

use crate::cli::{FitArg, OrderArg};
use crate::panel::FolderPicker;
use crate::panel::PanelFacts;
use crate::panel::controls::{
    TextLists, choice, grid, number, parse_monitors, patterns, refusal, row, seconds, slider,
};
use crate::settings::Settings;

pub fn photos(
    ui: &mut egui::Ui,
    draft: &mut Settings,
    lists: &mut TextLists,
    picker: &mut dyn FolderPicker,
    facts: &PanelFacts<'_>,
) {
    ui.heading("Folders");
    if draft.photos.is_empty() {
        ui.label("None chosen: the photos that come with framewave are shown.");
    }
    let mut remove = None;
    for (index, folder) in draft.photos.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui
                .small_button("Remove")
                .on_hover_text("Stop showing the photos of this folder")
                .clicked()
            {
                remove = Some(index);
            }
            ui.label(folder.display().to_string());
        });
    }
    if let Some(index) = remove {
        draft.photos.remove(index);
    }
    let adding = picker.is_open();
    if ui
        .add_enabled(!adding, egui::Button::new("Add folders…"))
        .on_hover_text("Choose folders of photos; the search starts at once, the show goes on")
        .clicked()
    {
        picker.open();
    }
    if adding {
        ui.label("Choosing folders…");
    }
    ui.add_space(8.0);
    let found = if facts.searching {
        format!("{} photos found so far, searching…", facts.photos_found)
    } else {
        format!("{} photos found", facts.photos_found)
    };
    // No spinner: it would redraw the whole screen every frame while a large folder is read.
    ui.label(found);
    ui.add_space(8.0);
    grid(ui, "photos", |ui| {
        row(
            ui,
            "Include",
            "Only files matching these patterns, one a line, relative to their folder \
             (empty: every photo)",
            |ui| {
                patterns(
                    ui,
                    "include",
                    &mut lists.include,
                    &mut lists.refused,
                    &mut draft.include,
                )
            },
        );
        refusal(ui, &lists.refused, "include");
        row(
            ui,
            "Exclude",
            "Never files matching these patterns, one a line (e.g. **/private/**)",
            |ui| {
                patterns(
                    ui,
                    "exclude",
                    &mut lists.exclude,
                    &mut lists.refused,
                    &mut draft.exclude,
                )
            },
        );
        refusal(ui, &lists.refused, "exclude");
        row(ui, "Order", "The order photos are shown in", |ui| {
            choice::<OrderArg>(ui, "order", &mut draft.order)
        });
        row(
            ui,
            "Follow changes",
            "Photos added to or removed from the folders while the show runs are followed",
            |ui| ui.checkbox(&mut draft.watch, ""),
        );
    });
}

pub fn display(
    ui: &mut egui::Ui,
    draft: &mut Settings,
    lists: &mut TextLists,
    _facts: &PanelFacts<'_>,
) {
    grid(ui, "display", |ui| {
        row(ui, "Fit", "How a photo fits the screen", |ui| {
            choice::<FitArg>(ui, "fit", &mut draft.fit)
        });
        row(
            ui,
            "Display time",
            "How long each photo stays before the next transition, 0.5 s to a day",
            |ui| ui.add(seconds(&mut draft.display_secs, 0.5..=86_400.0)),
        );
        row(
            ui,
            "Ken Burns",
            "A slow zoom and pan over each photo while it is shown",
            |ui| ui.checkbox(&mut draft.ken_burns, ""),
        );
        if draft.ken_burns {
            row(
                ui,
                "Ken Burns strength",
                "How far it zooms and pans: a hint of motion to the whole way",
                |ui| {
                    ui.add(
                        slider(&mut draft.ken_burns_strength, 0.1..=1.0)
                            .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
                    )
                },
            );
        }
        row(
            ui,
            "Monitors",
            "The monitors a fullscreen show covers, by number from 0, separated by commas \
             (empty: all of them); applies when the show next starts",
            |ui| {
                let response = ui.add(
                    egui::TextEdit::singleline(&mut lists.monitors)
                        .desired_width(200.0)
                        .hint_text("all"),
                );
                if response.changed() {
                    match parse_monitors(&lists.monitors) {
                        Ok(list) => {
                            lists.refused.remove("monitors");
                            draft.monitors = list;
                        }
                        Err(why) => {
                            lists.refused.insert("monitors", why);
                        }
                    }
                }
                response
            },
        );
        refusal(ui, &lists.refused, "monitors");
        row(
            ui,
            "Same photo on all",
            "Every monitor shows the same photo (else each its own sequence); applies when \
             the show next starts",
            |ui| ui.checkbox(&mut draft.same_photo_on_all_monitors, ""),
        );
        row(
            ui,
            "Fullscreen",
            "Fill the monitor, borderless (F11 toggles it while the show runs)",
            |ui| ui.checkbox(&mut draft.fullscreen, ""),
        );
        row(
            ui,
            "Window size",
            "The window's width and height in points, when not fullscreen; applies when the \
             show next starts",
            |ui| {
                ui.horizontal(|ui| {
                    let [width, height] = &mut draft.window_size;
                    // Each number named on its own, for screen readers.
                    let side = |ui: &mut egui::Ui, value: &mut u32, name: &str| {
                        let response = ui.add(number(value, 64..=16_384));
                        let label = ui.label(name);
                        response.labelled_by(label.id)
                    };
                    side(ui, width, "wide") | side(ui, height, "high")
                })
                .inner
            },
        );
        row(
            ui,
            "Input ends the show",
            "A key, a click or a mouse movement ends the show (else only Esc and Q do); \
             applies when the show next starts",
            |ui| ui.checkbox(&mut draft.exit_on_input, ""),
        );
        row(
            ui,
            "Mouse movement",
            "How far the mouse must move, in pixels, to end the show",
            |ui| ui.add(number(&mut draft.exit_mouse_threshold_px, 0.0..=10_000.0).suffix(" px")),
        );
        row(
            ui,
            "Grace at the start",
            "Seconds after the start during which the mouse may move without ending the show",
            |ui| ui.add(seconds(&mut draft.exit_grace_secs, 0.0..=60.0)),
        );
    });
}
