//! What the show writes over the photos besides its status: a clock (12 or 24 hours, with the
//! date if asked, at any of nine anchors), kept readable on any photo by a soft shadow and
//! brought in with a fade, and moved a few pixels now and then so a screen left on for hours
//! never burns it in. The text is laid out and painted by the overlay (`render/overlay.rs`),
//! on every rung.

#[cfg(target_os = "linux")]
pub mod now_playing;

use std::time::Duration;

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};

/// Where an overlay sits on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Anchor {
    TopLeft,
    Top,
    #[default]
    TopRight,
    Left,
    Centre,
    Right,
    BottomLeft,
    Bottom,
    BottomRight,
}

impl Anchor {
    /// egui's name for the same corner or edge.
    pub fn align(self) -> egui::Align2 {
        match self {
            Self::TopLeft => egui::Align2::LEFT_TOP,
            Self::Top => egui::Align2::CENTER_TOP,
            Self::TopRight => egui::Align2::RIGHT_TOP,
            Self::Left => egui::Align2::LEFT_CENTER,
            Self::Centre => egui::Align2::CENTER_CENTER,
            Self::Right => egui::Align2::RIGHT_CENTER,
            Self::BottomLeft => egui::Align2::LEFT_BOTTOM,
            Self::Bottom => egui::Align2::CENTER_BOTTOM,
            Self::BottomRight => egui::Align2::RIGHT_BOTTOM,
        }
    }

    /// The margin from the screen's edges, pointing inwards from the anchor.
    pub fn inset(self, margin: f32) -> [f32; 2] {
        let [x, y] = self.align().0;
        let inwards = |align: egui::Align| match align {
            egui::Align::Min => margin,
            egui::Align::Center => 0.0,
            egui::Align::Max => -margin,
        };
        [inwards(x), inwards(y)]
    }
}

/// What is written under each photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum CaptionChoice {
    /// Nothing.
    Off,
    /// The photo's file name.
    FileName,
    /// The day the photo was taken (its EXIF date, else its file's).
    Date,
}

/// A photo's caption: its file name, or the day it was taken (`None` when it has neither).
pub fn caption_text(photo: &crate::library::PhotoRef, choice: CaptionChoice) -> Option<String> {
    match choice {
        CaptionChoice::Off => None,
        CaptionChoice::FileName => photo
            .path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        // EXIF dates are the camera's wall clock, kept as if UTC: read back the same way.
        CaptionChoice::Date => photo
            .taken
            .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
            .map(|taken| taken.format("%-d %B %Y").to_string()),
    }
}

/// How the clock reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockStyle {
    /// 14:05 rather than 2:05 PM.
    pub hours_24: bool,
    /// The date on a second line.
    pub date: bool,
    pub anchor: Anchor,
}

/// The clock's text at `now`.
pub fn clock_text(now: &DateTime<Local>, style: ClockStyle) -> String {
    let time = if style.hours_24 {
        now.format("%H:%M").to_string()
    } else {
        now.format("%-I:%M %p").to_string()
    };
    if style.date {
        format!("{time}\n{}", now.format("%A %-d %B"))
    } else {
        time
    }
}

/// How far, in points, overlays stand off their place `since` the show began: a slow circle a
/// few points wide, a quarter of it every ten minutes, so no pixel of text stays lit for hours
/// and the move is never seen.
pub fn burn_in_shift(since: Duration) -> [f32; 2] {
    const RADIUS: f32 = 6.0;
    const TURN: f32 = 40.0 * 60.0;
    let angle = std::f32::consts::TAU * (since.as_secs_f32() % TURN) / TURN;
    [RADIUS * angle.cos(), RADIUS * angle.sin()]
}

/// How far an overlay has faded in, 0 to 1, `since` it appeared (half a second, eased).
pub fn fade_in(since: Duration) -> f32 {
    let t = (since.as_secs_f32() / 0.5).clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Local> {
        Local
            .with_ymd_and_hms(2026, 11, 24, hour, minute, 0)
            .single()
            .expect("a time that exists here")
    }

    #[test]
    fn the_clock_reads_12_or_24_hours_with_the_date_if_asked() {
        let style = ClockStyle {
            hours_24: true,
            ..ClockStyle::default()
        };
        assert_eq!(clock_text(&at(14, 5), style), "14:05");
        let twelve = ClockStyle::default();
        assert_eq!(clock_text(&at(14, 5), twelve), "2:05 PM");
        assert_eq!(clock_text(&at(0, 30), twelve), "12:30 AM");
        let dated = ClockStyle {
            date: true,
            ..style
        };
        assert_eq!(clock_text(&at(9, 0), dated), "09:00\nTuesday 24 November");
    }

    #[test]
    fn every_anchor_has_its_corner_and_insets_inwards() {
        assert_eq!(Anchor::TopLeft.inset(20.0), [20.0, 20.0]);
        assert_eq!(Anchor::BottomRight.inset(20.0), [-20.0, -20.0]);
        assert_eq!(Anchor::Centre.inset(20.0), [0.0, 0.0]);
        assert_eq!(Anchor::Top.inset(20.0), [0.0, 20.0]);
        assert_eq!(Anchor::Right.align(), egui::Align2::RIGHT_CENTER);
    }

    #[test]
    fn the_burn_in_shift_is_small_slow_and_comes_round() {
        let start = burn_in_shift(Duration::ZERO);
        let minute = burn_in_shift(Duration::from_secs(60));
        let moved = ((minute[0] - start[0]).powi(2) + (minute[1] - start[1]).powi(2)).sqrt();
        assert!(moved > 0.0 && moved < 1.0, "{moved} points in a minute");
        for minutes in 0..40 {
            let [x, y] = burn_in_shift(Duration::from_secs(minutes * 60));
            assert!((x * x + y * y).sqrt() <= 6.0 + 1e-3);
        }
        let round = burn_in_shift(Duration::from_secs(40 * 60));
        assert!((round[0] - start[0]).abs() < 1e-3 && (round[1] - start[1]).abs() < 1e-3);
    }

    #[test]
    fn a_fade_in_rises_smoothly_over_half_a_second() {
        assert_eq!(fade_in(Duration::ZERO), 0.0);
        assert_eq!(fade_in(Duration::from_millis(250)), 0.5);
        assert_eq!(fade_in(Duration::from_secs(2)), 1.0);
    }
}
