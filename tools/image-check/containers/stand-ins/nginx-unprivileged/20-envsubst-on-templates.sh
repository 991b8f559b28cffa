#!/bin/sh
# As the nginx image's template step: each /etc/nginx/templates/<path>.template becomes
# /etc/nginx/conf.d/<path>, with envsubst replacing only the variables set in the environment, so
# that nginx's own $uri stays. NGINX_ENVSUBST_TEMPLATE_DIR, NGINX_ENVSUBST_TEMPLATE_SUFFIX,
# NGINX_ENVSUBST_OUTPUT_DIR and NGINX_ENVSUBST_FILTER (a pattern the names must match) change that.
set -e

me=$(basename "$0")
log() {
  [ -n "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ] || echo "$me: $*"
}

templates=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
output=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}

[ -d "$templates" ] || exit 0
if [ ! -w "$output" ]; then
  log "ERROR: $templates exists, but $output is not writable"
  exit 0
fi

# "${NAME} ${OTHER} ...": the only variables envsubst may replace.
names=$(awk -v filter="${NGINX_ENVSUBST_FILTER:-}" \
  'END { for (name in ENVIRON) if (name ~ filter) printf "${%s} ", name }' </dev/null)

find "$templates" -follow -type f -name "*$suffix" -print | while read -r template; do
  relative=${template#"$templates"/}
  target=$output/${relative%"$suffix"}
  mkdir -p "$(dirname "$target")"
  log "Running envsubst on $template to $target"
  envsubst "$names" <"$template" >"$target"
done
