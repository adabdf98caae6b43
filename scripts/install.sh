#!/usr/bin/env bash
# Installs or updates avmonitoring-agent on a systemd host (see docs/operations.md).
#
# Running it again over an installed agent is the update: new code in /opt/avmonitoring-agent, the same
# config.json, credentials and data, the service restarted. Nothing the admin changed under /etc is overwritten.
set -euo pipefail
umask 022

readonly SERVICE_USER=avmonitoring
readonly UNIT=avmonitoring-agent.service
readonly OPT=/opt/avmonitoring-agent
readonly ETC=/etc/avmonitoring
readonly DATA=/var/lib/avmonitoring
readonly LOGS=/var/log/avmonitoring
readonly DEFAULTS=/etc/default/avmonitoring-agent
readonly UNIT_DIR=/etc/systemd/system
readonly OWNERS_MANIFEST=avmonitoring-owners.txt
readonly PLACEHOLDER_TOKEN_RE='"site_token"[[:space:]]*:[[:space:]]*"CHANGE-ME"'
readonly JAVA_PACKAGE=openjdk-17-jre-headless

usage() {
    cat <<EOF
Usage: install.sh [options]
  --from DIR          installation tree to install (default: the tree this script belongs to:
                      \$(dirname \$0)/.. in a release, launcher/target/avmonitoring-agent in the source tree)
  --site-name NAME    site name for a new config.json
  --token TOKEN       site token for a new config.json (visible to other local users in the process list:
                      prefer --token-file or the AVMON_SITE_TOKEN environment variable)
  --token-file FILE   read the site token from FILE ("-" for standard input)
  --backend-url URL   backend URL for a new config.json
  --no-ui-password    do not generate a password for the local web UI
  --no-start          install and enable the service, but do not (re)start it
  --root DIR          install into the staging root DIR: no user creation, no chown, no systemctl; the intended
                      owners are written to DIR/$OWNERS_MANIFEST (for packaging and tests)
  --packaged          the code and the unit are managed by the Debian package: only create the user, the
                      directories, config.json and the credentials, never asking (called by the package's postinst)
  -h, --help          this help
The environment variables AVMON_SITE_NAME, AVMON_SITE_TOKEN and AVMON_BACKEND_URL stand for the three options.
Without them, a new config.json takes the values typed on the terminal, or keeps the CHANGE-ME placeholders when
there is no terminal. An existing config.json is never changed.
EOF
}

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "install.sh: $*"; }

script_dir=$(cd "$(dirname "$0")" && pwd)
from="" root="" site_name="${AVMON_SITE_NAME:-}" token="${AVMON_SITE_TOKEN:-}" backend_url="${AVMON_BACKEND_URL:-}" ui_password=yes start=yes packaged=no
while [ $# -gt 0 ]; do
    case "$1" in
        --from) from=${2:?--from needs a directory}; shift 2 ;;
        --root) root=${2:?--root needs a directory}; shift 2 ;;
        --site-name) site_name=${2?--site-name needs a value}; shift 2 ;;
        --token) token=${2?--token needs a value}; shift 2 ;;
        --token-file)
            f=${2:?--token-file needs a file}
            if [ "$f" = - ]; then IFS= read -r token || true; else IFS= read -r token < "$f" || true; fi
            shift 2 ;;
        --backend-url) backend_url=${2?--backend-url needs a value}; shift 2 ;;
        --no-ui-password) ui_password=no; shift ;;
        --no-start) start=no; shift ;;
        --packaged) packaged=yes; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

# ---- the tree to install ------------------------------------------------------------------------------------------
if [ -z "$from" ]; then
    if [ -x "$script_dir/../bin/avmonitoring-agent" ]; then
        from="$script_dir/.."
    else
        from="$script_dir/../launcher/target/avmonitoring-agent"
    fi
fi
[ -d "$from" ] || die "installation tree $from not found (build it with: mvn -B package, or pass --from DIR)"
from=$(cd "$from" && pwd)
for f in bin/avmonitoring-agent lib/avmonitoring-launcher.jar conf/config.example.json VERSION; do
    [ -e "$from/$f" ] || die "$from is not an installation tree: $f is missing"
done
# The unit and the defaults file travel with the scripts: scripts/ and systemd/ side by side, in the source tree
# as in the installed tree.
unit_src="$script_dir/../systemd/$UNIT"
defaults_src="$script_dir/../systemd/avmonitoring-agent.default"
for f in "$unit_src" "$defaults_src" "$script_dir/uninstall.sh"; do
    [ -f "$f" ] || die "$f not found next to this script"
done
version=$(cat "$from/VERSION")

if [ -n "$root" ]; then
    mkdir -p "$root"
    root=$(cd "$root" && pwd)
elif [ "$(id -u)" -ne 0 ]; then
    die "run as root (or with --root DIR for a staging root)"
