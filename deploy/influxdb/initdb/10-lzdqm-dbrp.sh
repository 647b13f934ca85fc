#!/usr/bin/env bash
# Run once by the influxdb:2.7 image after its first setup (from /docker-entrypoint-initdb.d, with
# the influx CLI already holding the admin token): maps the InfluxQL database/retention policy
# lzdqm/autogen onto the bucket, so InfluxQL on the v1-compatibility API (/query?db=lzdqm), which
# the Grafana datasource and the dashboards use, reads what the nodes write to the bucket.
set -euo pipefail

db="${LZDQM_INFLUX_DB:-lzdqm}"
org="${DOCKER_INFLUXDB_INIT_ORG:?the influxdb image did not export DOCKER_INFLUXDB_INIT_ORG}"
bucket_id="${DOCKER_INFLUXDB_INIT_BUCKET_ID:?the influxdb image did not export DOCKER_INFLUXDB_INIT_BUCKET_ID}"

if influx v1 dbrp create --org "$org" --db "$db" --rp autogen --bucket-id "$bucket_id" --default; then
  echo "lzdqm-dbrp: InfluxQL database $db (retention policy autogen) -> bucket ${DOCKER_INFLUXDB_INIT_BUCKET:-$bucket_id}"
  exit 0
fi

# A failed create is fine only when a mapping for the database exists already; anything else
# fails the setup (the image then discards the half-initialised data and retries on next start).
if influx v1 dbrp list --org "$org" --db "$db" --hide-headers | grep -q .; then
  echo "lzdqm-dbrp: a mapping for database $db exists already"
  exit 0
fi
echo "lzdqm-dbrp: could not map InfluxQL database $db onto bucket $bucket_id" >&2
exit 1
