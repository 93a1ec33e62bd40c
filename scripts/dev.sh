#!/usr/bin/env bash
# Development, run and test loop of the mentorship_odoo addon.
#   scripts/dev.sh setup | run | test | shell | db-start | db-stop | db-status
# Every command performs the setup it needs first; see README.md for settings.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ADDON=mentorship_odoo
VENV="${MENTORSHIP_VENV:-$ROOT/.venv}"
LOCAL="$ROOT/.local"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/mentorship_odoo"
ODOO_CACHE="$CACHE_DIR/odoo-19.0"
ODOO_ARCHIVE_URL="${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}"
PYTHON="${PYTHON:-python3}"
HTTP_PORT="${MENTORSHIP_HTTP_PORT:-8069}"
GEVENT_PORT="${MENTORSHIP_GEVENT_PORT:-8072}"
DB_NAME="${MENTORSHIP_DB:-mentorship}"
ADMIN_LOGIN="${MENTORSHIP_ADMIN_LOGIN:-admin}"
ADMIN_PASSWORD="${MENTORSHIP_ADMIN_PASSWORD:-admin}"
PG_LOCAL_PORT="${MENTORSHIP_PG_PORT:-55432}"
PG_DIR="$LOCAL/pg"
PGDATA_DIR="$PG_DIR/data"
PGRUN_DIR="$PG_DIR/run"
PG_LOG="$PG_DIR/postgresql.log"
PG_DB_USER=odoo

