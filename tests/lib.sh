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

# The publications every site test covers: the flagship in content/, then each example
# publication in examples/<name>/content/. One per line.
publications() {
  echo content
  local dir
  for dir in examples/*/content; do [ -d "$dir" ] && echo "$dir"; done
}

# A short name for a publication's content folder: "content" → "flagship",
# "examples/vpcp-5333-2025/content" → "vpcp-5333-2025".
publication_name() {
  case "$1" in
    content) echo flagship ;;
    *) basename "$(dirname "$1")" ;;
  esac
}

# Builds the publication in CONTENT into DIR with the debug binary, like build_example_site.
build_publication() {
  local log
  cargo build --quiet --locked
  if ! log=$(./target/debug/daybrief build --content "$1" --out "$2" 2>&1); then
    echo "$log"
    echo "FAIL: daybrief build --content $1 --out $2"
    return 1
  fi
}
