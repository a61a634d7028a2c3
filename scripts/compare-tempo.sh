#!/usr/bin/env bash
# Tempo accuracy of `framewave analyze-audio` against `aubio tempo`, on the same
# 31 excerpts of real music whose tempo is known exactly:
#   - General MIDI game music (Freedoom, Planet Blupi, OpenTTD's openMSX) and classical
#     scores (music21's corpus), rendered with FluidSynth and the FluidR3 GM soundfont.
#     The truth is the file's tempo meta event; only excerpts whose tempo is constant
#     are used (checked below, the build stops otherwise).
#   - Recorded songs from the Frets on Fire song packs (Ogg): their note charts
#     (notes.mid) are played in sync with the recording, so the chart's single tempo
#     is the song's.
# Scoring, as in the tempo issue: an estimate is correct within 4% of the true tempo
# or of half or double it; octave errors are forgiven, 2/3, 3/2, 3/4... are not.
#
# Usage: scripts/compare-tempo.sh [FRAMEWAVE_BINARY]   (default target/release/framewave)
# The corpus and results go to $TEMPO_WORK (default /tmp/compare-tempo), rebuilt each run.
# Everything comes from Debian packages and PyPI; as root the missing ones are installed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fw=$(realpath "${1:-$repo/target/release/framewave}")
work=${TEMPO_WORK:-/tmp/compare-tempo}
[ -x "$fw" ] || { echo "no framewave binary at $fw (build it, or pass its path)" >&2; exit 1; }

# Tools, the soundfont, and the packages that carry the music.
packages=(aubio-tools fluidsynth fluid-soundfont-gm sox libsox-fmt-base python3-venv
  freedoom planetblupi-music-midi openttd-openmsx
  fretsonfire-songs-muldjord fretsonfire-songs-sectoid)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

start=$SECONDS
rm -rf "$work/audio" "$work/midi" && mkdir -p "$work/audio"
# A venv of its own: the system Python may lack pip, and the versions are pinned so that
# music21's MIDI export (and so the classical excerpts) stays the same from run to run.
if [ ! -x "$work/venv/bin/python" ]; then
  /usr/bin/python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q mido==1.3.3 music21==10.5.1
py="$work/venv/bin/python"

