import Foundation
import PostlintEngine
import PostlintRules

/// One run of a command over its inputs: standard input, then the files the paths name (folders
/// walked, the selection applied, each file with its configuration), worked on `jobs` at a time
/// and handed back in input order. `check`, `fix` and `convert` all go through it.
public struct Run: Sendable {
    /// Standard input as a post: the name it is reported under, and the path its
    /// configuration is looked up for.
    public struct StandardInput: Sendable {
        public let name: String
        public let configurationPath: String

        /// `filename` is `--stdin-filename`; without it the post is `<stdin>`, configured as a
        /// file in the working folder.
        public init(filename: String?) {
            name = filename ?? "<stdin>"
            configurationPath = filename ?? "stdin.md"
        }
    }

    /// One post to work on, with its configuration, or why it has none.
    public struct Input: Sendable {
        public let path: String
        public let configuration: Configuration?
        /// Why the post cannot be worked on (no configuration, no such file); nil when it can.
        public let error: String?
        /// Named on the command line (or standard input).
        public let explicit: Bool
        /// Why Jekyll does not process the file, when its path says so.
        public let skipped: String?
        public let isStandardInput: Bool
        /// Where the site places the file, worked out when it was chosen; nil for standard input.
        public let sitePath: SitePath?
        fileprivate let source: Source

        fileprivate enum Source: Sendable {
            case file, staged
            case read(Result<[UInt8], FileReader.Failure>)
        }

        fileprivate init(path: String, configuration: Configuration?, error: String?, explicit: Bool, skipped: String?, isStandardInput: Bool,
                         sitePath: SitePath? = nil, source: Source) {
            self.path = path
            self.sitePath = sitePath
            self.configuration = configuration
            self.error = error
            self.explicit = explicit
            self.skipped = skipped
            self.isStandardInput = isStandardInput
            self.source = source
        }

        /// A file the walk found or the command line named.
        init(_ target: FileCollector.Target, staged: Bool) {
            self.init(path: target.path, configuration: target.configuration, error: target.error, explicit: target.explicit,
                      skipped: target.skipped, isStandardInput: false, sitePath: target.sitePath, source: staged ? .staged : .file)
        }

        /// Whether the post is the file at `path` as it is on disk (not staged, not standard input).
        public var isFile: Bool {
            if case .file = source { return true }
            return false
        }

        /// The post's bytes: the file's, as staged with `--staged`, or what standard input held.
        public func read() throws(FileReader.Failure) -> [UInt8] {
            switch source {
            case .file: return try FileReader.read(path)
            case .staged:
                do { return try GitFiles.stagedContent(path) } catch { throw FileReader.Failure(message: "\(error)") }
            case .read(let result): return try result.get()
            }
        }
    }

    public let paths: [String]
    public let standardInput: StandardInput?
    public let selection: Selection
    public let loader: ConfigurationLoader
    private let jobs: Int?

    /// `paths` are files and folders (`-` is not one: pass `standardInput`); `jobs` defaults to
    /// one per core; `configurationFile` replaces the search for `.postlint.yml`.
    /// `rules` is `--select` and `--ignore`.
    public init(paths: [String], standardInput: StandardInput? = nil, selection: Selection = Selection(), jobs: Int? = nil, configurationFile: String? = nil,
                rules: RuleSelection = RuleSelection()) {
        self.paths = paths
        self.standardInput = standardInput
        self.selection = selection
        self.jobs = jobs
        loader = ConfigurationLoader(explicitPath: configurationFile, selection: rules)
    }

    /// How many workers run at once.
    public var workers: Int { max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount) }

    /// Why a run cannot start: git could not say which files are changed or staged.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `work` over every input, standard input first, and hands each result to `deliver`
    /// in input order, as soon as every earlier one is delivered, whatever the number of jobs.
    /// Only the walk is serial; configurations resolve on the workers.
    public func each<Result>(_ work: @escaping @Sendable (Input) -> Result, deliver: @escaping (Result) -> Void) throws(Failure) {
        if let standardInput { deliver(work(read(standardInput))) }
        let collector = FileCollector(loader: loader)
        let candidates: any Sequence<FileCollector.Candidate>
        do { candidates = try selection.filter(collector.candidates(paths)) } catch { throw Failure(description: "\(error)") }
        let collectors = FileCollector.perWorker(collector, workers)
        let staged = selection.staged
        // Results cross the work queue as `Any`: the queue is then of one type, compiled for it
        // in this module. Generic over a caller's result from another module, it looked up the
        // types built on that result (`Result?`, `[Result]`) in the runtime's shared tables
        // about twenty times a post.
        OrderedWork(candidates) { (result: Any?) in
            if let result { deliver(result as! Result) }
        }.run(workers: workers) { worker, candidate in
            collectors[worker].resolve(candidate).map { work(Input($0, staged: staged)) as Any }
        }
    }

    /// The rules reports list in their rule tables: the built-in ones and the user rules of the
    /// configuration of every path (and of standard input's). A configuration that does not
    /// load adds nothing; its error is returned, and each of its files reports it too.
    public func catalogue() -> (catalogue: RuleCatalogue, errors: [ConfigurationError]) {
        var errors: [ConfigurationError] = []
        var catalogue = RuleCatalogue.builtIn
        let folders = paths.map { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
        } + (standardInput.map { [($0.configurationPath as NSString).deletingLastPathComponent] } ?? [])
        for folder in Set(folders.map { $0.isEmpty ? "." : $0 }) {
            do {
                catalogue = catalogue.merging(try loader.configuration(forFolder: folder).catalogue)
            } catch {
                errors.append(error)
            }
        }
        return (catalogue, errors)
    }

    /// The root of the site that holds the working folder, relative to it (`.`, `..`, …): what
    /// a command works on when given no paths. Nil outside a site.
    public static func siteRootOfWorkingFolder() -> String? {
        let here = ConfigurationLoader.absolute(".")
        let found: Site?
        // A site whose _config.yml cannot be read is still the site: each file reports why.
        do { found = try SiteLocator().site(forFolder: here) } catch { return "." }
        guard let site = found else { return nil }
        let depth = (site.relative(here) ?? "").split(separator: "/").count
        return depth == 0 ? "." : Array(repeating: "..", count: depth).joined(separator: "/")
    }

    /// The progress line for the run, which counts its files in the background.
    public func progress() -> ProgressLine {
        let paths = self.paths, selection = self.selection, loader = self.loader
        return ProgressLine {
            let collector = FileCollector(loader: loader)
            return (try? selection.filter(collector.candidates(paths)))?.lazy.compactMap(collector.resolve).reduce(0) { n, _ in n + 1 } ?? 0
        }
    }

    private func read(_ standardInput: StandardInput) -> Input {
        let bytes = Swift.Result { () throws(FileReader.Failure) in try FileReader.readStandardInput() }
        do {
            let configuration = try loader.configuration(forFile: standardInput.configurationPath)
            return Input(path: standardInput.name, configuration: configuration, error: nil, explicit: true, skipped: nil, isStandardInput: true, source: .read(bytes))
        } catch {
            return Input(path: standardInput.name, configuration: nil, error: "configuration error: \(error)", explicit: true, skipped: nil, isStandardInput: true, source: .read(bytes))
        }
    }
}
