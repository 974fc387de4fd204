# Installs what the browser checks need (sourced by them; needs tests/lib.sh): Debian's chromium
# and a Java runtime when missing, and the npm packages of tests/browser/package-lock.json with
# `npm ci` (skipped when node_modules already holds exactly that lock file). Install scripts are
# not run: vnu-jar's would try to download a Java runtime; Debian's is used instead.
browser_setup() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v java >/dev/null || need+=(default-jre-headless)
  apt_install "${need[@]}"
  local lock=tests/browser/package-lock.json stamp=tests/browser/node_modules/.installed-lock
  if ! cmp -s "$lock" "$stamp"; then
    echo "npm ci in tests/browser"
    (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    cp "$lock" "$stamp"
  fi
}
