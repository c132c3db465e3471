"""postlint and its peers on one kind of blog at a time, for scripts/bench: every ratio of the
performance targets per kind and for the whole mix, with callgrind instruction counts per post.

Kinds: finews (machine-made Chinese news, HTML bodies), jekyll-docs (English Markdown),
Chinese Markdown with code (wangxin93 and blogs-zh), and the 152 real pages of web-pages as
`.html` posts and as Markdown posts with an HTML body (Tests/Conversion/web_posts.py makes
them). Each kind is copied until it holds about POSTS posts.

Run alone: python3 scripts/bench_kinds.py [POSTS] [--smoke]
"""
import os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Posts per kind whose instructions callgrind counts (spread over the kind, the same every run).
SAMPLE = 40
CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "corpus")
# The cores this process may run on: the conversions are run with as many workers, and the
# floors are shared by as many.
CORES = len(os.sched_getaffinity(0))

# html2text writing one file per post into its own output folder, as postlint convert -o does.
PY_HTML2TEXT = """
import os, sys, html2text
out = sys.argv[1]; os.makedirs(out)
for i, path in enumerate(sys.argv[2:]):
    h = html2text.HTML2Text(); h.body_width = 0
    with open(path, encoding='utf-8', errors='replace') as f:
        text = h.handle(f.read())
    with open(os.path.join(out, f"{i}.md"), "w", encoding="utf-8") as f:
        f.write(text)
"""


def kinds(work):
    """Kind name -> the posts it is made of (sorted paths)."""
    web = os.path.join(work, "web")
    subprocess.run([sys.executable, os.path.join(ROOT, "Tests", "Conversion", "web_posts.py"), os.path.join(CORPUS, "web-pages"), web],
                   check=True, stdout=subprocess.DEVNULL)
    def under(*folders):
        return sorted(os.path.join(d, f) for folder in folders for d, _, fs in os.walk(folder) for f in fs
                      if f.endswith((".md", ".markdown", ".html")))
    return {
        "finews (HTML news)": under(os.path.join(CORPUS, "finews", "_posts"), os.path.join(CORPUS, "finews", "versions")),
        "jekyll-docs (English Markdown)": under(os.path.join(CORPUS, "jekyll-docs", "_posts")),
        "wangxin93 + blogs-zh (Chinese Markdown, code)": under(os.path.join(CORPUS, "wangxin93", "_posts"), os.path.join(CORPUS, "blogs-zh")),
        "web-pages as .html posts": under(os.path.join(web, "html")),
        "web-pages as Markdown posts": under(os.path.join(web, "markdown")),
    }


def copy(sources, folder, wanted):
    """`sources` copied into `folder` until there are about `wanted` posts, under distinct names
    that stay Jekyll post names (the copy's number after the date)."""
    copies = max(1, round(wanted / len(sources)))
    made = []
    for i in range(copies):
        target = os.path.join(folder, f"copy{i:04d}", "_posts")
        os.makedirs(target)
        for index, source in enumerate(sources):
            name = os.path.basename(source)
            renamed = f"{name[:11]}{i:04d}-{index:04d}-{name[11:]}" if re.match(r"\d{4}-\d{2}-\d{2}-", name) else f"{i:04d}-{index:04d}-{name}"
            shutil.copyfile(source, os.path.join(target, renamed))
            made.append(os.path.join(target, renamed))
    return sorted(made)


def rules_off(postlint, path):
    """A configuration with every rule off: postlint reads and parses each post and checks nothing."""
    listing = subprocess.run([postlint, "rules"], capture_output=True, text=True).stdout
    codes = [line.split()[0] for line in listing.splitlines() if line.startswith("PL")]
    with open(path, "w") as f:
        f.write("rules:\n" + "".join(f"  {code}: off\n" for code in codes))


