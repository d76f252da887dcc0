#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages the build, test and demo scripts need.
# Idempotent: does nothing when everything is present.

set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(build-essential flex bison bc libelf-dev libssl-dev cpio xz-utils
      rsync kmod python3 perl sparse coccinelle ccache
      qemu-system-x86 qemu-system-data busybox-static libdrm-dev
      dkms python3-sphinx python3-ply python3-git ocaml-nox git linux-source-6.12
      libdrm-tests drm-info gcc-aarch64-linux-gnu)

hdr_pkgs() {
	apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' |
		awk '{print $1}' | sort -V
}

# The newest headers for the build, and the oldest the archive has before
# 6.12.110, which the out-of-tree build must refuse (scripts/oot-build.sh).
hdr_pkg() {
	hdr_pkgs | tail -n 1
}

old_hdr_pkg() {
	hdr_pkgs | awk -F'[.+]' '$3 < 110' | head -n 1
}

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if ! ls -d /usr/src/linux-headers-6.12.*-amd64 >/dev/null 2>&1; then
	missing+=(HEADERS)
fi
if [ -z "$(old_headers_dir)" ]; then
	missing+=(OLD_HEADERS)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
# An apt or dpkg run that was killed leaves dpkg half-configured.
$SUDO dpkg --configure -a
$SUDO apt-get update -qq
for i in "${!missing[@]}"; do
	case ${missing[$i]} in
	HEADERS)
		missing[i]=$(hdr_pkg)
		;;
	OLD_HEADERS)
		missing[i]=$(old_hdr_pkg)
		if [ -z "${missing[$i]}" ]; then
			echo "deps: the archive has no linux-headers-6.12.y before 6.12.110"
			unset 'missing[i]'
		fi
		;;
	esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
	--no-install-recommends "${missing[@]}" >/dev/null
