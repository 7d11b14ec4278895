#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for a while and prints what each did.
#
#   scripts/fuzz.sh [seconds-per-target]      (default 60)
#   FUZZ_TARGETS="soql_quote ssml_escape" scripts/fuzz.sh 30   (a subset)
#
# Needs the nightly toolchain (libFuzzer and the sanitizer flags are nightly-only); installs
# cargo-fuzz from crates.io when it is missing. Before each run the target's corpus,
# fuzz/corpus/<target>/ (git-ignored), is seeded from the sample events in events/ and from the
# hand-made seeds in fuzz/seeds/<target>/. A crash leaves its input in fuzz/artifacts/<target>/;
# the script carries on with the other targets and exits non-zero at the end.
# Figures from a recorded run are in docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [seconds-per-target]" >&2; exit 2; }
all_targets="token_request linked_token alexa_envelope soql_quote ssml_escape"
targets="${FUZZ_TARGETS:-$all_targets}"

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "the nightly toolchain is missing: rustup toolchain install nightly" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "==> installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi
for tool in jq base64; do
    command -v "$tool" >/dev/null || { echo "$tool is needed to seed the corpora" >&2; exit 1; }
done

# Writes stdin to <dir>/<name> (a fixed name, so reseeding does not pile up copies).
put() { mkdir -p "$1"; cat > "$1/$2"; }

# token_request: "<content-type>\n<authorization>\n<body>" per Function URL event.
seed_token_request() {
    local dir=fuzz/corpus/token_request event name
    for event in events/token-proxy/*.json; do
        name="event-$(basename "$event" .json)"
        {
            jq -j '.headers["content-type"] // ""' "$event"; printf '\n'
            jq -j '.headers["authorization"] // ""' "$event"; printf '\n'
            if [[ "$(jq -r '.isBase64Encoded' "$event")" == "true" ]]; then
                jq -j '.body // ""' "$event" | base64 -d
            else
                jq -j '.body // ""' "$event"
            fi
        } | put "$dir" "$name"
    done
}

# alexa_envelope: the skill events, whole.
seed_alexa_envelope() {
    local event
    for event in events/skill/*.json; do
        put fuzz/corpus/alexa_envelope "event-$(basename "$event")" < "$event"
    done
}

# linked_token: every accessToken in the skill events.
seed_linked_token() {
    local event
    for event in events/skill/*.json; do
        jq -j '.context.System.user.accessToken // .session.user.accessToken // ""' "$event" |
            put fuzz/corpus/linked_token "event-$(basename "$event" .json)"
    done
}

# soql_quote and ssml_escape: every slot value in the skill events.
seed_slot_values() {
    local target=$1 event
    for event in events/skill/*.json; do
        jq -j '[.request.intent.slots // {} | .[] | .value // empty] | join(" ")' "$event" |
            put "fuzz/corpus/$target" "event-$(basename "$event" .json)"
    done
}

seed() {
    local target=$1
    mkdir -p "fuzz/corpus/$target"
    case "$target" in
        token_request) seed_token_request ;;
        alexa_envelope) seed_alexa_envelope ;;
        linked_token) seed_linked_token ;;
        soql_quote | ssml_escape) seed_slot_values "$target" ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    if [[ -d "fuzz/seeds/$target" ]]; then
        cp fuzz/seeds/"$target"/* "fuzz/corpus/$target/"
    fi
}

echo "==> building the fuzz targets (nightly, sanitizer)"
(cd fuzz && cargo +nightly fuzz build)

mkdir -p fuzz/target/logs
summary=()
failed=0
for target in $targets; do
    seed "$target"
    seeds=$(find "fuzz/corpus/$target" -type f | wc -l)
    log="fuzz/target/logs/$target.log"
    echo "==> $target: ${seconds}s from $seeds corpus entries (log: $log)"
    status=ok
    if ! (cd fuzz && cargo +nightly fuzz run "$target" -- \
            -max_total_time="$seconds" -timeout=10 -print_final_stats=1) > "$log" 2>&1; then
        status=FAILED
        failed=1
    fi
    runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(grep -oE 'cov: [0-9]+' <<< "$last" | grep -oE '[0-9]+' || echo '?')
    ft=$(grep -oE 'ft: [0-9]+' <<< "$last" | grep -oE '[0-9]+' || echo '?')
    corpus=$(grep -oE 'corp: [0-9]+' <<< "$last" | grep -oE '[0-9]+' || echo '?')
    crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
    [[ "$crashes" -gt 0 ]] && failed=1
    summary+=("$(printf '%-16s %-7s %12s %8s %8s %8s %8s' "$target" "$status" "$runs" "$cov" "$ft" "$corpus" "$crashes")")
    if [[ "$status" == FAILED ]]; then
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -5 || true
    fi
done

echo
printf '%-16s %-7s %12s %8s %8s %8s %8s\n' target status executions cov ft corpus findings
printf '%s\n' "${summary[@]}"
echo "(findings: files in fuzz/artifacts/<target>/; reproduce with cargo +nightly fuzz run <target> <file>)"
exit "$failed"
