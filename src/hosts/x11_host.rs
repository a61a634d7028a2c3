//! Drawing into a window someone else made: XScreenSaver (`-root`, or the window named in
//! `XSCREENSAVER_WINDOW`), xsecurelock (which runs savers the same way) or any program that
//! passes `-window-id ID`. framewave's window is made a child of it, sized to it; a thread of
//! its own watches it on a connection of its own and says when it changes size or is
//! destroyed, so the show follows its size and ends cleanly when it goes (even mid-frame).

use crossbeam_channel::{Receiver, Sender};

use super::HostEvent;
use x11rb::connection::Connection as _;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{ChangeWindowAttributesAux, ConnectionExt as _, EventMask};

/// Which window to draw into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostSpec {
    /// The root window of the default screen (`-root`).
    Root,
    /// This window (`-window-id`, or `XSCREENSAVER_WINDOW`).
    Id(u32),
}

/// A host window found on the display: its id and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostWindow {
    pub id: u32,
    pub size: (u32, u32),
}

/// The window named in `XSCREENSAVER_WINDOW`, if the variable is set.
pub fn from_environment() -> Option<Result<HostSpec, String>> {
    let value = std::env::var("XSCREENSAVER_WINDOW").ok()?;
    Some(super::parse_window_id(&value).map(HostSpec::Id))
}

impl HostWindow {
    /// Finds the window on the display (`DISPLAY`) and its size.
    pub fn find(spec: HostSpec) -> anyhow::Result<Self> {
        let (connection, screen) = x11rb::connect(None)?;
        let id = match spec {
            HostSpec::Root => connection.setup().roots[screen].root,
            HostSpec::Id(id) => id,
        };
        let geometry = connection
            .get_geometry(id)?
            .reply()
            .map_err(|e| anyhow::anyhow!("no window 0x{id:x} on this display: {e}"))?;
        Ok(Self {
            id,
            size: (u32::from(geometry.width), u32::from(geometry.height)),
        })
    }

    /// Starts watching the window; `wake` is called after each event is sent, to wake the
    /// event loop.
    pub fn watch(self, wake: impl Fn() + Send + 'static) -> anyhow::Result<Receiver<HostEvent>> {
        let (connection, _) = x11rb::connect(None)?;
        connection
            .change_window_attributes(
                self.id,
                &ChangeWindowAttributesAux::new().event_mask(EventMask::STRUCTURE_NOTIFY),
            )?
            .check()?;
        let (sender, receiver) = crossbeam_channel::bounded(16);
        std::thread::Builder::new()
            .name("x11-host-watch".into())
            .spawn(move || watch_loop(&connection, self, &sender, &wake))?;
        Ok(receiver)
    }
}

fn watch_loop(
    connection: &impl x11rb::connection::Connection,
    host: HostWindow,
    sender: &Sender<HostEvent>,
    wake: &dyn Fn(),
) {
    let mut size = host.size;
    loop {
        let event = match connection.wait_for_event() {
            Ok(Event::ConfigureNotify(e)) if e.window == host.id => {
                let now = (u32::from(e.width), u32::from(e.height));
                if now == size {
                    continue;
                }
                size = now;
                HostEvent::Resized(now.0, now.1)
            }
            Ok(Event::DestroyNotify(e)) if e.window == host.id => HostEvent::Gone,
            Ok(_) => continue,
            Err(_) => HostEvent::Gone,
        };
        // A full queue: the loop is behind and takes the sizes it has; Gone, if it cannot be
        // sent, is seen as this thread's end (the channel closes).
        let gone = event == HostEvent::Gone;
        let _ = sender.try_send(event);
        wake();
        if gone {
            return;
        }
    }
}
