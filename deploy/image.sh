#!/usr/bin/env bash
# Build the image with whichever container engine works here, and print its size.
#
#   deploy/image.sh [TAG]           (`make image`; TAG defaults to myschool-federation:<version>)
#   deploy/image.sh --engine        print the engine's command line (docker, or podman with its
#                                   sandbox settings), then on a second line the options for
#                                   `build` and `run`; exit 3 when none works
#
# The engine: docker when its daemon answers, otherwise podman. For podman the settings
# that let it run inside sandboxes (a container itself, no user namespaces, hybrid
# cgroups) are always given; they change nothing elsewhere:
#   - CONTAINERS_CONF names deploy/podman-containers.conf (`default_ulimits = []`: the
#     limits are inherited instead of set, which such sandboxes refuse), unless set already;
#   - `--runtime runc` when runc is installed (crun refuses hybrid cgroups);
#   - `--network host` for build steps and containers (no bridge or netavark needed; docker
#     gets it too, so that a container reaches the machine's PostgreSQL at 127.0.0.1).
#
# The base: BASE_IMAGE if given; else python:3.11-slim when the engine has it or can pull
# it; else localhost/debian-base:bookworm, Debian bookworm's own python3 and python3-venv
# in a root file system made by debootstrap from Debian's packages (made once, then
# reused: REBUILD_BASE=1 makes it again).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEBIAN_BASE="${DEBIAN_BASE:-localhost/debian-base:bookworm}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
REGISTRY_BASE="python:3.11-slim"

# Sets ENGINE (an array: the command and its global options), RUN_OPTS (options for
# build and run) and BUILD_OPTS; returns 1 when no engine works.
detect_engine() {
    RUN_OPTS=(--network host)
    BUILD_OPTS=()
    if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
        ENGINE=(docker)
        return 0
    fi
    if command -v podman >/dev/null 2>&1; then
        export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/podman-containers.conf}"
        ENGINE=(podman)
        if command -v runc >/dev/null 2>&1; then
            ENGINE+=(--runtime runc)
        fi
        # Docker's image format keeps the HEALTHCHECK (OCI's has no such field).
        BUILD_OPTS=(--format docker)
        if "${ENGINE[@]}" info >/dev/null 2>&1; then
            return 0
        fi
    fi
    return 1
}

has_image() {
    "${ENGINE[@]}" image inspect "$1" >/dev/null 2>&1
}

# A root file system of Debian bookworm with its python3, made from Debian's packages.
build_debian_base() {
    local dir
    dir="$(mktemp -d)"
    echo "Making $DEBIAN_BASE with debootstrap from $DEBIAN_MIRROR" >&2
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        bookworm "$dir" "$DEBIAN_MIRROR" >/dev/null
    # As the slim images do: no manuals, info pages, translations or documentation but
    # the copyright files.
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir"/var/log/* \
        "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/*
    find "$dir"/usr/share/doc -type f ! -name copyright -delete
    tar -C "$dir" -c . | "${ENGINE[@]}" import \
        --change 'ENV LANG=C.UTF-8' --change 'CMD ["/bin/bash"]' - "$DEBIAN_BASE" >/dev/null
    rm -rf "$dir"
}

choose_base() {
    if [ -n "${BASE_IMAGE:-}" ]; then
        echo "$BASE_IMAGE"
    elif has_image "$REGISTRY_BASE" || timeout 120 "${ENGINE[@]}" pull -q "$REGISTRY_BASE" >/dev/null 2>&1; then
        echo "$REGISTRY_BASE"
    else
        if [ -n "${REBUILD_BASE:-}" ] || ! has_image "$DEBIAN_BASE"; then
            if ! command -v debootstrap >/dev/null 2>&1; then
                echo "$REGISTRY_BASE cannot be pulled and debootstrap is not installed" >&2
                return 1
            fi
            build_debian_base
        fi
        echo "$DEBIAN_BASE"
    fi
}

if ! detect_engine; then
    echo "no container engine works here (neither a docker daemon nor podman)" >&2
    exit 3
fi
if [ "${1:-}" = "--engine" ]; then
    if [ "${ENGINE[0]}" = podman ]; then
        echo "env CONTAINERS_CONF=$CONTAINERS_CONF ${ENGINE[*]}"
    else
        echo "${ENGINE[*]}"
    fi
    echo "${RUN_OPTS[*]}"
    exit 0
fi

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/pyproject.toml")"
tag="${1:-myschool-federation:$version}"
base="$(choose_base)"
# Where PyPI is reached through a TLS-inspecting proxy, pip in the build needs the
# machine's CA bundle: a build secret, kept out of the image's layers.
cert="${PIP_CERT:-${REQUESTS_CA_BUNDLE:-}}"
if [ -n "$cert" ] && [ -f "$cert" ]; then
    BUILD_OPTS+=(--secret "id=pip_cert,src=$cert")
fi
echo "Building $tag on $base with ${ENGINE[0]}" >&2
"${ENGINE[@]}" build "${RUN_OPTS[@]}" "${BUILD_OPTS[@]}" --build-arg "BASE_IMAGE=$base" -f "$ROOT/deploy/Dockerfile" -t "$tag" "$ROOT" >&2
size="$("${ENGINE[@]}" image inspect --format '{{.Size}}' "$tag")"
echo "$tag: $((size / 1000000)) MB"
