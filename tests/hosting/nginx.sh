# Runs a real nginx on loopback, as the current user (root included), serving a built site under
# /bantin/ with docs/nginx.conf, the sample configuration for IT: the tests prove that file.
# Sourced by the test scripts; needs tests/lib.sh.

nginx_ensure_installed() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
}

# nginx_start SITE_DIR STATE_DIR [SED_EXPR]: starts nginx with its files in STATE_DIR; SED_EXPR
# edits the sample configuration first (e.g. to turn on basic authentication).
# Sets NGINX_URL to http://127.0.0.1:PORT (the site is at $NGINX_URL/bantin/).
nginx_start() {
  local site=$1 state=$2 edit=${3:-} nginx port attempt
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$state"
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 30000))
    sed -e "s|listen 80;|listen 127.0.0.1:$port;|" -e "s|/srv/bantin/site/|$site/|" \
      ${edit:+-e "$edit"} docs/nginx.conf >"$state/bantin.conf"
    {
      # Worker processes run as the master's user; as root nginx would otherwise switch to nobody,
      # who cannot read a private temporary folder.
      [ "$(id -u)" = 0 ] && echo "user root;"
      cat <<CONF
worker_processes 1;
pid $state/nginx.pid;
error_log $state/error.log;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $state/access.log;
    client_body_temp_path $state/body;
    proxy_temp_path $state/proxy;
    fastcgi_temp_path $state/fastcgi;
    uwsgi_temp_path $state/uwsgi;
    scgi_temp_path $state/scgi;
    include $state/bantin.conf;
}
CONF
    } >"$state/nginx.conf"
    if "$nginx" -p "$state" -e "$state/error.log" -c "$state/nginx.conf" 2>"$state/start.log"; then
      NGINX_URL="http://127.0.0.1:$port"
      return 0
    fi
    grep -q "Address already in use" "$state/start.log" || break
  done
  cat "$state/start.log"
  echo "FAIL: nginx did not start"
  return 1
}

# nginx_stop STATE_DIR: stops the nginx started with that folder, if it is running.
nginx_stop() {
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [ -f "$1/nginx.pid" ] && "$nginx" -p "$1" -e "$1/error.log" -c "$1/nginx.conf" -s stop 2>/dev/null
  rm -f "$1/nginx.pid"
}
