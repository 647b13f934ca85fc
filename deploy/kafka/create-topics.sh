#!/usr/bin/env bash
# Creates the LzDQM topics (SPEC §2, src/LzDQM.Contracts/Wire/Topics.cs) on the compose Kafka and
# exits 0; run on every `docker compose up` by the kafka-init service, so it is idempotent: a
# missing topic is created, an existing one is widened to the partitions asked (never narrowed:
# Kafka cannot) and gets the retention of .env again.
#
#   lz.dqm.runs, lz.dqm.triggers, lz.dqm.pulses   input, key = run number: LZDQM_KAFKA_PARTITIONS
#                                                  partitions (the most nodes that can share the
#                                                  work), kept LZDQM_KAFKA_RETENTION_HOURS
#   lz.dqm.deadletter                              bad input with the reason in a header, kept 30 days
#   lz.dqm.checkpoints                             open-window state of input partition p in its
#                                                  partition p, so never fewer partitions than an
#                                                  input topic; compacted (only the newest per key
#                                                  matters); messages up to 16 MB (CheckpointStore)
set -euo pipefail

bootstrap="${LZDQM_KAFKA_BOOTSTRAP:-kafka:9092}"
partitions="${LZDQM_KAFKA_PARTITIONS:-6}"
retention_hours="${LZDQM_KAFKA_RETENTION_HOURS:-168}"
bin="${LZDQM_KAFKA_BIN:-/opt/kafka/bin}"

for pair in "LZDQM_KAFKA_PARTITIONS=$partitions" "LZDQM_KAFKA_RETENTION_HOURS=$retention_hours"; do
  if ! [[ "${pair#*=}" =~ ^[1-9][0-9]*$ ]]; then
    echo "kafka-init: ${pair%%=*} must be a positive integer, not '${pair#*=}'" >&2
    exit 2
  fi
done

retention_ms=$((retention_hours * 3600 * 1000))
deadletter_ms=$((30 * 24 * 3600 * 1000))

# Partition count of every existing topic, from one --describe.
declare -A have=()
while read -r topic count; do
  have[$topic]=$count
done < <("$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --describe \
  | sed -n 's/^Topic: *\([^[:space:]]*\).*PartitionCount: *\([0-9]*\).*/\1 \2/p')

# ensure TOPIC PARTITIONS CONFIG,CONFIG,...
ensure() {
  local topic=$1 want=$2 configs=$3
  local current=${have[$topic]:-0}
  if [ "$current" -eq 0 ]; then
    local args=()
    IFS=, read -ra list <<<"$configs"
    for c in "${list[@]}"; do args+=(--config "$c"); done
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
      --partitions "$want" --replication-factor 1 "${args[@]}"
    have[$topic]=$want
    echo "kafka-init: created $topic ($want partitions; $configs)"
    return
  fi
  if [ "$current" -lt "$want" ]; then
    "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --alter --topic "$topic" --partitions "$want"
    echo "kafka-init: widened $topic from $current to $want partitions"
    have[$topic]=$want
  fi
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --entity-type topics --entity-name "$topic" \
    --alter --add-config "$configs" > /dev/null
  echo "kafka-init: $topic ready (${have[$topic]} partitions; $configs)"
}

widest=$partitions
for t in lz.dqm.runs lz.dqm.triggers lz.dqm.pulses; do
  ensure "$t" "$partitions" "retention.ms=$retention_ms"
  if [ "${have[$t]}" -gt "$widest" ]; then widest=${have[$t]}; fi
done
ensure lz.dqm.deadletter "$partitions" "retention.ms=$deadletter_ms"
ensure lz.dqm.checkpoints "$widest" \
  "cleanup.policy=compact,max.message.bytes=20971520,segment.ms=3600000,segment.bytes=104857600"
echo "kafka-init: done"
