//! What music is playing, for the overlay: MPRIS players on the session D-Bus.
//!
//! A background thread polls the bus every 2 s and sends only changes, so the render loop
//! does nothing more than a `try_recv` per frame. Polling rather than following
//! `PropertiesChanged` signals is simpler and survives players that signal badly or not at
//! all; every call carries a timeout so a hung player cannot stall the thread. Without a
//! session bus the feature is simply off.

use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError, bounded};
use zbus::blocking::Connection;
use zbus::blocking::connection::Builder;
use zbus::zvariant::{OwnedValue, Value};

const MPRIS_PREFIX: &str = "org.mpris.MediaPlayer2.";
const MPRIS_PATH: &str = "/org/mpris/MediaPlayer2";
const PLAYER_INTERFACE: &str = "org.mpris.MediaPlayer2.Player";
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long one call may take before the player is taken as not playing (this poll).
const CALL_TIMEOUT: Duration = Duration::from_secs(1);
/// Longer titles are cut: a player may send anything.
const MAX_CHARS: usize = 200;

/// A track that is playing now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub title: String,
    /// Empty if none; several artists joined with ", ".
    pub artist: String,
    /// The player, e.g. "vlc" from `org.mpris.MediaPlayer2.vlc`.
    pub player: String,
}

/// What goes on screen: "Title\nArtist", or just "Title" without an artist.
pub fn describe(track: &Track) -> String {
    if track.artist.is_empty() {
        track.title.clone()
    } else {
        format!("{}\n{}", track.title, track.artist)
    }
}

/// The render loop's end: what the background thread last reported.
#[derive(Debug)]
pub struct NowPlaying {
    updates: Receiver<Option<Track>>,
    current: Option<Track>,
    /// Never sent on; dropping it wakes the thread's wait so it ends at once.
    _stop: Sender<()>,
}

enum Bus {
    Session,
    Address(String),
}

impl NowPlaying {
    /// Watches the session bus named by the environment.
    pub fn start() -> Self {
        Self::spawn(Bus::Session, POLL_INTERVAL)
    }

    /// Watches the bus at `address` (a D-Bus address such as `unix:path=/run/…`).
    pub fn start_on(address: &str) -> Self {
        Self::spawn(Bus::Address(address.to_owned()), POLL_INTERVAL)
    }

    fn spawn(bus: Bus, interval: Duration) -> Self {
        // Capacity 1 and a blocking send: the thread waits for the render loop, never piles up.
        let (updates_tx, updates) = bounded(1);
        let (stop, stop_rx) = bounded(1);
        let spawned = std::thread::Builder::new()
            .name("now-playing".into())
            .spawn(move || run(&bus, interval, &updates_tx, &stop_rx));
        if let Err(error) = spawned {
            tracing::warn!(%error, "now playing: could not start its thread");
        }
        Self {
            updates,
            current: None,
            _stop: stop,
        }
    }

    /// What is playing now, None when nothing plays. Never blocks.
    pub fn latest(&mut self) -> Option<&Track> {
        loop {
            match self.updates.try_recv() {
                Ok(update) => self.current = update,
                Err(TryRecvError::Empty) => break,
                // The thread has ended (no bus, or lost it): nothing is known to play.
                Err(TryRecvError::Disconnected) => {
                    self.current = None;
                    break;
                }
            }
        }
        self.current.as_ref()
    }
}