def run(command):
    """Wall and CPU (user + system of every process waited for) seconds of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def fresh(folder, command):
    shutil.rmtree(folder, ignore_errors=True)
    return run(command)


# A conversion's verification is the code of these types (reading the source and the output as
# a reader sees them, and comparing); its ways in are kept out of line. Calls into them from the
# converters' own code (functions, and their closures, named under these types) are counted by
# the callee's symbol, never by its file, which callgrind gives for code inlined from it: a
# closure inlined from a file of the verifier held the building of the document. Calls made
# from verification code are inside those counts, so nothing is counted twice.
VERIFIER = re.compile(r"\$s15PostlintConvert(18ConversionVerifier|13SourceReading|9ShownPage|9ShownText)[OVC]")
CONVERTER = re.compile(r"\$s15PostlintConvert(15ContentPipeline|17MarkdownConverter|14XHTMLConverter)V")


def symbol(entry):
    """The function's symbol in callgrind_annotate's `file:symbol [object]`."""
    return entry.split(":", 1)[-1].split(" ", 1)[0]


def instructions(stripped, command, scratch, verification=False):
    """Instructions `command` executes under callgrind (valgrind cannot read the debug info of
    Swift binaries, so it runs `stripped`, a copy without it), and with `verification` those
    spent in the conversion's verification: the inclusive cost of every call the converters
    make into ConversionVerifier (reading the source and the output as a reader sees them, and
    comparing the two); else 0."""
    out = os.path.join(scratch, "callgrind.out")
    result = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", stripped] + command[1:],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    counts = [line for line in result.stderr.splitlines() if "Collected :" in line]
    if not counts:
        raise SystemExit("bench: callgrind counted nothing:\n" + result.stderr[-2000:])
    total = int(counts[-1].split(":")[-1].strip())
    verifying, caller = 0, ""
    if verification:
        tree = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--tree=calling", "--threshold=100", out],
                              capture_output=True, text=True).stdout
        for line in tree.splitlines():
            # "  1,234 (12.3%)  *  file:function [object]" is a function; "  567 (1%)  >   file:callee (3x) [object]" a call it makes.
            function = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+\*\s+(.*)", line)
            if function:
                caller = function.group(2)
                continue
            call = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+>\s+(.*)", line)
            if call and VERIFIER.match(symbol(call.group(2))) and CONVERTER.match(symbol(caller)) and not VERIFIER.match(symbol(caller)):
                verifying += int(call.group(1).replace(",", ""))
    os.remove(out)
    return total, verifying


def measure(postlint, posts=2000, rounds=5, smoke=False, scratch=None):
    """Per kind and for the whole mix: median timings and the ratios of the targets."""
    work = tempfile.mkdtemp(prefix="postlint-bench-kinds-", dir=scratch)
    stripped = os.path.join(work, "postlint-stripped")
    subprocess.run(["objcopy", "--strip-debug", postlint, stripped], check=True)
    results = {}
    floor = os.path.join(work, "rules-off.yml")
    rules_off(postlint, floor)
    try:
        sources = kinds(work)
        sources["the whole mix"] = [p for files in sources.values() for p in files]
        for index, (kind, files) in enumerate(sources.items()):
            corpus = os.path.join(work, f"kind{index}")
            made = copy(files, corpus, 1 if smoke else posts)
            listing = os.path.join(work, f"kind{index}.txt")
            with open(listing, "w") as f:
                f.write("\n".join(made))
            out = os.path.join(work, "out")
            rendered = os.path.join(work, "rendered.html")
            cases = [
                ("check2", lambda: run([postlint, "check", "--jobs", "2", corpus])),
                ("check1", lambda: run([postlint, "check", "--jobs", "1", corpus])),
                # postlint's own floor: every post read and parsed, no rule run.
                ("check1off", lambda: run([postlint, "check", "--jobs", "1", "--config", floor, corpus])),
                ("xmllint", lambda: run(["sh", "-c", f"xargs -a {listing} -d '\\n' xmllint --html --noout"])),
                ("markdown2", lambda: fresh(out, [postlint, "convert", "--jobs", str(CORES), "--to", "markdown", "-o", out, corpus])),
                ("markdown1", lambda: fresh(out, [postlint, "convert", "--jobs", "1", "--to", "markdown", "-o", out, corpus])),
                ("xhtml2", lambda: fresh(out, [postlint, "convert", "--jobs", str(CORES), "--to", "xhtml", "-o", out, corpus])),
                ("epub2", lambda: fresh(out, [postlint, "convert", "--jobs", str(CORES), "--to", "epub", "-o", os.path.join(out, "book.epub"), corpus])),
                ("html2text", lambda: fresh(out, ["python3", "-c", PY_HTML2TEXT, out] + made)),
                # The floors: cmark-gfm renders every post as the site does (one process, the posts
                # one after another), and xmllint parses what it rendered. A conversion that reads
                # its source and its output as a reader sees them does each at least twice.
                ("cmark", lambda: run(["sh", "-c", f"xargs -a {listing} -d '\\n' cmark-gfm --unsafe -e table -e strikethrough -e tasklist > {rendered}"])),
                ("xmllint-rendered", lambda: run(["xmllint", "--html", "--noout", rendered])),
            ]
            # Twenty posts spread over the kind (in the mix, the first twenty would all be web pages).
            pandoc_files = made[::max(1, len(made) // 20)][:20]
            cases.append(("pandoc20", lambda: tuple(map(sum, zip(*(run(["pandoc", "-f", "html", "-t", "gfm", p, "-o", os.path.join(work, "pandoc.md")])
                                                                    for p in pandoc_files))))))
            times = {name: [] for name, _ in cases}
            for _ in range(1 if smoke else rounds):
                for name, case in cases:
                    times[name].append(case())
            wall = lambda a, b: statistics.median(x[0] / y[0] for x, y in zip(times[a], times[b]))
            cpu = lambda a, b: statistics.median(x[1] / y[1] for x, y in zip(times[a], times[b]))
            # The floor of a verified conversion, per round: cmark-gfm and xmllint over the source
            # and again over the output, nothing else, shared perfectly by as many workers as
            # convert runs with (one per core), as convert's own time is measured so.
            floors = [2 * (c[0] + x[0]) / CORES for c, x in zip(times["cmark"], times["xmllint-rendered"])]
            # callgrind runs fifty times slower: it counts a sample of the kind's posts.
            sample = os.path.join(work, "sample", "_posts")
            os.makedirs(sample)
            wanted = 3 if smoke else SAMPLE
            for path in made[::max(1, len(made) // wanted)][:wanted]:
                shutil.copyfile(path, os.path.join(sample, os.path.basename(path)))
            per_copy = len(os.listdir(sample))
            # What a run costs before its first post (start-up: arguments, the rule catalogue, the
            # dynamic loader), counted on an empty folder for the table. The per-post counts take
            # out a run over one post with an empty body instead: a convert that finds no post
            # ends without waiting for the catalogue, which a second thread reads, so callgrind
            # counted it there in some runs and not in others (27 M or 44 M).
            empty = os.path.join(work, "empty", "_posts")
            os.makedirs(empty, exist_ok=True)
            check_start, _ = instructions(stripped, [postlint, "check", "--jobs", "1", empty], work)
            one = os.path.join(work, "one", "_posts")
            os.makedirs(one, exist_ok=True)
            with open(os.path.join(one, "2020-01-01-start.md"), "w", encoding="utf-8") as f:
                f.write("---\ntitle: start\n---\n")
            check_one, _ = instructions(stripped, [postlint, "check", "--jobs", "1", one], work)
            shutil.rmtree(out, ignore_errors=True)
            convert_start, _ = instructions(stripped, [postlint, "convert", "--jobs", "1", "--to", "markdown", "-o", out, one], work)
            check_count, _ = instructions(stripped, [postlint, "check", "--jobs", "1", sample], work)
            shutil.rmtree(out, ignore_errors=True)
            convert_count, verifying = instructions(stripped, [postlint, "convert", "--jobs", "1", "--to", "markdown", "-o", out, sample], work, verification=True)
            results[kind] = {
                "posts": len(made),
                "check vs xmllint": wall("check2", "xmllint"),
                "check --jobs 1 vs xmllint, CPU": cpu("check1", "xmllint"),
                "check --jobs 1, every rule off, vs xmllint, CPU": cpu("check1off", "xmllint"),
                "html2text vs convert": wall("html2text", "markdown2"),
                "html2text vs its floor": statistics.median(h[0] / floor for h, floor in zip(times["html2text"], floors)),
                "cmark-gfm vs xmllint, CPU": cpu("cmark", "xmllint"),
                "pandoc vs convert": wall("pandoc20", "markdown2") * len(made) / len(pandoc_files),
                "pandoc vs its floor": statistics.median(p[0] * len(made) / len(pandoc_files) / floor for p, floor in zip(times["pandoc20"], floors)),
                "xhtml vs markdown": wall("xhtml2", "markdown2"),
                "one EPUB vs xhtml": wall("epub2", "xhtml2"),
                "check --jobs 1 vs --jobs 2": wall("check1", "check2"),
                "convert --jobs 1 vs --jobs 2": wall("markdown1", "markdown2"),
                "start-up of check, instructions": check_start,
                "check, instructions per post": (check_count - check_one) / per_copy,
                "convert, instructions per post": (convert_count - convert_start) / per_copy,
                "verification share of convert": verifying / (convert_count - convert_start),
            }
            for folder in (corpus, out, os.path.dirname(sample), os.path.dirname(one)):
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results


# Target per ratio: (wanted, test).
TARGETS = {
    "check vs xmllint": ("≤ 1.5×", lambda r: r <= 1.5),
    "check --jobs 1 vs xmllint, CPU": ("≤ 2.5×", lambda r: r <= 2.5),
    "html2text vs convert": ("≥ 2×", lambda r: r >= 2),
    "pandoc vs convert": ("≥ 100×", lambda r: r >= 100),
    "xhtml vs markdown": ("≤ 1.2×", lambda r: r <= 1.2),
    "one EPUB vs xhtml": ("≤ 2×", lambda r: r <= 2),
    "check --jobs 1 vs --jobs 2": ("≥ 1.8×", lambda r: r >= 1.8),
    "convert --jobs 1 vs --jobs 2": ("≥ 1.8×", lambda r: r >= 1.8),
    "verification share of convert": ("≤ 25 %", lambda r: r <= 0.25),
}


def table(results):
    """A Markdown table: a row per measurement, a column per kind, unmet targets in bold."""
    names = list(results)
    measures = list(next(iter(results.values())).keys())
    lines = ["| measurement | wanted | " + " | ".join(names) + " |", "| --- | --- |" + " --- |" * len(names)]
    for measure_name in measures:
        wanted, met = TARGETS.get(measure_name, ("—", None))
        cells = []
        for kind in names:
            value = results[kind][measure_name]
            if measure_name == "posts":
                text = str(value)
            elif "instructions" in measure_name:
                text = f"{value / 1e6:.2f} M"
            elif "share" in measure_name:
                text = f"{value * 100:.0f} %"
            else:
                text = f"{value:.2f}"
            cells.append(text if met is None or met(value) else f"**{text}**")
        lines.append(f"| {measure_name} | {wanted} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    smoke = "--smoke" in sys.argv
    ram = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    print(table(measure(os.path.join(ROOT, ".build", "release", "postlint"), posts=int(arguments[0]) if arguments else 2000, smoke=smoke, scratch=ram)))
