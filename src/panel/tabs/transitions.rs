//! The Transitions tab: which transition runs (one, or a pool picked at random with a switch
//! per transition), how long, and each one's easing and parameters, with a preview on the
//! show's own photos.

use crate::panel::controls::{grid, line_of_text, number, row, slider};
use crate::panel::{PanelFacts, PanelRequest};
use crate::settings::{Settings, TransitionTweak};
use crate::transitions::{Easing, ParamKind, ParamSpec, TransitionSpec};

const RANDOM: &str = "random";

pub fn transitions(
    ui: &mut egui::Ui,
    draft: &mut Settings,
    folder: &mut String,
    selected: &mut String,
    requests: &mut Vec<PanelRequest>,
    refused: &mut std::collections::BTreeMap<&'static str, String>,
    facts: &PanelFacts<'_>,
) {
    let names: Vec<&str> = facts.transitions.iter().map(|s| s.name.as_str()).collect();
    grid(ui, "transitions", |ui| {
        row(
            ui,
            "Transition",
            "One transition every time, or a random pick from the pool below",
            |ui| {
                egui::ComboBox::from_id_salt("transition")
                    .selected_text(draft.transition.as_str())
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut draft.transition, RANDOM.to_owned(), RANDOM);
                        for name in &names {
                            ui.selectable_value(&mut draft.transition, (*name).to_owned(), *name);
                        }
                    })
                    .response
            },
        );
        let mut own = draft.transition_secs == 0.0;
        row(
            ui,
            "Each its own length",
            "Every transition takes the time it was made for (else the time below)",
            |ui| {
                let response = ui.checkbox(&mut own, "");
                if response.changed() {
                    draft.transition_secs = if own { 0.0 } else { 1.5 };
                }
                response
            },
        );
        if !own {
            row(
                ui,
                "Length",
                "How long every transition takes, 0.1 to 60 s",
                |ui| {
                    ui.add(
                        number(&mut draft.transition_secs, 0.1..=60.0)
                            .speed(0.05)
                            .max_decimals(2)
                            .suffix(" s"),
                    )
                },
            );
        }
    });
    ui.add_space(8.0);
    if draft.transition == RANDOM {
        ui.heading("The pool");
        pool(ui, draft, &names, selected, refused);
    } else {
        selected.clone_from(&draft.transition);
    }
    if selected.is_empty() {
        ui.weak("Click a transition's name for its easing, its parameters and a preview.");
    }
    if let Some(spec) = facts.transitions.iter().find(|s| s.name == *selected) {
        ui.add_space(8.0);
        ui.heading(format!(
            "{} ({:.1} s)",
            spec.name,
            spec.duration.as_secs_f64()
        ));
        let before = draft
            .transition_tweaks
            .get(&spec.name)
            .cloned()
            .unwrap_or_default();
        let mut tweak = before.clone();
        tweaks(ui, &mut tweak, spec);
        // Only what the user changed: an entry as the file wrote it stays as it is.
        if tweak != before {
            if tweak == TransitionTweak::default() {
                draft.transition_tweaks.remove(&spec.name);
            } else {
                draft.transition_tweaks.insert(spec.name.clone(), tweak);
            }
        }
        if ui
            .button("Preview")
            .on_hover_text("Run it now, from the photo on screen to the next")
            .clicked()
        {
            requests.push(PanelRequest::Preview(spec.name.clone()));
        }
    }
    ui.add_space(8.0);
    grid(ui, "transitions-folder", |ui| {
        row(
            ui,
            "Your transitions",
            "The folder of your own transitions (WGSL or gl-transitions GLSL files); empty: \
             the platform's own folder",
            |ui| {
                line_of_text(ui, folder, "the platform's folder", |text| {
                    draft.transitions_dir = text.into();
                })
            },
        );
    });
    if !facts.transitions_rejected.is_empty() {
        ui.add_space(8.0);
        ui.heading("Your transitions left out");
        for why in facts.transitions_rejected {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
    }
}

