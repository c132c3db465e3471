import ArgumentParser
import PostlintEngine
import PostlintRunner

/// What a command reads: files and folders, standard input, and which of the files found.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files or folders (.md, .markdown, .html); - reads standard input. Default: the Jekyll site (or git work tree) that holds the current folder.")
    var paths: [String] = []

    @Flag(help: "Read one post from standard input.")
    var stdin = false

    @Option(help: "The path to report for standard input; also picks its configuration.")
    var stdinFilename: String?

    @Option(parsing: .unconditional, help: "Work on this many files at once (default: one per core). Output is the same for any value.")
    var jobs: Int?

    @Option(help: "Only shard I of N (e.g. 2/4): a stable split of the files by path, for CI matrices.")
    var shard: String?

    @Option(help: "Only files changed since this git revision (and files not yet tracked).")
    var changedSince: String?

    @Flag(help: "Only files staged for commit, read as they are staged.")
    var staged = false

    mutating func validate() throws {
        if staged, let changedSince {
            throw ValidationError("--staged and --changed-since \(changedSince) choose files two ways; give one")
        }
        if let stdinFilename, !readsStandardInput {
            throw ValidationError("--stdin-filename \(stdinFilename) names standard input, which is read only with --stdin or -")
        }
        if paths.isEmpty, !stdin {
            guard let root = Run.siteRootOfWorkingFolder() else {
                throw ValidationError("name a file or folder, or run inside a Jekyll site (a folder with _config.yml) or a git work tree")
            }
            paths = [root]
        }
        if let shard, Selection.shard(shard) == nil {
            throw ValidationError("--shard must be I/N with 1 ≤ I ≤ N, e.g. 2/4, not `\(shard)`")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    var readsStandardInput: Bool { stdin || paths.contains("-") }
    var filePaths: [String] { paths.filter { $0 != "-" } }

    /// The run over these inputs; with `onlyStandardInput`, the files named are not read when
    /// standard input is.
    func run(_ configuration: ConfigurationOptions, rules: RuleSelection = RuleSelection(), onlyStandardInput: Bool = false) -> Run {
        let standardInput = readsStandardInput ? Run.StandardInput(filename: stdinFilename) : nil
        return Run(paths: onlyStandardInput && standardInput != nil ? [] : filePaths, standardInput: standardInput,
                   selection: Selection(shard: shard.flatMap(Selection.shard), changedSince: changedSince, staged: staged),
                   jobs: jobs, configurationFile: configuration.config, rules: rules)
    }
}
