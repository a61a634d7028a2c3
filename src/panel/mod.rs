//! The settings panel: every key of the settings file as a control, in seven tabs, drawn with
//! egui over the running show (on every rung) or on its own (`framewave settings`).
//!
//! The panel is pure UI over a [`Settings`] draft: it never touches a file, a worker or the
//! GPU. Each frame it says whether a control changed the draft; the show applies the change
//! (`app/slideshow_window/live.rs`) and the saver writes it (`settings/saver.rs`). What it
//! shows but does not own (photos found, workers, the rung) comes in as [`PanelFacts`].
//! Folders are picked through [`FolderPicker`], so tests never open a dialog.

mod controls;
mod facts;
mod picker;
mod tabs;

pub use facts::{PacingFigures, PanelFacts};
pub use picker::{FolderPicker, SystemFolderPicker};

use crate::settings::Settings;
use controls::TextLists;

/// The panel's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Photos,
    Display,
    Transitions,
    Music,
    Overlays,
    Performance,
    Status,
}

impl Tab {
    pub const ALL: [Self; 7] = [
        Self::Photos,
        Self::Display,
        Self::Transitions,
        Self::Music,
        Self::Overlays,
        Self::Performance,
        Self::Status,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Self::Photos => "Photos",
            Self::Display => "Display",
            Self::Transitions => "Transitions",
            Self::Music => "Music",
            Self::Overlays => "Overlays",
            Self::Performance => "Performance",
            Self::Status => "Status",
        }
    }
}

/// What the panel asks of the show besides a change of settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PanelRequest {
    /// Run this transition now, from the photo on screen to the next.
    Preview(String),
}

pub struct SettingsPanel {
    /// What the controls show and change.
    draft: Settings,
    tab: Tab,
    picker: Box<dyn FolderPicker>,
    /// Lists edited as text (patterns, monitors), with the line at fault when refused.
    lists: TextLists,
    /// The transition the preview button runs.
    preview: String,
    requests: Vec<PanelRequest>,
    /// The panel's window is open (the close button clears it).
    open: bool,
}

impl std::fmt::Debug for SettingsPanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsPanel")
            .field("tab", &self.tab)
            .field("open", &self.open)
            .finish_non_exhaustive()
    }
}

/// The panel's size when it first opens, in points.
const DEFAULT_SIZE: [f32; 2] = [600.0, 560.0];

impl SettingsPanel {
    pub fn new(settings: Settings, picker: Box<dyn FolderPicker>) -> Self {
        let lists = TextLists::from(&settings);
        Self {
            draft: settings,
            tab: Tab::Photos,
            picker,
            lists,
            preview: String::new(),
            requests: Vec::new(),
            open: true,
        }
    }

    /// The controls show `settings` from now on (changed elsewhere).
    pub fn set_settings(&mut self, settings: Settings) {
        self.lists = TextLists::from(&settings);
        self.draft = settings;
    }

    /// The settings as the controls have them.
    pub fn settings(&self) -> &Settings {
        &self.draft
    }

    pub fn tab(&self) -> Tab {
        self.tab
    }

    pub fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// What the panel asked of the show since the last call.
    pub fn take_requests(&mut self) -> Vec<PanelRequest> {
        std::mem::take(&mut self.requests)
    }

    /// Draws the panel (if open) in its own window over whatever `ctx` draws; returns the
    /// settings when a control changed them this frame.
    pub fn show(&mut self, ctx: &egui::Context, facts: &PanelFacts<'_>) -> Option<Settings> {
        if let Some(folders) = self.picker.poll() {
            for folder in folders {
                if !self.draft.photos.contains(&folder) {
                    self.draft.photos.push(folder);
                }
            }
        }
        let before = self.draft.clone();
        let mut open = self.open;
        egui::Window::new("Settings")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size(DEFAULT_SIZE)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| self.contents(ui, facts));
        self.open = open;
        (self.draft != before).then(|| self.draft.clone())
    }

    /// The tab bar and the page under it: what the panel's window holds (tests draw it alone).
    pub fn contents(&mut self, ui: &mut egui::Ui, facts: &PanelFacts<'_>) {
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.title());
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                Tab::Photos => tabs::photos(
                    ui,
                    &mut self.draft,
                    &mut self.lists,
                    &mut *self.picker,
                    facts,
                ),
                Tab::Display => tabs::display(ui, &mut self.draft, &mut self.lists, facts),
                Tab::Transitions => tabs::transitions(
                    ui,
                    &mut self.draft,
                    &mut self.lists.transitions_dir,
                    &mut self.preview,
                    &mut self.requests,
                    &mut self.lists.refused,
                    facts,
                ),
                Tab::Music => tabs::music(ui, &mut self.draft, &mut self.lists),
                Tab::Overlays => tabs::overlays(ui, &mut self.draft),
                Tab::Performance => tabs::performance(ui, &mut self.draft),
                Tab::Status => tabs::status(ui, facts),
            });
    }
}

#[cfg(test)]
mod tests;
