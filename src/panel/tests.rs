//! The panel driven as a user would, without a window: egui_kittest finds controls by their
//! labels (AccessKit), clicks and types, and looks at the pixels (snapshots through
//! egui-wgpu on whatever adapter there is: lavapipe here and on CI).

use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, SnapshotOptions};

use super::*;
use crate::settings::{Mode, Settings};
use crate::transitions::Catalogue;

/// A folder picker that never opens a dialog: it counts the times it was asked and answers
/// what the test gives it.
#[derive(Default)]
struct Dialog {
    opened: u32,
    answer: Option<Vec<PathBuf>>,
}

#[derive(Clone, Default)]
struct FakePicker(Rc<RefCell<Dialog>>);

impl FolderPicker for FakePicker {
    fn open(&mut self) {
        self.0.borrow_mut().opened += 1;
    }
    fn poll(&mut self) -> Option<Vec<PathBuf>> {
        self.0.borrow_mut().answer.take()
    }
    fn is_open(&self) -> bool {
        false
    }
}

/// The panel and what it is shown, owned for the harness.
struct Fixture {
    panel: SettingsPanel,
    /// Drawn as the show draws it, in its own window (else its contents alone).
    windowed: bool,
    specs: Vec<crate::transitions::TransitionSpec>,
    rejected: Vec<(String, String)>,
}

impl Fixture {
    fn new(picker: FakePicker) -> Self {
        Self {
            panel: SettingsPanel::new(Settings::defaults(Mode::Window), Box::new(picker)),
            windowed: false,
            specs: Catalogue::built_in().iter().cloned().collect(),
            rejected: vec![(
                "/photos/broken.jpg".into(),
                "not a photo: unexpected end of file".into(),
            )],
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui) {
        let transitions_rejected = ["mine.wgsl: line 3: expected `;`".to_owned()];
        let facts = PanelFacts {
            photos_found: 42,
            searching: false,
            photos_rejected: &self.rejected,
            transitions: &self.specs,
            transitions_rejected: &transitions_rejected,
            rung: Some(crate::rung::Rung::Software),
            rung_why: Some("forced by the settings"),
            pacing: Some(PacingFigures {
                fps: 60.0,
                p99_ms: 17.2,
                long_frames: 0,
            }),
            ..Default::default()
        };
        if self.windowed {
            self.panel.show(ui.ctx(), &facts);
        } else {
            self.panel.contents(ui, &facts);
        }
    }
}

fn harness(picker: FakePicker) -> Harness<'static, Fixture> {
    Harness::builder().with_size([640.0, 720.0]).build_ui_state(
        |ui, fixture: &mut Fixture| fixture.ui(ui),
        Fixture::new(picker),
    )
}

fn on_tab(tab: Tab) -> Harness<'static, Fixture> {
    let mut harness = harness(FakePicker::default());
    harness.state_mut().panel.set_tab(tab);
    harness.run();
    harness
}

