"""The benchmark behind scripts/bench: postlint and its peers, same corpus, same run, as ratios."""
import os, re, shutil, statistics, subprocess, sys, tempfile, time, datetime, platform

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_lsp
import bench_kinds
import bench_site

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
POSTLINT = os.path.join(ROOT, ".build", "release", "postlint")
EMPTY = os.path.join(ROOT, ".build", "bench", "empty")
args = [a for a in sys.argv[1:] if not a.startswith("--")]
SMOKE = "--smoke" in sys.argv
N = int(args[0]) if args else 50
LARGE_N = int(args[1]) if len(args) > 1 else 500
# Nine rounds: on a shared two-core machine single timings spread 20 to 60 %, and the median of
# five ratios still moved by a tenth between runs of the same binary.
RUNS = 1 if SMOKE else 9


def copy_name(name, i):
    """`name` with the copy's number after its `YYYY-MM-DD-` date, so that copies have distinct
    names that are still Jekyll post names (a number in front would draw PL204 on every copy)."""
    return f"{name[:11]}{i:04d}-{name[11:]}" if re.match(r"\d{4}-\d{2}-\d{2}-", name) else f"{i:04d}-{name}"


def generate(folder, n):
    """The corpus (finews posts and versions, jekyll-docs, the seed) copied n times, distinct names."""
    sources = [os.path.join(CORPUS, "finews", "_posts"), os.path.join(CORPUS, "finews", "versions"),
               os.path.join(CORPUS, "jekyll-docs", "_posts")]
    for i in range(n):
        target = os.path.join(folder, f"copy{i:04d}")
        os.makedirs(target)
        for source in sources:
            for name in os.listdir(source):
                if name.endswith((".md", ".markdown")):
                    shutil.copyfile(os.path.join(source, name), os.path.join(target, copy_name(name, i)))
        shutil.copyfile(os.path.join(CORPUS, "seed", "000_4bfe989a8b617545.txt"), os.path.join(target, copy_name("2022-02-16-seed.md", i)))
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs)


def timed(command, **kwargs):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def peak_rss(command):
    """The median peak RSS of three runs, in MB: with two threads, the peak depends on which
    posts they happen to hold at once, and varies by a few MB from run to run."""
    peaks = []
    for _ in range(1 if SMOKE else 3):
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(peaks)


PY_AUTOCORRECT = """
import sys, autocorrect_py
for path in sys.argv[1:]:
    with open(path, encoding='utf-8', errors='replace') as f:
        autocorrect_py.lint_for(f.read(), path)
"""
# Each converter writes one file per post into its own output folder, as postlint convert -o does.
PY_HTML2TEXT = bench_kinds.PY_HTML2TEXT
PY_MARKDOWNIFY = """
import os, sys, markdownify
out = sys.argv[1]; os.makedirs(out)
for i, path in enumerate(sys.argv[2:]):
    with open(path, encoding='utf-8', errors='replace') as f:
        text = markdownify.markdownify(f.read())
    with open(os.path.join(out, f"{i}.md"), "w", encoding="utf-8") as f:
        f.write(text)
"""


def instructions(command):
    """Instructions `command` executes, counted by callgrind: the same on every run of the same
    binary and input, however busy the machine."""
    stripped = os.path.join(os.path.dirname(EMPTY), "postlint-stripped")
    if not os.path.exists(stripped) or os.path.getmtime(stripped) < os.path.getmtime(POSTLINT):
        subprocess.run(["objcopy", "--strip-debug", POSTLINT, stripped], check=True)
    return bench_kinds.instructions(stripped, command, os.path.dirname(EMPTY))[0]


def fresh(folder, command):
    """Times `command` writing into `folder`, which is emptied first."""
    shutil.rmtree(folder, ignore_errors=True)
    return timed(command)


def measure(cases):
    """Runs every case RUNS times, alternating; returns name -> the times of each round."""
    times = {name: [] for name, _ in cases}
    for _ in range(RUNS):
        for name, run in cases:
            times[name].append(run())
    return times


def summary(times):
    """The median and the spread (range over median) of one case's times."""
    median = statistics.median(times)
    return median, (max(times) - min(times)) / median if median else 0


def ratio(table, numerator, denominator):
    """The median over rounds of numerator / denominator, each pair timed in the same round, so
    that a slow spell of the machine slows both sides of a ratio alike."""
    return statistics.median(a / b for a, b in zip(table[numerator], table[denominator]))


