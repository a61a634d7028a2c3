//! The visualizer as egui shapes, in points, for one screen: the same shapes are painted by
//! egui-wgpu on the GPU rungs and by the CPU painter on the software rung.

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect, Shape, Stroke, pos2, vec2};
use framewave_protocol::AudioFrame;

use super::motion::Motion;
use super::palette::Palette;
use super::style::{Mode, Placement};

/// The band's share of the screen's height.
const BAND: f32 = 0.26;
/// How much of each bar's slot the bar fills (the rest is the gap).
const FILL: f32 = 0.72;

/// What one screen's visualizer draws this frame.
#[derive(Debug, Clone, Copy)]
pub struct Drawing<'a> {
    pub frame: &'a AudioFrame,
    pub motion: &'a Motion,
    pub mode: Mode,
    pub placement: Placement,
    pub palette: &'a Palette,
}

impl Drawing<'_> {
    /// The shapes for a screen `screen` points large.
    pub fn shapes(&self, screen: Rect) -> Vec<Shape> {
        let mut mesh = Mesh::default();
        let area = match self.placement {
            Placement::Band | Placement::Top => {
                let height = screen.height() * BAND;
                let band = if self.placement == Placement::Band {
                    Rect::from_min_max(pos2(screen.left(), screen.bottom() - height), screen.max)
                } else {
                    Rect::from_min_max(screen.min, pos2(screen.right(), screen.top() + height))
                };
                // A dark scrim, clear on the side towards the photo, so the band reads over a
                // bright photo.
                let (dark, clear) = (Color32::from_black_alpha(150), Color32::TRANSPARENT);
                let (bottom, top) = if self.placement == Placement::Band {
                    (dark, clear)
                } else {
                    (clear, dark)
                };
                gradient_quad(&mut mesh, band, bottom, top);
                band.shrink2(vec2(screen.width() * 0.03, band.height() * 0.1))
            }
            Placement::Overlay => screen.shrink2(screen.size() * vec2(0.05, 0.2)),
            Placement::Alone => screen.shrink2(screen.size() * vec2(0.05, 0.1)),
        };
        // Over photos, a little of them shows through.
        let alpha = if self.placement == Placement::Alone {
            1.0
        } else {
            0.85
        };
        let mut lines = Vec::new();
        match self.mode {
            Mode::Off => return Vec::new(),
            Mode::Bars => self.bars(&mut mesh, area, alpha),
            Mode::Mirrored => self.mirrored(&mut mesh, area, alpha),
            Mode::Oscilloscope => lines = self.oscilloscope(area, alpha),
            Mode::Radial => lines = self.radial(&mut mesh, area, alpha),
        }
        let mut shapes = vec![Shape::mesh(mesh)];
        shapes.extend(lines);
        shapes
    }

    fn bars(&self, mesh: &mut Mesh, area: Rect, alpha: f32) {
        let bars = self.frame.bars();
        let slot = area.width() / bars.len().max(1) as f32;
        let width = slot * FILL;
        let cap = (area.height() * 0.012).max(2.0);
        let column = |i: usize| {
            let left = area.left() + i as f32 * slot + (slot - width) / 2.0;
            move |low: f32, high: f32| Rect::from_min_max(pos2(left, low), pos2(left + width, high))
        };
        // Bars stand on the bottom of the area, or hang from its top.
        let up = self.placement != Placement::Top;
        let (base, sign) = if up {
            (area.bottom(), -1.0)
        } else {
            (area.top(), 1.0)
        };
        let y = |h: f32| base + sign * h.clamp(0.0, 1.0) * area.height();
        let span = |h: f32| (y(h).min(base), y(h).max(base));
        for (i, &ghost) in self.motion.ghost.iter().enumerate().take(bars.len()) {
            let (low, high) = span(ghost);
            self.bar(mesh, column(i)(low, high), ghost, alpha * 0.25, up);
        }
        for (i, &bar) in bars.iter().enumerate() {
            let (low, high) = span(bar);
            self.bar(mesh, column(i)(low, high), bar, alpha, up);
        }
        for (i, &peak) in self.motion.peaks.iter().enumerate().take(bars.len()) {
            if peak > 0.0 {
                // Just beyond the bar's end, whichever way it grows.
                let at = y(peak) + sign * cap * 0.5;
                let rect = column(i)(at.min(at + sign * cap), at.max(at + sign * cap));
                gradient_quad(
                    mesh,
                    rect,
                    self.cap_colour(peak, alpha),
                    self.cap_colour(peak, alpha),
                );
            }
        }
    }

    /// Bars up and down from the middle line, the lowest notes in the middle, the highest at
    /// both edges.
    fn mirrored(&self, mesh: &mut Mesh, area: Rect, alpha: f32) {
        let bars = self.frame.bars();
        let slot = area.width() / 2.0 / bars.len().max(1) as f32;
        let width = slot * FILL;
        let (centre, half) = (area.center(), area.height() / 2.0);
        let mut pair = |k: usize, height: f32, opacity: f32| {
            let h = height.clamp(0.0, 1.0) * half;
            for side in [-1.0f32, 1.0] {
                let x = centre.x + side * (k as f32 + 0.5) * slot;
                let top = Rect::from_min_max(
                    pos2(x - width / 2.0, centre.y - h),
                    pos2(x + width / 2.0, centre.y),
                );
                let bottom = Rect::from_min_max(
                    pos2(x - width / 2.0, centre.y),
                    pos2(x + width / 2.0, centre.y + h),
                );
                self.bar(mesh, top, height, opacity, true);
                self.bar(mesh, bottom, height, opacity, false);
            }
        };
        for (k, &ghost) in self.motion.ghost.iter().enumerate().take(bars.len()) {
            pair(k, ghost, alpha * 0.25);
        }
        for (k, &bar) in bars.iter().enumerate() {
            pair(k, bar, alpha);
        }
    }

    fn oscilloscope(&self, area: Rect, alpha: f32) -> Vec<Shape> {
        let wave = &self.frame.waveform;
        // Quiet music still fills the height; silence stays a flat line.
        let loudest = wave.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        let gain = 0.9 / loudest.max(0.05);
        let (centre, half) = (area.center().y, area.height() / 2.0);
        let step = area.width() / (wave.len().max(2) - 1) as f32;
        let points: Vec<Pos2> = wave
            .iter()
            .enumerate()
            .map(|(i, s)| {
                pos2(
                    area.left() + i as f32 * step,
                    centre - (s * gain).clamp(-1.0, 1.0) * half,
                )
            })
            .collect();
        let width = (area.height() * 0.012).max(2.0);
        vec![
            // A soft glow under a bright line.
            Shape::line(
                points.clone(),
                Stroke::new(width * 4.0, self.palette.at(0.3, alpha * 0.25)),
            ),
            Shape::line(points, Stroke::new(width, self.palette.at(0.8, alpha))),
        ]
    }

    /// Bars pointing out of a circle that swells with the bass; the low notes at the top,
    /// rising on both sides to the highest at the bottom.
    fn radial(&self, mesh: &mut Mesh, area: Rect, alpha: f32) -> Vec<Shape> {
        let bars = self.frame.bars();
        let size = area.width().min(area.height());
        let swell = (self.frame.levels.bass.relative_smoothed - 1.0).clamp(0.0, 1.0);
        let radius = size * 0.2 * (1.0 + 0.12 * swell);
        let length = size * 0.28;
        let centre = area.center();
        let n = bars.len().max(1);
        let step = std::f32::consts::PI / n as f32;
        let width = radius * step * FILL;
        let mut spoke = |angle: f32, height: f32, opacity: f32| {
            let out = vec2(angle.sin(), -angle.cos());
            let across = vec2(-out.y, out.x) * (width / 2.0);
            let base = centre + out * radius;
            let tip = base + out * (height.clamp(0.0, 1.0) * length).max(1.0);
            let (low, high) = (
                self.palette.at(0.0, opacity),
                self.palette.at(height, opacity),
            );
            add_quad(
                mesh,
                [base - across, base + across, tip + across, tip - across],
                [low, low, high, high],
            );
        };
        for (k, (&bar, &ghost)) in bars.iter().zip(&self.motion.ghost).enumerate() {
            let angle = (k as f32 + 0.5) * step;
            for side in [-1.0, 1.0] {
                spoke(side * angle, ghost, alpha * 0.25);
                spoke(side * angle, bar, alpha);
            }
        }
        vec![Shape::circle_stroke(
            centre,
            radius - width,
            Stroke::new((size * 0.006).max(1.5), self.palette.at(0.0, alpha * 0.8)),
        )]
    }

    /// A bar from `rect`'s base (its bottom if `up`, else its top) coloured along the
    /// palette to `height`.
    fn bar(&self, mesh: &mut Mesh, rect: Rect, height: f32, alpha: f32, up: bool) {
        if rect.height() < 0.5 {
            return;
        }
        let (base, tip) = (self.palette.at(0.0, alpha), self.palette.at(height, alpha));
        let (top, bottom) = if up { (tip, base) } else { (base, tip) };
        gradient_quad(mesh, rect, bottom, top);
    }

    /// A cap: the bar's colour at its height, lightened towards white.
    fn cap_colour(&self, peak: f32, alpha: f32) -> Color32 {
        let colour = self.palette.at(peak, 1.0);
        let lighten = |c: u8| c.saturating_add((255 - c) / 2);
        Color32::from_rgba_unmultiplied(
            lighten(colour.r()),
            lighten(colour.g()),
            lighten(colour.b()),
            (alpha * 255.0) as u8,
        )
    }
}

/// `rect` shaded from `bottom` (its bottom edge) to `top`.
fn gradient_quad(mesh: &mut Mesh, rect: Rect, bottom: Color32, top: Color32) {
    add_quad(
        mesh,
        [
            rect.left_bottom(),
            rect.right_bottom(),
            rect.right_top(),
            rect.left_top(),
        ],
        [bottom, bottom, top, top],
    );
}

/// A quad of four corners in order around it, each with its colour.
fn add_quad(mesh: &mut Mesh, corners: [Pos2; 4], colours: [Color32; 4]) {
    let first = mesh.vertices.len() as u32;
    for (pos, color) in corners.into_iter().zip(colours) {
        mesh.vertices.push(Vertex {
            pos,
            uv: WHITE_UV,
            color,
        });
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}
