//! What to draw in one frame, with no GPU type in it: photos (of whatever type a renderer
//! keeps them as), the part of each shown, and the transition between them with its progress
//! and parameters. Every renderer draws this same description.

use super::cover::{UvRect, cover};
use crate::transitions::TransitionRun;

/// What to put on screen this frame.
#[derive(Debug, Clone, Copy)]
pub enum Scene<'a, P> {
    /// Nothing ready yet: clear to black (only before the very first photo).
    Empty,
    Still(Layer<'a, P>),
    Transition {
        from: Layer<'a, P>,
        to: Layer<'a, P>,
        /// Eased progress, 0..1.
        progress: f32,
        run: &'a TransitionRun,
    },
}

/// A photo and the part of it to show (all of it, or a Ken Burns window).
#[derive(Debug)]
pub struct Layer<'a, P> {
    pub photo: &'a P,
    /// The photo's size in pixels.
    pub size: (u32, u32),
    pub window: UvRect,
}

impl<P> Clone for Layer<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for Layer<'_, P> {}

impl<'a, P> Layer<'a, P> {
    pub fn whole(photo: &'a P, size: (u32, u32)) -> Self {
        Self {
            photo,
            size,
            window: UvRect::WHOLE,
        }
    }

    /// Target uv to photo uv: cover the target, then pick the window.
    pub fn rect(&self, target_size: (u32, u32)) -> UvRect {
        cover(self.size, target_size).then(self.window)
    }
}

/// What a frame really needs drawn: the host keeps the transition contract itself, so a
/// transition at progress 0 is exactly its first photo and at 1 exactly its second.
#[derive(Debug, Clone, Copy)]
pub enum Drawn<'a, P> {
    Nothing,
    Photo(Layer<'a, P>),
    Between {
        from: Layer<'a, P>,
        to: Layer<'a, P>,
        progress: f32,
        run: &'a TransitionRun,
    },
}

impl<'a, P> Scene<'a, P> {
    /// The same scene over another kind of photo (`photo` picks it out of each), or `None` if
    /// a photo has none (it was kept for another renderer).
    pub fn map<Q>(self, photo: impl Fn(&'a P) -> Option<&'a Q>) -> Option<Scene<'a, Q>> {
        let layer = |layer: Layer<'a, P>| {
            Some(Layer {
                photo: photo(layer.photo)?,
                size: layer.size,
                window: layer.window,
            })
        };
        Some(match self {
            Scene::Empty => Scene::Empty,
            Scene::Still(still) => Scene::Still(layer(still)?),
            Scene::Transition {
                from,
                to,
                progress,
                run,
            } => Scene::Transition {
                from: layer(from)?,
                to: layer(to)?,
                progress,
                run,
            },
        })
    }

    pub fn drawn(self) -> Drawn<'a, P> {
        match self {
            Scene::Empty => Drawn::Nothing,
            Scene::Still(photo) => Drawn::Photo(photo),
            Scene::Transition {
                from,
                to,
                progress,
                run,
            } => {
                // A broken clock (NaN) shows the first photo.
                if progress <= 0.0 || progress.is_nan() {
                    Drawn::Photo(from)
                } else if progress >= 1.0 {
                    Drawn::Photo(to)
                } else {
                    Drawn::Between {
                        from,
                        to,
                        progress,
                        run,
                    }
                }
            }
        }
    }
}
