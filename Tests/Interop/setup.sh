#!/usr/bin/env bash
# Installs what the interoperability suites need, under the package's .build-interop/:
#   py3/      a Python 3 venv with the `websockets` client (ws_client_suite.py), prometheus_client,
#             schemathesis and PyJWT (the server's operations suites)
#   autobahn/ a Python 2.7 venv with Autobahn|Testsuite's `wstest` (autobahn.sh)
# Idempotent: a stamp file records the pinned set, so a second run returns at once.
# Quiet on success; on failure prints the failing step and the tail of its log, exits non-zero.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${SWITCHBOARD_INTEROP_DIR:-$root/.build-interop}"
stamp="$dest/setup.stamp"
log="$dest/setup.log"

# Everything pinned lives here; changing it changes the stamp and reinstalls.
websockets_req='websockets>=13,<16'
# The operations suites: a Prometheus text parser, the OpenAPI checker, a JWT minter.
py3_tools=('prometheus_client>=0.20,<1' 'schemathesis>=4.0,<5' 'PyJWT[crypto]>=2.8,<3')
autobahn_reqs=(
    'autobahn[twisted]==0.10.9' Twisted==19.10.0 txaio==2.1.0 incremental==16.10.1
    zope.interface==4.6.0 pyOpenSSL==19.1.0 cryptography==3.3.2 service_identity==18.1.0
    jinja2==2.11.3 markupsafe==1.1.1 Werkzeug==1.0.1 klein==17.10.0 unittest2==1.1.0 six==1.16.0
)
autobahn_suite='autobahntestsuite==25.10.1'
virtualenv_req='virtualenv<20.22'
# The venvs hold absolute paths, so the folder is part of what was installed.
wanted="v2 $dest $websockets_req ${py3_tools[*]} ${autobahn_reqs[*]} $autobahn_suite $virtualenv_req"

if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" \
      && -x "$dest/py3/bin/python" && -x "$dest/autobahn/bin/wstest" ]]; then
    exit 0
fi

mkdir -p "$dest"
# One installer at a time (two test runs of the same package may start together); the second one
# finds the stamp written by the first.
exec 9>"$dest/setup.lock"
flock 9
if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" \
      && -x "$dest/py3/bin/python" && -x "$dest/autobahn/bin/wstest" ]]; then
    exit 0
fi
rm -f "$stamp"
: >"$log"

step() {
    local what="$1"
    shift
    echo "== $what: $*" >>"$log"
    if ! "$@" >>"$log" 2>&1; then
        echo "setup.sh: failed to $what (command: $*)" >&2
        echo "---- last lines of $log" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
}

fail() {
    echo "setup.sh: $*" >&2
    exit 1
}

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

# --- Python 3 venv with websockets ---
py3=""
for candidate in "${SWITCHBOARD_PYTHON3:-}" python3 /usr/bin/python3; do
    [[ -n "$candidate" ]] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 9) else 1)' >/dev/null 2>&1; then
        py3="$(command -v "$candidate")"
        break
    fi
done
[[ -n "$py3" ]] || fail "no Python >= 3.9 with venv and ensurepip found (tried \$SWITCHBOARD_PYTHON3, python3, /usr/bin/python3)"

rm -rf "$dest/py3"
step "create the Python 3 venv" "$py3" -m venv "$dest/py3"
step "install websockets" "$dest/py3/bin/python" -m pip install -q "$websockets_req"
step "check the websockets sync client" "$dest/py3/bin/python" -c \
    'import websockets, websockets.sync.client, websockets.asyncio.client; print(websockets.__version__)'
step "install the operations tools" "$dest/py3/bin/python" -m pip install -q "${py3_tools[@]}"
step "check the operations tools" "$dest/py3/bin/python" -c \
    'import prometheus_client.parser, jwt, cryptography, schemathesis; print(schemathesis.__version__)'
test -x "$dest/py3/bin/schemathesis" || fail "the schemathesis command is missing from $dest/py3/bin"

# --- Python 2.7 venv with Autobahn|Testsuite ---
py2=""
pyenv_root="${PYENV_ROOT:-}"
if [[ -z "$pyenv_root" ]] && command -v pyenv >/dev/null 2>&1; then
    pyenv_root="$(pyenv root 2>/dev/null || true)"
fi
for candidate in "${SWITCHBOARD_PYTHON2:-}" "${pyenv_root:-$HOME/.pyenv}/versions/2.7.18/bin/python" \
                 "$HOME/.pyenv/versions/2.7.18/bin/python"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then
        py2="$candidate"
        break
    fi
done
[[ -n "$py2" ]] || fail "Python 2.7.18 not found (looked in \$SWITCHBOARD_PYTHON2 and pyenv's versions/2.7.18); Autobahn|Testsuite needs it"

rm -rf "$dest/autobahn" "$dest/py2boot"
step "bootstrap virtualenv for Python 2.7" "$py2" -m pip install -q --target "$dest/py2boot" "$virtualenv_req"
step "create the Python 2.7 venv" env PYTHONPATH="$dest/py2boot" "$py2" -m virtualenv -q "$dest/autobahn"
step "install Autobahn's pinned requirements" "$dest/autobahn/bin/pip" install -q "${autobahn_reqs[@]}"
step "install autobahntestsuite" "$dest/autobahn/bin/pip" install -q --no-deps "$autobahn_suite"
step "check wstest" "$dest/autobahn/bin/python" -c 'import autobahntestsuite.wstest'
rm -rf "$dest/py2boot"

echo "$wanted" >"$stamp"