fn run(bus: &Bus, interval: Duration, updates: &Sender<Option<Track>>, stop: &Receiver<()>) {
    let connection = match connect(bus) {
        Ok(connection) => connection,
        Err(error) => {
            tracing::info!(%error, "now playing: no session D-Bus, music titles are off");
            return;
        }
    };
    let mut order = PlayOrder::default();
    let mut sent: Option<Track> = None;
    loop {
        let names = match player_names(&connection) {
            Ok(names) => names,
            Err(error) => {
                tracing::info!(%error, "now playing: lost the session D-Bus, music titles are off");
                return;
            }
        };
        let playing = names
            .into_iter()
            .filter_map(|name| playing_track(&connection, &name).map(|track| (name, track)))
            .collect();
        let now = order.pick(playing);
        if now != sent {
            tracing::debug!(?now, "now playing");
            if updates.send(now.clone()).is_err() {
                return; // NowPlaying dropped
            }
            sent = now;
        }
        match stop.recv_timeout(interval) {
            Err(RecvTimeoutError::Timeout) => {}
            // NowPlaying dropped (nothing is ever sent on this channel).
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn connect(bus: &Bus) -> zbus::Result<Connection> {
    let builder = match bus {
        Bus::Session => Builder::session()?,
        Bus::Address(address) => Builder::address(address.as_str())?,
    };
    builder.method_timeout(CALL_TIMEOUT).build()
}

/// The MPRIS bus names, sorted.
fn player_names(connection: &Connection) -> zbus::Result<Vec<String>> {
    let reply = connection.call_method(
        Some("org.freedesktop.DBus"),
        "/org/freedesktop/DBus",
        Some("org.freedesktop.DBus"),
        "ListNames",
        &(),
    )?;
    let mut names: Vec<String> = reply.body().deserialize()?;
    names.retain(|name| name.starts_with(MPRIS_PREFIX));
    names.sort();
    Ok(names)
}

/// The player's track if it is playing one; None for anything else, errors included.
fn playing_track(connection: &Connection, name: &str) -> Option<Track> {
    let status = property(connection, name, "PlaybackStatus")?;
    if as_str(&status) != Some("Playing") {
        return None;
    }
    let metadata = property(connection, name, "Metadata")?;
    let player = name
        .strip_prefix(MPRIS_PREFIX)
        .and_then(|rest| rest.split('.').next())
        .unwrap_or(name);
    track_from_metadata(&metadata, player)
}

fn property(connection: &Connection, name: &str, property: &str) -> Option<OwnedValue> {
    let reply = connection.call_method(
        Some(name),
        MPRIS_PATH,
        Some("org.freedesktop.DBus.Properties"),
        "Get",
        &(PLAYER_INTERFACE, property),
    );
    match reply.and_then(|reply| reply.body().deserialize::<OwnedValue>()) {
        Ok(value) => Some(value),
        Err(error) => {
            tracing::debug!(%error, name, property, "now playing: player did not answer");
            None
        }
    }
}

/// The track in an MPRIS `Metadata` dict; None without a usable title or url.
fn track_from_metadata(metadata: &Value<'_>, player: &str) -> Option<Track> {
    let title = field(metadata, "xesam:title")
        .and_then(as_str)
        .map(clean)
        .filter(|title| !title.is_empty())
        .or_else(|| {
            field(metadata, "xesam:url")
                .and_then(as_str)
                .and_then(file_name)
                .map(|name| clean(&name))
                .filter(|name| !name.is_empty())
        })?;
    let artist = match field(metadata, "xesam:artist") {
        Some(Value::Array(artists)) => {
            let names: Vec<String> = artists
                .inner()
                .iter()
                .filter_map(as_str)
                .map(clean)
                .filter(|name| !name.is_empty())
                .collect();
            names.join(", ")
        }
        // Not MPRIS, but some players send one string.
        Some(Value::Str(artist)) => clean(artist.as_str()),
        _ => String::new(),
    };
    Some(Track {
        title,
        artist,
        player: player.to_owned(),
    })
}

/// The value under `key` in an `a{sv}` dict, variant wrappers removed.
fn field<'v>(dict: &'v Value<'_>, key: &str) -> Option<&'v Value<'v>> {
    let Value::Dict(dict) = plain(dict) else {
        return None;
    };
    dict.iter()
        .find(|(k, _)| as_str(k) == Some(key))
        .map(|(_, value)| plain(value))
}

fn plain<'v, 'a>(mut value: &'v Value<'a>) -> &'v Value<'a> {
    while let Value::Value(inner) = value {
        value = inner;
    }
    value
}

fn as_str<'v>(value: &'v Value<'_>) -> Option<&'v str> {
    match plain(value) {
        Value::Str(s) => Some(s.as_str()),
        _ => None,
    }
}

/// One line, whitespace collapsed, at most `MAX_CHARS`.
fn clean(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// The last path segment of a url, percent-decoded: "file:///m/My%20Song.ogg" → "My Song.ogg".
fn file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    // Past "scheme://host/", if any.
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.split_once('/').map_or("", |(_, path)| path),
        None => path,
    };
    let segment = path.trim_end_matches('/').rsplit('/').next()?;
    let name = percent_decode(segment);
    (!name.is_empty()).then_some(name)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Which player is shown when several play: the one that started most recently; among those
/// that started within the same poll, the first by bus name.
#[derive(Debug, Default)]
struct PlayOrder {
    /// Bus names playing, in the order they started.
    started: Vec<String>,
}

impl PlayOrder {
    /// `playing` is sorted by bus name.
    fn pick(&mut self, playing: Vec<(String, Track)>) -> Option<Track> {
        self.started
            .retain(|name| playing.iter().any(|(playing, _)| playing == name));
        for (name, _) in playing.iter().rev() {
            if !self.started.contains(name) {
                self.started.push(name.clone());
            }
        }
        let newest = self.started.last()?;
        playing
            .into_iter()
            .find(|(name, _)| name == newest)
            .map(|(_, track)| track)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::io::{BufRead, BufReader};
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::Instant;

    use super::*;

    const WAIT: Duration = Duration::from_secs(10);
    const FAST: Duration = Duration::from_millis(100);

    /// A private bus, killed when dropped.
    struct PrivateBus {
        daemon: Child,
        address: String,
    }

    impl PrivateBus {
        fn start() -> Self {
            let mut daemon = Command::new("dbus-daemon")
                .args(["--session", "--nofork", "--print-address=1"])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                // As root it complains it cannot raise its fd limit: noise.
                .stderr(Stdio::null())
                .spawn()
                .expect("dbus-daemon must be installed (Debian package `dbus`)");
            let mut address = String::new();
            let read = daemon
                .stdout
                .take()
                .map(|out| BufReader::new(out).read_line(&mut address));
            let address = address.trim().to_owned();
            if !matches!(read, Some(Ok(n)) if n > 0) || address.is_empty() {
                let _ = daemon.kill();
                let _ = daemon.wait();
                panic!("dbus-daemon printed no address ({read:?}): run it by hand to see why");
            }
            Self { daemon, address }
        }
    }

    impl Drop for PrivateBus {
        fn drop(&mut self) {
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    #[derive(Clone)]
    enum Meta {
        Str(&'static str),
        Strs(Vec<&'static str>),
        Int(i32),
    }

    struct FakeState {
        status: &'static str,
        metadata: Vec<(&'static str, Meta)>,
    }

    #[derive(Clone)]
    struct Shared(Arc<Mutex<FakeState>>);

    impl Shared {
        fn set(&self, status: &'static str, metadata: Vec<(&'static str, Meta)>) {
            let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            state.status = status;
            state.metadata = metadata;
        }
    }

    struct FakePlayer(Shared);

    #[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
    impl FakePlayer {
        #[zbus(property)]
        fn playback_status(&self) -> String {
            let state = self.0.0.lock().unwrap_or_else(PoisonError::into_inner);
            state.status.to_owned()
        }

        #[zbus(property)]
        fn metadata(&self) -> HashMap<String, Value<'static>> {
            let state = self.0.0.lock().unwrap_or_else(PoisonError::into_inner);
            state
                .metadata
                .iter()
                .map(|(key, meta)| {
                    let value = match meta.clone() {
                        Meta::Str(s) => Value::from(s.to_owned()),
                        Meta::Strs(v) => {
                            Value::from(v.into_iter().map(str::to_owned).collect::<Vec<String>>())
                        }
                        Meta::Int(i) => Value::from(i),
                    };
                    ((*key).to_owned(), value)
                })
                .collect()
        }
    }

    /// A player that never answers.
    struct HungPlayer;

    #[zbus::interface(name = "org.mpris.MediaPlayer2.Player")]
    impl HungPlayer {
        #[zbus(property)]
        async fn playback_status(&self) -> String {
            std::future::pending::<()>().await;
            String::new()
        }
    }

    fn serve<I: zbus::object_server::Interface>(
        bus: &PrivateBus,
        name: &str,
        player: I,
    ) -> Connection {
        Builder::address(bus.address.as_str())
            .and_then(|b| b.name(name.to_owned()))
            .and_then(|b| b.serve_at(MPRIS_PATH, player))
            .and_then(Builder::build)
            .expect("fake player on the private bus")
    }

    fn fake_player(
        bus: &PrivateBus,
        status: &'static str,
        metadata: Vec<(&'static str, Meta)>,
    ) -> (Shared, Connection) {
        let shared = Shared(Arc::new(Mutex::new(FakeState { status, metadata })));
        let connection = serve(
            bus,
            "org.mpris.MediaPlayer2.fake",
            FakePlayer(shared.clone()),
        );
        (shared, connection)
    }

    fn song() -> Vec<(&'static str, Meta)> {
        vec![
            ("xesam:title", Meta::Str("Blue Monday")),
            ("xesam:artist", Meta::Strs(vec!["New Order", "Guest"])),
            ("xesam:url", Meta::Str("file:///music/blue.flac")),
        ]
    }

    /// Polls `latest()` until it satisfies `done`, or panics after `WAIT`.
    fn wait_for(now_playing: &mut NowPlaying, what: &str, done: impl Fn(Option<&Track>) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            let latest = now_playing.latest();
            if done(latest) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}, have {latest:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn titled(title: &str) -> impl Fn(Option<&Track>) -> bool + '_ {
        move |track| track.is_some_and(|t| t.title == title)
    }

    #[test]
    fn reports_the_playing_track() {
        let bus = PrivateBus::start();
        let (_player, _connection) = fake_player(&bus, "Playing", song());
        let mut now_playing = NowPlaying::start_on(&bus.address);
        wait_for(&mut now_playing, "the track", |t| t.is_some());
        let expected = Track {
            title: "Blue Monday".into(),
            artist: "New Order, Guest".into(),
            player: "fake".into(),
        };
        assert_eq!(now_playing.latest(), Some(&expected));
        assert_eq!(
            describe(&expected),
            "Blue Monday\nNew Order, Guest".to_owned()
        );
    }

    #[test]
    fn paused_is_nothing_playing() {
        let bus = PrivateBus::start();
        let (player, _connection) = fake_player(&bus, "Playing", song());
        let mut now_playing = NowPlaying::spawn(Bus::Address(bus.address.clone()), FAST);
        wait_for(&mut now_playing, "the track", titled("Blue Monday"));
        player.set("Paused", song());
        wait_for(&mut now_playing, "nothing", |t| t.is_none());
        player.set("Playing", song());
        wait_for(&mut now_playing, "the track again", titled("Blue Monday"));
    }

    #[test]
    fn junk_metadata_neither_crashes_nor_shows() {
        let bus = PrivateBus::start();
        let junk_with_url = vec![
            ("xesam:title", Meta::Int(42)),
            ("xesam:artist", Meta::Int(7)),
            ("xesam:url", Meta::Str("file:///music/My%20Song.flac")),
        ];
        let (player, _connection) = fake_player(&bus, "Playing", junk_with_url);
        let mut now_playing = NowPlaying::spawn(Bus::Address(bus.address.clone()), FAST);
        wait_for(&mut now_playing, "the url's file name", |t| {
            t == Some(&Track {
                title: "My Song.flac".into(),
                artist: String::new(),
                player: "fake".into(),
            })
        });
        // No usable title and no url: not shown.
        player.set("Playing", vec![("xesam:title", Meta::Int(42))]);
        wait_for(&mut now_playing, "nothing", |t| t.is_none());
        // The thread survived it.
        player.set("Playing", song());
        wait_for(&mut now_playing, "the track", titled("Blue Monday"));
    }

    #[test]
    fn a_hung_player_does_not_stall_the_others() {
        let bus = PrivateBus::start();
        let _hung = serve(&bus, "org.mpris.MediaPlayer2.aaa_hung", HungPlayer);
        let (_player, _connection) = fake_player(&bus, "Playing", song());
        let mut now_playing = NowPlaying::spawn(Bus::Address(bus.address.clone()), FAST);
        wait_for(&mut now_playing, "the track", titled("Blue Monday"));
    }

    #[test]
    fn no_bus_ends_the_thread_at_once() {
        let started = Instant::now();
        let mut now_playing = NowPlaying::start_on("unix:path=/nonexistent/framewave-test-bus");
        assert!(started.elapsed() < Duration::from_secs(1), "start blocked");
        assert_eq!(now_playing.latest(), None);
        // The thread ends without a word: its channel disconnects.
        assert_eq!(
            now_playing.updates.recv_timeout(WAIT),
            Err(crossbeam_channel::RecvTimeoutError::Disconnected)
        );
        assert_eq!(now_playing.latest(), None);
    }

    fn dict(entries: Vec<(&str, Value<'static>)>) -> Value<'static> {
        let map: HashMap<String, Value<'static>> = entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        Value::from(map)
    }

    #[test]
    fn metadata_conversions() {
        let single = dict(vec![
            ("xesam:title", Value::from("  Two\nlines ")),
            ("xesam:artist", Value::from("Solo")),
        ]);
        let track = track_from_metadata(&single, "vlc").expect("a track");
        assert_eq!(
            (track.title.as_str(), track.artist.as_str()),
            ("Two lines", "Solo")
        );

        let no_title = dict(vec![("xesam:artist", Value::from(vec!["A".to_owned()]))]);
        assert_eq!(track_from_metadata(&no_title, "vlc"), None);
        assert_eq!(track_from_metadata(&Value::from(3_u8), "vlc"), None);

        let long = "x".repeat(500);
        let long = dict(vec![("xesam:title", Value::from(long))]);
        let track = track_from_metadata(&long, "vlc").expect("a track");
        assert_eq!(track.title.chars().count(), MAX_CHARS + 1);
    }

    #[test]
    fn file_names_from_urls() {
        assert_eq!(
            file_name("file:///m/My%20Song.ogg").as_deref(),
            Some("My Song.ogg")
        );
        assert_eq!(
            file_name("https://x.org/a/%C3%A9t%C3%A9.mp3?t=1#x").as_deref(),
            Some("été.mp3")
        );
        assert_eq!(file_name("file:///m/bad%zz%2").as_deref(), Some("bad%zz%2"));
        assert_eq!(file_name("file:///"), None);
        assert_eq!(file_name("https://example.org"), None);
        assert_eq!(file_name("song.mp3").as_deref(), Some("song.mp3"));
        assert_eq!(file_name(""), None);
    }

    #[test]
    fn describe_without_artist_is_the_title() {
        let track = Track {
            title: "Song".into(),
            artist: String::new(),
            player: "vlc".into(),
        };
        assert_eq!(describe(&track), "Song");
    }

    #[test]
    fn the_most_recently_started_player_wins() {
        let track = |title: &str| Track {
            title: title.into(),
            artist: String::new(),
            player: "p".into(),
        };
        let entry = |name: &str| (name.to_owned(), track(name));
        let mut order = PlayOrder::default();
        // Started in the same poll: the first by name.
        assert_eq!(order.pick(vec![entry("a"), entry("b")]), Some(track("a")));
        // "c" starts later: it wins.
        assert_eq!(
            order.pick(vec![entry("a"), entry("b"), entry("c")]),
            Some(track("c"))
        );
        // "c" stops: back to "a".
        assert_eq!(order.pick(vec![entry("a"), entry("b")]), Some(track("a")));
        assert_eq!(order.pick(vec![]), None);
    }
}
