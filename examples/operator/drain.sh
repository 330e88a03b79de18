#!/usr/bin/env bash
# An operator's maintenance with the dzprov CLI: plan it, stop if a step is blocked, then run the
# steps in order, each signed and sent, and show the device at the end.
#
#   ./drain.sh <device>            soft-drain the device's activated links, then drain the device
#   ./drain.sh <device> return     undrain the device, then reactivate its soft-drained links
#
# The ledger is DZ_ENV (default local: `dzprov sample-node` at 127.0.0.1:8899), or DZ_URL with it;
# the key is DZ_KEYPAIR (default: where the doublezero CLI looks). Every action is checked against
# the lifecycle before anything is sent, and re-running the script after an interruption is safe:
# a step whose target is already where it leads is reported as done and nothing is sent for it.
set -euo pipefail

device="${1:?usage: drain.sh <device> [return]}"
plan="drain-device"
[ "${2:-}" = "return" ] && plan="return-device"

ledger=(-e "${DZ_ENV:-local}")
[ -n "${DZ_URL:-}" ] && ledger+=(-u "$DZ_URL")
key=()
[ -n "${DZ_KEYPAIR:-}" ] && key+=(--keypair "$DZ_KEYPAIR")

# The plan, as JSON: one step per action, each with whether it is legal for this key.
json=$(dzprov plan "$plan" "$device" "${ledger[@]}" "${key[@]}" --json)

# `node` is there: dzprov runs on it. One "action target" line per step to run; a step whose target
# is already where it leads (an earlier run did it) is skipped; any other blocked step stops here.
steps=$(node -e '
  const plan = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const done = plan.steps.filter((s) => !s.legal && s.from.value === s.to.value);
  const blocked = plan.steps.filter((s) => !s.legal && s.from.value !== s.to.value);
  for (const s of done) console.error(`already done: ${s.action} ${s.target.code} (${s.to.label})`);
  if (blocked.length) {
    for (const s of blocked) console.error(`blocked: ${s.action} ${s.target.code}: ${s.reason}`);
    process.exit(1);
  }
  for (const s of plan.steps.filter((s) => s.legal)) console.log(`${s.action} ${s.target.code}`);
' <<<"$json")

while read -r action target; do
  [ -n "$action" ] || continue
  echo "== $action $target"
  dzprov "$action" "$target" "${ledger[@]}" "${key[@]}" --send --json |
    node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      console.log(r.sent ? `landed ${r.sent.signature} at slot ${r.sent.slot}: now ${r.sent.after.label}` : `already done: ${r.alreadyDone}`);
    '
done <<<"$steps"

echo "== $device"
dzprov show "$device" "${ledger[@]}" "${key[@]}" --json |
  node -e '
    const d = JSON.parse(require("fs").readFileSync(0, "utf8"));
    console.log(`${d.account.code}: ${d.account.status.label} (desired ${d.account.desiredStatus.label}, health ${d.account.deviceHealth.label})`);
    for (const l of d.links) console.log(`  link ${l.code}: ${l.status.label}`);
  '