fi
if [ "$packaged" = yes ] && [ "$(cd "$from" && pwd -P)" != "$(cd "$root$OPT" 2>/dev/null && pwd -P)" ]; then
    die "--packaged expects the tree to be $OPT (the package's files)"
fi

# ---- Java 17+ ------------------------------------------------------------------------------------------------------
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
java_version=$("$java_bin" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1) || true
[ -n "$java_version" ] || die "no Java runtime found ($java_bin): install one with: apt-get install $JAVA_PACKAGE"
java_major=${java_version%%[.+-]*}
[ "$java_major" = 1 ] && java_major=$(echo "$java_version" | cut -d. -f2)
[ "$java_major" -ge 17 ] 2>/dev/null \
    || die "Java $java_version found ($java_bin), 17 or newer needed: apt-get install $JAVA_PACKAGE"

# The ping driver sends ICMP echo through fping; without it, ping checks fail (other drivers work).
command -v fping > /dev/null || [ -x /usr/bin/fping ] \
    || say "warning: fping not found: ping checks will fail until you run: apt-get install fping"

# ---- owners and modes: chown on a real system, recorded in the manifest in a staging root -------------------------
if [ -n "$root" ]; then
    manifest="$root/$OWNERS_MANIFEST"
    touch "$manifest"
fi

# own MODE OWNER:GROUP PATH (PATH as on the target system, without the staging root)
own() {
    chmod "$1" "$root$3"
    if [ -n "$root" ]; then
        awk -v p="$3" '$3 != p' "$manifest" > "$manifest.tmp"
        echo "$2 $1 $3" >> "$manifest.tmp"
        mv "$manifest.tmp" "$manifest"
    else
        chown "$2" "$3"
    fi
}

service_active() { [ -z "$root" ] && [ -d /run/systemd/system ] && systemctl is-active --quiet "$UNIT"; }

# ---- user ----------------------------------------------------------------------------------------------------------
if [ -z "$root" ] && ! getent passwd "$SERVICE_USER" > /dev/null; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        --comment "avmonitoring agent" "$SERVICE_USER"
    say "created system user $SERVICE_USER (no shell, no home)"
fi