/// Clicks the text field `label` and types `text` into it (the field still has the focus).
fn type_into(harness: &mut Harness<'_, Fixture>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Leaves the text field being typed in (Esc), as clicking elsewhere does.
fn leave_field(harness: &mut Harness<'_, Fixture>) {
    harness.key_press(egui::Key::Escape);
    harness.run();
}

fn draft<'h>(harness: &'h Harness<'_, Fixture>) -> &'h Settings {
    harness.state().panel.settings()
}

#[test]
fn every_tab_renders_with_its_own_controls() {
    let expected = [
        (Tab::Photos, "Include"),
        (Tab::Display, "Display time"),
        (Tab::Transitions, "Transition"),
        (Tab::Music, "Placement"),
        (Tab::Overlays, "Burn-in protection"),
        (Tab::Performance, "Decode workers"),
        (Tab::Status, "Workers"),
    ];
    for (tab, control) in expected {
        let harness = on_tab(tab);
        assert!(
            harness.query_all_by_label(control).next().is_some(),
            "{} shows {control}",
            tab.title()
        );
    }
}

#[test]
fn the_tab_bar_changes_the_page() {
    let mut harness = on_tab(Tab::Photos);
    harness.get_by_label("Performance").click();
    harness.run();
    assert_eq!(harness.state().panel.tab(), Tab::Performance);
    assert!(harness.query_all_by_label("Memory budget").next().is_some());
}

#[test]
fn switches_change_the_settings() {
    let switches = [
        (Tab::Photos, "Follow changes"),
        (Tab::Display, "Ken Burns"),
        (Tab::Display, "Same photo on all"),
        (Tab::Music, "Beat-synced slideshow"),
        (Tab::Overlays, "Clock"),
        (Tab::Overlays, "HUD"),
        (Tab::Overlays, "Burn-in protection"),
        (Tab::Overlays, "Now playing"),
    ];
    for (tab, label) in switches {
        let mut harness = on_tab(tab);
        let before = draft(&harness).clone();
        harness.get_by_label(label).click();
        harness.run();
        assert_ne!(*draft(&harness), before, "{label} changes the settings");
        let after = draft(&harness).clone();
        harness.get_by_label(label).click();
        harness.run();
        assert_eq!(
            *draft(&harness),
            before,
            "{label} twice is as before (was {after:?})"
        );
    }
}

#[test]
fn a_drop_down_changes_the_settings() {
    let mut harness = on_tab(Tab::Display);
    harness.get_by_label("Fit").click();
    harness.run();
    harness.get_by_label("fit no upscale").click();
    harness.run();
    assert_eq!(draft(&harness).fit, crate::cli::FitArg::FitNoUpscale);

    let mut harness = on_tab(Tab::Overlays);
    harness.get_by_label("Clock").click();
    harness.run();
    harness.get_by_label("Clock position").click();
    harness.run();
    harness.get_by_label("bottom left").click();
    harness.run();
    assert!(draft(&harness).clock);
    assert_eq!(
        draft(&harness).clock_anchor,
        crate::overlays::Anchor::BottomLeft
    );
}

#[test]
fn a_slider_moves_with_the_keys() {
    let mut harness = on_tab(Tab::Music);
    let before = draft(&harness).visualizer_bars;
    harness
        .get_by_role_and_label(egui::accesskit::Role::Slider, "Bars")
        .focus();
    harness.run();
    harness.key_press(egui::Key::ArrowRight);
    harness.run();
    assert_eq!(draft(&harness).visualizer_bars, before + 1);
}

#[test]
fn patterns_are_taken_when_valid_and_refused_with_a_message_when_not() {
    let mut harness = on_tab(Tab::Photos);
    type_into(&mut harness, "Include", "**/*.jpg");
    assert!(
        draft(&harness).include.is_empty(),
        "nothing is taken while typing"
    );
    leave_field(&mut harness);
    assert_eq!(draft(&harness).include, vec!["**/*.jpg".to_owned()]);
    assert!(
        harness
            .query_by_label_contains("is not a pattern")
            .is_none()
    );

    type_into(&mut harness, "Exclude", "a[");
    assert!(
        draft(&harness).exclude.is_empty(),
        "a refused pattern is not taken"
    );
    assert!(
        harness
            .query_by_label_contains("is not a pattern")
            .is_some()
    );
}

#[test]
fn monitors_that_are_not_numbers_are_refused() {
    let mut harness = on_tab(Tab::Display);
    type_into(&mut harness, "Monitors", "0, 1");
    assert_eq!(draft(&harness).monitors, vec![0, 1]);
    type_into(&mut harness, "Monitors", ", left");
    assert_eq!(
        draft(&harness).monitors,
        vec![0, 1],
        "the last good list stays"
    );
    assert!(
        harness
            .query_by_label_contains("is not a monitor number")
            .is_some()
    );
}

#[test]
fn folders_come_from_the_picker_without_a_dialog() {
    let picker = FakePicker::default();
    // The panel in its own window, as the show draws it (its `show` takes the answer).
    let mut fixture = Fixture::new(picker.clone());
    fixture.windowed = true;
    let mut harness = Harness::builder()
        .with_size([800.0, 700.0])
        .build_ui_state(|ui, fixture: &mut Fixture| fixture.ui(ui), fixture);
    harness.run();
    harness.get_by_label("Add folders…").click();
    harness.run();
    assert_eq!(picker.0.borrow().opened, 1);
    picker.0.borrow_mut().answer = Some(vec![PathBuf::from("/home/me/Pictures")]);
    harness.run();
    assert_eq!(
        draft(&harness).photos,
        vec![PathBuf::from("/home/me/Pictures")]
    );
    assert!(harness.query_by_label("/home/me/Pictures").is_some());
}

#[test]
fn the_pool_switches_transitions_off_but_never_the_last() {
    let mut harness = on_tab(Tab::Transitions);
    let names: Vec<String> = harness
        .state()
        .specs
        .iter()
        .map(|s| s.name.clone())
        .collect();
    harness
        .get_by_label(&format!("{} can be picked", names[0]))
        .click();
    harness.run();
    assert_eq!(draft(&harness).transitions, names[1..].to_vec());
    for name in &names[1..] {
        harness
            .get_by_label(&format!("{name} can be picked"))
            .click();
        harness.run();
    }
    assert_eq!(
        draft(&harness).transitions,
        vec![names.last().unwrap().clone()],
        "the last one stays"
    );
    assert!(
        harness
            .query_by_label("At least one transition stays in the pool")
            .is_some()
    );
}

#[test]
fn a_transition_is_tuned_and_previewed() {
    let mut harness = on_tab(Tab::Transitions);
    harness.get_by_label("wipe").click();
    harness.run();
    harness.get_by_label("Easing").click();
    harness.run();
    harness.get_by_label("linear").click();
    harness.run();
    let tweak = &draft(&harness).transition_tweaks["wipe"];
    assert_eq!(tweak.easing.as_deref(), Some("linear"));
    harness.get_by_label("Preview").click();
    harness.run();
    assert_eq!(
        harness.state_mut().panel.take_requests(),
        vec![PanelRequest::Preview("wipe".into())]
    );
}

#[test]
fn the_status_tab_says_why() {
    let harness = on_tab(Tab::Status);
    assert!(harness.query_by_label("On the software rung").is_some());
    assert!(harness.query_by_label("forced by the settings").is_some());
    assert!(
        harness
            .query_by_label_contains("broken.jpg: not a photo")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("60.0 frames a second, 99% within 17.2 ms")
            .is_some()
    );
}

/// Each tab as pixels, against the image kept in `tests/snapshots/panel/` (made again with
/// `UPDATE_SNAPSHOTS=1`). Text is antialiased by the rasterizer: a few pixels may differ by a
/// little between drivers, no more.
#[test]
fn every_tab_looks_as_it_did() {
    let options = SnapshotOptions::new()
        .threshold(1.0)
        .max_failed_pixels(20)
        .output_path("tests/snapshots/panel");
    let mut results = egui_kittest::SnapshotResults::new();
    for tab in Tab::ALL {
        let mut harness = on_tab(tab);
        results.add(harness.try_snapshot_options(tab.title().to_lowercase(), &options));
    }
}

/// The panel as the software rung draws it (egui's shapes painted by our CPU painter over a
/// photo): its window in the middle, the photo untouched around it, against the image kept in
/// `tests/snapshots/panel/software_rung.png`.
#[test]
fn the_panel_renders_on_the_software_rung() {
    let size = (1024u32, 768u32);
    let photo = 0x00_30_60_90u32;
    let mut target = vec![photo; (size.0 * size.1) as usize];
    let mut overlay = crate::render::software::SoftwareOverlay::default();
    let mut panel = SettingsPanel::new(
        Settings::defaults(Mode::Window),
        Box::new(FakePicker::default()),
    );
    // egui sizes a new window and fades it in over its first frames, as the show's loop lets
    // it (the window's input says how time goes on).
    for frame in 0..3 {
        target.fill(photo);
        let mut platform = egui::PlatformOutput::default();
        let mut build = |ctx: &egui::Context| {
            panel.show(ctx, &PanelFacts::default());
        };
        overlay.paint(
            &mut target,
            size,
            1.0,
            crate::render::OverlayItems {
                ui: Some(crate::render::UiPass {
                    input: egui::RawInput {
                        time: Some(f64::from(frame) * 0.5),
                        ..Default::default()
                    },
                    build: &mut build,
                    platform: &mut platform,
                }),
                ..Default::default()
            },
        );
    }
    let pixel = |x: u32, y: u32| target[(y * size.0 + x) as usize];
    let image = image::RgbaImage::from_fn(size.0, size.1, |x, y| {
        let p = pixel(x, y);
        image::Rgba([(p >> 16) as u8, (p >> 8) as u8, p as u8, 255])
    });
    egui_kittest::image_snapshot_options(
        &image,
        "software_rung",
        &SnapshotOptions::new()
            .threshold(1.0)
            .max_failed_pixels(20)
            .output_path("tests/snapshots/panel"),
    );
    assert_eq!(
        pixel(5, 5),
        photo,
        "the photo around the panel is untouched"
    );
    let fill = pixel(size.0 / 2, size.1 * 3 / 4);
    let [r, g, b] = [fill >> 16, (fill >> 8) & 0xff, fill & 0xff];
    assert!(
        r == g && g == b && r < 40,
        "the panel's dark fill in the middle: {fill:06x}"
    );
}

/// Looking is not changing: every tab drawn over settings a file could hold — values beyond
/// what a slider offers, a pool naming a transition of the user's not read yet, an empty
/// entry for a transition — leaves every one of them as it was.
#[test]
fn looking_at_every_tab_changes_nothing() {
    let mut settings = Settings::defaults(Mode::Window);
    settings.visualizer_low_hz = 5_000.0;
    settings.visualizer_high_hz = 20_000.0;
    settings.memory_budget_mib = 20_000;
    settings.transitions = vec!["wipe".into(), "mine".into()];
    settings
        .transition_tweaks
        .insert("wipe".into(), crate::settings::TransitionTweak::default());
    settings.clock = true;
    settings.captions = crate::overlays::CaptionChoice::Date;
    settings.audio_source = crate::cli::AudioSourceKind::File;
    let mut fixture = Fixture::new(FakePicker::default());
    fixture.panel.set_settings(settings.clone());
    let mut harness = Harness::builder()
        .with_size([640.0, 720.0])
        .build_ui_state(|ui, fixture: &mut Fixture| fixture.ui(ui), fixture);
    for tab in Tab::ALL {
        harness.state_mut().panel.set_tab(tab);
        harness.run();
        assert_eq!(*draft(&harness), settings, "{}", tab.title());
    }
    // The pool's transition, picked to be tuned, is looked at too.
    harness.state_mut().panel.set_tab(Tab::Transitions);
    harness.run();
    harness.get_by_label("wipe").click();
    harness.run();
    assert_eq!(*draft(&harness), settings);
}
