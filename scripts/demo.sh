#!/usr/bin/env bash
# The README's first command: the sample legacy call center watched by the middleware. Installs the
# speech packages when they are missing (PocketSphinx and its English model, as the test script does)
# so the demo's calls are transcribed, then runs `middleware demo` with the arguments given
# (e.g. --serve for the live dashboard). Without apt or sudo it runs anyway: the demo says in one
# line that speech is off and how to enable it, and does everything else.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/apt.sh
if command -v apt-get >/dev/null && { [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; }; then
  install_speech || printf '[demo.sh] could not install the speech packages; the demo runs without speech\n' >&2
fi
exec dotnet run --project src/Host -- demo "$@"