# ---- code ----------------------------------------------------------------------------------------------------------
was_active=no
if [ "$packaged" = no ]; then
    staging="$root$OPT.new"
    rm -rf "$staging"
    mkdir -p "$(dirname "$staging")"
    cp -R "$from" "$staging"
    mkdir -p "$staging/scripts" "$staging/systemd"
    cp "$script_dir/install.sh" "$script_dir/uninstall.sh" "$staging/scripts/"
    cp "$unit_src" "$defaults_src" "$staging/systemd/"
    # Code is root's: readable by all, writable by root only.
    chmod -R u=rwX,go=rX "$staging"
    chmod 755 "$staging"/bin/* "$staging"/scripts/*.sh
    [ -n "$root" ] || chown -R root:root "$staging"
    if service_active; then
        was_active=yes
        systemctl stop "$UNIT"
    fi
    if [ -e "$root$OPT" ]; then
        rm -rf "$root$OPT.old"
        mv "$root$OPT" "$root$OPT.old"
    fi
    mv "$staging" "$root$OPT"
    rm -rf "$root$OPT.old"
    own 755 root:root "$OPT"
    say "installed version $version in $root$OPT"
fi

# ---- directories ---------------------------------------------------------------------------------------------------
# Config and data belong to the service user; the hot-deploy folder runs code, so only root and the service user
# may write to it.
for d in "$ETC" "$DATA" "$DATA/deploy" "$LOGS"; do
    mkdir -p "$root$d"
    own 750 "$SERVICE_USER:$SERVICE_USER" "$d"
done
# A reinstall after uninstall.sh may have a new uid: hand the kept data back to the service user.
[ -n "$root" ] || chown -R "$SERVICE_USER:$SERVICE_USER" "$DATA" "$LOGS"

# ---- config.json ---------------------------------------------------------------------------------------------------
json_escape() {
    local s=$1
    s=${s//\\/\\\\}
    s=${s//\"/\\\"}
    printf '%s' "$s"
}

# Replaces the string value of "key" in the template's lines; builtins only, so the token never reaches a command line.
set_value() {
    local key=$1 value=$2 line out=""
    local re="^([[:space:]]*\"$key\"[[:space:]]*:[[:space:]]*)\"[^\"]*\"(.*)$"
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line =~ $re ]]; then
            line="${BASH_REMATCH[1]}\"$(json_escape "$value")\"${BASH_REMATCH[2]}"
        fi
        out+="$line"$'\n'
    done <<< "$config"
    config=$out
}

check_value() {
    case "$2" in
        *[[:cntrl:]]*) die "$1 contains a control character" ;;
    esac
}

config_file="$root$ETC/config.json"
if [ -e "$config_file" ]; then
    say "kept the existing $ETC/config.json"
    [ -z "$site_name$token$backend_url" ] || say "--site-name/--token/--backend-url ignored: edit $ETC/config.json instead"
else
    if [ "$packaged" = no ] && [ -t 0 ] && [ -t 1 ]; then
        [ -n "$site_name" ] || read -r -p "Site name: " site_name
        if [ -z "$token" ]; then
            read -r -s -p "Site token (not echoed): " token
            echo
        fi
        [ -n "$backend_url" ] || read -r -p "Backend URL (https://...): " backend_url
    fi
    config=$(cat "$from/conf/config.example.json")
    if [ -n "$site_name" ]; then check_value "site name" "$site_name"; set_value site_name "$site_name"; fi
    if [ -n "$token" ]; then check_value "site token" "$token"; set_value site_token "$token"; fi
    if [ -n "$backend_url" ]; then check_value "backend URL" "$backend_url"; set_value backend_url "$backend_url"; fi
    (umask 077; printf '%s\n' "${config%$'\n'}" > "$config_file.tmp")
    mv "$config_file.tmp" "$config_file"
    say "created $ETC/config.json from the template"
fi
# Also on an update: after uninstall.sh and a reinstall, the kept files may carry the old user's uid.
own 640 "$SERVICE_USER:$SERVICE_USER" "$ETC/config.json"
unset token config

# ---- credentials ---------------------------------------------------------------------------------------------------
random_password() { tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 20 || true; }

# The Web Console's hashed form: {sha-256} and the Base64 of the SHA-256 of the password.
sha256_base64() {
    local hex escaped="" i
    hex=$(printf '%s' "$1" | sha256sum | cut -c1-64)
    for ((i = 0; i < 64; i += 2)); do escaped+="\\x${hex:i:2}"; done
    printf '{sha-256}%s' "$(printf '%b' "$escaped" | base64 -w0)"
}

credentials="$root$ETC/credentials.properties"
if [ -e "$credentials" ]; then
    say "kept the existing $ETC/credentials.properties"
else
    console_password=$(random_password)
    (umask 077; {
        echo "# Web Console (/system/console) and local UI credentials, written by install.sh."
        echo "# Passwords are stored hashed; to change one, put the new password in plain text or its {sha-256} form."
        echo "webconsole.username=admin"
        echo "webconsole.password=$(sha256_base64 "$console_password")"
    } > "$credentials.tmp")
    notice="$root$ETC/initial-credentials.txt"
    (umask 077; {
        echo "avmonitoring-agent initial credentials (read them, store them in your password manager, delete this file)"
        echo "Web Console http://127.0.0.1:8080/system/console  user: admin  password: $console_password"
    } > "$notice")
    if [ "$ui_password" = yes ]; then
        ui=$(random_password)
        echo "ui.password=$(sha256_base64 "$ui")" >> "$credentials.tmp"
        echo "Local web UI http://127.0.0.1:8080/  password: $ui" >> "$notice"
    fi
    unset console_password ui
    mv "$credentials.tmp" "$credentials"
    own 600 root:root "$ETC/initial-credentials.txt"
    say "generated the Web Console credentials: they are in $ETC/initial-credentials.txt (readable by root only)"
fi
own 640 "root:$SERVICE_USER" "$ETC/credentials.properties"

# ---- unit ----------------------------------------------------------------------------------------------------------
if [ ! -e "$root$DEFAULTS" ]; then
    mkdir -p "$root$(dirname "$DEFAULTS")"
    cp "$defaults_src" "$root$DEFAULTS"
    own 644 root:root "$DEFAULTS"
fi
if [ "$packaged" = no ]; then
    mkdir -p "$root$UNIT_DIR"
    cp "$unit_src" "$root$UNIT_DIR/$UNIT"
    own 644 root:root "$UNIT_DIR/$UNIT"
fi

configured=yes
grep -Eq "$PLACEHOLDER_TOKEN_RE" "$config_file" && configured=no
if [ -n "$root" ] || [ "$packaged" = yes ]; then
    say "done (staging root or package: the service is not touched)"
elif [ ! -d /run/systemd/system ]; then
    say "systemd is not running here: start $OPT/bin/avmonitoring-agent yourself"
else
    systemctl daemon-reload
    systemctl enable "$UNIT" > /dev/null 2>&1
    if [ "$configured" = no ]; then
        say "enabled $UNIT; set site_token (and backend_url) in $ETC/config.json, then: systemctl start $UNIT"
    elif [ "$start" = no ]; then
        say "enabled $UNIT (not started: --no-start)"
    else
        if [ "$was_active" = yes ]; then what=restarted; else what=started; fi
        systemctl restart "$UNIT"
        say "$what $UNIT; check it with: systemctl status $UNIT; journalctl -u $UNIT"
    fi
fi
