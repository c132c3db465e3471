import Foundation
import PostlintEngine
import PostlintModel
import PostlintReporters
@testable import PostlintRunner
import Testing

/// The CI gate: every output format checked by a real consumer, and the scale features
/// (jobs, shards, cache, changed and staged files) proven to change nothing in the results.
@Suite(.serialized) struct CIGateTests {
    static func tool(_ arguments: [String], in directory: URL? = nil, input: String? = nil) throws -> CommandResult {
        try ChildProcess.tool(arguments, stdin: input.map { Data($0.utf8) }, in: directory)
    }

    /// Validates `document` against a JSON schema with Python's jsonschema (installed by bootstrap).
    static func validate(_ document: URL, schema: URL) throws -> String {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            cls = jsonschema.validators.validator_for(schema)
            errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc))
            for e in errors[:5]: print(e.message[:300], list(e.absolute_path)[:8])
            sys.exit(1 if errors else 0)
            """
        let result = try tool(["python3", "-c", script, schema.path, document.path], in: URL(fileURLWithPath: "/"))
        return result.status == 0 ? "" : result.stdout + result.stderr
    }

    @Test func sarifForTheCorpusValidatesAgainstTheOfficialSchema() throws {
        let folder = try TemporaryFolder()
        let sarif = folder.url.appendingPathComponent("corpus.sarif")
        let result = try PostlintBinary.run(["check", "--format", "sarif=\(sarif.path)"] + Fixtures.originalCorpusPaths)
        #expect(result.status == 1)
        let schema = Fixtures.corpus.deletingLastPathComponent().appendingPathComponent("schemas/sarif-schema-2.1.0.json")
        #expect(try Self.validate(sarif, schema: schema) == "")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sarif)) as? [String: Any])
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        #expect(run["columnKind"] as? String == "utf16CodeUnits")
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "PL501" && $0["name"] as? String == "space-around-fullwidth-quote" })
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.contains { $0["fixes"] != nil })
    }

    @Test func jsonMatchesItsDocumentedSchema() throws {
        let folder = try TemporaryFolder()
        let json = folder.url.appendingPathComponent("corpus.json")
        try PostlintBinary.run(["check", "--format", "json=\(json.path)"] + Fixtures.originalCorpusPaths + ["samples"], in: Fixtures.packageRoot)
        #expect(try Self.validate(json, schema: Fixtures.packageRoot.appendingPathComponent("docs/report.schema.json")) == "")
    }

    @Test func junitAndCheckstyleAreWellFormedXML() throws {
        let folder = try TemporaryFolder()
        let junit = folder.url.appendingPathComponent("r.junit.xml"), checkstyle = folder.url.appendingPathComponent("r.checkstyle.xml")
        try PostlintBinary.run(["check", "--format", "junit=\(junit.path)", "--format", "checkstyle=\(checkstyle.path)", "samples"], in: Fixtures.packageRoot)
        let lint = try Self.tool(["xmllint", "--noout", junit.path, checkstyle.path])
        #expect(lint.status == 0 && lint.stderr.isEmpty, "\(lint.stderr)")
        let junitText = try String(contentsOf: junit, encoding: .utf8)
        #expect(junitText.contains("<testsuite name=\"samples/broken/_posts/2022-03-05-dates-and-keys.md\""))
        #expect(junitText.contains("<testcase name=\"PL105 front-matter-duplicate-key\" classname=\"samples/broken/_posts/2022-03-05-dates-and-keys.md\">\n      <failure"))
        #expect(try String(contentsOf: checkstyle, encoding: .utf8).contains("source=\"postlint.PL105.front-matter-duplicate-key\""))
    }

    @Test func githubEscapingRoundTripsHostileText() {
        let hostile = "100% sure:\r\nline two, with ::error:: inside"
        func unescape(_ text: String) -> String {
            text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
                .replacingOccurrences(of: "%3A", with: ":").replacingOccurrences(of: "%2C", with: ",").replacingOccurrences(of: "%25", with: "%")
        }
        let data = GitHubReporter.data(hostile), property = GitHubReporter.property(hostile)
        #expect(!data.contains("\n") && !data.contains("\r") && unescape(data) == hostile)
        #expect(!property.contains(":") && !property.contains(",") && unescape(property) == hostile)
    }

    @Test func githubAnnotationsComeMostSevereFirst() throws {
        let result = try PostlintBinary.run(["check", "--format", "github", "samples/broken"], in: Fixtures.packageRoot)
        let lines = result.stdout.split(separator: "\n")
        let ranks = lines.map { $0.hasPrefix("::error") ? 2 : $0.hasPrefix("::warning") ? 1 : 0 }
        #expect(ranks == ranks.sorted(by: >) && ranks.contains(2) && ranks.contains(0))
        #expect(lines.contains { $0.hasPrefix("::error file=samples/broken/_posts/2022-03-05-dates-and-keys.md,line=6,col=1,endLine=6,endColumn=6,title=PL105 front-matter-duplicate-key::") })
    }

    @Test func oneJobAndTwoJobsGiveTheSameBytes() throws {
        let one = try PostlintBinary.run(["check", "--jobs", "1", "--format", "json"] + Fixtures.originalCorpusPaths)
        let two = try PostlintBinary.run(["check", "--jobs", "2", "--format", "json"] + Fixtures.originalCorpusPaths)
        #expect(one.stdout == two.stdout && !one.stdout.isEmpty)
        let textOne = try PostlintBinary.run(["check", "--jobs", "1"] + Fixtures.originalCorpusPaths)
        let textTwo = try PostlintBinary.run(["check", "--jobs", "2"] + Fixtures.originalCorpusPaths)
        #expect(textOne.stdout == textTwo.stdout)
        let htmlOne = try PostlintBinary.run(["check", "--jobs", "1", "--format", "html"] + Fixtures.originalCorpusPaths)
        let htmlTwo = try PostlintBinary.run(["check", "--jobs", "2", "--format", "html"] + Fixtures.originalCorpusPaths)
        #expect(htmlOne.stdout == htmlTwo.stdout && htmlOne.stdout.hasSuffix("</html>\n"))
    }

    /// Reports stream out as files finish, so six times the files take no more memory; every
    /// format is asked for at once, since each must stream.
    @Test func memoryDoesNotGrowWithTheNumberOfFiles() throws {
        let folder = try TemporaryFolder()
        let posts = Fixtures.originalCorpusFiles(extensions: ["md", "markdown", "html"])
        // Files that are no post at all (no dated name, no front matter) are not counted.
        let checked = try #require(try PostlintBinary.run(["check"] + posts.map(\.path)).stdout.firstMatch(of: /(\d+) files? checked/).flatMap { Int($0.1) })
        func peak(copies: Int) throws -> Int {
            let tree = folder.url.appendingPathComponent("tree\(copies)")
            for copy in 0..<copies {
                let target = tree.appendingPathComponent(String(format: "copy%02d", copy))
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                // The index goes after the name, so that a dated name stays dated.
                for (index, post) in posts.enumerated() {
                    let name = post.deletingPathExtension().lastPathComponent + "-\(index)." + post.pathExtension
                    try FileManager.default.copyItem(at: post, to: target.appendingPathComponent(name))
                }
            }
            var arguments = ["check", "--verbose", "--jobs", "2", "--format", "text"]
            for format in ["json", "sarif", "junit", "github", "checkstyle", "html"] {
                arguments += ["--format", "\(format)=\(folder.url.appendingPathComponent("report\(copies).\(format)").path)"]
            }
            let result = try PostlintBinary.run(arguments + [tree.path])
            #expect(result.stdout.contains("\(checked * copies) files checked"), "\(result.stdout.suffix(300))")
            let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("peak memory") })
            return try #require(Int(line.split(separator: " ").dropLast().last ?? ""))
        }
        let small = try peak(copies: 2), large = try peak(copies: 12)
        #expect(Double(large) <= Double(small) * 1.10 + 3, "peak memory \(small) MB for \(2 * posts.count) files, \(large) MB for \(12 * posts.count)")
    }

    @Test func threeShardsMergedEqualOneRun() throws {
        let folder = try TemporaryFolder()
        for format in ["json", "sarif"] {
            let whole = folder.url.appendingPathComponent("whole.\(format)")
            try PostlintBinary.run(["check", "--format", "\(format)=\(whole.path)"] + Fixtures.originalCorpusPaths)
            var parts: [String] = []
            for index in 1...3 {
                let part = folder.url.appendingPathComponent("part\(index).\(format)")
                try PostlintBinary.run(["check", "--shard", "\(index)/3", "--format", "\(format)=\(part.path)"] + Fixtures.originalCorpusPaths)
                parts.append(part.path)
            }
            let merged = folder.url.appendingPathComponent("merged.\(format)")
            let result = try PostlintBinary.run(["merge-reports", "-o", merged.path] + parts)
            #expect(result.status == 1, "\(result.stderr)")
            let a = try JSONSerialization.jsonObject(with: Data(contentsOf: whole)) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: Data(contentsOf: merged)) as? NSDictionary
            #expect(a != nil && a == b, "\(format): the merged shards differ from one run")
            let counts = try parts.map { path -> Int in
                let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
                return format == "json" ? (object?["files"] as? [Any])?.count ?? 0 : 0
            }
            if format == "json" { #expect(counts.allSatisfy { $0 > 0 }, "every shard has files: \(counts)") }
        }
    }

    @Test func aCachedRunParsesNothingAndSaysTheSame() throws {
        let folder = try TemporaryFolder()
        let cache = folder.url.appendingPathComponent("postlint-cache").path
        let first = try PostlintBinary.run(["check", "--cache", "--cache-location", cache, "--verbose"] + Fixtures.originalCorpusPaths)
        let second = try PostlintBinary.run(["check", "--cache", "--cache-location", cache, "--verbose"] + Fixtures.originalCorpusPaths)
        #expect(first.stdout == second.stdout && first.status == second.status)
        #expect(first.stderr.contains("0 from the cache"), "\(first.stderr)")
        #expect(second.stderr.contains(": 0 parsed,"), "\(second.stderr)")
        // A changed file is parsed again; the rest still come from the cache.
        let posts = try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “引号”\n")
        try PostlintBinary.run(["check", "--cache", "--cache-location", cache, posts.path])
        try Data("---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文“引号”\n".utf8).write(to: posts)
        let changed = try PostlintBinary.run(["check", "--cache", "--cache-location", cache, "--verbose", posts.path])
        #expect(changed.stderr.contains("1 parsed, 0 from the cache") && !changed.stdout.contains("PL501"))
    }

    /// Runs over different files share one cache: each run keeps what the others stored, and
    /// a file stored twice is kept once, as last stored.
    @Test func runsOverDifferentFilesShareTheCache() throws {
        let folder = try TemporaryFolder()
        let cache = folder.url.appendingPathComponent("postlint-cache").path
        var posts: [String] = []
        for name in ["a", "b", "c"] {
            posts.append(try folder.write("_posts/2022-03-01-\(name).md", "---\ntitle: \"\(name)\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文 “\(name)”\n").path)
        }
        try PostlintBinary.run(["check", "--cache", "--cache-location", cache, posts[0]])
        try PostlintBinary.run(["check", "--cache", "--cache-location", cache, posts[1], posts[2]])
        try Data("---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文“a”\n".utf8).write(to: URL(fileURLWithPath: posts[0]))
        try PostlintBinary.run(["check", "--cache", "--cache-location", cache, posts[0]])
        let all = try PostlintBinary.run(["check", "--cache", "--cache-location", cache, "--verbose"] + posts)
        #expect(all.stderr.contains("3 files: 0 parsed, 3 from the cache"), "\(all.stderr)")
        let uncached = try PostlintBinary.run(["check"] + posts)
        #expect(all.stdout == uncached.stdout && all.stdout.contains("2022-03-01-b.md") && !all.stdout.contains("2022-03-01-a.md"), "\(all.stdout)")
        let file = try #require(CacheFile(Array(Data(contentsOf: URL(fileURLWithPath: cache)))))
        #expect(file.count == 3, "one entry per file: \(file.count)")
    }

    /// The cache is untrusted input: an entry that does not hold together (a range ending before
    /// it starts, an unknown severity) is discarded, said so once, and the file checked again;
    /// and a changed user rule file is a changed configuration.
    @Test func aCorruptedOrOutdatedCacheIsCheckedAgain() throws {
        let folder = try TemporaryFolder()
        try folder.write(".postlint.yml", "rule-files: [rules/*.yml]\n")
        let rule = """
            code: ZZ101
            id: no-foo
            category: text
            severity: error
            summary: No foo.
            rationale: Foo is not a word.
            check: pattern
            engine:
              scope: prose
              pattern: 'foo'
              message: 'no foo here'

            """
        try folder.write("rules/no-foo.yml", rule)
        try folder.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\nfoo bar 正文 。\n")
        let cache = folder.url.appendingPathComponent("postlint-cache")
        let first = try PostlintBinary.run(["check", "--cache", "--cache-location", cache.path, "."], in: folder.url)
        #expect(first.stdout.contains("ZZ101 /no-foo") || first.stdout.contains("[ZZ101/no-foo]"), "\(first.stdout)")
        let original = try #require(CacheFile(Array(Data(contentsOf: cache))))
        for corrupt in ["end before start", "beyond the file", "cut short"] {
            var entries = original.entries()
            for index in entries.indices {
                let path = entries[index].path
                let report = try #require(CacheFile.report(entries[index].report, path: path, size: 1000))
                let changed = report.diagnostics.map { d in
                    Diagnostic(path: d.path, code: d.code, ruleID: d.ruleID, severity: d.severity, message: d.message,
                               range: corrupt == "beyond the file" ? 0..<1_000_000 : d.range, start: d.start,
                               end: corrupt == "end before start" ? SourceLocation(line: d.start.line - 1, column: 1) : d.end, fix: d.fix)
                }
                let encoded = CacheFile.encode(FileReport(path: path, diagnostics: corrupt == "cut short" ? report.diagnostics : changed,
                                                          lines: report.lines, lineStarts: report.lineStarts))
                entries[index].report = corrupt == "cut short" ? encoded.dropLast() : encoded[...]
            }
            try Data(CacheFile.encoded(key: original.key, entries: entries)).write(to: cache)
            let again = try PostlintBinary.run(["check", "--cache", "--cache-location", cache.path, "."], in: folder.url)
            #expect(again.status == first.status && again.stdout == first.stdout, "\(corrupt): \(again.stdout) \(again.stderr)")
            #expect(again.stderr.contains("1 entries of the cache were not valid"), "\(corrupt): \(again.stderr)")
        }
        // A user rule's pattern changed: its old findings are not served from the cache.
        try folder.write("rules/no-foo.yml", rule.replacingOccurrences(of: "pattern: 'foo'", with: "pattern: 'bar'"))
        let changed = try PostlintBinary.run(["check", "--cache", "--cache-location", cache.path, "--verbose", "."], in: folder.url)
        #expect(changed.stderr.contains("1 parsed, 0 from the cache"), "\(changed.stderr)")
        #expect(changed.stdout.contains(":5:5: error [ZZ101/no-foo]"), "\(changed.stdout)")
    }

    /// A user rule is a rule like any other: its escapes match (`\u00A0` is one character, not
    /// the text "00A0"), `fix --rule` takes its code or id, and the SARIF and JUnit rule tables
    /// list it. A rule that promises a fix it cannot make is an error in its file.
    @Test func userRulesAreFixedAndListedLikeBuiltInOnes() throws {
        let folder = try TemporaryFolder()
        try folder.write(".postlint.yml", "rule-files: [rules/*.yml]\n")
        let rule = """
            code: ZZ201
            id: no-nbsp
            category: text
            severity: error
            fix: safe
            summary: No non-breaking space between words.
            rationale: It hides in the source.
            check: pattern
            engine:
              scope: prose
              pattern: '(\\w)\\u00A0(\\w)'
              message: 'a non-breaking space'
              replacement: '$1 $2'

            """
        try folder.write("rules/no-nbsp.yml", rule)
        let post = "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\nfoo\u{A0}bar 正文。\n"
        try folder.write("_posts/2022-03-01-a.md", post)
        let checked = try PostlintBinary.run(["check", "."], in: folder.url)
        #expect(checked.stdout.contains(":5:3: error [ZZ201/no-nbsp] a non-breaking space"), "\(checked.stdout)\(checked.stderr)")
        for format in ["sarif", "junit"] {
            let report = try PostlintBinary.run(["check", "--format", format, "."], in: folder.url)
            #expect(report.stdout.contains(format == "sarif" ? "\"id\": \"ZZ201\"" : "name=\"ZZ201 no-nbsp\""), "\(format): \(report.stdout.prefix(3000))")
        }
        for name in ["ZZ201", "no-nbsp"] {
            let diff = try PostlintBinary.run(["fix", "--rule", name, "--diff", "."], in: folder.url)
            #expect(diff.status == 1 && diff.stdout.contains("+foo bar 正文。"), "\(name): \(diff.stdout)\(diff.stderr)")
        }
        #expect(try PostlintBinary.run(["fix", "--rule", "ZZ202", "."], in: folder.url).status == 2)
        try folder.write("rules/no-nbsp.yml", rule.replacingOccurrences(of: "  replacement: '$1 $2'\n", with: ""))
        let promise = try PostlintBinary.run(["check", "."], in: folder.url)
        #expect(promise.status == 2 && promise.stdout.contains("`fix: safe` needs `engine.replacement`"), "\(promise.stdout)")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("_posts/2022-03-01-a.md"), encoding: .utf8) == post)
    }

    @Test func maxWarningsAndQuiet() throws {
        let path = "samples/broken/_posts/2022-03-08-republished-article.md"
        #expect(try PostlintBinary.run(["check", path], in: Fixtures.packageRoot).status == 0)
        #expect(try PostlintBinary.run(["check", "--max-warnings", "3", path], in: Fixtures.packageRoot).status == 1)
        #expect(try PostlintBinary.run(["check", "--max-warnings", "100", path], in: Fixtures.packageRoot).status == 0)
        let quiet = try PostlintBinary.run(["check", "--quiet", "samples/broken"], in: Fixtures.packageRoot)
        #expect(!quiet.stdout.contains(" warning [") && quiet.stdout.contains(" error ["))
    }

    @Test func codeFramesPutTheCaretUnderTheCharacter() throws {
        let result = try PostlintBinary.run(["check", "samples/broken/_posts/2022-03-08-republished-article.md"], in: Fixtures.packageRoot)
        // The space before “ is the 27th terminal cell: " <p>" is 4 cells, 11 CJK characters are 22.
        #expect(result.stdout.contains(" <p>报告显示，企业全面推行 “数字化运维”，年发电量达到２０２１年的1.5倍。</p>\n  | " + String(repeating: " ", count: 26) + "^\n"), "\(result.stdout)")
    }

    /// A scratch git repository.
    static func repository() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for command in [["git", "init", "-q", "-b", "main"], ["git", "config", "user.email", "test@example.com"], ["git", "config", "user.name", "Test"], ["git", "config", "commit.gpgsign", "false"]] {
            #expect(try tool(command, in: folder.url).status == 0)
        }
        return folder
    }

    @Test func stagedAndChangedSinceCheckOnlyWhatTheySay() throws {
        let repo = try Self.repository()
        try repo.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n")
        try repo.write("_posts/2022-03-02-b.md", "---\ntitle: \"b\"\ndate: 2022-03-02 10:00:00 +0800\n---\n正文。\n")
        _ = try Self.tool(["git", "add", "."], in: repo.url)
        _ = try Self.tool(["git", "commit", "-q", "-m", "start"], in: repo.url)
        // Staged: a broken version; working tree: fixed again. --staged checks what is committed.
        try repo.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00\n---\n正文。\n")
        _ = try Self.tool(["git", "add", "_posts/2022-03-01-a.md"], in: repo.url)
        try repo.write("_posts/2022-03-01-a.md", "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n正文。\n")
        let staged = try PostlintBinary.run(["check", "--staged", "_posts"], in: repo.url)
        #expect(staged.stdout.contains("_posts/2022-03-01-a.md:3:7: info [PL202/date-missing-timezone]"), "\(staged.stdout)\(staged.stderr)")
        #expect(staged.stdout.contains("1 file checked"))
        // Since HEAD, only b changed in the working tree (a is back as it was); c is new.
        try repo.write("_posts/2022-03-02-b.md", "---\ntitle: \"b\"\ndate: 2022-03-02 10:00:00 +0800\n---\n正文 “新”。\n")
        try repo.write("_posts/2022-03-03-c.md", "---\ntitle: \"c\"\ndate: 2022-03-03 10:00:00 +0800\n---\n正文。\n")
        let changed = try PostlintBinary.run(["check", "--changed-since", "HEAD", "_posts"], in: repo.url)
        #expect(changed.stdout.contains("2 files checked: 1 problem"), "\(changed.stdout)\(changed.stderr)")
        #expect(changed.stdout.contains("_posts/2022-03-02-b.md:5:3: warning [PL501"))
        let bad = try PostlintBinary.run(["check", "--changed-since", "no-such-revision", "_posts"], in: repo.url)
        #expect(bad.status == 2 && bad.stderr.contains("git diff failed"))
    }

    @Test func initWritesAStarterConfiguration() throws {
        let folder = try TemporaryFolder()
        let result = try PostlintBinary.run(["init", "--preset", "finews"], in: folder.url)
        #expect(result.status == 0 && result.stdout.contains("- id: postlint"))
        #expect(try String(contentsOf: folder.url.appendingPathComponent(".postlint.yml"), encoding: .utf8).contains("extends: [finews]"))
        #expect(try PostlintBinary.run(["init"], in: folder.url).status == 2, "it does not overwrite without --force")
        try folder.write("_posts/2022-03-01-a.md", "---\nlayout: page\ntitle: \"a\"\ndate: 2022-03-01 10:00:00\n---\n正文。\n")
        let check = try PostlintBinary.run(["check", "_posts"], in: folder.url)
        #expect(check.stdout.contains("[PL110/front-matter-vocabulary]"), "the written configuration is the one used")
    }
}
