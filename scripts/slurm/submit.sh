#!/usr/bin/env bash
# Submits a sharded cohort as a Slurm job array (one task per shard) plus the merge, which runs only if every task
# succeeded (--dependency=afterok). Prints the two job ids ("ARRAY_ID MERGE_ID") on standard output.
#
#   scripts/slurm/submit.sh --shards 100 --out study [--cpus 4] [--mem 1G] [--time 02:00:00] [--partition P] \
#       -- --protocol auto-cy-atg --patients 1000000 --seed 1 --days 365
#
# Shards go to study/shards/shard-K-of-N/, the merged outputs to study/merged/, logs to study/logs/.
# RECON_CLI: how to run the tool on the compute nodes (default `reconstitution`; e.g. "dotnet /opt/recon/Reconstitution.Cli.dll").
# Re-running failed shards (merge names them): RECON_SHARDS=N sbatch --array=3,17 scripts/slurm/cohort-array.sbatch
#   <same cohort options> --out study/shards, then: reconstitution merge study/shards --out study/merged.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shards="" out="" cpus=2 mem=1G time=02:00:00 partition=""
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --cpus) cpus="$2"; shift 2 ;;
    --mem) mem="$2"; shift 2 ;;
    --time) time="$2"; shift 2 ;;
    --partition) partition="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "submit.sh: unknown option '$1'; usage: submit.sh --shards N --out DIR [--cpus C] [--mem M] [--time T] [--partition P] -- COHORT OPTIONS" >&2; exit 2 ;;
  esac
done
if ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then echo "submit.sh: --shards: '$shards' is not allowed; use a whole number from 1." >&2; exit 2; fi
if [ -z "$out" ]; then echo "submit.sh: --out DIR is required." >&2; exit 2; fi
for a in "$@"; do
  case "$a" in --shard|--shard=*|--out|--out=*|-o) echo "submit.sh: pass --out before '--'; --shard is set per task." >&2; exit 2 ;; esac
done
mkdir -p "$out/shards" "$out/logs"
out="$(cd "$out" && pwd)"
part=()
if [ -n "$partition" ]; then part=(--partition "$partition"); fi
export RECON_CLI="${RECON_CLI:-reconstitution}" RECON_SHARDS="$shards"
array=$(sbatch --parsable "${part[@]}" --array="0-$((shards - 1))" --cpus-per-task="$cpus" --mem="$mem" --time="$time" \
  --output="$out/logs/cohort_%A_%a.out" --export=ALL "$here/cohort-array.sbatch" "$@" --out "$out/shards")
array="${array%%;*}"
merge=$(sbatch --parsable "${part[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$out/logs/merge_%j.out" --export=ALL "$here/merge.sbatch" "$out/shards" "$out/merged")
merge="${merge%%;*}"
echo "$array $merge"