# Build the corpus: audio/NAME.wav, 45 s each, and truth.tsv (name, source, metre, bpm).
# Run from $work so that no file of the caller's directory can shadow a Python module.
(cd "$work" && "$py" - <<'EOF'
import os, subprocess, mido

SF2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
DUR = 45.0
OPENMSX = "/usr/share/games/openttd/baseset/openmsx"
BLUPI = "/usr/share/planetblupi/music"
FOF = "/usr/share/games/fretsonfire/data/songs"

# (name, source, file, excerpt start in s). Excerpts start after the intro where the
# piece has one; the starts were chosen once and are kept so results stay comparable.
MIDI = [
    ("openmsx-boogi-marabi", "openMSX", f"{OPENMSX}/boogi_marabi_redfarn.mid", 10),
    ("openmsx-careless-perc", "openMSX", f"{OPENMSX}/careless_perc_redfarn.mid", 20),
    ("openmsx-coconut-run", "openMSX", f"{OPENMSX}/coconut_run2.mid", 10),
    ("openmsx-harp-harmony", "openMSX", f"{OPENMSX}/harp_harmony.mid", 20),
    ("openmsx-keep-on-rolling", "openMSX", f"{OPENMSX}/keep_on_rolling.mid", 20),
    ("openmsx-mosey-along", "openMSX", f"{OPENMSX}/mosey_along_redfarn.mid", 10),
    ("openmsx-the-fast-route", "openMSX", f"{OPENMSX}/the_fast_route.mid", 20),
    ("openmsx-ttsong-iv", "openMSX", f"{OPENMSX}/ttsong_iv_imuh3.mid", 20),
    ("openmsx-5432gone", "openMSX", f"{OPENMSX}/5432gone_redfarn.mid", 5),
    ("openmsx-no-work-song", "openMSX", f"{OPENMSX}/no_work_song_redfarn.mid", 20),
    ("blupi-music004", "Planet Blupi", f"{BLUPI}/music004.mid", 20),
    ("blupi-music005", "Planet Blupi", f"{BLUPI}/music005.mid", 20),
    ("blupi-music008", "Planet Blupi", f"{BLUPI}/music008.mid", 20),
    ("blupi-music009", "Planet Blupi", f"{BLUPI}/music009.mid", 20),
    # Freedoom's music lives in the WAD; only tracks authored as MIDI (not converted
    # from the MUS format, whose stated tempo is a playback rate, not the beat) are used.
    ("freedoom-adrian", "Freedoom", "wad:D_ADRIAN", 20),
    ("freedoom-betwee", "Freedoom", "wad:D_BETWEE", 20),
    ("freedoom-ddtbl2", "Freedoom", "wad:D_DDTBL2", 20),
    ("freedoom-theda2", "Freedoom", "wad:D_THEDA2", 20),
    ("freedoom-runnin", "Freedoom", "wad:D_RUNNIN", 10),
]
# Scores carry no reliable tempo of their own, so one is set: a usual one for the piece.
CLASSICAL = [
    ("joplin-maple-leaf-rag", "joplin/maple_leaf_rag", 92),
    ("bach-wtc1-prelude-c", "bach/bwv846", 72),
    ("haydn-op74no1-i", "haydn/opus74no1/movement1", 120),
    ("beethoven-op18no1-i", "beethoven/opus18no1/movement1.mxl", 168),
]
FRETS = [
    ("fof-armygeddon", "muldjord/armygeddon"),
    ("fof-chaos-god", "muldjord/chaos_god"),
    ("fof-internal-degeneration", "muldjord/internal_degeneration"),
    ("fof-mutilated-mime", "muldjord/mutilated_mime"),
    ("fof-escape-from-chaosland", "sectoid/Escape from chaosland"),
    ("fof-feelings", "sectoid/Feelings"),
    ("fof-metal-madness", "sectoid/Metal madness"),
    ("fof-war-of-freedom", "sectoid/War of freedom"),
]

def wad_lumps(path):
    import struct
    data = open(path, "rb").read()
    _, n, off = struct.unpack("<4sii", data[:12])
    for i in range(n):
        pos, size, name = struct.unpack("<ii8s", data[off + 16 * i: off + 16 * i + 16])
        yield name.rstrip(b"\0").decode(), data[pos:pos + size]

def load(src):
    if src.startswith("wad:"):
        lump = dict(wad_lumps("/usr/share/games/doom/freedoom2.wad"))[src[4:]]
        path = f"midi/{src[4:]}.mid"
        open(path, "wb").write(lump)
        src = path
    return mido.MidiFile(src)

def constant_tempo(mid, until_s):
    """The one tempo (microseconds per beat) in force up to until_s; fails otherwise."""
    tempos, t = set(), 0.0
    tempo = 500000  # the MIDI default when a file sets none
    for msg in mido.merge_tracks(mid.tracks):
        t += mido.tick2second(msg.time, mid.ticks_per_beat, tempo)
        if t > until_s:
            break
        if msg.type == "set_tempo":
            tempo = msg.tempo
            tempos.add(tempo)
    tempos = tempos or {500000}
    assert len(tempos) == 1, f"tempo changes before {until_s} s: {sorted(tempos)}"
    return tempos.pop()

def truncate(mid, tempo, end_s):
    """Drop everything after end_s so that long files render quickly; notes held at the
    cut are silenced by an all-notes-off on every channel."""
    cut = int(end_s * 1e6 / tempo * mid.ticks_per_beat)
    out = mido.MidiFile(type=mid.type, ticks_per_beat=mid.ticks_per_beat)
    for track in mid.tracks:
        new, tick, last = mido.MidiTrack(), 0, 0
        for msg in track:
            tick += msg.time
            if tick > cut:
                break
            if msg.type == "end_of_track":
                continue
            new.append(msg.copy(time=tick - last))
            last = tick
        for ch in range(16):
            new.append(mido.Message("control_change", channel=ch, control=123, value=0,
                                    time=cut - last if ch == 0 else 0))
        out.tracks.append(new)
    return out

def render(mid, name, start):
    mid.save(f"midi/{name}.mid")
    subprocess.run(["fluidsynth", "-ni", "-q", "-r", "44100", "-F", f"midi/{name}.full.wav",
                    SF2, f"midi/{name}.mid"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["sox", f"midi/{name}.full.wav", f"audio/{name}.wav",
                    "trim", str(start), str(DUR), "norm", "-1"], check=True)
    os.remove(f"midi/{name}.full.wav")

def metre(mid):
    for msg in mido.merge_tracks(mid.tracks):
        if msg.type == "time_signature":
            return f"{msg.numerator}/{msg.denominator}"
    return "?"

os.makedirs("midi", exist_ok=True)
truth = []
for name, source, src, start in MIDI:
    mid = load(src)
    tempo = constant_tempo(mid, start + DUR)
    render(truncate(mid, tempo, start + DUR + 2), name, start)
    truth.append((name, source, metre(mid), mido.tempo2bpm(tempo)))

from music21 import corpus
for name, work, bpm in CLASSICAL:
    corpus.parse(work).write("midi", fp=f"midi/{name}.m21.mid")
    mid = mido.MidiFile(f"midi/{name}.m21.mid")
    # Replace whatever tempo music21 wrote with the one chosen above, at the start.
    for track in mid.tracks:
        for i in reversed(range(len(track))):
            if track[i].type == "set_tempo":
                if i + 1 < len(track):
                    track[i + 1].time += track[i].time
                del track[i]
    mid.tracks[0].insert(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=0))
    render(truncate(mid, mido.bpm2tempo(bpm), DUR + 2), name, 0)
    truth.append((name, "music21 corpus", metre(mid), float(bpm)))

for name, song in FRETS:
    chart = mido.MidiFile(f"{FOF}/{song}/notes.mid")
    tempo = constant_tempo(chart, chart.length)
    # The backing track and the guitar are separate files in the pack; the song is both.
    subprocess.run(["sox", "-m", f"{FOF}/{song}/song.ogg", f"{FOF}/{song}/guitar.ogg",
                    "-r", "44100", f"audio/{name}.wav", "trim", "30", str(DUR), "norm", "-1"],
                   check=True)
    truth.append((name, "Frets on Fire (recorded)", metre(chart), mido.tempo2bpm(tempo)))

with open("truth.tsv", "w") as f:
    for row in truth:
        f.write("\t".join(map(str, row)) + "\n")
print(f"corpus: {len(truth)} excerpts of {DUR:.0f} s")
EOF
)

