#!/usr/bin/env bash
# Installs the Debian packages Riskbench needs to build, run and test. Idempotent: does nothing when they are
# already present. Building needs only a C toolchain; the rest are loaded at run time (window, GPU emulation,
# fonts) or used by tests (Xvfb, pdftotext, ImageMagick).
set -euo pipefail

packages=(
  build-essential pkg-config
  # window and rendering, loaded at run time by winit / wgpu (software Vulkan and GL for machines without a GPU)
  libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon-x11-0 libfontconfig1
  libvulkan1 mesa-vulkan-drivers libegl1 libgl1-mesa-dri
  # native file dialogs (rfd, xdg-portal backend falls back to zenity without a portal)
  zenity
  # tests and screenshots: virtual display, PDF tools, image tools
  xvfb xauth imagemagick poppler-utils
  # `script` gives CLI tests a terminal (readable tables on a terminal, JSON when piped)
  bsdutils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
