//! Keys and the mouse on a virtual display, as a user's would come (XTEST).

use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{ConnectionExt as _, InputFocus, MapState, Window};
use x11rb::protocol::xtest::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

/// The keycode the server's keymap gives `keysym`.
pub fn keycode(connection: &RustConnection, keysym: u32) -> u8 {
    let setup = connection.setup();
    let (min, max) = (setup.min_keycode, setup.max_keycode);
    let map = connection
        .get_keyboard_mapping(min, max - min + 1)
        .unwrap()
        .reply()
        .unwrap();
    let per = map.keysyms_per_keycode as usize;
    let index = map
        .keysyms
        .iter()
        .position(|&sym| sym == keysym)
        .unwrap_or_else(|| panic!("no key for keysym {keysym:#x}"));
    min + (index / per) as u8
}

pub struct Keyboard<'a> {
    pub connection: &'a RustConnection,
    pub root: Window,
}

impl Keyboard<'_> {
    pub fn press(&self, keysym: u32) {
        let code = keycode(self.connection, keysym);
        self.connection
            .xtest_fake_input(2, code, 0, self.root, 0, 0, 0)
            .unwrap();
        self.connection.flush().unwrap();
    }

    pub fn release(&self, keysym: u32) {
        let code = keycode(self.connection, keysym);
        self.connection
            .xtest_fake_input(3, code, 0, self.root, 0, 0, 0)
            .unwrap();
        self.connection.flush().unwrap();
    }

    pub fn tap(&self, keysym: u32) {
        self.press(keysym);
        self.release(keysym);
    }

    /// The mouse to (x, y) on the desktop.
    pub fn mouse_to(&self, x: i16, y: i16) {
        self.connection
            .xtest_fake_input(6, 0, 0, self.root, x, y, 0)
            .unwrap();
        self.connection.flush().unwrap();
    }

    /// Keys go to the topmost window from now on (there is no window manager to give it
    /// focus).
    pub fn focus_topmost(&self) {
        let children = self
            .connection
            .query_tree(self.root)
            .unwrap()
            .reply()
            .unwrap()
            .children;
        let mapped = children.into_iter().rev().find(|&window| {
            self.connection
                .get_window_attributes(window)
                .ok()
                .and_then(|cookie| cookie.reply().ok())
                .is_some_and(|attributes| attributes.map_state == MapState::VIEWABLE)
        });
        let window = mapped.expect("a window on the display");
        self.connection
            .set_input_focus(InputFocus::POINTER_ROOT, window, 0u32)
            .unwrap();
        self.connection.flush().unwrap();
    }

    /// The left button pressed and released where the mouse is.
    pub fn click(&self) {
        for kind in [4, 5] {
            self.connection
                .xtest_fake_input(kind, 1, 0, self.root, 0, 0, 0)
                .unwrap();
        }
        self.connection.flush().unwrap();
    }
}
