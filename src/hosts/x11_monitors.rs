//! The monitors of an X11 display, followed as they change: a thread of its own listens for
//! RandR's notifications on a connection of its own and sends the monitors there are after
//! each change (plugged in, unplugged, another mode, moved), waking the event loop. The render
//! thread never asks the X server for them.

use crossbeam_channel::Receiver;
use x11rb::connection::Connection as _;
use x11rb::protocol::randr::{self, ConnectionExt as _, NotifyMask};
use x11rb::protocol::xproto::ConnectionExt as _;

use super::MonitorPlace;

/// Starts watching the default display's monitors; `wake` is called after each new list is
/// sent. The thread ends (said, and the channel closes) when the display connection does, or
/// at the first change after the receiver is dropped. `Err` if the display cannot say where
/// its monitors are (no RandR 1.5).
pub fn watch(wake: impl Fn() + Send + 'static) -> anyhow::Result<Receiver<Vec<MonitorPlace>>> {
    let (connection, screen) = x11rb::connect(None)?;
    let root = connection.setup().roots[screen].root;
    // RandR 1.5 has monitors; anything older cannot say where they are.
    let version = connection.randr_query_version(1, 5)?.reply()?;
    anyhow::ensure!(
        (version.major_version, version.minor_version) >= (1, 5),
        "the display has RandR {}.{}, and monitors need 1.5",
        version.major_version,
        version.minor_version
    );
    connection
        .randr_select_input(
            root,
            NotifyMask::SCREEN_CHANGE | NotifyMask::CRTC_CHANGE | NotifyMask::OUTPUT_CHANGE,
        )?
        .check()?;
    let (sender, receiver) = crossbeam_channel::bounded(4);
    std::thread::Builder::new()
        .name("x11-monitor-watch".into())
        .spawn(move || {
            while connection.wait_for_event().is_ok() {
                // One change sends several notifications: the list once they are all in.
                while let Ok(Some(_)) = connection.poll_for_event() {}
                let monitors = match monitors(&connection, root) {
                    Ok(monitors) => monitors,
                    Err(e) => {
                        tracing::info!("stopped watching the monitors: {e}");
                        break;
                    }
                };
                if sender.send(monitors).is_err() {
                    return; // the show is over
                }
                wake();
            }
            // The channel closes with this thread: the show looks at the monitors itself.
            drop(sender);
            wake();
        })?;
    Ok(receiver)
}

/// The active monitors, as RandR lists them.
fn monitors(
    connection: &impl x11rb::connection::Connection,
    root: u32,
) -> anyhow::Result<Vec<MonitorPlace>> {
    let reply = connection.randr_get_monitors(root, true)?.reply()?;
    reply
        .monitors
        .iter()
        .map(|monitor: &randr::MonitorInfo| {
            let name = connection
                .get_atom_name(monitor.name)?
                .reply()
                .ok()
                .map(|reply| String::from_utf8_lossy(&reply.name).into_owned());
            Ok(MonitorPlace {
                name,
                position: (i32::from(monitor.x), i32::from(monitor.y)),
                size: (u32::from(monitor.width), u32::from(monitor.height)),
            })
        })
        .collect()
}
