#!/usr/bin/env python3
"""Generates groove.wav: a 30 s, 22.05 kHz mono loop of drums, bass and chords.

Pure standard library so anyone can regenerate it bit-for-bit: `python3 generate_groove.py`.
It is the music framewave plays and visualises when nothing is configured, so it is built to
exercise a visualiser: a kick on every beat (low band), a snare on 2 and 4 and hi-hats on eighths
(high band), a walking bass line and sustained chords (mids), at 120 BPM.
"""
import math
import random
import struct
import wave

RATE = 22050
SECONDS = 30
BPM = 120
BEAT = 60 / BPM
random.seed(7)  # deterministic noise for snare and hats

samples = [0.0] * (RATE * SECONDS)


def add(start, length, voice):
    first = int(start * RATE)
    for i in range(int(length * RATE)):
        if first + i >= len(samples):
            return
        samples[first + i] += voice(i / RATE)


def kick(t):
    freq = 50 + 90 * math.exp(-t * 30)
    return 0.9 * math.sin(2 * math.pi * freq * t) * math.exp(-t * 9)


def snare(t):
    return 0.35 * (random.uniform(-1, 1) + 0.5 * math.sin(2 * math.pi * 190 * t)) * math.exp(-t * 22)


def hat(t):
    return 0.12 * random.uniform(-1, 1) * math.exp(-t * 70)


def tone(freq, gain, decay):
    def voice(t):
        wave_ = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
        attack = min(1.0, t * 200)
        return gain * wave_ * attack * math.exp(-t * decay)
    return voice


def midi(note):
    return 440 * 2 ** ((note - 69) / 12)


# i - VI - III - VII in A minor, one chord per bar.
CHORDS = [[57, 60, 64], [53, 57, 60], [48, 52, 55], [55, 59, 62]]
BASS = [[33, 33, 40, 36], [29, 29, 36, 33], [36, 36, 43, 40], [31, 31, 38, 35]]

beats = int(SECONDS / BEAT)
for beat in range(beats):
    t = beat * BEAT
    bar, step = divmod(beat, 4)
    add(t, 0.45, kick)
    if step in (1, 3):
        add(t, 0.3, snare)
    add(t, 0.08, hat)
    add(t + BEAT / 2, 0.08, hat)
    add(t, BEAT, tone(midi(BASS[bar % 4][step]), 0.35, 3))
    if step == 0:
        for note in CHORDS[bar % 4]:
            add(t, 4 * BEAT, tone(midi(note), 0.12, 0.6))

peak = max(abs(s) for s in samples)
with wave.open("groove.wav", "wb") as out:
    out.setnchannels(1)
    out.setsampwidth(2)
    out.setframerate(RATE)
    out.writeframes(b"".join(struct.pack("<h", int(s / peak * 0.89 * 32767)) for s in samples))
