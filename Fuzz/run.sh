#!/usr/bin/env bash
# Builds the libFuzzer targets against the module sources and runs each for a while.
#
#   Fuzz/run.sh [seconds per target, default 60] [target ...]
#
# Targets (all by default): FrameParserFuzz (SwitchboardWebSocket), HTTPParserFuzz (SwitchboardHTTP),
# MessageDecoderFuzz (SwitchboardMessages). Binaries and the growing corpora live under .build/fuzz/;
# seed inputs under Fuzz/seeds/, and a target's dictionary, if any, at Fuzz/<target>/tokens.dict.
# Crash reproducers are written to .build/fuzz/artifacts/<target>/. Exits non-zero on any finding.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(FrameParserFuzz HTTPParserFuzz MessageDecoderFuzz)

module_for() {
    case "$1" in
        FrameParserFuzz) echo SwitchboardWebSocket ;;
        HTTPParserFuzz) echo SwitchboardHTTP ;;
        MessageDecoderFuzz) echo SwitchboardMessages ;;
        *) echo "unknown target $1" >&2; exit 2 ;;
    esac
}

# Files of other modules that a target's module imports for their vocabulary: they are compiled into
# the same single module, and the imports of those modules are dropped from the snapshot. (The
# messages speak the routing core's `Channel`; the rest of the core needs swift-collections.)
vocabulary_for() {
    case "$1" in
        MessageDecoderFuzz) echo Sources/SwitchboardRouter/Channel.swift ;;
    esac
}

out=.build/fuzz
mkdir -p "$out"
# A crashing target must not leave swift-backtrace waiting for a debugger.
export SWIFT_BACKTRACE=enable=no

for target in "${targets[@]}"; do
    module="$(module_for "$target")"
    echo "== building $target against Sources/$module"
    rm -f "$out/$target"
    # Compile a snapshot so edits made while a long run builds cannot break it.
    snapshot="$out/src/$target"
    rm -rf "$snapshot" && mkdir -p "$snapshot"
    cp Sources/"$module"/*.swift "Fuzz/$target/main.swift" "$snapshot/"
    for file in $(vocabulary_for "$target"); do
        cp "$file" "$snapshot/"
        imported="$(basename "$(dirname "$file")")"
        sed -i -E "/^(public |internal )?import $imported\$/d" "$snapshot"/*.swift
    done
    # ld.gold warns about every ASan helper symbol; keep the rest of the output.
    swiftc -sanitize=fuzzer,address -parse-as-library -O -g \
        -module-name "$target" \
        -I Sources/COpenSSL -lssl -lcrypto \
        "$snapshot"/*.swift \
        -o "$out/$target" 2>&1 | { grep -v 'Cannot export local symbol' || true; }
    [[ -x "$out/$target" ]] || { echo "$target: build failed" >&2; exit 1; }

    corpus="$out/corpus/$target"
    artifacts="$out/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    dict=()
    [[ -f "Fuzz/$target/tokens.dict" ]] && dict=(-dict="Fuzz/$target/tokens.dict")
    echo "== running $target for ${seconds}s"
    "$out/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 ${dict[@]+"${dict[@]}"} \
        "$corpus" "Fuzz/seeds/$target" 2>&1 | tee "$out/$target.log" | grep -E '^(#[0-9]+[[:space:]]+(DONE|INITED)|stat::|==[0-9]+==ERROR|SUMMARY|.*Fatal error)' || true
    if grep -qE '==ERROR|Fatal error|deadly signal|Test unit written' "$out/$target.log"; then
        echo "$target: FAILED (see $out/$target.log and $artifacts)" >&2
        exit 1
    fi
done
