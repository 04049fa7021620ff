# Shared by scripts/test.sh and scripts/demo.sh: installing Debian packages on a fresh machine
# (as root, or through sudo), and the speech packages the offline engine needs.
sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  printf '[%s] installing: %s\n' "$(basename "$0")" "$*" >&2
  export DEBIAN_FRONTEND=noninteractive
  sudo_if_needed apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 \
    || { sudo_if_needed apt-get update -q >/dev/null 2>&1; sudo_if_needed apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
}

# PocketSphinx (5prealpha, P/Invoke) with its US English model.
install_speech() {
  if ! ldconfig -p | grep -q 'libpocketsphinx.so.3' || [[ ! -d /usr/share/pocketsphinx/model/en-us/en-us ]]; then
    apt_install libpocketsphinx3 pocketsphinx pocketsphinx-en-us
  fi
}
