"""A big site (the mix below copied 50 times: 16,500 posts), for scripts/bench:

- the HTML report: the peak memory of writing it against the JSON report of the same run, and
  how long headless Chromium takes to open it (load, lay out and paint the first screen: the
  time of `chromium --headless --screenshot`);
- `--cache`: a warm cached run against an uncached one, both writing the JSON report, and a warm
  run over 16,000 unchanged clean posts (samples/clean copied);
- `--cache` memory: the peak RSS of a first (cold) and a warm cached run over the mix copied 3
  times (990 posts) and 300 times (99,000 posts).
"""
import json, os, re, shutil, statistics, subprocess, tempfile, time

CORPUS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared", "corpus")
# The mix of the performance issue: HTML news, English Markdown, Chinese Markdown with code.
SOURCES = [("finews", "_posts"), ("finews", "versions"), ("jekyll-docs", "_posts"), ("wangxin93", "_posts")]


def generate(folder, copies):
    """The posts of SOURCES and the seed, copied `copies` times under distinct Jekyll post names."""
    for i in range(copies):
        target = os.path.join(folder, f"copy{i:04d}")
        os.makedirs(target)
        for corpus, sub in SOURCES:
            source = os.path.join(CORPUS, corpus, sub)
            for name in os.listdir(source):
                if name.endswith((".md", ".markdown", ".html")):
                    renamed = f"{name[:11]}{i:04d}-{name[11:]}" if re.match(r"\d{4}-\d{2}-\d{2}-", name) else f"{i:04d}-{name}"
                    shutil.copyfile(os.path.join(source, name), os.path.join(target, renamed))
        shutil.copyfile(os.path.join(CORPUS, "seed", "000_4bfe989a8b617545.txt"), os.path.join(target, f"2022-02-16-{i:04d}-seed.md"))
    return sum(len(files) for _, _, files in os.walk(folder))


def peak_rss(command, rounds):
    """The median peak RSS in MB."""
    peaks = []
    for _ in range(rounds):
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
    return statistics.median(peaks)


def open_time(page, profile, rounds):
    """The median wall time of headless Chromium loading `page` and taking a screenshot."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
                        f"--screenshot={os.path.join(profile, 'shot.png')}", "--window-size=1200,1400", "file://" + page],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(command, rounds):
    """The median wall time of `command`, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clean_site(folder, count):
    """`count` copies of a clean sample post."""
    posts = os.path.join(folder, "_posts")
    os.makedirs(posts)
    sample = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples", "clean", "_posts", "2022-03-01-wind-power-report.md")
    for i in range(count):
        shutil.copyfile(sample, os.path.join(posts, f"2022-03-01-{i:05d}-wind-power-report.md"))


def cache_memory(postlint, smoke, rounds, scratch=None):
    """Peak RSS (MB) of cold and warm `--cache` runs over a small and a large copy of the mix:
    {"small": posts, "large": posts, "cold": (small, large), "warm": (small, large)}."""
    work = tempfile.mkdtemp(prefix="postlint-bench-cache-", dir=scratch)
    try:
        result = {"cold": [], "warm": []}
        for name, copies in (("small", 1 if smoke else 3), ("large", 2 if smoke else 300)):
            corpus = os.path.join(work, name)
            result[name] = generate(corpus, copies)
            cache = os.path.join(work, name + ".cache")
            report = os.path.join(work, "report.json")
            run = [postlint, "check", "--cache", "--cache-location", cache, "--format", f"json={report}", corpus]
            colds = []
            for _ in range(rounds):
                if os.path.exists(cache):
                    os.remove(cache)
                colds.append(peak_rss(run, 1))
            result["cold"].append(statistics.median(colds))
            # A stat is trusted only for files older than two seconds.
            time.sleep(2.5)
            result["warm"].append(peak_rss(run, rounds))
            shutil.rmtree(corpus)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(postlint, copies, rounds, scratch=None):
    """Returns posts, findings, report size (MB), peak RSS of the JSON and HTML runs (MB), the
    open times of the report and of an empty page (s), and the cache's times (s)."""
    work = tempfile.mkdtemp(prefix="postlint-bench-report-", dir=scratch)
    try:
        corpus = os.path.join(work, "corpus")
        posts = generate(corpus, copies)
        report_json, report_html = os.path.join(work, "report.json"), os.path.join(work, "report.html")
        rss_json = peak_rss([postlint, "check", "--format", f"json={report_json}", corpus], rounds)
        rss_html = peak_rss([postlint, "check", "--format", f"html={report_html}", corpus], rounds)
        with open(report_json, encoding="utf-8") as f:
            summary = json.load(f)["summary"]
        findings = summary["errors"] + summary["warnings"] + summary["infos"]
        empty = os.path.join(work, "empty.html")
        with open(empty, "w") as f:
            f.write("<!DOCTYPE html><title>empty</title>")
        profile = os.path.join(work, "profile")
        os.makedirs(profile)
        opened = open_time(report_html, profile, rounds)
        baseline = open_time(empty, profile, rounds)
        # The cache: filled once, then warm runs; a stat is trusted only for files older than
        # two seconds, so the warm runs wait that long.
        cache = os.path.join(work, "cache")
        uncached = timed([postlint, "check", "--format", f"json={report_json}", corpus], rounds)
        subprocess.run([postlint, "check", "--cache", "--cache-location", cache, "--format", f"json={report_json}", corpus],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(2.5)
        warm = timed([postlint, "check", "--cache", "--cache-location", cache, "--format", f"json={report_json}", corpus], rounds)
        rss_warm = peak_rss([postlint, "check", "--cache", "--cache-location", cache, "--format", f"json={report_json}", corpus], rounds)
        clean = os.path.join(work, "clean")
        clean_site(clean, 16 if copies == 1 else 16000)
        subprocess.run([postlint, "check", "--cache", "--cache-location", cache + "-clean", clean], stdout=subprocess.DEVNULL)
        time.sleep(2.5)
        warm_clean = timed([postlint, "check", "--cache", "--cache-location", cache + "-clean", clean], rounds)
        return {"posts": posts, "findings": findings, "size": os.path.getsize(report_html) / 1e6,
                "rss_json": rss_json, "rss_html": rss_html, "open": opened, "open_empty": baseline,
                "uncached": uncached, "warm": warm, "rss_warm": rss_warm, "warm_clean": warm_clean, "clean": 16 if copies == 1 else 16000}
    finally:
        shutil.rmtree(work, ignore_errors=True)