/// A switch per transition; the last one cannot be switched off (an empty pool would be every
/// transition, the opposite of what was meant).
fn pool(
    ui: &mut egui::Ui,
    draft: &mut Settings,
    names: &[&str],
    selected: &mut String,
    refused: &mut std::collections::BTreeMap<&'static str, String>,
) {
    let all = draft.transitions.is_empty();
    let mut chosen: Vec<String> = if all {
        names.iter().map(|n| (*n).to_owned()).collect()
    } else {
        draft.transitions.clone()
    };
    let mut switched = false;
    egui::Grid::new("pool").num_columns(3).show(ui, |ui| {
        for (index, name) in names.iter().enumerate() {
            let mut on = chosen.iter().any(|c| c == name);
            ui.horizontal(|ui| {
                let response = ui
                    .checkbox(&mut on, "")
                    .on_hover_text(format!("{name} can be picked"));
                if response.changed() {
                    switched = true;
                    if on {
                        chosen.push((*name).to_owned());
                        refused.remove("pool");
                    } else if chosen.len() > 1 {
                        chosen.retain(|c| c != name);
                        refused.remove("pool");
                    } else {
                        refused.insert("pool", "At least one transition stays in the pool".into());
                    }
                }
                if ui
                    .selectable_label(selected == name, *name)
                    .on_hover_text("Its easing and parameters, and a preview")
                    .clicked()
                {
                    *selected = (*name).to_owned();
                }
            });
            if index % 3 == 2 {
                ui.end_row();
            }
        }
    });
    if let Some(why) = refused.get("pool") {
        ui.colored_label(ui.visuals().error_fg_color, why);
    }
    // Only a switch changes the pool: names not listed (the user's own, while their files
    // are read) stay in it as the file has them.
    if !switched {
        return;
    }
    let everyone = names.iter().all(|n| chosen.iter().any(|c| c == n));
    let unlisted: Vec<String> = chosen
        .iter()
        .filter(|c| !names.contains(&c.as_str()))
        .cloned()
        .collect();
    draft.transitions = if everyone && unlisted.is_empty() {
        Vec::new()
    } else {
        names
            .iter()
            .filter(|n| chosen.iter().any(|c| c == *n))
            .map(|n| (*n).to_owned())
            .chain(unlisted)
            .collect()
    };
}

/// The easing and each parameter of `spec`, over its defaults.
fn tweaks(ui: &mut egui::Ui, tweak: &mut TransitionTweak, spec: &TransitionSpec) {
    grid(ui, "tweaks", |ui| {
        row(
            ui,
            "Easing",
            "How the transition speeds up and slows down",
            |ui| {
                let own = format!("its own ({})", spec.easing.name());
                egui::ComboBox::from_id_salt("easing")
                    .selected_text(tweak.easing.clone().unwrap_or_else(|| own.clone()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut tweak.easing, None, own);
                        for easing in Easing::ALL {
                            ui.selectable_value(
                                &mut tweak.easing,
                                Some(easing.name().to_owned()),
                                easing.name(),
                            );
                        }
                    })
                    .response
            },
        );
        for param in &spec.params {
            parameter(ui, tweak, param);
        }
    });
}

fn parameter(ui: &mut egui::Ui, tweak: &mut TransitionTweak, param: &ParamSpec) {
    let tip = if param.doc.is_empty() {
        param.name.clone()
    } else {
        param.doc.clone()
    };
    let text = tweak.params.get(&param.name).cloned();
    let mut set = |value: Option<String>| match value {
        Some(value) => {
            tweak.params.insert(param.name.clone(), value);
        }
        None => {
            tweak.params.remove(&param.name);
        }
    };
    match param.kind {
        ParamKind::F32 { default, min, max } => {
            let mut value = text.and_then(|t| t.parse().ok()).unwrap_or(default);
            row(ui, &param.name, &tip, |ui| {
                let response = ui.add(slider(&mut value, min..=max));
                if response.changed() {
                    set(Some(format!("{value}")));
                }
                response
            });
        }
        ParamKind::I32 { default, min, max } => {
            let mut value = text.and_then(|t| t.parse().ok()).unwrap_or(default);
            row(ui, &param.name, &tip, |ui| {
                let response = ui.add(slider(&mut value, min..=max));
                if response.changed() {
                    set(Some(value.to_string()));
                }
                response
            });
        }
        ParamKind::Bool { default } => {
            let mut value = text.and_then(|t| t.parse().ok()).unwrap_or(default);
            row(ui, &param.name, &tip, |ui| {
                let response = ui.checkbox(&mut value, "");
                if response.changed() {
                    set(Some(value.to_string()));
                }
                response
            });
        }
        ParamKind::Color { default } => {
            let mut value = text
                .and_then(|t| crate::transitions::param_color(&t))
                .unwrap_or(default);
            row(ui, &param.name, &tip, |ui| {
                let response = ui.color_edit_button_rgb(&mut value);
                if response.changed() {
                    let [r, g, b] = value;
                    set(Some(format!("{r},{g},{b}")));
                }
                response
            });
        }
        // Vectors are rare and have no natural control: the settings file sets them.
        ParamKind::Vector { .. } => {
            row(ui, &param.name, &tip, |ui| {
                ui.label(text.unwrap_or_else(|| "(its default; set in the settings file)".into()))
            });
        }
    }
}
