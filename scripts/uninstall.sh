#!/usr/bin/env bash
# Removes avmonitoring-agent installed by install.sh (see docs/operations.md): stops and disables the service,
# removes the code, the unit and the user. Keeps the configuration and the data unless --purge.
set -euo pipefail

readonly SERVICE_USER=avmonitoring
readonly UNIT=avmonitoring-agent.service
readonly OPT=/opt/avmonitoring-agent
readonly ETC=/etc/avmonitoring
readonly DATA=/var/lib/avmonitoring
readonly LOGS=/var/log/avmonitoring
readonly DEFAULTS=/etc/default/avmonitoring-agent
readonly UNIT_FILE=/etc/systemd/system/$UNIT
readonly OWNERS_MANIFEST=avmonitoring-owners.txt

usage() {
    cat <<EOF
Usage: uninstall.sh [--purge] [--root DIR]
  --purge     also remove $ETC (config.json, credentials), $DATA (state, hot-deployed bundles), $LOGS
              and $DEFAULTS
  --root DIR  uninstall from the staging root DIR written by install.sh --root (no systemctl, no userdel)
EOF
}

die() { echo "uninstall.sh: $*" >&2; exit 1; }
say() { echo "uninstall.sh: $*"; }

root="" purge=no
while [ $# -gt 0 ]; do
    case "$1" in
        --purge) purge=yes; shift ;;
        --root) root=${2:?--root needs a directory}; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

if [ -n "$root" ]; then
    [ -d "$root" ] || die "staging root $root not found"
    root=$(cd "$root" && pwd)
else
    [ "$(id -u)" -eq 0 ] || die "run as root (or with --root DIR for a staging root)"
    if dpkg-query -W -f='${Status}' avmonitoring-agent 2> /dev/null | grep -q "ok installed"; then
        die "the agent was installed by the Debian package: use apt remove avmonitoring-agent (apt purge to remove its data)"
    fi
    if [ -d /run/systemd/system ]; then
        systemctl disable --now "$UNIT" > /dev/null 2>&1 || true
        say "stopped and disabled $UNIT"
    fi
fi

# remove PATH (absolute, as on the target system)
remove() {
    case "$1" in /?*) ;; *) die "refusing to remove '$1'" ;; esac
    if [ -e "$root$1" ] || [ -L "$root$1" ]; then
        rm -rf -- "$root$1"
        say "removed $1"
    fi
}

remove "$UNIT_FILE"
[ -n "$root" ] || [ ! -d /run/systemd/system ] || systemctl daemon-reload
remove "$OPT"

if [ -z "$root" ] && getent passwd "$SERVICE_USER" > /dev/null; then
    userdel "$SERVICE_USER"
    say "removed user $SERVICE_USER"
fi

kept=()
for path in "$ETC" "$DATA" "$LOGS" "$DEFAULTS"; do
    if [ "$purge" = yes ]; then
        remove "$path"
    elif [ -e "$root$path" ]; then
        kept+=("$path")
    fi
done

if [ -n "$root" ] && [ -f "$root/$OWNERS_MANIFEST" ]; then
    # Forget the owners of what is gone.
    while read -r owner mode path; do
        [ -e "$root$path" ] && echo "$owner $mode $path"
    done < "$root/$OWNERS_MANIFEST" > "$root/$OWNERS_MANIFEST.tmp" || true
    mv "$root/$OWNERS_MANIFEST.tmp" "$root/$OWNERS_MANIFEST"
    [ -s "$root/$OWNERS_MANIFEST" ] || rm -f "$root/$OWNERS_MANIFEST"
fi

if [ ${#kept[@]} -gt 0 ]; then
    say "kept ${kept[*]} (config.json holds the site token); remove them with: uninstall.sh --purge"
else
    say "nothing kept"
fi
