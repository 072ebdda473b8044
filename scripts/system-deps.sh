#!/usr/bin/env bash
# Install what the end-to-end tests drive: Debian's Chromium (pages), LibreOffice Impress and
# poppler (decks rendered to PDF and PNG), and fonts. Skips what is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-impress)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# Carlito has Calibri's metrics: decks are measured and rendered with it (tests/test_deck_layout.py)
fc-list 2>/dev/null | grep -qi carlito || need+=(fonts-crosextra-carlito)
command -v fc-match >/dev/null 2>&1 || need+=(fontconfig)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing system packages: ${need[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