say() { printf '[mentorship] %s\n' "$*"; }
die() { printf '[mentorship] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- Odoo source
odoo_tree_ok() { [ -f "$1/odoo/release.py" ] && [ -d "$1/odoo/addons/base" ] && grep -q "version_info = (19, 0" "$1/odoo/release.py"; }

fill_cache_from() {
    local src="$1" tmp="$CACHE_DIR/.incoming.$$"
    say "Copying the Odoo 19.0 source from $src into $ODOO_CACHE"
    rm -rf "$tmp" && mkdir -p "$tmp"
    tar -C "$src" --exclude=./.git --exclude=./Hackathon -cf - . | tar -C "$tmp" -xf -
    rm -rf "$ODOO_CACHE" && mv "$tmp" "$ODOO_CACHE"
}

ensure_odoo_source() {
    mkdir -p "$CACHE_DIR"
    if [ -n "${ODOO_SRC:-}" ]; then
        odoo_tree_ok "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 source tree (no odoo/release.py for 19.0)."
        local want have=""
        want=$(cd "$ODOO_SRC" && git rev-parse HEAD 2>/dev/null || stat -c %Y "$ODOO_SRC/odoo/release.py")
        [ -f "$ODOO_CACHE/.source-id" ] && have=$(cat "$ODOO_CACHE/.source-id")
        if [ "$(cd "$ODOO_SRC" && pwd)" != "$ODOO_CACHE" ] && { [ "$want" != "$have" ] || ! odoo_tree_ok "$ODOO_CACHE"; }; then
            fill_cache_from "$ODOO_SRC"
            echo "$want" > "$ODOO_CACHE/.source-id"
        fi
    elif ! odoo_tree_ok "$ODOO_CACHE"; then
        say "No Odoo source in $ODOO_CACHE; downloading the 19.0 nightly archive"
        local tmp="$CACHE_DIR/.download.$$"
        rm -rf "$tmp" && mkdir -p "$tmp"
        if curl -fsSL --connect-timeout 15 "$ODOO_ARCHIVE_URL" -o "$tmp/odoo.tar.gz" 2>/dev/null \
            && tar -C "$tmp" -xzf "$tmp/odoo.tar.gz" 2>/dev/null; then
            local top
            top=$(find "$tmp" -mindepth 2 -maxdepth 2 -name setup.py -printf '%h\n' | head -n1)
            if [ -n "$top" ] && odoo_tree_ok "$top"; then
                rm -rf "$ODOO_CACHE" && mv "$top" "$ODOO_CACHE"
            fi
        fi
        rm -rf "$tmp"
        odoo_tree_ok "$ODOO_CACHE" || die "No Odoo 19.0 source: set ODOO_SRC=/path/to/odoo-19.0 (a local source tree) and run 'make setup' again."
    fi
}

# ------------------------------------------------------------ system packages
ensure_system_packages() {
    local missing=()
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
    fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
    if ! use_external_pg && ! find_pg_bin >/dev/null; then missing+=(postgresql); fi
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing system packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "apt-get could not install: ${missing[*]}"
    else
        say "Missing system packages; install them with: sudo apt-get install -y ${missing[*]}"
        if printf '%s\n' "${missing[@]}" | grep -qx postgresql; then
            die "PostgreSQL server binaries are missing (initdb, pg_ctl): sudo apt-get install -y postgresql"
        fi
    fi
}

# ----------------------------------------------------------------- virtualenv
ensure_venv() {
    local stamp="$VENV/.mentorship-setup" want
    want=$(cat "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt" "$ODOO_CACHE/setup.py" | sha1sum | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$VENV/bin/python" -c "import odoo.release" 2>/dev/null; then
        return 0
    fi
    say "Preparing the virtualenv $VENV (pip log: $LOCAL/pip.log)"
    mkdir -p "$LOCAL"
    : > "$LOCAL/pip.log"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" || die "could not create a virtualenv with $PYTHON"
    pip_quiet install --upgrade pip wheel "setuptools<81"
    # Odoo itself from the source tree (editable), so that the OCA addons find "odoo 19.0".
    pip_quiet install --no-deps --no-build-isolation --config-settings editable_mode=compat -e "$ODOO_CACHE"
    pip_quiet install -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
    "$VENV/bin/python" - <<'PY' || die "the virtualenv is incomplete (see the pip output above)"
import odoo.release, psycopg2, xlsxwriter, pytest_odoo  # noqa: F401
assert odoo.release.version_info[:2] == (19, 0), odoo.release.version
PY
    echo "$want" > "$stamp"
}

pip_quiet() {
    "$VENV/bin/pip" --disable-pip-version-check -q "$@" >>"$LOCAL/pip.log" 2>&1 || {
        grep -v "^WARNING: Location" "$LOCAL/pip.log" | tail -n 20 >&2
        die "pip $* failed (full log: $LOCAL/pip.log)"
    }
}

free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

oca_addons_dir() { "$VENV/bin/python" -c 'import sysconfig, os; print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))'; }

# ------------------------------------------------------------------ PostgreSQL
use_external_pg() { [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}" ]; }

find_pg_bin() {
    local d
    for d in "${PG_BIN:-}" /usr/lib/postgresql/*/bin; do
        [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    command -v initdb >/dev/null && command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_running() { [ -f "$PGDATA_DIR/postmaster.pid" ] && as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

db_env() {
    if use_external_pg; then
        DB_HOST="${PGHOST:-}"; DB_PORT="${PGPORT:-5432}"; DB_USER="${PGUSER:-$(id -un)}"; DB_PASSWORD="${PGPASSWORD:-}"
    else
        DB_HOST="$PGRUN_DIR"; DB_PORT="$PG_LOCAL_PORT"; DB_USER="$PG_DB_USER"; DB_PASSWORD=""
    fi
    export DB_HOST DB_PORT DB_USER DB_PASSWORD
}

db_start() {
    db_env
    use_external_pg && return 0
    PGBIN=$(find_pg_bin) || die "PostgreSQL server binaries are missing (initdb, pg_ctl): sudo apt-get install -y postgresql, or set PGHOST/PGPORT/PGUSER/PGPASSWORD to use an existing server."
    mkdir -p "$PGRUN_DIR"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        chown postgres "$PG_DIR" "$PGRUN_DIR"
    fi
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "Creating the local PostgreSQL cluster in $PGDATA_DIR"
        rm -rf "$PGDATA_DIR" && mkdir -p "$PGDATA_DIR"
        [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
        true
        as_pg_owner "$PGBIN/initdb" -D "$PGDATA_DIR" -U "$PG_DB_USER" --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOCAL/initdb.log" 2>&1 \
            || die "initdb failed; see $LOCAL/initdb.log"
    fi
    if pg_running; then
        pg_durable && return 0
        # Started by an older dev.sh with fsync=off: restart it durable once nobody uses it.
        if db_users_alive; then
            say "WARNING: the local PostgreSQL runs without fsync (started by an older dev.sh); it restarts durable when its last user stops"
            return 0
        fi
        say "Restarting the local PostgreSQL with durable settings (fsync, full_page_writes, synchronous_commit on)"
        as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    fi
    if port_in_use "$PG_LOCAL_PORT"; then
        die "port $PG_LOCAL_PORT is taken by another program; set MENTORSHIP_PG_PORT to a free port."
    fi
    [ "$(id -u)" = 0 ] && chown -R postgres "$PG_DIR"
    # This cluster holds the college's data: PostgreSQL's durable defaults (fsync,
    # full_page_writes, synchronous_commit all on). Only the throw-away test
    # databases trade durability for speed, per database (create_scratch_db).
    as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 \
        -o "-k $PGRUN_DIR -p $PG_LOCAL_PORT -c listen_addresses=127.0.0.1" \
        start >/dev/null || die "PostgreSQL did not start; see $PG_LOG"
}

# The running cluster was not started with a durability-relaxing option.
pg_durable() { ! grep -Eq "(fsync|full_page_writes|synchronous_commit)=off" "$PGDATA_DIR/postmaster.opts" 2>/dev/null; }

# Another live command (other than this one) uses the local cluster.
db_users_alive() {
    local f
    for f in "$LOCAL"/users/*; do
        [ -e "$f" ] || continue
        [ "$(basename "$f")" = "$$" ] && continue
        kill -0 "$(basename "$f")" 2>/dev/null && return 0
    done
    return 1
}

# A throw-away database (tests only): created empty, as Odoo would, with
# synchronous_commit off for this database alone; fsync and full_page_writes
# are cluster-wide and stay on. A crash may lose its last commits, never the
# cluster's consistency nor another database's data.
create_scratch_db() {
    psql_cmd -c "CREATE DATABASE \"$1\" ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE template0" >/dev/null
    psql_cmd -c "ALTER DATABASE \"$1\" SET synchronous_commit = off" >/dev/null
    psql_cmd -d "$1" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
}

# A command that uses the local cluster registers itself; the last one to
# leave stops the cluster, so 'make test' can run while 'make run' serves.
db_acquire() {
    use_external_pg && return 0
    mkdir -p "$LOCAL/users"
    touch "$LOCAL/users/$$"
}

db_release() {
    use_external_pg && return 0
    rm -f "$LOCAL/users/$$"
    local f others=0
    for f in "$LOCAL"/users/*; do
        [ -e "$f" ] || continue
        if kill -0 "$(basename "$f")" 2>/dev/null; then others=1; else rm -f "$f"; fi
    done
    if [ "$others" = 0 ] && [ -n "${PGBIN:-}" ] && pg_running; then
        as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

db_stop() {
    use_external_pg && return 0
    PGBIN=$(find_pg_bin) || return 0
    pg_running && as_pg_owner "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    say "local PostgreSQL stopped"
}

psql_cmd() {
    PGPASSWORD="$DB_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres "$@"
}

db_exists() { [ "$(psql_cmd -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

# ------------------------------------------------------------------ Odoo conf
write_conf() {
    local conf="$1" http_port="$2"
    local addons
    addons="$ODOO_CACHE/odoo/addons,$(oca_addons_dir),$ROOT"
    mkdir -p "$LOCAL/filestore"
    cat > "$conf" <<CONF
[options]
addons_path = $addons
data_dir = $LOCAL/filestore
db_host = ${DB_HOST:-False}
db_port = $DB_PORT
db_user = $DB_USER
CONF
    [ -n "$DB_PASSWORD" ] && echo "db_password = $DB_PASSWORD" >> "$conf"
    cat >> "$conf" <<CONF
http_interface = 127.0.0.1
http_port = $http_port
admin_passwd = ${ADMIN_PASSWORD}
list_db = False
CONF
}

# Drop a throw-away database (and its filestore) if it exists; never fails.
drop_db() {
    db_exists "$2" 2>/dev/null || return 0
    odoo_bin -c "$1" db drop "$2" >/dev/null 2>&1 || psql_cmd -c "DROP DATABASE IF EXISTS \"$2\"" >/dev/null 2>&1 || true
}

odoo_bin() { "$VENV/bin/python" "$ODOO_CACHE/odoo-bin" "$@"; }

setup() {
    ensure_odoo_source
    ensure_system_packages
    ensure_venv
    say "Setup complete (Odoo source: $ODOO_CACHE, virtualenv: $VENV)"
}

cmd_run() {
    setup
    if port_in_use "$HTTP_PORT"; then
        die "port $HTTP_PORT is taken by another program; set MENTORSHIP_HTTP_PORT to a free port."
    fi
    db_start
    db_acquire
    trap 'db_release' EXIT
    local conf="$LOCAL/odoo-run.conf"
    write_conf "$conf" "$HTTP_PORT"
    if db_exists "$DB_NAME"; then
        say "Upgrading $ADDON in database $DB_NAME"
        odoo_bin -c "$conf" -d "$DB_NAME" -u "$ADDON" --stop-after-init --log-level=warn \
            || die "the upgrade of $ADDON failed (see the log above)"
    else
        say "Creating database $DB_NAME with $ADDON and its demo data (a few minutes the first time)"
        odoo_bin -c "$conf" -d "$DB_NAME" -i "$ADDON" --with-demo --load-language=zh_CN --stop-after-init --log-level=warn \
            || die "the installation of $ADDON failed (see the log above)"
        odoo_bin shell -c "$conf" -d "$DB_NAME" --log-level=warn >/dev/null <<PY
user = env.ref("base.user_admin")
user.write({"login": "$ADMIN_LOGIN", "password": "$ADMIN_PASSWORD", "lang": "zh_CN", "tz": "Asia/Shanghai"})
env.cr.commit()
PY
    fi
    say "Odoo serves http://127.0.0.1:$HTTP_PORT  (login: $ADMIN_LOGIN / password: $ADMIN_PASSWORD); Ctrl-C stops it"
    odoo_bin -c "$conf" -d "$DB_NAME" --db-filter="^$DB_NAME\$" --log-level=info || true
}

cmd_test() {
    local status=0
    if ! (setup); then
        echo "0 passed, 1 failed: Odoo could not be set up"
        return 1
    fi
    say "ruff"
    "$VENV/bin/ruff" check "$ROOT" || status=1
    "$VENV/bin/ruff" format --check "$ROOT" || status=1
    say "pylint-odoo (mandatory checks)"
    "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc-mandatory" "$ROOT/$ADDON" || status=1
    say "plain-Python unit tests"
    (cd "$ROOT" && "$VENV/bin/pytest" -q -p no:cacheprovider -p no:odoo tests/unit) || status=1

    db_start
    db_acquire
    local db="${ADDON}_test_$$" conf="$LOCAL/odoo-test-$$.conf"
    trap "drop_db '$conf' '$db'; rm -f '$conf'; db_release" EXIT
    write_conf "$conf" 0
    say "Installing $ADDON in the throw-away database $db"
    create_scratch_db "$db"
    local log="$LOCAL/test-install.log"
    if ! odoo_bin -c "$conf" -d "$db" -i "$ADDON" --stop-after-init --log-level=info --no-http >"$log" 2>&1; then
        tail -n 40 "$log"
        echo "0 passed, 1 failed: $ADDON could not be installed"
        return 1
    fi
    if grep -E " (WARNING|ERROR|CRITICAL) .*$ADDON" "$log"; then
        say "the installation of $ADDON logged the warnings above"
        status=1
    fi
    say "Installing $ADDON with its demo data in a second throw-away database"
    local demo_db="${db}_demo"
    trap "drop_db '$conf' '$db'; drop_db '$conf' '$demo_db'; drop_db '$conf' '${demo_db}_restored'; rm -f '$conf'; db_release" EXIT
    create_scratch_db "$demo_db"
    if ! odoo_bin -c "$conf" -d "$demo_db" -i "$ADDON" --with-demo --load-language=zh_CN \
        --stop-after-init --log-level=warn --no-http >"$LOCAL/test-demo.log" 2>&1 \
        || grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$LOCAL/test-demo.log"; then
        tail -n 40 "$LOCAL/test-demo.log"
        say "the demo data of $ADDON did not load"
        status=1
    else
        check_backup_roundtrip "$conf" "$demo_db" 5 || status=1
        check_upgrade_keeps_data "$conf" "$demo_db" || status=1
        say "Odoo tests of the demo data (on the demo database)"
        (cd "$ROOT" && "$VENV/bin/pytest" -q -p no:cacheprovider --odoo-config="$conf" \
            --odoo-database="$demo_db" "$ADDON/tests/test_demo.py") || status=1
        check_serve_tours "$demo_db" || status=1
    fi
    drop_db "$conf" "$demo_db"
    say "Browser tours (Odoo's runner, headless Chromium)"
    local tour_log="$LOCAL/test-tours.log"
    odoo_bin -c "$conf" -d "$db" --test-tags "mentorship_tour/$ADDON" --stop-after-init \
        --http-port="$(free_port)" --log-level=info >"$tour_log" 2>&1 || true
    local tour_line
    tour_line=$(grep -Eo "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$tour_log" | tail -n1 || true)
    if [ -z "$tour_line" ] || ! grep -q "^0 failed, 0 error(s) of [1-9]" <<<"$tour_line" \
        || grep -Eq "SKIP|websocket-client module is not installed|Chrome executable not found" "$tour_log"; then
        grep -E "ERROR|FAIL|SKIP|Traceback|not installed|not found" "$tour_log" | tail -n 30
        say "browser tours did not all run and pass (${tour_line:-no result}); log: $tour_log"
        status=1
    else
        say "browser tours: $tour_line"
        grep -Eo "Starting [A-Za-z]+\.test_[a-z0-9_]+" "$tour_log" | sed 's/^Starting /[mentorship]   tour /' || true
    fi
    say "Odoo tests (pytest-odoo)"
    local report="$LOCAL/test-report.txt"
    rm -f "$report"
    (cd "$ROOT" && MENTORSHIP_TEST_REPORT="$report" "$VENV/bin/pytest" -p no:cacheprovider \
        --odoo-config="$conf" --odoo-database="$db" \
        --ignore="$ADDON/tests/test_tour.py" --ignore="$ADDON/tests/test_tour_roles.py" \
        --ignore="$ADDON/tests/test_demo.py" "$ADDON/tests") || status=1
    [ -f "$report" ] && sed 's/^/[mentorship] /' "$report"
    check_races "$conf" "$db" || status=1
    return $status
}

# ------------------------------------------------- backup, restore, upgrade
# A backup is Odoo's own zip (dump.sql, filestore/, manifest.json): 'odoo-bin
# db load' or the web database manager restores it.
backup_db() {
    local conf="$1" db="$2" out="$3"
    mkdir -p "$(dirname "$out")"
    odoo_bin db -c "$conf" --pg_path "$(dirname "$(command -v pg_dump)")" dump "$db" "$out.part" >"$LOCAL/backup.log" 2>&1 \
        && "$VENV/bin/python" -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None and "dump.sql" in z.namelist()' "$out.part" \
        && mv "$out.part" "$out" || { tail -n 20 "$LOCAL/backup.log" >&2; rm -f "$out.part"; return 1; }
}

restore_db() {
    local conf="$1" db="$2" file="$3"
    local log="$LOCAL/restore.log"
    odoo_bin db -c "$conf" --pg_path "$(dirname "$(command -v psql)")" load "$db" "$file" >"$log" 2>&1 \
        || { tail -n 20 "$log" >&2; return 1; }
}

# Back up DB, restore it as DB_restored, compare every table's row count and
# N attachments (0: all) byte for byte, drop the copy.
check_backup_roundtrip() {
    local conf="$1" db="$2" n="$3" copy="${2}_restored" file="$LOCAL/backups/${2}-roundtrip.zip"
    say "Backup round trip: $db -> $(basename "$file") -> $copy"
    drop_db "$conf" "$copy"
    local ok=0
    # (pipefail: the check's own status decides)
    backup_db "$conf" "$db" "$file" && restore_db "$conf" "$copy" "$file" \
        && "$VENV/bin/python" "$ROOT/scripts/dbcheck.py" counts "$db" "$copy" --filestore "$LOCAL/filestore/filestore" --attachments "$n" \
        | sed 's/^/[mentorship]   /' || ok=1
    [ "$ok" = 0 ] || say "the backup round trip of $db failed"
    drop_db "$conf" "$copy"
    rm -f "$file"
    return $ok
}

# Upgrade the addon (-u) in DB and check its records did not change.
check_upgrade_keeps_data() {
    local conf="$1" db="$2" before="$LOCAL/upgrade-before.json" after="$LOCAL/upgrade-after.json"
    say "Upgrade keeps data: -u $ADDON in $db"
    "$VENV/bin/python" "$ROOT/scripts/dbcheck.py" snapshot "$db" "$before" | sed 's/^/[mentorship]   before: /' || return 1
    if ! odoo_bin -c "$conf" -d "$db" -u "$ADDON" --stop-after-init --log-level=warn --no-http >"$LOCAL/test-upgrade.log" 2>&1 \
        || grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$LOCAL/test-upgrade.log"; then
        tail -n 40 "$LOCAL/test-upgrade.log"
        say "the upgrade of $ADDON failed in $db"
        return 1
    fi
    "$VENV/bin/python" "$ROOT/scripts/dbcheck.py" snapshot "$db" "$after" >/dev/null \
        && "$VENV/bin/python" "$ROOT/scripts/dbcheck.py" same "$before" "$after" | sed 's/^/[mentorship]   /'
}

# Setup, the local cluster and the configuration of the run database.
run_prologue() {
    setup
    db_start
    db_acquire
    trap 'db_release' EXIT
    write_conf "$LOCAL/odoo-run.conf" "$HTTP_PORT"
}

cmd_backup() {
    run_prologue
    local conf="$LOCAL/odoo-run.conf"
    db_exists "$DB_NAME" || die "no database $DB_NAME to back up (set MENTORSHIP_DB)"
    local file="$LOCAL/backups/$DB_NAME-$(date +%Y%m%d-%H%M%S).zip"
    say "Backing up $DB_NAME (database and filestore)"
    backup_db "$conf" "$DB_NAME" "$file" || die "the backup of $DB_NAME failed"
    chmod 600 "$file"
    say "Backup written: $file ($(du -h "$file" | cut -f1)); restore it with: make restore FILE=$file"
}

cmd_restore() {
    local file="${FILE:-${1:-}}"
    [ -n "$file" ] || die "usage: make restore FILE=.local/backups/<db>-<date>.zip [RESTORE_DB=name]"
    [ -f "$file" ] || die "no backup file $file"
    setup
    db_start
    db_acquire
    trap 'db_release' EXIT
    local conf="$LOCAL/odoo-run.conf" db
    db="${RESTORE_DB:-$(basename "$file" .zip)}"
    write_conf "$conf" "$HTTP_PORT"
    db_exists "$db" && die "database $db exists already; choose another name with RESTORE_DB=name"
    say "Restoring $file into the new database $db"
    restore_db "$conf" "$db" "$file" || die "the restore into $db failed"
    say "Restored into $db; serve it with: MENTORSHIP_DB=$db make run (or make serve)"
}

# ------------------------------------------------------------- production
# A secret kept in .local/<name> (mode 600), generated on first use.
local_secret() {
    local file="$LOCAL/$1"
    if [ ! -s "$file" ]; then
        mkdir -p "$LOCAL"
        (umask 077 && "$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))' > "$file")
    fi
    chmod 600 "$file"
    cat "$file"
}

# Production configuration (README "Production"): prefork workers, limits,
# behind a reverse proxy, no database manager, hashed master password.
write_serve_conf() {
    local conf="$1" workers="${MENTORSHIP_WORKERS:-$(($(nproc) * 2 + 1))}" master hash
    master=$(local_secret master-password)
    hash=$("$VENV/bin/python" -c 'import sys; from odoo.tools.config import crypt_context; print(crypt_context.hash(sys.argv[1]))' "$master")
    write_conf "$conf" "$HTTP_PORT"
    sed -i '/^admin_passwd = /d; /^list_db = /d' "$conf"
    (umask 077 && cat >> "$conf" <<CONF
admin_passwd = $hash
list_db = False
dbfilter = ^$DB_NAME\$
db_name = $DB_NAME
proxy_mode = True
gevent_port = $GEVENT_PORT
workers = $workers
max_cron_threads = ${MENTORSHIP_CRON_THREADS:-1}
limit_memory_soft = $((2048 * 1024 * 1024))
limit_memory_hard = $((2560 * 1024 * 1024))
limit_time_cpu = 600
limit_time_real = 1200
limit_time_real_cron = 1800
limit_request = 65536
db_maxconn = 32
log_level = info
logfile = $LOCAL/log/odoo-serve.log
CONF
    )
    chmod 600 "$conf"
    mkdir -p "$LOCAL/log"
}

cmd_serve() {
    setup
    local port
    for port in "$HTTP_PORT" "$GEVENT_PORT"; do
        port_in_use "$port" && die "port $port is taken by another program; set MENTORSHIP_HTTP_PORT / MENTORSHIP_GEVENT_PORT."
    done
    db_start
    db_acquire
    trap 'db_release' EXIT
    local conf="$LOCAL/odoo-serve.conf" want have
    write_serve_conf "$conf"
    if ! db_exists "$DB_NAME"; then
        say "Creating database $DB_NAME with $ADDON, without demo data"
        odoo_bin -c "$conf" -d "$DB_NAME" -i "$ADDON" --load-language=zh_CN --stop-after-init --workers=0 --no-http --log-level=warn --logfile= \
            || die "the installation of $ADDON failed (see the log above)"
        local password="${MENTORSHIP_ADMIN_PASSWORD:-}"
        [ -n "$password" ] && [ "$password" != admin ] || password=$(local_secret admin-password)
        MENTORSHIP_NEW_PASSWORD="$password" odoo_bin shell -c "$conf" -d "$DB_NAME" --workers=0 --no-http --log-level=warn --logfile= >/dev/null <<PY
import os
user = env.ref("base.user_admin")
user.write({"login": "$ADMIN_LOGIN", "password": os.environ["MENTORSHIP_NEW_PASSWORD"], "lang": "zh_CN", "tz": "Asia/Shanghai"})
env.cr.commit()
PY
        say "Administrator: $ADMIN_LOGIN, password in $LOCAL/admin-password (unless MENTORSHIP_ADMIN_PASSWORD was set)"
    fi
    want=$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$ROOT/$ADDON/__manifest__.py")
    have=$(psql_cmd -d "$DB_NAME" -tAc "SELECT latest_version FROM ir_module_module WHERE name = '$ADDON' AND state = 'installed'")
    if [ "$want" != "$have" ]; then
        say "Upgrading $ADDON in $DB_NAME from ${have:-not installed} to $want (back up first: make backup)"
        odoo_bin -c "$conf" -d "$DB_NAME" -u "$ADDON" --stop-after-init --workers=0 --no-http --log-level=warn --logfile= \
            || die "the upgrade of $ADDON failed (see the log above)"
    fi
    say "Odoo serves $DB_NAME on 127.0.0.1:$HTTP_PORT (websocket: $GEVENT_PORT) for the reverse proxy; log: $LOCAL/log/odoo-serve.log; master password: $LOCAL/master-password"
    odoo_bin -c "$conf" || true
}

# Regenerate the .pot from a database with the addon, then merge zh_CN.po.
cmd_i18n() {
    setup
    db_start
    db_acquire
    trap 'db_release' EXIT
    local conf="$LOCAL/odoo-i18n.conf" db="${ADDON}_i18n" i18n="$ROOT/$ADDON/i18n"
    write_conf "$conf" 0
    local mode=-i
    db_exists "$db" && mode=-u
    odoo_bin -c "$conf" -d "$db" "$mode" "$ADDON" --stop-after-init --log-level=warn --no-http
    odoo_bin i18n export -c "$conf" -d "$db" -l pot -o "$i18n/$ADDON.pot" "$ADDON"
    if [ -f "$i18n/zh_CN.po" ]; then
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$i18n/zh_CN.po" "$i18n/$ADDON.pot"
    else
        msginit --no-translator --locale=zh_CN.UTF-8 -i "$i18n/$ADDON.pot" -o "$i18n/zh_CN.po"
    fi
    msgfmt --check-format --statistics -o /dev/null "$i18n/zh_CN.po"
}

cmd_shell() {
    run_prologue
    local conf="$LOCAL/odoo-run.conf"
    odoo_bin shell -c "$conf" -d "$DB_NAME"
}

# Benchmark of the database work at a scale (S, M, L, XL) in a throw-away
# database; the table is printed and written to .local/bench/bench-<scale>.json.
cmd_bench() {
    local scale="${1:-S}"
    setup
    db_start
    db_acquire
    local db="${ADDON}_bench_$$" conf="$LOCAL/odoo-bench-$$.conf"
    trap "drop_db '$conf' '$db'; rm -f '$conf'; db_release" EXIT
    write_conf "$conf" 0
    say "Installing $ADDON in the throw-away database $db (log: $LOCAL/bench-install.log)"
    odoo_bin -c "$conf" -d "$db" -i "$ADDON" --stop-after-init --log-level=warn --no-http \
        >"$LOCAL/bench-install.log" 2>&1 || { tail -n 40 "$LOCAL/bench-install.log"; die "the installation of $ADDON failed"; }
    say "Benchmark at scale $scale"
    "$VENV/bin/python" "$ROOT/scripts/bench.py" -c "$conf" -d "$db" --scale "$scale" --commit \
        --json "$LOCAL/bench/bench-$scale.json"
}

# ------------------------------------------------------------- load test
# Locust lives in a virtualenv of its own (.local/load-venv): its gevent and
# greenlet versions need not match Odoo's.
ensure_load_venv() {
    local venv="$LOCAL/load-venv" want
    want=$(sha1sum "$ROOT/scripts/load/requirements.txt" | cut -d' ' -f1)
    if [ -f "$venv/.stamp" ] && [ "$(cat "$venv/.stamp")" = "$want" ] && [ -x "$venv/bin/locust" ]; then
        return 0
    fi
    say "Preparing the load tool's virtualenv $venv"
    [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv" || die "could not create $venv"
    "$venv/bin/pip" --disable-pip-version-check -q install -r "$ROOT/scripts/load/requirements.txt" \
        >>"$LOCAL/pip.log" 2>&1 || die "pip could not install the load tool (log: $LOCAL/pip.log)"
    echo "$want" > "$venv/.stamp"
}

# make load [TOPOLOGY=one|two|both] [LOAD_USERS=50] [LOAD_SECONDS=60] [FAULT=...]: a
# throw-away database with a generated college, Odoo's prefork server(s) on
# loopback ports, Locust headless, the concurrency invariants, the report.
cmd_load() {
    setup
    ensure_load_venv
    db_start
    db_acquire
    local db="${ADDON}_load_$$" conf="$LOCAL/odoo-load-$$.conf"
    trap "drop_db '$conf' '$db'; rm -f '$conf'; db_release" EXIT
    write_conf "$conf" 0
    say "Installing $ADDON in the throw-away database $db (log: $LOCAL/load-install.log)"
    # durable like a college's database (no synchronous_commit = off): what
    # the server acknowledged must survive a restart of PostgreSQL
    psql_cmd -c "CREATE DATABASE \"$db\" ENCODING 'unicode' LC_COLLATE 'C' TEMPLATE template0" >/dev/null
    psql_cmd -d "$db" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
    odoo_bin -c "$conf" -d "$db" -i "$ADDON" --load-language=zh_CN --stop-after-init \
        --log-level=warn --no-http >"$LOCAL/load-install.log" 2>&1 \
        || { tail -n 40 "$LOCAL/load-install.log"; die "the installation of $ADDON failed"; }
    local restart=""
    if ! use_external_pg; then
        # pg-restart: a fast shutdown, then a start with the same options
        restart="$(printf '%q ' "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -l "$PG_LOG" restart)"
        [ "$(id -u)" = 0 ] && restart="su postgres -s /bin/bash -c $(printf '%q' "$restart")"
    fi
    LOAD_PG_RESTART="$restart" ODOO_BIN="$ODOO_CACHE/odoo-bin" "$VENV/bin/python" "$ROOT/scripts/load/run.py" \
        -c "$conf" -d "$db" --locust "$LOCAL/load-venv/bin/locust" \
        --topology "${TOPOLOGY:-both}" --users "${LOAD_USERS:-50}" --seconds "${LOAD_SECONDS:-60}" \
        --fault "${FAULT:-none}" --out "$LOCAL/load"
}

# Browser tours against the production configuration (part of make test):
# make serve's settings (prefork workers, proxy mode, no database list) on
# the demo database, tours as the demo logins in headless Chromium.
check_serve_tours() {
    local db="$1" serve_conf="$LOCAL/odoo-serve-test-$$.conf"
    say "Browser tours on the production server (make serve's settings, 2 workers)"
    DB_NAME="$db" MENTORSHIP_WORKERS=2 write_serve_conf "$serve_conf"
    ODOO_BIN="$ODOO_CACHE/odoo-bin" "$VENV/bin/python" "$ROOT/scripts/serve_tour.py" \
        -c "$serve_conf" -d "$db" --log "$LOCAL/log/odoo-serve-test.log" \
        --tour mentorship_role_dashboard_tour:mentor_office:/odoo/dashboards \
        --tour mentorship_role_dashboard_tour:mentor_president:/odoo/dashboards
    local rc=$?
    rm -f "$serve_conf"
    return $rc
}

# The concurrency invariants alone (part of make test): prefork server on the
# given database, three races over HTTP.
check_races() {
    local conf="$1" db="$2"
    say "Concurrency invariants (two workers, races over HTTP)"
    ODOO_BIN="$ODOO_CACHE/odoo-bin" "$VENV/bin/python" "$ROOT/scripts/load/run.py" \
        -c "$conf" -d "$db" --locust none --races-only --out "$LOCAL/races"
}

# The long run of the stateful fuzz test (make fuzz [FUZZ_STEPS=2500] [FUZZ_SEED=…])
# in a throw-away database; make test runs its short default.
cmd_fuzz() {
    setup
    db_start
    db_acquire
    local db="${ADDON}_fuzz_$$" conf="$LOCAL/odoo-fuzz-$$.conf"
    trap "drop_db '$conf' '$db'; rm -f '$conf'; db_release" EXIT
    write_conf "$conf" 0
    create_scratch_db "$db"
    say "Installing $ADDON in the throw-away database $db (log: $LOCAL/fuzz-install.log)"
    odoo_bin -c "$conf" -d "$db" -i "$ADDON" --stop-after-init --log-level=warn --no-http \
        >"$LOCAL/fuzz-install.log" 2>&1 || { tail -n 40 "$LOCAL/fuzz-install.log"; die "the installation of $ADDON failed"; }
    (cd "$ROOT" && MENTORSHIP_FUZZ_STEPS="${FUZZ_STEPS:-2500}" MENTORSHIP_FUZZ_SEED="${FUZZ_SEED:-20261203}" \
        "$VENV/bin/pytest" -q -s -p no:cacheprovider --odoo-config="$conf" --odoo-database="$db" \
        "$ADDON/tests/test_fuzz.py")
}

case "${1:-}" in
    setup) setup ;;
    fuzz) cmd_fuzz ;;
    load) cmd_load ;;
    bench) cmd_bench "${2:-S}" ;;
    run) cmd_run ;;
    test) cmd_test ;;
    shell) cmd_shell ;;
    i18n) cmd_i18n ;;
    db-start) setup; db_start; say "local PostgreSQL on $DB_HOST port $DB_PORT" ;;
    db-stop) db_stop ;;
    backup) cmd_backup ;;
    serve) cmd_serve ;;
    serve-tours) setup; db_start; db_acquire; trap 'db_release' EXIT; check_serve_tours "${2:?database}" ;;
    restore) cmd_restore "${2:-}" ;;
    *) echo "usage: $0 setup|run|test|shell|i18n|db-start|db-stop|backup|restore FILE|serve" >&2; exit 2 ;;
esac