# Run both tools on every excerpt; one line each: name, framewave JSON, aubio's answer.
: > "$work/results.tsv"
while IFS=$'\t' read -r name _; do
  wav="$work/audio/$name.wav"
  fwjson=$("$fw" analyze-audio --in "$wav" --json 2>/dev/null || echo '{}')
  aub=$(aubio tempo "$wav" 2>/dev/null | awk '/bpm/ {v=$1} END {print v+0}')
  printf '%s\t%s\t%s\n' "$name" "$fwjson" "$aub" >> "$work/results.tsv"
done < "$work/truth.tsv"

(cd "$work" && "$py" - <<'EOF'
import json
from fractions import Fraction

truth = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open("truth.tsv")}

def correct(est, true):
    return est is not None and any(abs(est - true * k) <= 0.04 * true * k for k in (0.5, 1, 2))

def ratio(est, true):
    """est/true as the nearest simple fraction, to show how a wrong answer is wrong."""
    if not est:
        return "-"
    r = est / true
    f = Fraction(r).limit_denominator(4)
    return f"{r:.3f}" + (f" (~{f})" if abs(r - f) / f <= 0.02 else "")

fw_ok = au_ok = fw_only = au_only = live_ok = 0
print(f"{'excerpt':28} {'source':24} {'metre':5} {'true':>7}  {'framewave':>9} {'conf':>5} {'ok':3} {'fw/true':15}  {'aubio':>7} {'ok':3} {'aubio/true':15}  {'live':>7} {'ok':3}")
for line in open("results.tsv"):
    name, fwjson, aub = line.rstrip("\n").split("\t")
    _, source, metre, true = truth[name]
    true = float(true)
    fw = json.loads(fwjson)
    fbpm, conf = fw.get("bpm"), fw.get("bpm_confidence")
    abpm = float(aub) or None
    lbpm = fw.get("live_bpm")
    fo, ao, lo = correct(fbpm, true), correct(abpm, true), correct(lbpm, true)
    fw_ok += fo; au_ok += ao; live_ok += lo
    fw_only += fo and not ao; au_only += ao and not fo
    num = lambda x, w: f"{x:{w}.2f}" if x is not None else f"{'-':>{w}}"
    print(f"{name:28} {source:24} {metre:5} {true:7.2f}  {num(fbpm, 9)} {num(conf, 5)} "
          f"{'yes' if fo else 'NO':3} {ratio(fbpm, true):15}  "
          f"{num(abpm, 7)} {'yes' if ao else 'NO':3} {ratio(abpm, true):15}  "
          f"{num(lbpm, 7)} {'yes' if lo else 'NO':3}")
n = len(truth)
print(f"\ncorrect (within 4% of the tempo, its half or its double): "
      f"framewave {fw_ok}/{n}, aubio {au_ok}/{n}")
print(f"right by framewave only: {fw_only}, by aubio only: {au_only}")
print(f"framewave's live analysis (the last 10 s, as beat sync reads it): {live_ok}/{n}")
EOF
)
echo "run time: $((SECONDS - start)) s (corpus, results and table in $work)"