def main():
    # The corpus and the outputs go to a RAM disk when there is one: reading and creating
    # thousands of files costs the same for every tool and, on a disk, varies more than the work
    # measured (a page cache the host keeps small sent some runs to the disk for their input).
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="postlint-bench-", dir=ram)
    scratch = tempfile.mkdtemp(prefix="postlint-bench-out-", dir=ram)
    try:
        corpus = os.path.join(work, "corpus")
        files = generate(corpus, N)
        listing = os.path.join(work, "files.txt")
        with open(listing, "w") as f:
            f.write("\n".join(files))
        outputs = {name: os.path.join(scratch, name) for name in ("postlint", "html2text", "markdownify", "pandoc")}
        floor = os.path.join(work, "rules-off.yml")
        bench_kinds.rules_off(POSTLINT, floor)
        subset = files[:200]
        one = files[0]
        xargs = lambda cmd: (lambda: timed(["sh", "-c", f"xargs -a {listing} -d '\\n' {cmd}"]))
        check = measure([
            ("postlint check (2 jobs)", lambda: timed([POSTLINT, "check", "--jobs", "2", corpus])),
            ("postlint check (1 job)", lambda: timed([POSTLINT, "check", "--jobs", "1", corpus])),
            ("xmllint --html --noout", xargs("xmllint --html --noout")),
            ("autocorrect lint_for (one process)", lambda: timed(["python3", "-c", PY_AUTOCORRECT] + files)),
            ("postlint check, every rule off (2 jobs)", lambda: timed([POSTLINT, "check", "--jobs", "2", "--config", floor, corpus])),
        ])
        convert = measure([
            ("postlint convert --to markdown", lambda: fresh(outputs["postlint"], [POSTLINT, "convert", "--to", "markdown", "-o", outputs["postlint"], corpus])),
            ("html2text (one process)", lambda: fresh(outputs["html2text"], ["python3", "-c", PY_HTML2TEXT, outputs["html2text"]] + files)),
            ("markdownify (one process)", lambda: fresh(outputs["markdownify"], ["python3", "-c", PY_MARKDOWNIFY, outputs["markdownify"]] + files)),
            ("pandoc -f html -t gfm (200 files, a process each)", lambda: sum(timed(["pandoc", "-f", "html", "-t", "gfm", p, "-o", os.path.join(scratch, "pandoc.md")]) for p in subset)),
        ])
        single = measure([
            ("postlint check, one file", lambda: timed([POSTLINT, "check", one])),
            ("an empty Swift program", lambda: timed([EMPTY])),
        ])
        # Instruction counts over one copy of the corpus, per post.
        sample = os.path.join(corpus, "copy0000")
        posts = len(os.listdir(sample))
        counted = {
            "postlint check --jobs 1, per post": instructions([POSTLINT, "check", "--jobs", "1", sample]) / posts,
            "postlint convert --to markdown, per post": (shutil.rmtree(outputs["postlint"], ignore_errors=True),
                                                         instructions([POSTLINT, "convert", "--to", "markdown", "-o", outputs["postlint"], sample]))[1] / posts,
            "postlint check, one file (the whole process)": instructions([POSTLINT, "check", one]),
        }
        # The language server: typing in a 50 KB Chinese post, and 500 documents open.
        lsp_latency, lsp_size, _ = bench_lsp.latency(POSTLINT, edits=20 if SMOKE else 100)
        lsp_memory = bench_lsp.memory(POSTLINT, documents=100 if SMOKE else 500)
        # A big site (finews, jekyll-docs, wangxin93 and the seed, 50 copies): the HTML report
        # and the cache.
        report = bench_site.measure(POSTLINT, copies=1 if SMOKE else 50, rounds=1 if SMOKE else 3, scratch=ram)
        cache_memory = bench_site.cache_memory(POSTLINT, smoke=SMOKE, rounds=1 if SMOKE else 3, scratch=ram)
        # Every kind of blog on its own, and their mix.
        kinds = bench_kinds.measure(POSTLINT, posts=2000, rounds=5, smoke=SMOKE, scratch=ram)
        rss_small = peak_rss([POSTLINT, "check", corpus])
        if SMOKE:
            rss_large = rss_small
        else:
            shutil.rmtree(corpus)
            large = os.path.join(work, "large")
            generate(large, LARGE_N)
            rss_large = peak_rss([POSTLINT, "check", large])
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)

    pandoc_all = summary(convert["pandoc -f html -t gfm (200 files, a process each)"])[0] * len(files) / len(subset)
    pandoc_ratio = ratio(convert, "pandoc -f html -t gfm (200 files, a process each)", "postlint convert --to markdown") * len(files) / len(subset)
    rows = [
        ("check vs xmllint parse", ratio(check, "postlint check (2 jobs)", "xmllint --html --noout"), "≤ 1.5×", lambda r: r <= 1.5),
        ("autocorrect vs check", ratio(check, "autocorrect lint_for (one process)", "postlint check (2 jobs)"), "≥ 5×", lambda r: r >= 5),
        ("html2text vs convert", ratio(convert, "html2text (one process)", "postlint convert --to markdown"), "≥ 2×", lambda r: r >= 2),
        ("pandoc (extrapolated) vs convert", pandoc_ratio, "≥ 100×", lambda r: r >= 100),
        ("one-file check, ms", summary(single["postlint check, one file"])[0] * 1000, "≤ 30 ms", lambda r: r <= 30),
        (f"peak RSS at N={N}, MB", rss_small, "≤ 64 MB", lambda r: r <= 64),
        (f"peak RSS N={LARGE_N} vs N={N}", rss_large / rss_small, "≤ 1.10×", lambda r: r <= 1.10),
        ("--jobs 1 vs --jobs 2", ratio(check, "postlint check (1 job)", "postlint check (2 jobs)"), "≥ 1.7×", lambda r: r >= 1.7),
        (f"lsp: didChange to diagnostics, {lsp_size / 1000:.0f} KB Chinese post, median ms", lsp_latency, "≤ 15 ms", lambda r: r <= 15),
        (f"lsp: peak memory, {100 if SMOKE else 500} documents open, MB", lsp_memory, "≤ 150 MB", lambda r: r <= 150),
        (f"html report of {report['posts']} posts: peak RSS vs the JSON report's", report["rss_html"] / report["rss_json"], "≤ 1.2×", lambda r: r <= 1.2),
        (f"html report of {report['posts']} posts ({report['findings']} findings, {report['size']:.0f} MB): opened in headless Chromium, s",
         report["open"], "≤ 3 s", lambda r: r <= 3),
        ("(not a target) headless Chromium opening an empty page, s", report["open_empty"], "—", None),
        (f"--cache: warm run vs uncached, {report['posts']} posts, JSON report", report["warm"] / report["uncached"], "≤ 0.4×", lambda r: r <= 0.4),
        (f"--cache: peak RSS of a warm run, {report['posts']} posts, MB", report["rss_warm"], "≤ 64 MB", lambda r: r <= 64),
        (f"--cache: warm run over {report['clean']} unchanged clean posts, s", report["warm_clean"], "≤ 0.15 s", lambda r: r <= 0.15),
        (f"--cache: peak RSS of a first run, {cache_memory['large']} vs {cache_memory['small']} posts", cache_memory["cold"][1] / cache_memory["cold"][0], "≤ 1.10×", lambda r: r <= 1.10),
        (f"--cache: peak RSS of a warm run, {cache_memory['large']} vs {cache_memory['small']} posts", cache_memory["warm"][1] / cache_memory["warm"][0], "≤ 1.10×", lambda r: r <= 1.10),
        (f"--cache: peak RSS of a first run over {cache_memory['large']} posts, MB", cache_memory["cold"][1], "≤ 64 MB", lambda r: r <= 64),
        ("(not a target) every rule off vs xmllint parse", ratio(check, "postlint check, every rule off (2 jobs)", "xmllint --html --noout"), "—", None),
        ("(not a target) check vs every rule off", ratio(check, "postlint check (2 jobs)", "postlint check, every rule off (2 jobs)"), "—", None),
    ]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    lines = [f"Measured {datetime.date.today()} on {platform.machine()} Linux, {os.cpu_count()} cores, commit {commit}; "
             f"corpus copied N={N} times ({len(files)} posts), {RUNS} alternating run(s) each, medians; "
             "each ratio is the median of the ratios within a round.", "",
             "| measurement | median s | spread |", "| --- | --- | --- |"]
    for table in (check, convert, single):
        for name, (median, spread) in ((name, summary(times)) for name, times in table.items()):
            lines.append(f"| {name} | {median:.3f} | {spread * 100:.0f} % |")
    lines.append(f"| pandoc, extrapolated to all {len(files)} files | {pandoc_all:.1f} | |")
    lines += ["", f"Instructions counted by callgrind (one copy of the corpus, {posts} posts):", "",
              "| measurement | instructions |", "| --- | --- |"]
    for name, count in counted.items():
        lines.append(f"| {name} | {count / 1e6:.2f} M |")
    lines += ["", "| target | value | wanted | met |", "| --- | --- | --- | --- |"]
    for name, value, wanted, met in rows:
        lines.append(f"| {name} | {value:.2f} | {wanted} | {'—' if met is None else 'yes' if met(value) else '**no**'} |")
    lines += ["", "Per kind of blog (each copied to about 2,000 posts; callgrind counts 40 posts of each):", "", bench_kinds.table(kinds)]
    table = "\n".join(lines)
    print(table)
    if not SMOKE:
        path = os.path.join(ROOT, "docs", "PERFORMANCE.md")
        text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        if start in text and end in text:
            text = text[:text.index(start) + len(start)] + "\n" + table + "\n" + text[text.index(end):]
            open(path, "w", encoding="utf-8").write(text)
            print("\nupdated docs/PERFORMANCE.md", file=sys.stderr)


main()
