# Helpers shared by the test scripts (sourced, not run).

# Installs the Debian packages given, as root or through sudo.
apt_install() {
  [ $# -gt 0 ] || return 0
  echo "installing $*"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Builds the example publication in content/ into DIR with the debug binary (the one that
# `cargo test` builds, so no extra release compile). Shows the build's output only on failure.
build_example_site() {
  local log
  cargo build --quiet --locked
  if ! log=$(./target/debug/daybrief build --out "$1" 2>&1); then
    echo "$log"
    echo "FAIL: daybrief build --out $1"
    return 1
  fi
}
