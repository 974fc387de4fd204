#!/usr/bin/env bash
# Serves the built example site with a real nginx on loopback under /bantin/, configured by the
# sample docs/nginx.conf, and crawls it (tests/hosting/crawl.py): every page, link and asset
# answers 200 with the right MIME type and cache header. Then turns on the sample's optional basic
# authentication and crawls again with the password. Installs Debian's nginx when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/lib.sh
source tests/hosting/nginx.sh

nginx_ensure_installed
work=$(mktemp -d)
trap 'nginx_stop "$work/nginx"; nginx_stop "$work/nginx-auth"; rm -rf "$work"' EXIT
build_example_site "$work/site"
# A theme file under a content-hashed name, to prove the sample's year-long cache rule.
cp "$work/site/assets/style.css" "$work/site/assets/style.0123abcd.css"

status=0
nginx_start "$work/site" "$work/nginx"
echo "nginx $(nginx -v 2>&1 | sed 's|.*/||') serving $NGINX_URL/bantin/"
python3 tests/hosting/crawl.py "$NGINX_URL/bantin/" --moved "$work/site/.daybrief-moved.map" || status=1
nginx_stop "$work/nginx"

# The example publications of other offices, each served and crawled the same way.
while read -r content; do
  [ "$content" = content ] && continue
  name=$(publication_name "$content")
  build_publication "$content" "$work/$name"
  cp "$work/$name/assets/style.css" "$work/$name/assets/style.0123abcd.css"
  nginx_start "$work/$name" "$work/nginx-$name"
  echo "$name:"
  python3 tests/hosting/crawl.py "$NGINX_URL/bantin/" || status=1
  nginx_stop "$work/nginx-$name"
done < <(publications)

# The sample's optional basic authentication, uncommented, with nginx's plain-text password scheme.
echo "reader:{PLAIN}mat-khau" >"$work/htpasswd"
nginx_start "$work/site" "$work/nginx-auth" \
  "s|# auth_basic_user_file /etc/nginx/bantin.htpasswd;|auth_basic_user_file $work/htpasswd;|; s|# auth_basic |auth_basic |"
grep -q "^ *auth_basic_user_file $work/htpasswd;" "$work/nginx-auth/bantin.conf" ||
  { echo "FAIL: docs/nginx.conf no longer has the commented basic-authentication lines"; exit 1; }
echo "with basic authentication:"
python3 tests/hosting/crawl.py "$NGINX_URL/bantin/" --auth reader:mat-khau || status=1
exit $status
