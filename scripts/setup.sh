#!/usr/bin/env bash
# Installs what framewave needs to build, run and test on Debian 12 / Ubuntu, if it is missing.
# Uses apt-get when running as root or with sudo; otherwise says what to install and goes on.
set -euo pipefail

# Build: pkg-config + ALSA headers (audio capture) + libheif headers (HEIC and AVIF photos;
# Debian's libheif decodes with libde265 and dav1d). Run/test with no GPU: Mesa's lavapipe
# (CPU Vulkan) and llvmpipe, the X11 client libraries winit loads, Xvfb for a virtual display,
# ImageMagick to screenshot it, xwininfo to see windows come and go, fuse3 for the test that
# mounts a share that stops answering; Xorg with the dummy video driver and xrandr for the
# tests with two monitors (Xvfb shows winit only one); PulseAudio, its tools and ALSA's pulse
# plugin for the test that captures what a null sink plays (there is no sound card); a D-Bus
# daemon for the now-playing tests, which serve a fake music player on a bus of their own.
PACKAGES=(
  pkg-config libasound2-dev libheif-dev
  mesa-vulkan-drivers libvulkan1 libgl1-mesa-dri libegl1 libegl-mesa0
  libxkbcommon-x11-0 libx11-xcb1 libxcursor1 libxrandr2 libxi6
  xvfb xauth x11-apps x11-utils imagemagick fuse3
  xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils
  pulseaudio pulseaudio-utils libasound2-plugins
  dbus-daemon
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    echo "framewave setup: please install: ${missing[*]}" >&2
    exit 1
  fi
  echo "framewave setup: installing ${missing[*]}" >&2
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "framewave setup: a Rust toolchain (cargo) is required" >&2; exit 1; }
